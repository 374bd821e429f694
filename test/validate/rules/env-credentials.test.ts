import { envCredentialRules, isBase64UserPassword, type ProfileObject, type RuleContext } from '../../../src/validate/rules';

const NEW: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };
const OLD: RuleContext = { version: 'v1alpha6', era: 'PodSpec', profileNamespace: 'nnf-system' };

type Env = Array<Record<string, unknown>>;

const single = (env: Env): ProfileObject => ({
  metadata: { name: 'p', namespace: 'nnf-system' },
  data: { spec: { containers: [{ name: 'app', image: 'a:1', env }] } },
});

// Credential-like values are built at run time, never written out whole.
const literal = ['not', 'a', 'real', 'one', String(4 * 1000 + 2)].join('-');
const basicAuth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

describe('secrets/env-credential', () => {
  test.each([
    'PASSWORD',
    'db_password',
    'MYSQL_PASSWD',
    'CLIENT_SECRET',
    'GITHUB_TOKEN',
    'ssh_private_key',
    'APIKEY',
    'X_API_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'AZURE_CREDENTIALS',
  ])('fails when %s has a literal value, pointing to secretKeyRef without repeating the value', (name) => {
    const findings = envCredentialRules(
      single([
        { name: 'HOME', value: '/home/app' },
        { name, value: literal },
      ]),
      NEW,
    );
    expect(findings).toEqual([
      {
        layer: 'policy',
        rule: 'secrets/env-credential',
        path: 'data.spec.containers[0].env[1].value',
        message:
          `env var '${name}' has a literal value, and its name says it holds a credential: everyone who can read this repository or the ` +
          "profiles in the cluster can read it; take it from a Secret instead: valueFrom: { secretKeyRef: { name: '<secret>', key: '<key>' } }, " +
          "naming a Secret in the container namespace that an administrator creates out of band or External Secrets builds from the site's secret store",
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain(literal);
  });

  test('fails when any env value is a base64-encoded user:password, padded or not', () => {
    const padded = basicAuth('dean', ['pw', 'x'].join(''));
    const unpadded = basicAuth('dean', 'hunt' + 'er22').replace(/=+$/, '');
    const findings = envCredentialRules(
      single([
        { name: 'REGISTRY_AUTH', value: padded },
        { name: 'EXTRA', value: unpadded },
      ]),
      NEW,
    );
    expect(findings.map((f) => [f.path, f.message.split(':')[0]])).toEqual([
      ['data.spec.containers[0].env[0].value', "the value of env var 'REGISTRY_AUTH' is a base64-encoded user"],
      ['data.spec.containers[0].env[1].value', "the value of env var 'EXTRA' is a base64-encoded user"],
    ]);
    expect(findings[0].message).toContain('valueFrom: { secretKeyRef:');
    expect(JSON.stringify(findings)).not.toContain(padded);
  });

  test('accepts credentials taken from a Secret, empty values, $(VAR) references and ordinary variables', () => {
    const env: Env = [
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'API_TOKEN', value: '' },
      { name: 'TOKEN_DIR', value: '$(DW_JOB_scratch)/tokens' },
      { name: 'SECRET', value: '$(NNF_CONTAINER_PORTS)' },
      { name: 'PATH', value: '/usr/bin:/bin' },
      { name: 'MONKEY', value: 'banana' },
      { name: 'GREETING', value: Buffer.from('hello world').toString('base64') },
      { name: 'MODE', value: 'fast' },
    ];
    expect(envCredentialRules(single(env), NEW)).toEqual([]);
  });

  test('checks every container and init container of every pod, in both eras, at the rendered path', () => {
    const bad = (name: string) => ({ name, image: 'a:1', env: [{ name: 'PASSWORD', value: literal }] });
    const pod = { containers: [bad('a'), { name: 'b', image: 'a:1' }], initContainers: [bad('i')] };
    const nnf: ProfileObject = { metadata: { name: 'p' }, data: { mpiSpec: { launcher: pod, worker: { containers: [bad('w')] } } } };
    expect(envCredentialRules(nnf, NEW).map((f) => f.path)).toEqual([
      'data.mpiSpec.launcher.containers[0].env[0].value',
      'data.mpiSpec.launcher.initContainers[0].env[0].value',
      'data.mpiSpec.worker.containers[0].env[0].value',
    ]);
    const replica = (spec: unknown) => ({ template: { spec } });
    const podSpec: ProfileObject = {
      metadata: { name: 'p' },
      data: { mpiSpec: { mpiReplicaSpecs: { Launcher: replica(pod), Worker: replica({ containers: [bad('w')] }) } } },
    };
    expect(envCredentialRules(podSpec, OLD).map((f) => f.path)).toEqual([
      'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0].env[0].value',
      'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.initContainers[0].env[0].value',
      'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.containers[0].env[0].value',
    ]);
    const singleWithInit: ProfileObject = {
      metadata: { name: 'p' },
      data: { spec: { containers: [bad('a')], initContainers: [bad('i')] } },
    };
    expect(envCredentialRules(singleWithInit, OLD).map((f) => f.path)).toEqual([
      'data.spec.containers[0].env[0].value',
      'data.spec.initContainers[0].env[0].value',
    ]);
  });
});

describe('isBase64UserPassword', () => {
  test('is true for the base64 of user:password only', () => {
    expect(isBase64UserPassword(basicAuth('u', 'p'))).toBe(true);
    expect(isBase64UserPassword(basicAuth('robot$ci', 'x'.repeat(40)))).toBe(true);
    for (const value of [
      'abcd1234',
      'ZmFzdA==',
      Buffer.from('no colon here').toString('base64'),
      Buffer.from('a: b').toString('base64'),
      'not base64!',
      '',
    ]) {
      expect(isBase64UserPassword(value)).toBe(false);
    }
  });
});
