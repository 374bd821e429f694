import { rbacGuardFindings, renderRbac } from '../../src/rbac';

const RBAC = 'rbac.authorization.k8s.io/v1';

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', role: string, subjects: Array<{ kind: string; name: string }>) => ({
  apiVersion: RBAC,
  kind,
  metadata: kind === 'RoleBinding' ? { name: 'b', namespace: 'nnf-system' } : { name: 'b' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: subjects.map((s) => ({ apiGroup: 'rbac.authorization.k8s.io', ...s })),
});

const role = (kind: 'Role' | 'ClusterRole', rules: Array<Record<string, string[]>>, extra: Record<string, unknown> = {}) => ({
  apiVersion: RBAC,
  kind,
  metadata: { name: 'r', ...(kind === 'Role' ? { namespace: 'nnf-system' } : {}) },
  rules,
  ...extra,
});

const PROFILE_RULE = { apiGroups: ['nnf.cray.hpe.com'], resources: ['nnfcontainerprofiles'], verbs: ['get', 'list', 'watch'] };
const rulesAndPaths = (object: unknown) => rbacGuardFindings(object).map((f) => [f.rule, f.path]);

describe('rbacGuardFindings: accepted', () => {
  test('the site’s own RBAC passes', () => {
    const objects = renderRbac(
      { viewers: { groups: ['hpc-users'], users: ['alice'] }, editors: { groups: ['nnf-admins'] } },
      { profileNamespace: 'nnf-system' },
    );
    expect(objects.map((o) => o.kind)).toEqual(['Role', 'Role', 'RoleBinding', 'RoleBinding']);
    expect(objects.flatMap(rbacGuardFindings)).toEqual([]);
  });

  test('a binding of an own role to own groups, users and service accounts passes', () => {
    const ok = binding('ClusterRoleBinding', 'nnf-profiles-viewer', [
      { kind: 'Group', name: 'hpc-users' },
      { kind: 'User', name: 'alice' },
      { kind: 'ServiceAccount', name: 'reader' },
    ]);
    expect(rbacGuardFindings(ok)).toEqual([]);
    expect(rbacGuardFindings(binding('RoleBinding', 'view', [{ kind: 'Group', name: 'hpc-users' }]))).toEqual([]);
  });

  test('a Role naming its verbs, resources and groups passes', () => {
    expect(rbacGuardFindings(role('Role', [PROFILE_RULE, { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]))).toEqual([]);
  });

  test('a RoleBinding to a Role that happens to be called cluster-admin is not the built-in role', () => {
    const local = {
      ...binding('RoleBinding', 'cluster-admin', [{ kind: 'Group', name: 'g' }]),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cluster-admin' },
    };
    expect(rbacGuardFindings(local)).toEqual([]);
  });

  test('objects that are not RBAC are left alone', () => {
    expect(
      rbacGuardFindings({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        subjects: [{ kind: 'Group', name: 'system:masters' }],
      }),
    ).toEqual([]);
    expect(rbacGuardFindings({ apiVersion: 'example.com/v1', kind: 'ClusterRole', rules: [{ verbs: ['*'] }] })).toEqual([]);
    expect(rbacGuardFindings(null)).toEqual([]);
  });
});

describe('rbacGuardFindings: refused', () => {
  test('fails when a ClusterRoleBinding binds cluster-admin to system:authenticated', () => {
    expect(rbacGuardFindings(binding('ClusterRoleBinding', 'cluster-admin', [{ kind: 'Group', name: 'system:authenticated' }]))).toEqual([
      {
        layer: 'policy',
        rule: 'rbac/cluster-admin',
        path: '',
        message:
          'binds cluster-admin: that role allows every verb on every resource in every namespace and on the cluster itself. To fix: bind a role of your own that grants only the verbs and resources needed',
      },
      {
        layer: 'policy',
        rule: 'rbac/system-subject',
        path: 'subjects[0]',
        message:
          "binds group system:authenticated: system: groups are identities the cluster assigns itself (system:authenticated is every signed-in user and service account), not the site's people. To fix: bind the site's own groups or users",
      },
    ]);
  });

  test('fails when a RoleBinding binds cluster-admin, naming its namespace', () => {
    const [finding] = rbacGuardFindings(binding('RoleBinding', 'cluster-admin', [{ kind: 'Group', name: 'g' }]));
    expect(finding.rule).toBe('rbac/cluster-admin');
    expect(finding.message).toContain('every verb on every resource in namespace nnf-system');
  });

  test.each(['admin', 'edit', 'system:controller:clusterrole-aggregation-controller'])(
    'fails when a binding names the built-in ClusterRole %s',
    (name) => {
      const findings = rbacGuardFindings(binding('RoleBinding', name, [{ kind: 'Group', name: 'g' }]));
      expect(findings.map((f) => f.rule)).toEqual(['rbac/built-in-role']);
      expect(findings[0].message).toMatch(new RegExp(`^binds the built-in ClusterRole ${name}: `));
    },
  );

  test('fails when a binding names a system: group or user, each at its path', () => {
    const subjects = [
      { kind: 'Group', name: 'hpc-users' },
      { kind: 'Group', name: 'system:unauthenticated' },
      { kind: 'Group', name: 'system:masters' },
      { kind: 'User', name: 'system:serviceaccount:kube-system:default' },
      { kind: 'User', name: 'system:anonymous' },
    ];
    const findings = rbacGuardFindings(binding('RoleBinding', 'nnf-profiles-viewer', subjects));
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['rbac/system-subject', 'subjects[1]'],
      ['rbac/system-subject', 'subjects[2]'],
      ['rbac/system-subject', 'subjects[3]'],
      ['rbac/system-subject', 'subjects[4]'],
    ]);
    expect(findings[1].message).toContain('system:masters is the cluster administrators, whom no RBAC rule restricts');
    expect(findings[3].message).toMatch(/^binds user system:anonymous: system: users are identities/);
  });

  test.each([
    ['verbs', { apiGroups: ['nnf.cray.hpe.com'], resources: ['nnfcontainerprofiles'], verbs: ['*'] }],
    ['resources', { apiGroups: ['nnf.cray.hpe.com'], resources: ['*'], verbs: ['get'] }],
    ['apiGroups', { apiGroups: ['*'], resources: ['nnfcontainerprofiles'], verbs: ['get'] }],
    ['resources', { apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }],
    ['nonResourceURLs', { nonResourceURLs: ['/api/*'], verbs: ['get'] }],
  ])('fails when a rule has a wildcard in %s', (field, rule) => {
    expect(rulesAndPaths(role('ClusterRole', [PROFILE_RULE, rule]))).toEqual([['rbac/wildcard', `rules[1].${field}`]]);
  });

  test.each(['escalate', 'bind', 'impersonate'])('fails when a Role grants the verb %s', (verb) => {
    const findings = rbacGuardFindings(
      role('Role', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['get', verb] }]),
    );
    expect(findings.map((f) => [f.rule, f.path])).toEqual([['rbac/escalation-verb', 'rules[0].verbs']]);
    expect(findings[0].message).toMatch(new RegExp(`^grants '${verb}': it lets the subjects `));
  });

  test('fails when a ClusterRole aggregates others or folds itself into a built-in role', () => {
    const aggregating = role('ClusterRole', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] } });
    expect(rulesAndPaths(aggregating)).toEqual([['rbac/aggregation', 'aggregationRule']]);
    const folded = {
      ...role('ClusterRole', [PROFILE_RULE]),
      metadata: { name: 'r', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
    };
    expect(rulesAndPaths(folded)).toEqual([['rbac/aggregation', 'metadata.labels["rbac.authorization.k8s.io/aggregate-to-view"]']]);
    expect(rbacGuardFindings(folded)[0].message).toMatch(
      /^folds its rules into the ClusterRole view, for everyone bound to that role in every namespace/,
    );
  });
});
