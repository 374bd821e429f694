import { defineSite, siteProblems } from '../../src/site';

describe('site settings keys checked at run time', () => {
  test('accept every documented setting', () => {
    expect(
      siteProblems({
        environments: [
          {
            name: 'prod',
            apiVersion: 'v1alpha6',
            profileNamespace: 'nnf',
            containerNamespace: 'jobs',
            imageRelocations: {},
            cluster: 'https://k',
            crdFile: 'crd.yaml',
          },
        ],
        allowedProfileObjects: [{ apiGroup: '', kind: 'ConfigMap', namespaces: ['nnf-system'] }],
        pullSecrets: [],
        rbac: { viewers: { groups: ['hpc'] }, editors: { users: ['admin'] } },
        policy: { allowedRegistries: ['ghcr.io'], exceptionsAllowed: ['privileged'] },
        argocd: {
          repoURL: 'https://git.example.com/x.git',
          targetRevision: 'main',
          namespace: 'argocd',
          project: 'p',
          prune: true,
          selfHeal: true,
          applicationSet: false,
        },
      }),
    ).toEqual([]);
  });

  test('fails when a setting is misspelt or misplaced anywhere, listing them with the other problems', () => {
    const props = {
      environments: [{ name: 'prod', apiVerison: 'v1alpha6' }, { name: 'prod' }],
      apiVersion: 'v1alpha6',
      rbac: { viewers: { group: ['hpc'] }, groups: ['hpc'] },
      policy: { allowedRegistry: ['ghcr.io'] },
      argocd: { repoURL: 'https://git.example.com/x.git', selfheal: false },
      allowedProfileObjects: [{ apiGroup: '', kind: 'ConfigMap', namespace: 'nnf-system' }],
    };
    expect(siteProblems(props as never)).toEqual([
      "environments[0].apiVerison: unknown setting; did you mean 'apiVersion'?",
      'apiVersion: apiVersion is a setting of an environment, not of the site',
      "rbac.viewers.group: unknown setting; did you mean 'groups'?",
      'rbac.groups: groups is a setting of viewers or editors, not of rbac',
      'policy.allowedRegistry: unknown setting (known: allowedRegistries, exceptionsAllowed)',
      "argocd.selfheal: unknown setting; did you mean 'selfHeal'?",
      "allowedProfileObjects[0].namespace: unknown setting; did you mean 'namespaces'?",
      "environments[1] (prod).name: environment 'prod' is declared twice",
    ]);
    expect(() => defineSite(props as never)).toThrow(
      "site settings:\n  environments[0].apiVerison: unknown setting; did you mean 'apiVersion'?\n",
    );
  });

  test('fails when environments is misspelt, also saying that one is needed', () => {
    expect(siteProblems({ environment: [{ name: 'prod' }] } as never)).toEqual([
      "environment: unknown setting; did you mean 'environments'?",
      'environments: declare at least one environment',
    ]);
  });
});
