import { defineSite, siteProblems } from '../../src/site';

describe('defineSite', () => {
  test('resolves the documented defaults', () => {
    expect(defineSite({ environments: [{ name: 'prod' }] })).toEqual({
      environments: [
        {
          name: 'prod',
          apiVersion: 'v1alpha11',
          profileNamespace: 'nnf-system',
          containerNamespace: 'default',
          imageRelocations: {},
          cluster: 'https://kubernetes.default.svc',
        },
      ],
      allowedProfileObjects: [],
      pullSecrets: [],
      rbac: {},
      policy: {},
    });
  });

  test('keeps what the site sets', () => {
    const [env] = defineSite({
      environments: [
        { name: 'old', apiVersion: 'v1alpha1', profileNamespace: 'nnf', containerNamespace: 'jobs', imageRelocations: { 'docker.io': 'm.example.com' } },
      ],
    }).environments;
    expect(env).toEqual({
      name: 'old',
      apiVersion: 'v1alpha1',
      profileNamespace: 'nnf',
      containerNamespace: 'jobs',
      imageRelocations: { 'docker.io': 'm.example.com' },
      cluster: 'https://kubernetes.default.svc',
    });
  });

  test('fails when settings are wrong, listing every problem', () => {
    const props = {
      environments: [{ name: 'prod' }, { name: 'prod' }, { name: 'Bad/Name' }, { name: 'argocd' }, { name: 'x', apiVersion: 'v2' }, { name: 'y', containerNamespace: 'No' }],
    };
    expect(siteProblems(props as never)).toEqual([
      "environments[1] (prod).name: environment 'prod' is declared twice",
      'environments[2] (Bad/Name).name: must be a lower-case DNS label (it names a directory under dist/)',
      "environments[3] (argocd).name: 'argocd' is reserved for generated output under dist/",
      "environments[4] (x).apiVersion: 'v2' is not one of v1alpha1, v1alpha6, v1alpha7, v1alpha8, v1alpha10, v1alpha11",
      "environments[5] (y).containerNamespace: 'No' is not a valid namespace name",
    ]);
    expect(() => defineSite(props as never)).toThrow("site settings:\n  environments[1] (prod).name: environment 'prod' is declared twice");
  });

  test('keeps the kinds profile modules may create besides profiles', () => {
    const allowed = [{ apiGroup: '', kind: 'ConfigMap' }, { apiGroup: 'apps', kind: 'Deployment', namespaces: ['tools'] }];
    expect(defineSite({ environments: [{ name: 'prod' }], allowedProfileObjects: allowed }).allowedProfileObjects).toEqual(allowed);
  });

  test('fails when an allowed profile object is cluster-scoped, malformed or the profile kind itself', () => {
    const props = {
      environments: [{ name: 'prod' }],
      allowedProfileObjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        { apiGroup: '', kind: 'Namespace', namespaces: ['x'] },
        { apiGroup: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' },
        { apiGroup: 'Apps!', kind: 'configmap' },
        { apiGroup: '', kind: 'ConfigMap', namespaces: [] },
        { apiGroup: '', kind: 'ConfigMap', namespaces: ['ok', 'Not OK'] },
      ],
    };
    expect(siteProblems(props as never)).toEqual([
      'allowedProfileObjects[0] (ClusterRoleBinding): ClusterRoleBinding is cluster-scoped, and profile modules may never create cluster-scoped objects: they would reach past every namespace the site gives its profiles; remove this entry',
      'allowedProfileObjects[1] (Namespace): Namespace is cluster-scoped, and profile modules may never create cluster-scoped objects: they would reach past every namespace the site gives its profiles; remove this entry',
      'allowedProfileObjects[2] (NnfContainerProfile): profile modules always create NnfContainerProfiles, in the profile namespace only; remove this entry',
      'allowedProfileObjects[3] (configmap).apiGroup: "Apps!" is not an API group (e.g. \'apps\'; \'\' for the core group)',
      'allowedProfileObjects[3] (configmap).kind: "configmap" is not a kind (e.g. \'ConfigMap\')',
      'allowedProfileObjects[4] (ConfigMap).namespaces: must be a non-empty list of namespaces (omit it for the profile namespace)',
      "allowedProfileObjects[5] (ConfigMap).namespaces[1]: 'Not OK' is not a valid namespace name",
    ]);
    expect(() => defineSite(props as never)).toThrow('site settings:\n  allowedProfileObjects[0] (ClusterRoleBinding): ClusterRoleBinding is cluster-scoped');
  });

  test('fails when there is no environment', () => {
    expect(siteProblems({ environments: [] })).toEqual(['environments: declare at least one environment']);
  });
});
