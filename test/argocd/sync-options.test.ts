import {
  groupOf,
  isClusterScoped,
  isCustomResource,
  SYNC_OPTIONS_ANNOTATION,
  SYNC_WAVE_ANNOTATION,
  syncAnnotations,
} from '../../src/argocd';

describe('annotation keys', () => {
  test('are the ones Argo CD reads', () => {
    expect(SYNC_WAVE_ANNOTATION).toBe('argocd.argoproj.io/sync-wave');
    expect(SYNC_OPTIONS_ANNOTATION).toBe('argocd.argoproj.io/sync-options');
  });
});

describe('syncAnnotations', () => {
  test.each([
    [
      'the CRD: first wave, server-side apply, never pruned or deleted, dry-run kept (built-in group)',
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' },
      { [SYNC_WAVE_ANNOTATION]: '-2', [SYNC_OPTIONS_ANNOTATION]: 'ServerSideApply=true,Prune=false,Delete=false' },
    ],
    [
      'the bootstrap Namespace: first wave, never pruned or deleted',
      { apiVersion: 'v1', kind: 'Namespace' },
      { [SYNC_WAVE_ANNOTATION]: '-2', [SYNC_OPTIONS_ANNOTATION]: 'Prune=false,Delete=false' },
    ],
    ['a ClusterRole', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }, { [SYNC_WAVE_ANNOTATION]: '-1' }],
    ['a ClusterRoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' }, { [SYNC_WAVE_ANNOTATION]: '-1' }],
    ['a Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' }, { [SYNC_WAVE_ANNOTATION]: '-1' }],
    ['a RoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' }, { [SYNC_WAVE_ANNOTATION]: '-1' }],
    ['a Secret', { apiVersion: 'v1', kind: 'Secret' }, { [SYNC_WAVE_ANNOTATION]: '1' }],
    [
      'an ExternalSecret (its CRD comes from ESO)',
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' },
      { [SYNC_WAVE_ANNOTATION]: '1', [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' },
    ],
    [
      'a SealedSecret (its CRD comes from Sealed Secrets)',
      { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' },
      { [SYNC_WAVE_ANNOTATION]: '1', [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' },
    ],
    [
      'an NnfContainerProfile (its CRD comes from the NNF software)',
      { apiVersion: 'nnf.cray.hpe.com/v1alpha11', kind: 'NnfContainerProfile' },
      { [SYNC_WAVE_ANNOTATION]: '0', [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' },
    ],
    [
      'a PodSpec-era NnfContainerProfile',
      { apiVersion: 'nnf.cray.hpe.com/v1alpha1', kind: 'NnfContainerProfile' },
      { [SYNC_WAVE_ANNOTATION]: '0', [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' },
    ],
    ['a ConfigMap (built-in, default wave)', { apiVersion: 'v1', kind: 'ConfigMap' }, { [SYNC_WAVE_ANNOTATION]: '0' }],
  ])('%s', (_label, object, expected) => {
    expect(syncAnnotations(object)).toEqual(expected);
  });

  test('keeps the sync options an object has already, adding its own after them', () => {
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { annotations: { [SYNC_OPTIONS_ANNOTATION]: 'ServerSideApply=true, Replace=false' } },
    };
    expect(syncAnnotations(namespace)[SYNC_OPTIONS_ANNOTATION]).toBe('ServerSideApply=true,Replace=false,Prune=false,Delete=false');
    const profile = {
      apiVersion: 'nnf.cray.hpe.com/v1alpha11',
      kind: 'NnfContainerProfile',
      metadata: { annotations: { [SYNC_OPTIONS_ANNOTATION]: 'Replace=true' } },
    };
    expect(syncAnnotations(profile)[SYNC_OPTIONS_ANNOTATION]).toBe('Replace=true,SkipDryRunOnMissingResource=true');
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { annotations: { [SYNC_OPTIONS_ANNOTATION]: 'Prune=false' } } };
    expect(syncAnnotations(configMap)[SYNC_OPTIONS_ANNOTATION]).toBe('Prune=false');
  });

  test('a CRD cannot opt back into pruning: the protection wins, once', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { annotations: { [SYNC_OPTIONS_ANNOTATION]: 'Prune=true,Delete=false' } },
    };
    expect(syncAnnotations(crd)[SYNC_OPTIONS_ANNOTATION]).toBe('Prune=false,Delete=false,ServerSideApply=true');
  });

  test('a Namespace outside the core group is not protected', () => {
    expect(syncAnnotations({ apiVersion: 'example.com/v1', kind: 'Namespace' })).toEqual({
      [SYNC_WAVE_ANNOTATION]: '0',
      [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true',
    });
  });

  test('a kind only matches in its own group', () => {
    // A custom "Secret" kind is neither a core Secret nor built in.
    expect(syncAnnotations({ apiVersion: 'example.com/v1', kind: 'Secret' })).toEqual({
      [SYNC_WAVE_ANNOTATION]: '0',
      [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true',
    });
  });

  test('RBAC syncs before profiles, the CRD before all, and pull secrets after the profiles, so a Degraded one holds back none', () => {
    // DOMAIN.md, "Argo CD in practice": a wave waits for the previous one to be Healthy, and an
    // ExternalSecret whose key is missing stays Degraded.
    const wave = (apiVersion: string, kind: string) => Number(syncAnnotations({ apiVersion, kind })[SYNC_WAVE_ANNOTATION]);
    const crd = wave('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    const profile = wave('nnf.cray.hpe.com/v1alpha11', 'NnfContainerProfile');
    for (const [apiVersion, kind] of [
      ['rbac.authorization.k8s.io/v1', 'Role'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ]) {
      expect(crd).toBeLessThan(wave(apiVersion, kind));
      expect(wave(apiVersion, kind)).toBeLessThan(profile);
    }
    for (const [apiVersion, kind] of [
      ['v1', 'Secret'],
      ['external-secrets.io/v1', 'ExternalSecret'],
      ['bitnami.com/v1alpha1', 'SealedSecret'],
    ]) {
      expect(wave(apiVersion, kind)).toBeGreaterThan(profile);
    }
  });
});

describe('kind tables', () => {
  test('groupOf', () => {
    expect(groupOf('v1')).toBe('');
    expect(groupOf('rbac.authorization.k8s.io/v1')).toBe('rbac.authorization.k8s.io');
    expect(groupOf('nnf.cray.hpe.com/v1alpha11')).toBe('nnf.cray.hpe.com');
  });

  test('cluster-scoped kinds', () => {
    expect(isClusterScoped({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' })).toBe(true);
    expect(isClusterScoped({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' })).toBe(true);
    expect(isClusterScoped({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' })).toBe(true);
    expect(isClusterScoped({ apiVersion: 'v1', kind: 'Namespace' })).toBe(true);
    expect(isClusterScoped({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' })).toBe(false);
    expect(isClusterScoped({ apiVersion: 'v1', kind: 'Secret' })).toBe(false);
    expect(isClusterScoped({ apiVersion: 'nnf.cray.hpe.com/v1alpha11', kind: 'NnfContainerProfile' })).toBe(false);
    expect(isClusterScoped({ apiVersion: 'example.com/v1', kind: 'Namespace' })).toBe(false);
  });

  test('custom resources are those outside the built-in groups', () => {
    expect(isCustomResource({ apiVersion: 'v1', kind: 'Secret' })).toBe(false);
    expect(isCustomResource({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(false);
    expect(isCustomResource({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' })).toBe(false);
    expect(isCustomResource({ apiVersion: 'nnf.cray.hpe.com/v1alpha11', kind: 'NnfContainerProfile' })).toBe(true);
    expect(isCustomResource({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' })).toBe(true);
    expect(isCustomResource({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' })).toBe(true);
  });
});
