import { PullSecret } from '../../src/secrets/pull-secret';

const store = { kind: 'ClusterSecretStore', name: 'site-secrets' } as const;

describe('PullSecret props checked at run time', () => {
  test('accept every documented prop', () => {
    const secret = PullSecret.externalSecret('registry', {
      store,
      server: 'https://index.docker.io/v1/',
      remoteKey: 'nnf/registries/registry',
      properties: { username: 'user', password: 'token', email: 'email' },
      refreshInterval: '1h',
      nullBytePolicy: 'Ignore',
    });
    expect(secret.source.kind).toBe('externalSecret');
    expect(PullSecret.sealedSecret('sealed', { encryptedDockerConfigJson: { production: 'Ag' }, server: 'ghcr.io' }).source.kind).toBe(
      'sealedSecret',
    );
    expect(PullSecret.existing('made-by-hand', { server: 'ghcr.io' }).source).toEqual({ kind: 'existing', server: 'ghcr.io' });
  });

  test('fails when a key in store or properties is misspelt, or belongs elsewhere, listing every one', () => {
    expect(() =>
      PullSecret.externalSecret('registry', {
        store: { kind: 'SecretStore', nam: 'x' },
        server: 'ghcr.io',
        remoteKey: 'k',
        properties: { user: 'u', password: 'p' },
        kind: 'SecretStore',
      } as never),
    ).toThrow(
      "PullSecret.externalSecret('registry'):\n" +
        "  store.nam: unknown prop; did you mean 'name'?\n" +
        '  properties.user: unknown prop (known: username, password, email)\n' +
        '  kind: kind is a prop of store, not of the pull secret',
    );
  });

  test('fails when a sealed or existing secret has a prop it does not take', () => {
    expect(() => PullSecret.sealedSecret('sealed', { encryptedDockerConfigJson: {}, sever: 'ghcr.io' } as never)).toThrow(
      "PullSecret.sealedSecret('sealed'): sever: unknown prop; did you mean 'server'?",
    );
    expect(() => PullSecret.existing('made-by-hand', { remoteKey: 'k' } as never)).toThrow(
      "PullSecret.existing('made-by-hand'): remoteKey: unknown prop (known: server)",
    );
  });

  test('fails when a value is of the wrong kind', () => {
    expect(() => PullSecret.externalSecret('registry', { store: 'site-secrets', server: 'ghcr.io', remoteKey: 7 } as never)).toThrow(
      "PullSecret.externalSecret('registry'):\n  store: must be an object, not a string\n  remoteKey: must be a string, not a number",
    );
  });
});
