import { defineSite, type EnvironmentProps, siteProblems } from '../../src/site';

const environment = (props: Partial<EnvironmentProps>) => defineSite({ environments: [{ name: 'env', ...props }] }).environments[0];
const problems = (props: Record<string, unknown>) => siteProblems({ environments: [{ name: 'env', ...props } as EnvironmentProps] });

describe('an environment naming its CRD', () => {
  test('renders the storage version of the CRD unless apiVersion says otherwise', () => {
    expect(environment({ crd: 'v1alpha6-v1alpha8' })).toMatchObject({
      apiVersion: 'v1alpha8',
      crd: 'v1alpha6-v1alpha8',
      storageVersion: 'v1alpha8',
    });
    expect(environment({ crd: 'v1alpha9-v1alpha11' })).toMatchObject({ apiVersion: 'v1alpha11', storageVersion: 'v1alpha11' });
    expect(environment({ crd: 'v1alpha6-v1alpha8', apiVersion: 'v1alpha6' })).toMatchObject({
      apiVersion: 'v1alpha6',
      storageVersion: 'v1alpha8',
    });
  });

  test('without a CRD, renders apiVersion (default v1alpha11) and knows no storage version', () => {
    const env = environment({ apiVersion: 'v1alpha6' });
    expect(env.apiVersion).toBe('v1alpha6');
    expect(env.storageVersion).toBeUndefined();
    expect(environment({}).apiVersion).toBe('v1alpha11');
  });

  test('fails when the CRD does not serve apiVersion', () => {
    expect(problems({ crd: 'v1alpha6-v1alpha8', apiVersion: 'v1alpha11' })).toEqual([
      'environments[0] (env).apiVersion: CRD v1alpha6-v1alpha8 does not serve v1alpha11 (it serves v1alpha6, v1alpha7, v1alpha8 and stores v1alpha8); omit apiVersion to render v1alpha8',
    ]);
  });

  test('fails when the CRD is not one NNF installs', () => {
    expect(problems({ crd: 'v1alpha6' })).toEqual([
      'environments[0] (env).crd: "v1alpha6" is not one of v1alpha1, v1alpha6-v1alpha8, v1alpha9-v1alpha11',
    ]);
  });

  test('fails when allowLossyConversion is given without a CRD, or is not a boolean', () => {
    expect(problems({ apiVersion: 'v1alpha6', allowLossyConversion: true })).toEqual([
      'environments[0] (env).allowLossyConversion: has no effect without crd; name the CRD the cluster runs',
    ]);
    expect(problems({ crd: 'v1alpha6-v1alpha8', allowLossyConversion: 'yes' })).toEqual([
      'environments[0] (env).allowLossyConversion: must be true or false',
    ]);
  });

  test('accepts crd and allowLossyConversion as environment settings', () => {
    expect(problems({ crd: 'v1alpha6-v1alpha8', apiVersion: 'v1alpha6', allowLossyConversion: true })).toEqual([]);
  });
});
