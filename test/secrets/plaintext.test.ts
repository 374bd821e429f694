import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTokens, PullSecret, renderPullSecret, secretObjectProblems, tokenMessage } from '../../src/secrets';

// Every token here is fake and assembled at runtime, so no token-looking literal sits in the repository.
const ALPHABET = 'aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uVwXyZ';
function fake(length: number, offset = 0): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(i * 7 + offset) % ALPHABET.length];
  return out;
}

const tokens: Array<{ kind: string; token: string }> = [
  { kind: 'Docker Hub personal access token', token: ['dckr', 'pat', fake(27)].join('_') },
  { kind: 'Docker organization access token', token: ['dckr', 'oat', fake(32, 1)].join('_') },
  { kind: 'GitHub personal access token (classic)', token: 'gh' + 'p_' + fake(36, 2) },
  { kind: 'GitHub OAuth access token', token: 'gh' + 'o_' + fake(36, 3) },
  { kind: 'GitHub user-to-server token', token: 'gh' + 'u_' + fake(36, 4) },
  { kind: 'GitHub server-to-server token', token: 'gh' + 's_' + fake(36, 5) },
  { kind: 'GitHub refresh token', token: 'gh' + 'r_' + fake(36, 6) },
  { kind: 'GitHub fine-grained personal access token', token: ['github', 'pat', fake(22, 7), fake(59, 8)].join('_') },
  { kind: 'GitLab personal access token', token: 'gl' + 'pat-' + fake(20, 9) },
  { kind: 'GitLab personal access token', token: 'gl' + 'pat-' + fake(40, 10) + '.01.' + 'a1b2c3d' },
  { kind: 'GitLab deploy token', token: 'gl' + 'dt-' + fake(20, 11) },
];

/** No 6-character window of `secret` appears in `output`. */
function expectNoPart(output: string, secret: string): void {
  for (let i = 0; i + 6 <= secret.length; i++) expect(output).not.toContain(secret.slice(i, i + 6));
}

function outputOf(hits: ReturnType<typeof findTokens>): string {
  return JSON.stringify(hits) + hits.map(tokenMessage).join('\n');
}

describe('findTokens', () => {
  test.each(tokens)('finds a $kind on its line, and never outputs it', ({ kind, token }) => {
    const text = [
      '# registry access for the build',
      'steps:',
      '  - run: docker login -u dean --password-stdin',
      `    env: { TOKEN: "${token}" }`,
      '  - run: echo done',
    ].join('\n');
    const hits = findTokens(text, 'ci/build.yaml');
    expect(hits).toEqual([{ file: 'ci/build.yaml', line: 4, kind }]);
    expectNoPart(outputOf(hits), token);
  });

  test('finds a token at the very start and end of a file and after shell syntax', () => {
    const token = ['dckr', 'pat', fake(27, 12)].join('_');
    expect(findTokens(token, 'a').map((h) => h.line)).toEqual([1]);
    expect(findTokens(`x\ny\nexport T=${token}`, 'b').map((h) => h.line)).toEqual([3]);
    expect(findTokens(`--docker-password='${token}'`, 'c')).toHaveLength(1);
  });

  test('a docker config "auth" (base64 of user:password)', () => {
    const password = 'not-a-real-' + fake(20, 13);
    const auth = Buffer.from(`dean:${password}`).toString('base64');
    const text = `{\n  "credsStore": "desktop",\n  "auth": "${auth}"\n}\n`;
    const hits = findTokens(text, 'config.json');
    expect(hits).toEqual([{ file: 'config.json', line: 3, kind: 'docker config "auth" (base64 of user:password)' }]);
    expectNoPart(outputOf(hits), auth);
    expectNoPart(outputOf(hits), password);
  });

  test('an "auth" that does not decode to user:password, or holds a placeholder, does not count', () => {
    const noColon = Buffer.from('justonestring').toString('base64');
    const placeholder = Buffer.from('dean:<token>').toString('base64');
    expect(findTokens(`"auth": "${noColon}"\n"auth": "${placeholder}"`, 'f')).toEqual([]);
  });

  test('a .dockerconfigjson with credentials under auths, pretty or escaped inside a string', () => {
    const password = 'not-a-real-' + fake(16, 14);
    const config = { auths: { 'https://index.docker.io/v1/': { username: 'dean', password, email: 'dean@myco.com' } } };
    const pretty = `apiVersion: v1\nkind: Secret\nstringData:\n  .dockerconfigjson: |\n    ${JSON.stringify(config, null, 2).replace(/\n/g, '\n    ')}\n`;
    const hits = findTokens(pretty, 'secret.yaml');
    expect(hits).toEqual([{ file: 'secret.yaml', line: 6, kind: 'docker config (.dockerconfigjson) with registry credentials' }]);
    expectNoPart(outputOf(hits), password);

    const escaped = `{"stringData":{".dockerconfigjson":${JSON.stringify(JSON.stringify(config))}}}`;
    expect(findTokens(`line one\n${escaped}`, 'e.json')).toEqual([
      { file: 'e.json', line: 2, kind: 'docker config (.dockerconfigjson) with registry credentials' },
    ]);
  });

  test('a .dockerconfigjson whose values are placeholders or empty does not count', () => {
    const text = '{"auths":{"ghcr.io":{"username":"<user>","password":"<read-only token>","auth":""}}}';
    expect(findTokens(text, 'docs.md')).toEqual([]);
  });

  test('base64 in a Secret data field: the .dockerconfigjson inside is found', () => {
    const password = 'not-a-real-' + fake(16, 15);
    const encoded = Buffer.from(JSON.stringify({ auths: { 'ghcr.io': { username: 'dean', password } } })).toString('base64');
    const text = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${encoded}\n`;
    const hits = findTokens(text, 'dist/production/secret.yaml');
    expect(hits).toEqual([
      {
        file: 'dist/production/secret.yaml',
        line: 5,
        kind: 'docker config (.dockerconfigjson) with registry credentials, base64-encoded',
      },
    ]);
    expectNoPart(outputOf(hits), encoded);
    expectNoPart(outputOf(hits), password);
  });

  test('base64 of a prefixed token is found', () => {
    const token = 'gh' + 'p_' + fake(36, 16);
    const text = `token: ${Buffer.from(`${token}\n`).toString('base64')}`;
    expect(findTokens(text, 't.yaml')).toEqual([
      { file: 't.yaml', line: 1, kind: 'GitHub personal access token (classic), base64-encoded' },
    ]);
  });

  test('base64 of a token is found wherever it stands, among any other base64-looking text', () => {
    // Separators, base64 characters and padding: runs of every length end right next to the token.
    const noise = fc.string({ unit: fc.constantFrom(...'Ab9+/==  \n:"'.split('')), maxLength: 80 });
    fc.assert(
      // Shorter base64 is not looked into: 40 characters is where it stops being an ordinary word.
      fc.property(
        fc.constantFrom(...tokens.filter(({ token }) => Buffer.from(token).toString('base64').length >= 40)),
        noise,
        noise,
        fc.constantFrom(' ', '\n', '"', ': '),
        ({ kind, token }, before, after, gap) => {
          const encoded = Buffer.from(token).toString('base64');
          const text = `${before}${gap}${encoded}${gap}${after}`;
          const line = `${before}${gap}`.split('\n').length;
          expect(findTokens(text, 'f')).toContainEqual({ file: 'f', line, kind: `${kind}, base64-encoded` });
        },
      ),
      { numRuns: 500 },
    );
  });

  test('several tokens: one hit per token and line, in order', () => {
    const a = ['dckr', 'pat', fake(27, 17)].join('_');
    const b = 'gl' + 'pat-' + fake(20, 18);
    expect(findTokens(`${a}\n\n${b} ${a}`, 'x').map((h) => [h.line, h.kind])).toEqual([
      [1, 'Docker Hub personal access token'],
      [3, 'GitLab personal access token'],
      [3, 'Docker Hub personal access token'],
    ]);
  });

  test('does not fire on ordinary text, digests, ciphertext, image references or prefixes alone', () => {
    const digest = `dean/red-rock-slushy@sha256:${'0123456789abcdef'.repeat(4)}`;
    const ciphertextBytes = Buffer.alloc(700);
    for (let i = 0; i < ciphertextBytes.length; i++) ciphertextBytes[i] = (i * 131 + 7) % 256;
    ciphertextBytes[0] = 2;
    ciphertextBytes[1] = 0;
    const ciphertext = ciphertextBytes.toString('base64');
    expect(ciphertext.startsWith('Ag')).toBe(true);
    const texts = [
      'image: dean/red-rock-slushy:v1.0',
      'dean/red-rock-slushy:v1.0',
      digest,
      `encryptedData:\n  .dockerconfigjson: ${ciphertext}`,
      'Docker Hub tokens start with dckr_pat_ and GitHub ones with ghp_ or github_pat_; GitLab uses glpat-.',
      'USER_TOKEN=users-token-text',
      'kubectl create secret docker-registry $SECRET_NAME -n default --docker-password=$USER_TOKEN',
      '"auth": "${AUTH}"',
      'A sentence about authentication and "auths" in prose.',
      `commit ${'a1b2c3d4e5'.repeat(4)}`,
      'ComGithubExternalSecretsExternalSecretsApisExternalsecretsV1ExternalSecretDataRemoteRef',
    ];
    for (const text of texts) expect(findTokens(text, 'f')).toEqual([]);
  });

  test('does not fire on rendered pull secrets', () => {
    const external = renderPullSecret(
      PullSecret.externalSecret('s', { store: { name: 'site' }, server: 'https://index.docker.io/v1/', remoteKey: 'k' }),
      { name: 'p', containerNamespace: 'default' },
    ).object;
    expect(findTokens(JSON.stringify(external, null, 2), 'es.json')).toEqual([]);
  });

  test("does not fire on this repository's own sources", () => {
    const root = path.join(__dirname, '..', '..');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) files.push(full);
      }
    };
    for (const dir of ['src', 'profiles', 'test/secrets']) walk(path.join(root, dir));
    for (const file of ['site.ts', 'README.md']) files.push(path.join(root, file));
    expect(files.length).toBeGreaterThan(20);
    const hits = files.flatMap((file) => findTokens(fs.readFileSync(file, 'utf8'), path.relative(root, file)));
    expect(hits).toEqual([]);
  });
});

describe('tokenMessage', () => {
  test('names file, line and kind, and says to revoke and move the token', () => {
    expect(tokenMessage({ file: 'profiles/app.ts', line: 12, kind: 'Docker Hub personal access token' })).toBe(
      'profiles/app.ts:12: a Docker Hub personal access token is in clear text. Revoke it at the registry now — it may ' +
        'already be in Git history, where deleting the line does not remove it — then put the new token in the secret ' +
        'store and reference it from site.ts with PullSecret.externalSecret (or seal it with PullSecret.sealedSecret).',
    );
  });
});

describe('secretObjectProblems', () => {
  const secret = (extra: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'regcred', namespace: 'default' },
    type: 'kubernetes.io/dockerconfigjson',
    ...extra,
  });

  test('a Secret with data or stringData is refused, pointing at PullSecret', () => {
    const [problem] = secretObjectProblems(secret({ data: { '.dockerconfigjson': 'e30=' } }));
    expect(problem).toContain('Secret default/regcred: carries data,');
    expect(problem).toContain('PullSecret.externalSecret');
    expect(problem).toContain('PullSecret.sealedSecret');
    expect(problem).toContain('site.ts');
    expect(problem).not.toContain('e30=');
    expect(secretObjectProblems(secret({ stringData: { a: 'b' } }))[0]).toContain('carries stringData,');
    expect(secretObjectProblems(secret({ data: { a: 'Yg==' }, stringData: { a: 'b' } }))[0]).toContain('carries data and stringData,');
  });

  test('inside a List too', () => {
    expect(secretObjectProblems({ apiVersion: 'v1', kind: 'List', items: [secret({ data: { a: 'Yg==' } })] })).toHaveLength(1);
  });

  test('no problem for a Secret without values, or anything else', () => {
    expect(secretObjectProblems(secret({}))).toEqual([]);
    expect(secretObjectProblems(secret({ data: {} }))).toEqual([]);
    expect(secretObjectProblems({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', spec: { data: [] } })).toEqual([]);
    expect(secretObjectProblems({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } })).toEqual([]);
    expect(secretObjectProblems(null)).toEqual([]);
    expect(secretObjectProblems('text')).toEqual([]);
  });
});
