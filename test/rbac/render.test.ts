import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { rbacProblems, renderRbac } from '../../src/rbac';

const ENV = { profileNamespace: 'nnf-system' };
const LABELS = { 'app.kubernetes.io/managed-by': 'nnf-profiles' };

const viewerRole = (namespace = 'nnf-system') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'nnf-profiles-viewer', namespace, labels: LABELS },
  rules: [{ apiGroups: ['nnf.cray.hpe.com'], resources: ['nnfcontainerprofiles'], verbs: ['get', 'list', 'watch'] }],
});

const editorRole = (namespace = 'nnf-system') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'nnf-profiles-editor', namespace, labels: LABELS },
  rules: [
    {
      apiGroups: ['nnf.cray.hpe.com'],
      resources: ['nnfcontainerprofiles'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
  ],
});

describe('renderRbac', () => {
  test('renders nothing without subjects', () => {
    expect(renderRbac({}, ENV)).toEqual([]);
    expect(renderRbac({ viewers: {}, editors: { groups: [], users: [] } }, ENV)).toEqual([]);
  });

  test('Roles and RoleBindings of viewers and editors, all in the profile namespace, subjects sorted', () => {
    const objects = renderRbac(
      {
        viewers: { users: ['zoe', 'alice'], groups: ['hpc-users'] },
        editors: { groups: ['storage-admins', 'hpc-admins'], users: ['bob'] },
      },
      { profileNamespace: 'nnf-profiles-test' },
    );
    expect(objects).toEqual([
      viewerRole('nnf-profiles-test'),
      editorRole('nnf-profiles-test'),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'nnf-profiles-viewers', namespace: 'nnf-profiles-test', labels: LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'nnf-profiles-viewer' },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'hpc-users' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'zoe' },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'nnf-profiles-editors', namespace: 'nnf-profiles-test', labels: LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'nnf-profiles-editor' },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'hpc-admins' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'storage-admins' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' },
        ],
      },
    ]);
  });

  test('emits only the Role some subject uses', () => {
    const objects = renderRbac({ editors: { users: ['oidc:admin@example.com'] } }, ENV);
    expect(objects.map((o) => [o.kind, (o.metadata as { name: string }).name])).toEqual([
      ['Role', 'nnf-profiles-editor'],
      ['RoleBinding', 'nnf-profiles-editors'],
    ]);
    expect(renderRbac({ viewers: { groups: ['g'] } }, ENV)[0]).toEqual(viewerRole());
  });

  test('grants nothing cluster-wide: every object is a namespaced Role or RoleBinding in the profile namespace, no aggregation', () => {
    const objects = renderRbac({ viewers: { groups: ['g'] }, editors: { users: ['u'] } }, ENV);
    expect(objects.map((o) => o.kind)).toEqual(['Role', 'Role', 'RoleBinding', 'RoleBinding']);
    for (const o of objects) {
      expect(o).not.toHaveProperty('aggregationRule');
      expect(o.metadata).toMatchObject({ namespace: 'nnf-system' });
      expect(Object.keys((o.metadata as { labels: object }).labels)).toEqual(['app.kubernetes.io/managed-by']);
    }
  });

  test('the editor may not deletecollection, the viewer nothing beyond reading (cdk8s-plus allowReadWrite would add deletecollection)', () => {
    const [viewer, editor] = renderRbac({ viewers: { groups: ['g'] }, editors: { groups: ['e'] } }, ENV) as Array<{
      rules: Array<{ verbs: string[] }>;
    }>;
    expect(viewer.rules.flatMap((r) => r.verbs).sort()).toEqual(['get', 'list', 'watch']);
    expect(editor.rules.flatMap((r) => r.verbs).sort()).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
  });

  test('names carry no hash and the output does not change from run to run', () => {
    const rbac = { viewers: { groups: ['b', 'a'], users: ['u'] }, editors: { users: ['e'] } };
    const first = renderRbac(rbac, ENV);
    expect(renderRbac(rbac, ENV)).toEqual(first);
    expect(JSON.stringify(renderRbac({ viewers: { users: ['u'], groups: ['a', 'b'] }, editors: { users: ['e'] } }, ENV))).toBe(
      JSON.stringify(first),
    );
    expect(first.map((o) => (o.metadata as { name: string }).name)).toEqual([
      'nnf-profiles-viewer',
      'nnf-profiles-editor',
      'nnf-profiles-viewers',
      'nnf-profiles-editors',
    ]);
  });

  test('the objects validate against the Kubernetes schema (kubernetes-models)', () => {
    const objects = renderRbac({ viewers: { groups: ['g'], users: ['v'] }, editors: { users: ['u'] } }, ENV);
    expect(objects).toHaveLength(4);
    for (const object of objects) {
      const model = object.kind === 'Role' ? new Role(object as never) : new RoleBinding(object as never);
      expect(() => model.validate()).not.toThrow();
    }
    // The check is not vacuous: a binding without its roleRef is refused.
    const { roleRef: _roleRef, ...broken } = objects[2];
    expect(() => new RoleBinding(broken as never).validate()).toThrow('roleRef');
  });

  test('fails when a subject name is empty or holds whitespace, naming the setting', () => {
    expect(() => renderRbac({ viewers: { groups: [''] } }, ENV)).toThrow(
      'rbac.viewers.groups[0]: "" is not a subject name; give the non-empty name, without whitespace, that the cluster\'s authenticator reports',
    );
    expect(() => renderRbac({ editors: { users: ['ok', 'jane doe'] } }, ENV)).toThrow(
      'rbac.editors.users[1]: "jane doe" is not a subject name',
    );
    expect(() => renderRbac({ editors: { users: ['tab\there'] } }, ENV)).toThrow('rbac.editors.users[0]');
  });

  test('fails when a subject is listed twice', () => {
    expect(() => renderRbac({ viewers: { users: ['a', 'a'] } }, ENV)).toThrow("rbac.viewers.users[1]: 'a' is listed twice");
  });

  test('fails when the namespace is missing', () => {
    expect(() => renderRbac({ viewers: { users: ['a'] } }, { profileNamespace: '' })).toThrow(
      'renderRbac: profileNamespace "" is not a namespace name',
    );
  });

  test('rbacProblems collects every problem', () => {
    expect(rbacProblems({ viewers: { groups: [' '] }, editors: { users: ['', 'ok'] } })).toHaveLength(2);
    expect(rbacProblems(undefined)).toEqual([]);
  });
});
