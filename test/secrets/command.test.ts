import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pullSecretCommand, pullSecretScript, PullSecret, sealPullSecretCommand, shellQuote } from '../../src/secrets';

const CONFIG = `{ printf '{"auths":{%s:{"auth":"' '"https://index.docker.io/v1/"'; { printf '%s:' '<user>'; tr -d '\\r\\n'; } | base64 | tr -d '\\n'; printf '"}}}'; }`;

/** Shells to run the printed lines in: the POSIX ones present here. */
const SHELLS = ['/bin/sh', '/bin/bash', '/bin/zsh'].filter((shell) => fs.existsSync(shell));

describe('pullSecretCommand', () => {
  test('builds the docker config from the user and a token file, and pipes it into kubectl', () => {
    expect(pullSecretCommand(PullSecret.existing('readonly-red-rock-slushy'), { containerNamespace: 'default' })).toBe(
      `${CONFIG} < '<token file>' | kubectl create secret generic readonly-red-rock-slushy -n default ` +
        '--type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/stdin',
    );
  });

  test('has no option that takes the token, and no placeholder for one', () => {
    const command = pullSecretCommand(PullSecret.existing('s'), { containerNamespace: 'default' });
    expect(command).not.toMatch(/password|--docker-|token>|\$\(/i);
  });

  test('uses the server of each source, JSON-quoted, and the namespace of the environment', () => {
    const ns = { containerNamespace: 'jobs' };
    expect(pullSecretCommand(PullSecret.existing('a', { server: 'ghcr.io' }), ns)).toContain(`'"ghcr.io"'`);
    expect(pullSecretCommand(PullSecret.existing('a', { server: 'ghcr.io' }), ns)).toContain(' -n jobs ');
    const external = PullSecret.externalSecret('b', { store: { name: 's' }, server: 'registry.example.com:5000', remoteKey: 'k' });
    expect(pullSecretCommand(external, ns)).toContain(`'"registry.example.com:5000"'`);
    const sealed = PullSecret.sealedSecret('c', { encryptedDockerConfigJson: {} });
    expect(pullSecretCommand(sealed, ns)).toContain(`'"https://index.docker.io/v1/"'`);
  });

  test('quotes for a POSIX shell: the shell reads back exactly the words meant', () => {
    const words = ['plain', '<user>', "it's", 'a b', '$HOME', '`x`', '"q"', '', 'semi;colon', 'back\\slash'];
    const echoed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
    expect(echoed).toBe(words.map((w) => `${w}\n`).join(''));
  });

  test('sealPullSecretCommand: dry-run secret through kubeseal (strict scope) for that cluster', () => {
    const command = sealPullSecretCommand(PullSecret.sealedSecret('s', { encryptedDockerConfigJson: {} }), {
      name: 'legacy',
      containerNamespace: 'default',
    });
    expect(command).toBe(
      `${CONFIG} < '<token file>' | kubectl create secret generic s -n default --type=kubernetes.io/dockerconfigjson ` +
        '--from-file=.dockerconfigjson=/dev/stdin --dry-run=client -o json' +
        " | kubeseal --context '<kube context of legacy>' --scope strict -o json" +
        ` | jq -r '.spec.encryptedData[".dockerconfigjson"]'`,
    );
  });
});

/**
 * GIVEN a directory of stand-ins for the programs the lines run, each logging its arguments and
 * then running the real one (kubectl with a client-side dry run, so nothing reaches a cluster)
 */
function stagedBin(dir: string, log: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const program of ['kubectl', 'base64', 'tr', 'printf']) {
    const real = spawnSync('/bin/sh', ['-c', `command -v /usr/bin/${program} || command -v /bin/${program}`], {
      encoding: 'utf8',
    }).stdout.trim();
    if (real === '') continue;
    const extra = program === 'kubectl' ? ' --dry-run=client -o json' : '';
    fs.writeFileSync(
      path.join(bin, program),
      `#!/bin/sh\nprintf '%s\\n' "${program} $*" >> ${shellQuote(log)}\nexec ${real} "$@"${extra}\n`,
      {
        mode: 0o755,
      },
    );
  }
  return bin;
}

const kubectlPresent = spawnSync('/bin/sh', ['-c', 'command -v kubectl']).status === 0;

describe('pullSecretScript, run', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-pull-secret-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Not a real token: assembled at run time, with characters JSON would have to escape.
  const token = ['not', 'a', 'real', 'token', 'Q"\\w7'].join('-');
  const script = () =>
    pullSecretScript(PullSecret.existing('regcred', { server: 'registry.example.com:5000' }), { containerNamespace: 'jobs' }).replace(
      "registry_user='<user>'",
      'registry_user=robot',
    );

  (kubectlPresent ? test.each(SHELLS) : test.skip.each(SHELLS))(
    'in %s makes the dockerconfigjson secret, and the token is an argument of no program',
    (shell) => {
      const log = path.join(dir, 'argv.log');
      const bin = stagedBin(dir, log);
      fs.writeFileSync(path.join(dir, 'regcred.token'), `${token}\n`, { mode: 0o600 });
      const run = spawnSync(shell, ['-c', script()], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const created = JSON.parse(run.stdout);
      expect(created).toMatchObject({
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        metadata: { name: 'regcred', namespace: 'jobs' },
      });
      const config = JSON.parse(Buffer.from(created.data['.dockerconfigjson'], 'base64').toString('utf8'));
      expect(config).toEqual({ auths: { 'registry.example.com:5000': { auth: Buffer.from(`robot:${token}`).toString('base64') } } });
      // THEN the programs saw the token only on their input
      const argv = fs.readFileSync(log, 'utf8');
      expect(argv).toContain('kubectl create secret generic regcred -n jobs');
      expect(argv).toMatch(/^base64 $/m);
      expect(argv).toMatch(/^tr -d /m);
      expect(argv).not.toContain(token.slice(0, 12));
      expect(argv).not.toContain(Buffer.from(`robot:${token}`).toString('base64').slice(0, 16));
    },
  );

  test.each([
    ['missing', undefined],
    ['empty', ''],
  ])('fails when the token file is %s, saying so, and runs no kubectl', (_what, content) => {
    const log = path.join(dir, 'argv.log');
    const bin = stagedBin(dir, log);
    if (content !== undefined) fs.writeFileSync(path.join(dir, 'regcred.token'), content);
    const run = spawnSync('/bin/sh', ['-c', script()], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(run).toMatchObject({ status: 1, stdout: '', stderr: 'no token in regcred.token\n' });
    expect(fs.existsSync(log)).toBe(false);
  });
});
