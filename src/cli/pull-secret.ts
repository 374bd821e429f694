import { pullSecretCommand } from '../secrets/command';
import type { PullSecret } from '../secrets/pull-secret';
import type { Site } from '../site';
import { bundleProject } from '../synth/bundle';
import { type Command, EXIT_FAILED, EXIT_OK, parseOptions, UsageError } from './command';
import { requireProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles pull-secret NAME [--env NAME]

For a pull secret site.ts declares with PullSecret.existing(), prints the
'kubectl create secret docker-registry' command an administrator runs against
the cluster, with placeholders for the user name, the read-only token and the
email. The token never goes into this repository. Secrets provisioned by
External Secrets or Sealed Secrets need no command; this says so.

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
  summary: 'print the kubectl command that creates a pull secret made out of band',
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
    console.log(pullSecretCommand(secret, environment));
    return EXIT_OK;
  },
};
