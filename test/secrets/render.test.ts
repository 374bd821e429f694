import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { dockerConfigJsonTemplate, PullSecret, renderPullSecret } from '../../src/secrets';

const production = { name: 'production', containerNamespace: 'default' };
const legacy = { name: 'legacy', containerNamespace: 'jobs' };

/** Ciphertext shaped like kubeseal's: base64 of binary that starts 0x02 0x00, built at runtime. */
function fakeCiphertext(seed: number): string {
  const bytes = Buffer.alloc(600);
  let x = seed;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  bytes[0] = 0x02;
  bytes[1] = 0x00;
  return bytes.toString('base64');
}

interface ValidationResult {
  kind: string;
  name: string;
  valid: boolean;
  errors: string[];
}

function validate(objects: unknown[]): ValidationResult[] {
  const script = path.join(__dirname, 'validate-secrets.mjs');
  const run = spawnSync(process.execPath, [script], {
    input: JSON.stringify(objects),
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`validate-secrets.mjs failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ValidationResult[];
}

const external = PullSecret.externalSecret('readonly-red-rock-slushy', {
  store: { kind: 'ClusterSecretStore', name: 'site-secrets' },
  server: 'https://index.docker.io/v1/',
  remoteKey: 'nnf/registries/readonly-red-rock-slushy',
});

const expectedExternalSecret = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'readonly-red-rock-slushy', namespace: 'default' },
  spec: {
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'site-secrets' },
    refreshInterval: '1h',
    target: {
      name: 'readonly-red-rock-slushy',
      creationPolicy: 'Owner',
      deletionPolicy: 'Retain',
      template: {
        type: 'kubernetes.io/dockerconfigjson',
        engineVersion: 'v2',
        mergePolicy: 'Replace',
        data: {
          '.dockerconfigjson':
            '{{ dict "auths" (dict "https://index.docker.io/v1/" (dict "username" .username "password" .password ' +
            '"auth" (printf "%s:%s" .username .password | b64enc))) | toJson }}',
        },
      },
    },
    data: [
      ['username', 'username'],
      ['password', 'token'],
    ].map(([secretKey, property]) => ({
      secretKey,
      remoteRef: {
        key: 'nnf/registries/readonly-red-rock-slushy',
        property,
        conversionStrategy: 'Default',
        decodingStrategy: 'None',
        metadataPolicy: 'None',
      },
    })),
  },
};

describe('renderPullSecret', () => {
  test('existing: nothing to render', () => {
    expect(renderPullSecret(PullSecret.existing('made-by-hand'), production)).toEqual({ problems: [] });
  });

  test('externalSecret: the exact ExternalSecret, every server-defaulted field written out', () => {
    expect(renderPullSecret(external, production)).toEqual({ problems: [], object: expectedExternalSecret });
  });

  test('externalSecret: store kind, properties, refresh interval, namespace and nullBytePolicy as set', () => {
    const secret = PullSecret.externalSecret('ghcr-pull', {
      store: { kind: 'SecretStore', name: 'vault' },
      server: 'ghcr.io',
      remoteKey: 'registries/ghcr',
      properties: { username: 'user', password: 'pat' },
      refreshInterval: '15m',
      nullBytePolicy: 'Ignore',
    });
    const { object, problems } = renderPullSecret(secret, legacy);
    expect(problems).toEqual([]);
    const spec = (object as { spec: Record<string, any> }).spec;
    expect((object as { metadata: unknown }).metadata).toEqual({ name: 'ghcr-pull', namespace: 'jobs' });
    expect(spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'vault' });
    expect(spec.refreshInterval).toBe('15m');
    expect(spec.data.map((d: any) => [d.secretKey, d.remoteRef.property, d.remoteRef.nullBytePolicy])).toEqual([
      ['username', 'user', 'Ignore'],
      ['password', 'pat', 'Ignore'],
    ]);
  });

  test('externalSecret: no email is fetched or templated unless properties.email names one', () => {
    const spec = (renderPullSecret(external, production).object as { spec: any }).spec;
    expect(spec.data.map((d: any) => d.secretKey)).toEqual(['username', 'password']);
    expect(spec.target.template.data['.dockerconfigjson']).not.toContain('email');
  });

  test('externalSecret: properties.email fetches the email and puts it into the .dockerconfigjson', () => {
    const secret = PullSecret.externalSecret('with-email', {
      store: { name: 'site-secrets' },
      server: 'https://index.docker.io/v1/',
      remoteKey: 'registries/hub',
      properties: { email: 'mail' },
    });
    const { object, problems } = renderPullSecret(secret, production);
    expect(problems).toEqual([]);
    const spec = (object as { spec: any }).spec;
    expect(spec.data).toEqual(
      [
        ['username', 'username'],
        ['password', 'token'],
        ['email', 'mail'],
      ].map(([secretKey, property]) => ({
        secretKey,
        remoteRef: { key: 'registries/hub', property, conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' },
      })),
    );
    expect(spec.target.template.data['.dockerconfigjson']).toBe(
      '{{ dict "auths" (dict "https://index.docker.io/v1/" (dict "username" .username "password" .password ' +
        '"email" .email "auth" (printf "%s:%s" .username .password | b64enc))) | toJson }}',
    );
  });

  test('externalSecret: fails when properties.email is empty', () => {
    const secret = PullSecret.externalSecret('s', {
      store: { name: 'site-secrets' },
      server: 'ghcr.io',
      remoteKey: 'k',
      properties: { email: '' },
    });
    expect(renderPullSecret(secret, production)).toEqual({
      problems: ["pull secret 's' (ExternalSecret): properties.email must name a property of 'k'"],
    });
  });

  test('externalSecret: store kind defaults to ClusterSecretStore', () => {
    const secret = PullSecret.externalSecret('s', { store: { name: 'site-secrets' }, server: 'ghcr.io', remoteKey: 'k' });
    const spec = (renderPullSecret(secret, production).object as { spec: any }).spec;
    expect(spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'site-secrets' });
  });

  test('externalSecret: wrong settings are problems, not objects', () => {
    const secret = PullSecret.externalSecret('s', {
      store: { name: 'Not_A_Store' },
      server: '',
      remoteKey: '',
      refreshInterval: 'hourly',
    });
    const { object, problems } = renderPullSecret(secret, production);
    expect(object).toBeUndefined();
    expect(problems).toEqual([
      expect.stringContaining("store.name 'Not_A_Store'"),
      expect.stringContaining('server must name the registry'),
      expect.stringContaining('remoteKey must name the key'),
      expect.stringContaining("refreshInterval 'hourly'"),
    ]);
  });

  test.each([
    ['without', false, ['username', 'password', 'auth'], { server: 'https://index.docker.io/v1/' }],
    ['with', true, ['username', 'password', 'email', 'auth'], { server: 'https://index.docker.io/v1/', properties: { email: 'email' } }],
  ] as const)(
    'the .dockerconfigjson template %s email builds {"auths":{server:{…}}} from every fetched value',
    (_with, withEmail, fields, props) => {
      const template = dockerConfigJsonTemplate(props.server, withEmail);
      expect(template.startsWith('{{ ')).toBe(true);
      expect(template.endsWith(' | toJson }}')).toBe(true);
      expect(template).toContain('dict "auths" (dict "https://index.docker.io/v1/" (dict ');
      expect([...template.matchAll(/"(\w+)" [.(]/g)].map((m) => m[1])).toEqual(['auths', ...fields]);
      // each remoteRef's secretKey is read by the template, and the template reads no other
      const secret = PullSecret.externalSecret('t', { store: { name: 'site-secrets' }, remoteKey: 'k', ...props });
      const rendered = (renderPullSecret(secret, production).object as { spec: any }).spec;
      expect(rendered.target.template.data['.dockerconfigjson']).toBe(template);
      const data = rendered.data as { secretKey: string }[];
      expect(data.map((d) => d.secretKey)).toEqual(fields.filter((f) => f !== 'auth'));
      expect([...new Set([...template.matchAll(/ \.(\w+)/g)].map((m) => m[1]))]).toEqual(data.map((d) => d.secretKey));
      // auth is base64 of user:token
      expect(template).toContain('(printf "%s:%s" .username .password | b64enc)');
      // braces and parentheses balance
      expect(template.split('{{').length).toBe(template.split('}}').length);
      expect(template.split('(').length).toBe(template.split(')').length);
    },
  );

  test('the server is a quoted Go string literal, whatever it holds', () => {
    expect(dockerConfigJsonTemplate('registry.example.com:5000')).toContain('(dict "registry.example.com:5000" (dict ');
    expect(dockerConfigJsonTemplate('odd"name')).toContain('(dict "odd\\"name" (dict ');
  });

  const sealed = PullSecret.sealedSecret('readonly-red-rock-slushy', {
    encryptedDockerConfigJson: { production: fakeCiphertext(1), legacy: fakeCiphertext(2) },
  });

  test("sealedSecret: the exact SealedSecret with this environment's ciphertext", () => {
    expect(renderPullSecret(sealed, legacy)).toEqual({
      problems: [],
      object: {
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: { name: 'readonly-red-rock-slushy', namespace: 'jobs' },
        spec: {
          encryptedData: { '.dockerconfigjson': fakeCiphertext(2) },
          template: {
            type: 'kubernetes.io/dockerconfigjson',
            metadata: { name: 'readonly-red-rock-slushy', namespace: 'jobs' },
          },
        },
      },
    });
  });

  test('sealedSecret: no ciphertext for the environment is a problem that says how to seal it', () => {
    const { object, problems } = renderPullSecret(sealed, { name: 'staging', containerNamespace: 'default' });
    expect(object).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("no sealed .dockerconfigjson for environment 'staging'");
    expect(problems[0]).toContain('kubeseal');
    expect(problems[0]).toContain("'<kube context of staging>'");
    expect(problems[0]).toContain("encryptedDockerConfigJson['staging']");
    expect(problems[0]).toContain("< '<token file>' | kubectl create secret generic readonly-red-rock-slushy -n default");
  });

  test('sealedSecret: a pasted plain .dockerconfigjson is refused as unsealed, without echoing it', () => {
    const secretValue = 'not-a-real-' + 'token-' + 'q'.repeat(8);
    const plain = Buffer.from(JSON.stringify({ auths: { 'ghcr.io': { username: 'dean', password: secretValue } } })).toString('base64');
    const { object, problems } = renderPullSecret(
      PullSecret.sealedSecret('s', { encryptedDockerConfigJson: { production: plain } }),
      production,
    );
    expect(object).toBeUndefined();
    expect(problems).toEqual([expect.stringContaining('is the plain .dockerconfigjson in base64, not sealed: revoke')]);
    expect(problems.join('\n')).not.toContain(plain.slice(0, 12));
    expect(problems.join('\n')).not.toContain(secretValue);
  });

  test('sealedSecret: a value that is not base64 is refused', () => {
    const { problems } = renderPullSecret(
      PullSecret.sealedSecret('s', { encryptedDockerConfigJson: { production: 'paste ciphertext here' } }),
      production,
    );
    expect(problems).toEqual([expect.stringContaining('is not kubeseal output')]);
  });
});

describe("rendered objects validate against their projects' schemas", () => {
  test('ExternalSecret (external-secrets.io/v1) and SealedSecret (bitnami.com/v1alpha1) are valid', () => {
    const objects = [
      renderPullSecret(external, production).object,
      renderPullSecret(
        PullSecret.externalSecret('x', {
          store: { kind: 'SecretStore', name: 'v' },
          server: 'ghcr.io',
          remoteKey: 'k',
          nullBytePolicy: 'Fail',
        }),
        legacy,
      ).object,
      renderPullSecret(
        PullSecret.externalSecret('with-email', { store: { name: 'v' }, server: 'ghcr.io', remoteKey: 'k', properties: { email: 'mail' } }),
        production,
      ).object,
      renderPullSecret(PullSecret.sealedSecret('y', { encryptedDockerConfigJson: { legacy: fakeCiphertext(3) } }), legacy).object,
    ];
    expect(validate(objects)).toEqual([
      { kind: 'ExternalSecret', name: 'readonly-red-rock-slushy', valid: true, errors: [] },
      { kind: 'ExternalSecret', name: 'x', valid: true, errors: [] },
      { kind: 'ExternalSecret', name: 'with-email', valid: true, errors: [] },
      { kind: 'SealedSecret', name: 'y', valid: true, errors: [] },
    ]);
  });

  test('the validator rejects broken objects', () => {
    const good = renderPullSecret(external, production).object as any;
    const badEnum = JSON.parse(JSON.stringify(good));
    badEnum.spec.data[0].remoteRef.conversionStrategy = 'Sometimes';
    const badStore = JSON.parse(JSON.stringify(good));
    badStore.spec.secretStoreRef.kind = 'VaultStore';
    const oldVersion = { ...good, apiVersion: 'external-secrets.io/v1beta1' };
    const badSealed = {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'y', namespace: 'default' },
      spec: { encryptedData: 'not-a-map' },
    };
    const results = validate([badEnum, badStore, oldVersion, badSealed, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'z' } }]);
    expect(results.map((r) => r.valid)).toEqual([false, false, false, false, false]);
    expect(results[0].errors.join()).toContain('/spec/data/0/remoteRef/conversionStrategy');
    expect(results[1].errors.join()).toContain('/spec/secretStoreRef/kind');
    expect(results[2].errors.join()).toContain('external-secrets.io/v1');
    expect(results[3].errors.join()).toContain('/spec/encryptedData');
    expect(results[4].errors).toEqual(['no validator for kind Secret']);
  });
});
