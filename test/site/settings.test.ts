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

  test('fails when there is no environment', () => {
    expect(siteProblems({ environments: [] })).toEqual(['environments: declare at least one environment']);
  });
});
