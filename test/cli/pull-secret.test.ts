import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempSite, runCli, type TempSite } from '../helpers/temp-site';

const SITE = `import { defineSite, PullSecret } from './src';
export default defineSite({
  environments: [{ name: 'prod', containerNamespace: 'jobs' }, { name: 'test', containerNamespace: 'scratch' }],
  pullSecrets: [PullSecret.existing('regcred', { server: 'ghcr.io' })],
});
`;

const kubectlPresent = spawnSync('/bin/sh', ['-c', 'command -v kubectl']).status === 0;

describe('nnf-profiles pull-secret for a secret made out of band', () => {
  let site: TempSite;
  beforeEach(() => {
    site = makeTempSite({ 'site.ts': SITE });
  });
  afterEach(() => site.remove());

  test('prints shell lines that read the token from a file, and how to use them on standard error', () => {
    const run = runCli(['pull-secret', 'regcred', '--env', 'test'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'token_file=regcred.token\n' +
        "registry_user='<user>'\n" +
        `if [ -s "$token_file" ]; then { printf '{"auths":{%s:{"auth":"' '"ghcr.io"'; { printf '%s:' "$registry_user"; ` +
        `tr -d '\\r\\n'; } | base64 | tr -d '\\n'; printf '"}}}'; } < "$token_file" | kubectl create secret generic regcred -n scratch ` +
        '--type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/stdin; else echo "no token in $token_file" >&2; false; fi\n',
    );
    expect(run.stderr).toBe(
      "To create pull secret 'regcred' in namespace 'scratch' (environment test) of the cluster\n" +
        "kubectl points at, put the registry's read-only token alone in a file only you can read, e.g.\n" +
        '  (umask 077; cat > regcred.token)     then paste the token and press Ctrl-D\n' +
        'then set registry_user (and token_file, if the token is elsewhere) in the lines below and paste\n' +
        'them into a POSIX shell (sh, bash, zsh). The token goes from the file through pipes only, never\n' +
        'as an argument of a command, so it stays out of shell history and the process list (ps).\n' +
        'Delete the file once the secret exists.\n',
    );
  });

  (kubectlPresent ? test : test.skip)(
    'prints lines that make the secret (kubectl dry run) from the token file in the current directory',
    () => {
      // GIVEN the printed lines, with the user set, and a token file where they say
      const printed = runCli(['pull-secret', 'regcred'], site.root).stdout.replace("registry_user='<user>'", 'registry_user=robot');
      const token = ['not', 'a', 'real', 'token'].join('-');
      fs.writeFileSync(path.join(site.root, 'regcred.token'), `${token}\n`, { mode: 0o600 });
      // WHEN they run, kubectl told not to reach a cluster
      const run = spawnSync('/bin/sh', ['-c', printed.replace('/dev/stdin', '/dev/stdin --dry-run=client -o json')], {
        cwd: site.root,
        encoding: 'utf8',
      });
      // THEN the secret is the dockerconfigjson one for that registry, and the lines never held the token
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const secret = JSON.parse(run.stdout);
      expect(secret).toMatchObject({ type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'regcred', namespace: 'jobs' } });
      expect(JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString('utf8'))).toEqual({
        auths: { 'ghcr.io': { auth: Buffer.from(`robot:${token}`).toString('base64') } },
      });
      expect(printed).not.toContain(token);
    },
  );
});
