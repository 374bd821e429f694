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
          workloadManager: 'slurm',
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
        {
          name: 'old',
          apiVersion: 'v1alpha1',
          profileNamespace: 'nnf',
          containerNamespace: 'jobs',
          imageRelocations: { 'docker.io': 'm.example.com' },
        },
      ],
    }).environments;
    expect(env).toEqual({
      name: 'old',
      apiVersion: 'v1alpha1',
      profileNamespace: 'nnf',
      containerNamespace: 'jobs',
      imageRelocations: { 'docker.io': 'm.example.com' },
      cluster: 'https://kubernetes.default.svc',
      workloadManager: 'slurm',
    });
  });

  test('keeps the workload manager an environment names', () => {
    const { environments } = defineSite({
      environments: [
        { name: 'prod', workloadManager: 'flux' },
        { name: 'old', workloadManager: 'slurm' },
      ],
    });
    expect(environments.map((e) => e.workloadManager)).toEqual(['flux', 'slurm']);
  });

  test('fails when the workload manager is not flux or slurm, naming the environment and the setting', () => {
    const props = {
      environments: [
        { name: 'prod', workloadManager: 'pbs' },
        { name: 'dev', workloadManager: 'Flux' },
      ],
    };
    expect(siteProblems(props as never)).toEqual([
      'environments[0] (prod).workloadManager: "pbs" is not one of flux, slurm (omit it for bare #DW lines, as with \'slurm\')',
      'environments[1] (dev).workloadManager: "Flux" is not one of flux, slurm (omit it for bare #DW lines, as with \'slurm\')',
    ]);
    expect(() => defineSite(props as never)).toThrow(
      'site settings:\n  environments[0] (prod).workloadManager: "pbs" is not one of flux, slurm',
    );
  });

  test('fails when settings are wrong, listing every problem', () => {
    const props = {
      environments: [
        { name: 'prod' },
        { name: 'prod' },
        { name: 'Bad/Name' },
        { name: 'argocd' },
        { name: 'x', apiVersion: 'v2' },
        { name: 'y', containerNamespace: 'No' },
      ],
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
    const allowed = [
      { apiGroup: '', kind: 'ConfigMap' },
      { apiGroup: 'apps', kind: 'Deployment', namespaces: ['tools'] },
    ];
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
      "allowedProfileObjects[3] (configmap).apiGroup: \"Apps!\" is not an API group (e.g. 'apps'; '' for the core group)",
      'allowedProfileObjects[3] (configmap).kind: "configmap" is not a kind (e.g. \'ConfigMap\')',
      'allowedProfileObjects[4] (ConfigMap).namespaces: must be a non-empty list of namespaces (omit it for the profile namespace)',
      "allowedProfileObjects[5] (ConfigMap).namespaces[1]: 'Not OK' is not a valid namespace name",
    ]);
    expect(() => defineSite(props as never)).toThrow(
      'site settings:\n  allowedProfileObjects[0] (ClusterRoleBinding): ClusterRoleBinding is cluster-scoped',
    );
  });

  test('fails when there is no environment', () => {
    expect(siteProblems({ environments: [] })).toEqual(['environments: declare at least one environment']);
  });
});

describe('environment ports', () => {
  test('keeps the port ranges the site lists, and leaves them unset by default', () => {
    const ports = [
      { start: 5000, end: 5999 },
      { start: 7000, end: 7000 },
    ];
    const [listed, unlisted] = defineSite({ environments: [{ name: 'prod', ports }, { name: 'test' }] }).environments;
    expect(listed.ports).toEqual(ports);
    expect(unlisted.ports).toBeUndefined();
  });

  test('fails when the ranges are not ports, reversed, overlapping or empty, naming each', () => {
    const props = {
      environments: [
        {
          name: 'a',
          ports: [
            { start: 0, end: 10 },
            { start: 5000, end: 4000 },
            { start: 100, end: 200 },
            { start: 150, end: 150 },
            { start: 1.5, end: 70000 },
            null,
          ],
        },
        { name: 'b', ports: [] },
        { name: 'c', ports: { start: 1, end: 2 } },
      ],
    };
    expect(siteProblems(props as never)).toEqual([
      'environments[0] (a).ports[0]: {"start":0,"end":10} is not { start, end } with both ports integers from 1 to 65535',
      'environments[0] (a).ports[1]: start 5000 is above end 4000; write the lower port as start',
      'environments[0] (a).ports[4]: {"start":1.5,"end":70000} is not { start, end } with both ports integers from 1 to 65535',
      'environments[0] (a).ports[5]: null is not { start, end } with both ports integers from 1 to 65535',
      'environments[0] (a).ports[3]: 150-150 overlaps ports[2] (100-200); list each port once',
      "environments[1] (b).ports: must be a non-empty list of { start, end } port ranges (omit it when the cluster's ports are not known)",
      "environments[2] (c).ports: must be a non-empty list of { start, end } port ranges (omit it when the cluster's ports are not known)",
    ]);
  });

  test('fails on a misspelt key, which the key list of environment settings catches', () => {
    expect(siteProblems({ environments: [{ name: 'a', port: [{ start: 1, end: 2 }] }] } as never)).toEqual([
      "environments[0].port: unknown setting; did you mean 'ports'?",
    ]);
  });
});
