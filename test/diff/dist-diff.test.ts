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
  yaml.dump({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'default' },
    spec: { remoteKey: key },
  });

const kustomization = (files: string[]) =>
  yaml.dump({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files });

describe('diffMarkdown', () => {
  test('says so when dist/ did not change', () => {
    const tree = new Map([['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')]]);
    expect(diffMarkdown(diffDist(tree, new Map(tree)), 'origin/main')).toBe(
      '## dist/ changes against `origin/main`\n\nNo changes to dist/.\n',
    );
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
    expect(diffMarkdown(diffDist(base, new Map()), 'HEAD')).toBe(
      '## dist/ changes against `HEAD`\n\n### dist/old/ (removed)\n\n**Profiles removed**\n\n- `a`\n',
    );
  });

  test('compares YAML it cannot read as objects, hostile YAML included, as text', () => {
    const base = new Map([['p/x.yaml', 'a: &x [1]\nb: *x\n']]);
    const head = new Map([['p/x.yaml', 'a: &x [2]\nb: *x\n']]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).toBe(
      '## dist/ changes against `HEAD`\n\n### dist/p/\n\n**Other files**\n\n- `p/x.yaml` changed\n',
    );
  });

  test('keeps backticks and line breaks in values from breaking the Markdown', () => {
    const base = new Map([['p/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20', { note: 'a `b`' })]]);
    const head = new Map([['p/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20', { note: 'line\nbreak' })]]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).toContain('  - `data.note`: `` a `b` `` → `line\\nbreak`\n');
  });
});

const appProject = (
  namespaced: Array<{ group: string; kind: string }>,
  destinations: string[],
  repos = ['https://git.example.com/site.git'],
) =>
  yaml.dump({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'nnf-profiles', namespace: 'argocd' },
    spec: {
      description: 'd',
      sourceRepos: repos,
      destinations: destinations.map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace })),
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: namespaced,
    },
  });

const PROFILES = { group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' };

describe('diffMarkdown: permissions first', () => {
  test('lists AppProject changes first, as entries added and removed, not as shifted indexes', () => {
    const base = new Map([
      ['argocd/appproject-nnf-profiles.yaml', appProject([PROFILES], ['nnf-system'])],
      ['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')],
    ]);
    const head = new Map([
      [
        'argocd/appproject-nnf-profiles.yaml',
        appProject([{ group: '', kind: 'ConfigMap' }, PROFILES], ['nnf-system', 'tools'], ['https://evil.example.com/x.git']),
      ],
      ['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.21')],
    ]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).toBe(`## dist/ changes against \`HEAD\`

### Permissions

What Argo CD may deploy where, who may do what in the clusters, what the clusters admit: review these first.

- AppProject \`argocd/nnf-profiles\` changed in \`dist/argocd/\`
  - \`spec.destinations\`: added \`{"server":"https://kubernetes.default.svc","namespace":"tools"}\`
  - \`spec.namespaceResourceWhitelist\`: added \`{"group":"","kind":"ConfigMap"}\`
  - \`spec.sourceRepos\`: removed (was \`https://git.example.com/site.git\`)
  - \`spec.sourceRepos\`: added \`https://evil.example.com/x.git\`

### dist/production/

**Profiles changed**

- \`a\`
  - \`data.spec.containers[0].image\`: \`alpine:3.20\` → \`alpine:3.21\`
`);
  });

  test('shows what a new RBAC object grants, and lists a removed one; other objects stay in their environment', () => {
    const binding = yaml.dump({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'pwn' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: 'system:authenticated' }],
    });
    const role = yaml.dump({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'old' }, rules: [] });
    const base = new Map([
      ['production/clusterrole-old.yaml', role],
      ['production/externalsecret-s.yaml', secret('s', 'nnf/s')],
    ]);
    const head = new Map([
      ['production/clusterrolebinding-pwn.yaml', binding],
      ['production/externalsecret-s.yaml', secret('s', 'nnf/s')],
      ['production/externalsecret-t.yaml', secret('t', 'nnf/t')],
    ]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).toBe(`## dist/ changes against \`HEAD\`

### Permissions

What Argo CD may deploy where, who may do what in the clusters, what the clusters admit: review these first.

- ClusterRoleBinding \`pwn\` added in \`dist/production/\`
  - \`roleRef.apiGroup\`: added \`rbac.authorization.k8s.io\`
  - \`roleRef.kind\`: added \`ClusterRole\`
  - \`roleRef.name\`: added \`cluster-admin\`
  - \`subjects\`: added \`[{"kind":"Group","name":"system:authenticated"}]\`
- ClusterRole \`old\` removed in \`dist/production/\`

### dist/production/

**Other objects added**

- ExternalSecret \`default/t\`
`);
  });

  test('an environment whose only changes are permissions gets no heading of its own', () => {
    const policy = (action: string) =>
      yaml.dump({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: 'p' },
        spec: { failurePolicy: action },
      });
    const markdown = diffMarkdown(
      diffDist(new Map([['production/p.yaml', policy('Fail')]]), new Map([['production/p.yaml', policy('Ignore')]])),
      'HEAD',
    );
    expect(markdown).toContain(
      '- ValidatingAdmissionPolicy `p` changed in `dist/production/`\n  - `spec.failurePolicy`: `Fail` → `Ignore`\n',
    );
    expect(markdown).not.toContain('### dist/production/');
  });

  test('flags a file it cannot read as objects that names a permission kind, in the permissions', () => {
    const hidden = (name: string) =>
      `kind: ClusterRoleBinding\nmetadata: {name: pwn}\nsubjects: &s [{kind: Group, name: ${name}}]\nalso: *s\n`;
    const markdown = diffMarkdown(
      diffDist(new Map([['production/x.yaml', hidden('a')]]), new Map([['production/x.yaml', hidden('b')]])),
      'HEAD',
    );
    expect(markdown).toContain('### Permissions');
    expect(markdown).toContain('- `production/x.yaml` changed: not readable as objects, and it names a permission kind; read it whole\n');
    expect(markdown).not.toContain('**Other files**');
  });

  test('an object of a permission kind counts as one even without an apiVersion', () => {
    const bare = (name: string) =>
      yaml.dump({ kind: 'ClusterRoleBinding', metadata: { name: 'pwn' }, subjects: [{ kind: 'Group', name }] });
    const markdown = diffMarkdown(diffDist(new Map([['p/x.yaml', bare('a')]]), new Map([['p/x.yaml', bare('system:masters')]])), 'HEAD');
    expect(markdown).toContain('- ClusterRoleBinding `pwn` changed in `dist/p/`\n  - `subjects[0].name`: `a` → `system:masters`\n');
  });

  test('no permissions heading when no permission changed', () => {
    const base = new Map([['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.20')]]);
    const head = new Map([['production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.21')]]);
    expect(diffMarkdown(diffDist(base, head), 'HEAD')).not.toContain('Permissions');
  });
});
