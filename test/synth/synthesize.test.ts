import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { ContainerProfile, MpiContainerProfile } from '../../src/profile';
import { defineSite, type EnvironmentProps } from '../../src/site';
import type { ProfileModule } from '../../src/synth/profile-modules';
import { synthesize } from '../../src/synth/synthesize';

const site =
  (...environments: EnvironmentProps[]) =>
  () => ({ default: defineSite({ environments }) });

const simple = (name: string, extra: Record<string, unknown> = {}): ProfileModule => ({
  file: `profiles/${name}.ts`,
  load: () => ({
    default: (scope: never) => new ContainerProfile(scope, name, { containers: [{ name: 'app', image: 'a:1' }], ...extra }),
  }),
});

describe('synthesize', () => {
  test('renders one file per profile and a kustomization per environment', () => {
    const result = synthesize(site({ name: 'prod' }, { name: 'old', apiVersion: 'v1alpha6' }), [simple('one'), simple('two')]);
    expect(result.errors).toEqual([]);
    expect([...result.files.keys()].sort()).toEqual([
      'catalog/index.html',
      'catalog/index.md',
      'catalog/kustomization.yaml',
      'old/kustomization.yaml',
      'old/nnfcontainerprofile-one.yaml',
      'old/nnfcontainerprofile-two.yaml',
      'prod/kustomization.yaml',
      'prod/nnfcontainerprofile-one.yaml',
      'prod/nnfcontainerprofile-two.yaml',
    ]);
    expect(yaml.load(result.files.get('old/kustomization.yaml')!)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['nnfcontainerprofile-one.yaml', 'nnfcontainerprofile-two.yaml'],
    });
    expect(yaml.load(result.files.get('old/nnfcontainerprofile-one.yaml')!)).toMatchObject({ apiVersion: 'nnf.cray.hpe.com/v1alpha6' });
  });

  test('is deterministic and independent of the order modules come in', () => {
    const a = synthesize(site({ name: 'prod' }), [simple('one'), simple('two')]);
    const b = synthesize(site({ name: 'prod' }), [simple('two'), simple('one')]);
    expect([...b.files].sort()).toEqual([...a.files].sort());
    expect(b.files.get('prod/kustomization.yaml')).toBe(a.files.get('prod/kustomization.yaml'));
  });

  test('--env renders only the chosen environment; --api-version overrides the version', () => {
    const result = synthesize(site({ name: 'prod' }, { name: 'old', apiVersion: 'v1alpha6' }), [simple('one')], {
      environments: ['old'],
      apiVersion: 'v1alpha1',
    });
    expect(result.environments).toEqual(['old']);
    expect(yaml.load(result.files.get('old/nnfcontainerprofile-one.yaml')!)).toMatchObject({ apiVersion: 'nnf.cray.hpe.com/v1alpha1' });
  });

  test('fails when --env or --api-version names something unknown', () => {
    const result = synthesize(site({ name: 'prod' }), [simple('one')], { environments: ['nope'], apiVersion: 'v1' });
    expect(result.errors).toEqual([
      '--env nope: no such environment in site.ts (known: prod)',
      '--api-version v1: not a supported version (supported: v1alpha1, v1alpha6, v1alpha7, v1alpha8, v1alpha10, v1alpha11)',
    ]);
    expect(result.files.size).toBe(0);
  });

  test('fails with every problem of every file at once, and no output', () => {
    const throwing: ProfileModule = {
      file: 'profiles/broken.ts',
      load: () => {
        throw new Error('boom');
      },
    };
    const notAFunction: ProfileModule = { file: 'profiles/object.ts', load: () => ({ default: { name: 'x' } }) };
    const mpi: ProfileModule = {
      file: 'profiles/mpi.ts',
      load: () => ({
        default: (scope: never) =>
          new MpiContainerProfile(scope, 'mpi', {
            image: 'm:1',
            copyOffload: true,
            launcher: { containers: [{ name: 'launcher', command: ['mpirun'] }] },
          }),
      }),
    };
    const result = synthesize(site({ name: 'prod', apiVersion: 'v1alpha6' }), [throwing, notAFunction, mpi, simple('fine')]);
    expect(result.files.size).toBe(0);
    expect(result.errors).toEqual([
      'profiles/broken.ts: loading the module failed: boom',
      expect.stringContaining('profiles/object.ts: the default export must be a function that creates the profile'),
      'job: profiles/mpi.ts: mpi: copyOffload: v1alpha6 cannot express this field (available in v1alpha7 and later); remove it or render for a version that has it [render/unsupported-field]',
    ]);
  });

  test('lists a problem several environments share once, naming them', () => {
    const result = synthesize(site({ name: 'a', apiVersion: 'v1alpha6' }, { name: 'b', apiVersion: 'v1alpha7' }, { name: 'c' }), [
      simple('one', { createContainer: true }),
    ]);
    expect(result.errors).toEqual([
      '[a] job: profiles/one.ts: one: createContainer: v1alpha6 cannot express this field (available in v1alpha11 only); remove it or render for a version that has it [render/unsupported-field]',
      '[b] job: profiles/one.ts: one: createContainer: v1alpha7 cannot express this field (available in v1alpha11 only); remove it or render for a version that has it [render/unsupported-field]',
    ]);
    const thrown = synthesize(site({ name: 'a' }, { name: 'b' }), [
      {
        file: 'profiles/x.ts',
        load: () => ({
          default: () => {
            throw new Error('bad props');
          },
        }),
      },
    ]);
    expect(thrown.errors).toEqual([expect.stringMatching(/^\[a, b\] profiles\/x\.ts: bad props/)]);
  });

  test('lists a problem in an MPI pod once for both eras, at the prop path the author wrote', () => {
    const credential = ['not', 'real', String(7 * 6)].join('-');
    const mpi: ProfileModule = {
      file: 'profiles/mpi.ts',
      load: () => ({
        default: (scope: never) =>
          new MpiContainerProfile(scope, 'mpi', {
            image: 'm:1',
            launcher: { containers: [{ name: 'launcher', command: ['mpirun', 'app'], env: [{ name: 'DB_PASSWORD', value: credential }] }] },
          }),
      }),
    };
    // v1alpha6 renders the launcher at data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec, v1alpha11 at data.mpiSpec.launcher.
    const result = synthesize(site({ name: 'a', apiVersion: 'v1alpha6' }, { name: 'c' }), [mpi]);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^\[a, c\] policy: profiles\/mpi\.ts: mpi: launcher\.containers\[0\]\.env\[0\]\.value: env var 'DB_PASSWORD' .*\[secrets\/env-credential\]$/,
      ),
    ]);
  });

  const withExtras: ProfileModule = {
    file: 'profiles/extras.ts',
    load: () => ({
      default: (scope: Construct) => {
        new ContainerProfile(scope, 'extras', { containers: [{ name: 'app', image: 'a:1' }] });
        new ApiObject(scope, 'inside', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inside', namespace: 'nnf-system' } });
        new ApiObject(Chart.of(scope), 'outside', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'outside', namespace: 'nnf-system' },
        });
      },
    }),
  };

  test('renders other objects a profile file makes, inside its scope or in the chart, when the site allows their kind', () => {
    const allowing = () => ({
      default: defineSite({ environments: [{ name: 'prod' }], allowedProfileObjects: [{ apiGroup: '', kind: 'ConfigMap' }] }),
    });
    const result = synthesize(allowing, [withExtras, simple('one')]);
    expect(result.errors).toEqual([]);
    expect(yaml.load(result.files.get('prod/kustomization.yaml')!)).toMatchObject({
      resources: ['configmap-inside.yaml', 'configmap-outside.yaml', 'nnfcontainerprofile-extras.yaml', 'nnfcontainerprofile-one.yaml'],
    });
    expect(yaml.load(result.files.get('prod/configmap-outside.yaml')!)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'outside', namespace: 'nnf-system' },
    });
  });

  test('fails when a profile file makes another kind the site does not allow, naming the file even outside its scope', () => {
    const result = synthesize(site({ name: 'prod' }), [simple('one'), withExtras]);
    const refusal = (name: string) =>
      `profiles/extras.ts: ConfigMap nnf-system/${name}: not an NnfContainerProfile: profile modules create NnfContainerProfiles only, and site.ts allows no ConfigMap (core group) in namespace nnf-system (allowedProfileObjects) [policy/profile-object]`;
    expect(result.errors).toEqual([refusal('inside'), refusal('outside')]);
    expect(result.files.size).toBe(0);
  });

  test('fails when the site’s own RBAC binds a system: group, naming site.ts: rbac', () => {
    const exposed = () => ({
      default: defineSite({ environments: [{ name: 'prod' }], rbac: { viewers: { groups: ['system:authenticated'] } } }),
    });
    expect(synthesize(exposed, [simple('one')]).errors).toEqual([
      "policy: site.ts: rbac: RoleBinding nnf-system/nnf-profiles-viewers: subjects[0]: binds group system:authenticated: system: groups are identities the cluster assigns itself (system:authenticated is every signed-in user and service account), not the site's people. To fix: bind the site's own groups or users [rbac/system-subject]",
    ]);
  });

  test('the AppProject permits what the site declares: an allowed kind with no object, and nothing a profile makes beyond it', () => {
    const declared = () => ({
      default: defineSite({
        environments: [{ name: 'prod' }],
        allowedProfileObjects: [{ apiGroup: '', kind: 'ConfigMap', namespaces: ['tools'] }],
        argocd: { repoURL: 'https://git.example.com/site.git' },
      }),
    });
    const result = synthesize(declared, [simple('one')]);
    expect(result.errors).toEqual([]);
    const project = yaml.load(result.files.get('argocd/appproject-nnf-profiles.yaml')!) as { spec: Record<string, unknown> };
    expect(project.spec).toMatchObject({
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'nnf-system' },
        { server: 'https://kubernetes.default.svc', namespace: 'tools' },
      ],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: '', kind: 'ConfigMap' },
        { group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' },
      ],
    });
  });

  test('fails when site.ts does not export a site', () => {
    expect(synthesize(() => ({ default: 42 }), []).errors).toEqual(['site.ts: the default export must be defineSite({ ... })']);
  });
});
