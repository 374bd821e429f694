import * as yaml from 'js-yaml';
import { diffDist, diffMarkdown } from '../../src/diff';

const profile = (name: string, image: string, extra: Record<string, unknown> = {}) =>
  yaml.dump({
    apiVersion: 'nnf.cray.hpe.com/v1alpha11',
    kind: 'NnfContainerProfile',
    metadata: { name, namespace: 'nnf-system' },
    data: { pinned: false, retryLimit: 6, spec: { containers: [{ name: 'app', image }] }, ...extra },
  });

const secret = (name: string, key: string) =>
  yaml.dump({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name, namespace: 'default' }, spec: { remoteKey: key } });

const kustomization = (files: string[]) => yaml.dump({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files });

describe('diffMarkdown', () => {
  test('says so when dist/ did not change', () => {
    const tree = new Map([['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')]]);
    expect(diffMarkdown(diffDist(tree, new Map(tree)), 'origin/main')).toBe('## dist/ changes against `origin/main`\n\nNo changes to dist/.\n');
  });

  test('lists profiles added, removed and changed with field detail, other objects likewise, per environment', () => {
    const base = new Map([
      ['production/kustomization.yaml', kustomization(['a', 'b', 's'])],
      ['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')],
      ['production/nnfcontainerprofile-b.yaml', profile('b', 'alpine:3.20')],
      ['production/externalsecret-s.yaml', secret('s', 'nnf/s')],
      ['legacy/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')],
    ]);
    const head = new Map([
      ['production/kustomization.yaml', kustomization(['a', 'c', 's', 't'])],
      ['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.21', { numPorts: 1 })],
      ['production/nnfcontainerprofile-c.yaml', profile('c', 'alpine:3.20')],
      ['production/externalsecret-s.yaml', secret('s', 'nnf/s2')],
      ['production/externalsecret-t.yaml', secret('t', 'nnf/t')],
      ['legacy/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')],
      ['staging/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')],
      ['catalog/index.html', '<html></html>'],
    ]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).toBe(`## dist/ changes against \`HEAD\`

### dist/catalog/ (new)

**Other files**

- \`catalog/index.html\` added

### dist/production/

**Profiles added**

- \`c\`

**Profiles removed**

- \`b\`

**Profiles changed**

- \`a\`
  - \`data.numPorts\`: added \`1\`
  - \`data.spec.containers[0].image\`: \`alpine:3.20\` → \`alpine:3.21\`

**Other objects added**

- ExternalSecret \`default/t\`

**Other objects changed**

- ExternalSecret \`default/s\`
  - \`spec.remoteKey\`: \`nnf/s\` → \`nnf/s2\`

### dist/staging/ (new)

**Profiles added**

- \`a\`
`);
  });

  test('lists every object of an environment that is gone', () => {
    const base = new Map([['old/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')]]);
    expect(diffMarkdown(diffDist(base, new Map()), 'HEAD')).toBe('## dist/ changes against `HEAD`\n\n### dist/old/ (removed)\n\n**Profiles removed**\n\n- `a`\n');
  });

  test('compares YAML it cannot read as objects, hostile YAML included, as text', () => {
    const base = new Map([['p/x.yaml', 'a: &x [1]\nb: *x\n']]);
    const head = new Map([['p/x.yaml', 'a: &x [2]\nb: *x\n']]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).toBe('## dist/ changes against `HEAD`\n\n### dist/p/\n\n**Other files**\n\n- `p/x.yaml` changed\n');
  });

  test('keeps backticks and line breaks in values from breaking the Markdown', () => {
    const base = new Map([['p/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20', { note: 'a `b`' })]]);
    const head = new Map([['p/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20', { note: 'line\nbreak' })]]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).toContain('  - `data.note`: `` a `b` `` → `line\\nbreak`\n');
  });
});
