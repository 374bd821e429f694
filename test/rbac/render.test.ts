import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { rbacProblems, renderRbac } from '../../src/rbac';

const ENV = { profileNamespace: 'nnf-system' };
const LABELS = { 'app.kubernetes.io/managed-by': 'nnf-profiles' };

const viewerRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'nnf-profiles-viewer', labels: LABELS },
  rules: [{ apiGroups: ['nnf.cray.hpe.com'], resources: ['nnfcontainerprofiles'], verbs: ['get', 'list', 'watch'] }],
};

const editorRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'nnf-profiles-editor', labels: LABELS },
  rules: [
    {
      apiGroups: ['nnf.cray.hpe.com'],
      resources: ['nnfcontainerprofiles'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
  ],
};

describe('renderRbac', () => {
  test('renders nothing without subjects', () => {
    expect(renderRbac({}, ENV)).toEqual([]);
    expect(renderRbac({ viewers: {}, editors: { groups: [], users: [] } }, ENV)).toEqual([]);
  });

  test('binds viewers and editors in the profile namespace, subjects sorted', () => {
    const objects = renderRbac(
      {
        viewers: { users: ['zoe', 'alice'], groups: ['hpc-users'] },
        editors: { groups: ['storage-admins', 'hpc-admins'], users: ['bob'] },
      },
      { profileNamespace: 'nnf-profiles-test' },
    );
    expect(objects).toEqual([
      viewerRole,
      editorRole,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'nnf-profiles-viewers', namespace: 'nnf-profiles-test', labels: LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nnf-profiles-viewer' },
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
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nnf-profiles-editor' },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'hpc-admins' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'storage-admins' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' },
        ],
      },
    ]);
  });

  test('emits only the ClusterRole some subject uses', () => {
    const objects = renderRbac({ editors: { users: ['oidc:admin@example.com'] } }, ENV);
    expect(objects.map((o) => [o.kind, (o.metadata as { name: string }).name])).toEqual([
      ['ClusterRole', 'nnf-profiles-editor'],
      ['RoleBinding', 'nnf-profiles-editors'],
    ]);
    expect(renderRbac({ viewers: { groups: ['g'] } }, ENV)[0]).toEqual(viewerRole);
  });

  test('grants nothing cluster-wide: no ClusterRoleBinding, no aggregation', () => {
    const objects = renderRbac({ viewers: { groups: ['g'] }, editors: { users: ['u'] } }, ENV);
    expect(objects.map((o) => o.kind)).not.toContain('ClusterRoleBinding');
    for (const o of objects) {
      expect(o).not.toHaveProperty('aggregationRule');
      expect(Object.keys((o.metadata as { labels: object }).labels)).toEqual(['app.kubernetes.io/managed-by']);
    }
    for (const binding of objects.filter((o) => o.kind === 'RoleBinding')) {
      expect(binding.metadata).toMatchObject({ namespace: 'nnf-system' });
    }
  });

  test('the objects validate against the Kubernetes schema (kubernetes-models)', () => {
    const objects = renderRbac({ viewers: { groups: ['g'], users: ['v'] }, editors: { users: ['u'] } }, ENV);
    expect(objects).toHaveLength(4);
    for (const object of objects) {
      const model = object.kind === 'ClusterRole' ? new ClusterRole(object as never) : new RoleBinding(object as never);
      expect(() => model.validate()).not.toThrow();
    }
    // The check is not vacuous: a binding without its roleRef is refused.
    const { roleRef: _roleRef, ...broken } = objects[2];
    expect(() => new RoleBinding(broken as never).validate()).toThrow('roleRef');
  });

  test('fails when a subject name is empty or holds whitespace, naming the setting', () => {
    expect(() => renderRbac({ viewers: { groups: [''] } }, ENV)).toThrow(
      "rbac.viewers.groups[0]: \"\" is not a subject name; give the non-empty name, without whitespace, that the cluster's authenticator reports",
    );
    expect(() => renderRbac({ editors: { users: ['ok', 'jane doe'] } }, ENV)).toThrow('rbac.editors.users[1]: "jane doe" is not a subject name');
    expect(() => renderRbac({ editors: { users: ['tab\there'] } }, ENV)).toThrow('rbac.editors.users[0]');
  });

  test('fails when a subject is listed twice', () => {
    expect(() => renderRbac({ viewers: { users: ['a', 'a'] } }, ENV)).toThrow("rbac.viewers.users[1]: 'a' is listed twice");
  });

  test('fails when the namespace is missing', () => {
    expect(() => renderRbac({ viewers: { users: ['a'] } }, { profileNamespace: '' })).toThrow('renderRbac: profileNamespace "" is not a namespace name');
  });

  test('rbacProblems collects every problem', () => {
    expect(rbacProblems({ viewers: { groups: [' '] }, editors: { users: ['', 'ok'] } })).toHaveLength(2);
    expect(rbacProblems(undefined)).toEqual([]);
  });
});
