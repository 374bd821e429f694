import { execFileSync } from 'node:child_process';
import { pullSecretCommand, PullSecret, sealPullSecretCommand, shellQuote } from '../../src/secrets';

describe('pullSecretCommand', () => {
  test('the seed documentation command, with placeholders for user, token and email', () => {
    expect(pullSecretCommand(PullSecret.existing('readonly-red-rock-slushy'), { containerNamespace: 'default' })).toBe(
      'kubectl create secret docker-registry readonly-red-rock-slushy -n default --docker-server=https://index.docker.io/v1/ ' +
        "--docker-username='<user>' --docker-password='<read-only token>' --docker-email='<email>'",
    );
  });

  test('has the shape of the seed command', () => {
    const command = pullSecretCommand(PullSecret.existing('readonly-red-rock-slushy'), { containerNamespace: 'default' });
    // seed: kubectl create secret docker-registry $SECRET_NAME -n default --docker-server="https://index.docker.io/v1/"
    //       --docker-username=$USER_NAME --docker-password=$USER_TOKEN --docker-email=$USER_EMAIL
    expect(command).toMatch(
      /^kubectl create secret docker-registry \S+ -n \S+ --docker-server=\S+ --docker-username=\S+ --docker-password='[^']+' --docker-email=\S+$/,
    );
  });

  test('uses the server of each source and the namespace of the environment', () => {
    const ns = { containerNamespace: 'jobs' };
    expect(pullSecretCommand(PullSecret.existing('a', { server: 'ghcr.io' }), ns)).toContain(' -n jobs --docker-server=ghcr.io ');
    const external = PullSecret.externalSecret('b', { store: { name: 's' }, server: 'registry.example.com:5000', remoteKey: 'k' });
    expect(pullSecretCommand(external, ns)).toContain('--docker-server=registry.example.com:5000 ');
    const sealed = PullSecret.sealedSecret('c', { encryptedDockerConfigJson: {} });
    expect(pullSecretCommand(sealed, ns)).toContain('--docker-server=https://index.docker.io/v1/ ');
  });

  test('quotes for a POSIX shell: the shell reads back exactly the words meant', () => {
    const words = ['plain', '<user>', "it's", 'a b', '$HOME', '`x`', '"q"', '', 'semi;colon', 'back\\slash'];
    const echoed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
    expect(echoed).toBe(words.map((w) => `${w}\n`).join(''));
  });

  test('the placeholders reach kubectl as arguments, not as redirections', () => {
    const command = pullSecretCommand(PullSecret.existing('s'), { containerNamespace: 'default' });
    const args = execFileSync('/bin/sh', ['-c', `set -- ${command.replace(/^kubectl /, '')}; printf '%s\\n' "$@"`], {
      encoding: 'utf8',
    });
    expect(args.trim().split('\n')).toEqual([
      'create',
      'secret',
      'docker-registry',
      's',
      '-n',
      'default',
      '--docker-server=https://index.docker.io/v1/',
      '--docker-username=<user>',
      '--docker-password=<read-only token>',
      '--docker-email=<email>',
    ]);
  });

  test('sealPullSecretCommand: dry-run secret through kubeseal (strict scope) for that cluster', () => {
    const command = sealPullSecretCommand(PullSecret.sealedSecret('s', { encryptedDockerConfigJson: {} }), {
      name: 'legacy',
      containerNamespace: 'default',
    });
    expect(command).toBe(
      'kubectl create secret docker-registry s -n default --docker-server=https://index.docker.io/v1/ ' +
        "--docker-username='<user>' --docker-password='<read-only token>' --docker-email='<email>' --dry-run=client -o json" +
        " | kubeseal --context '<kube context of legacy>' --scope strict -o json" +
        ` | jq -r '.spec.encryptedData[".dockerconfigjson"]'`,
    );
  });
});
