import { defaultTokenFile, pullSecretScript, shellQuote } from '../secrets/command';
import type { PullSecret } from '../secrets/pull-secret';
import type { Site } from '../site';
import { bundleProject } from '../synth/bundle';
import { type Command, EXIT_FAILED, EXIT_OK, parseOptions, UsageError } from './command';
import { requireProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles pull-secret NAME [--env NAME]

For a pull secret site.ts declares with PullSecret.existing(), prints the
shell lines an administrator runs against the cluster to create it: a
kubernetes.io/dockerconfigjson secret in the environment's container
namespace, built from the registry user and a file holding the read-only
token (NAME.token unless you say otherwise). The token is read from that file through pipes only - never an argument
of a command - so it stays out of shell history and the process list (ps), as
it would not with 'kubectl create secret docker-registry --docker-password=...'.
The lines go to standard output and how to use them to standard error. The
token never goes into this repository. Secrets provisioned by External Secrets
or Sealed Secrets need no command; this says so.

Options:
  --env NAME   the environment whose container namespace to use (default: the first)
  -h, --help   show this help

Example:
  nnf-profiles pull-secret readonly-red-rock-slushy --env production`;

const HOW_PROVISIONED: Record<Exclude<PullSecret['source']['kind'], 'existing'>, string> = {
  externalSecret: 'an ExternalSecret in dist/ builds it from the secret store named in site.ts',
  sealedSecret: 'a SealedSecret in dist/ carries it, sealed for each cluster',
};

export const pullSecretCliCommand: Command = {
  name: 'pull-secret',
  summary: 'print the commands that create a pull secret made out of band',
  help: HELP,
  run(args) {
    const { values, positionals } = parseOptions(args, { env: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('name exactly one pull secret');
    const root = requireProjectRoot(process.cwd());
    const loaded = bundleProject(root);
    if (!loaded.ok) {
      for (const error of loaded.errors) console.error(error);
      return EXIT_FAILED;
    }
    const site = loaded.bundle.loadSite().default as Site;
    const [name] = positionals;
    const secret = site.pullSecrets.find((s) => s.name === name);
    if (!secret) {
      const known = site.pullSecrets.map((s) => s.name).join(', ') || 'none';
      throw new UsageError(`site.ts declares no pull secret '${name}' (declared: ${known})`);
    }
    const environment = values.env ? site.environments.find((e) => e.name === values.env) : site.environments[0];
    if (!environment) throw new UsageError(`--env ${values.env}: no such environment in site.ts`);
    if (secret.source.kind !== 'existing') {
      console.log(`'${name}' needs no command: ${HOW_PROVISIONED[secret.source.kind]}.`);
      return EXIT_OK;
    }
    console.error(
      [
        `To create pull secret '${name}' in namespace '${environment.containerNamespace}' (environment ${environment.name}) of the cluster`,
        "kubectl points at, put the registry's read-only token alone in a file only you can read, e.g.",
        `  (umask 077; cat > ${shellQuote(defaultTokenFile(secret))})     then paste the token and press Ctrl-D`,
        'then set registry_user (and token_file, if the token is elsewhere) in the lines below and paste',
        'them into a POSIX shell (sh, bash, zsh). The token goes from the file through pipes only, never',
        'as an argument of a command, so it stays out of shell history and the process list (ps).',
        'Delete the file once the secret exists.',
      ].join('\n'),
    );
    console.log(pullSecretScript(secret, environment));
    return EXIT_OK;
  },
};
