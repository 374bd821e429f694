import type { Permission } from '../../src/argocd';
import { emittedObjectProblems, objectLabel, profileObjectProblem, siteResourceOrigin } from '../../src/synth/emitted-objects';

const configMap = (namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', ...(namespace ? { namespace } : {}) },
  data: { a: 'b' },
});
const ALLOWED: Permission[] = [{ group: '', kind: 'ConfigMap', namespace: 'nnf-system' }];
const clusterRoleBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'pwn' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
};

describe('profileObjectProblem', () => {
  test('profiles pass, in any namespace (the NNF admission rules hold that)', () => {
    const profile = {
      apiVersion: 'nnf.cray.hpe.com/v1alpha11',
      kind: 'NnfContainerProfile',
      metadata: { name: 'p', namespace: 'nnf-system' },
    };
    expect(profileObjectProblem(profile, 'profiles/p.ts', [], 'nnf-system')).toBeUndefined();
  });

  test('an allowed kind passes in its namespace, or without one (the profile namespace)', () => {
    expect(profileObjectProblem(configMap('nnf-system'), 'profiles/p.ts', ALLOWED, 'nnf-system')).toBeUndefined();
    expect(profileObjectProblem(configMap(), 'profiles/p.ts', ALLOWED, 'nnf-system')).toBeUndefined();
  });

  test('fails when the kind is not allowed, naming the file, the object and the kind', () => {
    expect(profileObjectProblem(configMap('nnf-system'), 'profiles/p.ts', [], 'nnf-system')).toBe(
      'profiles/p.ts: ConfigMap nnf-system/settings: not an NnfContainerProfile: profile modules create NnfContainerProfiles only, and site.ts allows no ConfigMap (core group) in namespace nnf-system (allowedProfileObjects) [policy/profile-object]',
    );
  });

  test('fails when an allowed kind is in another namespace', () => {
    expect(profileObjectProblem(configMap('kube-system'), 'profiles/p.ts', ALLOWED, 'nnf-system')).toContain(
      'site.ts allows no ConfigMap (core group) in namespace kube-system',
    );
  });

  test('fails when the kind is cluster-scoped, whatever the site allows', () => {
    const everything: Permission[] = [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' }];
    expect(profileObjectProblem(clusterRoleBinding, 'profiles/pwn.ts', everything, 'nnf-system')).toBe(
      'profiles/pwn.ts: ClusterRoleBinding pwn: not an NnfContainerProfile: profile modules create NnfContainerProfiles only, and ClusterRoleBinding (rbac.authorization.k8s.io) is cluster-scoped, which site.ts can never allow [policy/profile-object]',
    );
  });

  test('fails when a profile kind comes from another API group', () => {
    const fake = { apiVersion: 'evil.example.com/v1', kind: 'NnfContainerProfile', metadata: { name: 'p', namespace: 'nnf-system' } };
    expect(profileObjectProblem(fake, 'profiles/p.ts', [], 'nnf-system')).toContain(
      'site.ts allows no NnfContainerProfile (evil.example.com)',
    );
  });
});

describe('emittedObjectProblems', () => {
  test('formats the RBAC guard and the container policy as synth messages naming the origin and the object', () => {
    expect(emittedObjectProblems(clusterRoleBinding, 'profiles/pwn.ts', {})).toEqual([
      'policy: profiles/pwn.ts: ClusterRoleBinding pwn: binds cluster-admin: that role allows every verb on every resource in every namespace and on the cluster itself. To fix: bind a role of your own that grants only the verbs and resources needed [rbac/cluster-admin]',
      "policy: profiles/pwn.ts: ClusterRoleBinding pwn: subjects[0]: binds group system:authenticated: system: groups are identities the cluster assigns itself (system:authenticated is every signed-in user and service account), not the site's people. To fix: bind the site's own groups or users [rbac/system-subject]",
    ]);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'a', image: 'a:1' }], hostPID: true },
    };
    expect(emittedObjectProblems(pod, 'profiles/p.ts', {})).toEqual([
      "policy: profiles/p.ts: Pod default/p: spec.hostPID: spec.hostPID is true: the pod would share the Rabbit node's process (PID) namespace, and with it the node's view of other jobs and of the storage services. To fix: remove hostPID. [policy/host-namespaces]",
    ]);
  });

  test('nothing for a clean object', () => {
    expect(emittedObjectProblems(configMap('nnf-system'), 'profiles/p.ts', { allowedRegistries: ['docker.io'] })).toEqual([]);
  });
});

describe('objectLabel and siteResourceOrigin', () => {
  test('label objects as messages name them', () => {
    expect(objectLabel(clusterRoleBinding)).toBe('ClusterRoleBinding pwn');
    expect(objectLabel(configMap('nnf-system'))).toBe('ConfigMap nnf-system/settings');
    expect(objectLabel({ kind: 'ConfigMap' })).toBe('ConfigMap (unnamed)');
  });

  test('name the site.ts setting each of the site’s resources comes from', () => {
    expect(siteResourceOrigin({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' } })).toBe(
      'site.ts: rbac',
    );
    expect(siteResourceOrigin({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'reg' } })).toBe(
      'site.ts: pullSecrets: reg',
    );
    expect(siteResourceOrigin({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'c' } })).toBe(
      'site.ts: environments: crdFile',
    );
  });
});
