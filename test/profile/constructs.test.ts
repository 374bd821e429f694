import { App, Chart } from 'cdk8s';
import { arg, ContainerProfile, MpiContainerProfile, Storage } from '../../src/profile';
import { PullSecret } from '../../src/secrets/pull-secret';
import { environmentChart, profileScope, validationErrors } from '../helpers/environment';

describe('Storage', () => {
  test('prefixes names by kind', () => {
    expect(Storage.job('scratch').name).toBe('DW_JOB_scratch');
    expect(Storage.persistent('shared').name).toBe('DW_PERSISTENT_shared');
    expect(Storage.global('lus', { pvcMode: 'ReadOnlyMany' }).toModel()).toEqual({
      name: 'DW_GLOBAL_lus',
      kind: 'global',
      optional: false,
      pvcMode: 'ReadOnlyMany',
    });
  });

  test('accepts a name already carrying its own prefix', () => {
    expect(Storage.job('DW_JOB_scratch').name).toBe('DW_JOB_scratch');
  });

  test('fails when the name carries another kind’s prefix', () => {
    expect(() => Storage.job('DW_PERSISTENT_x')).toThrow(
      "Storage.job('DW_PERSISTENT_x'): a job storage's name starts with DW_JOB_; give the part after it",
    );
  });

  test('fails when the name could never be a #DW argument', () => {
    expect(() => Storage.job('my-data')).toThrow("'my-data' must match [a-z][a-z0-9_]+");
    expect(() => Storage.persistent('Data')).toThrow("'Data' must match [a-z][a-z0-9_]+");
  });

  test('path() references the mount point or a path below it', () => {
    const scratch = Storage.job('scratch');
    expect(String(scratch.path())).toBe('$(DW_JOB_scratch)');
    expect(String(scratch.path('/a/b'))).toBe('$(DW_JOB_scratch)/a/b');
  });
});

describe('arg', () => {
  test('mixes text and storage paths', () => {
    const scratch = Storage.job('scratch');
    const built = arg`--out=${scratch.path('results')} --n=${4}`;
    expect(built.parts).toEqual(['--out=', scratch.path('results'), ' --n=', '4']);
    expect(String(built)).toBe('--out=$(DW_JOB_scratch)/results --n=4');
  });
});

describe('PullSecret', () => {
  test('fails when the name is not a Kubernetes secret name', () => {
    expect(() => PullSecret.existing('Bad_Name')).toThrow("PullSecret 'Bad_Name': not a valid Kubernetes secret name");
  });
});

describe('ContainerProfile', () => {
  test('defaults retryLimit to 6 and labels the object as managed by nnf-profiles', () => {
    const chart = environmentChart();
    const profile = new ContainerProfile(chart, 'app', { containers: [{ name: 'app', image: 'a:1' }] });
    expect(profile.model.retryLimit).toBe(6);
    expect(profile.apiObject.toJson()).toMatchObject({
      metadata: { name: 'app', namespace: 'nnf-system', labels: { 'app.kubernetes.io/managed-by': 'nnf-profiles' } },
      data: { pinned: false, retryLimit: 6 },
    });
  });

  test('renders for the environment’s version and namespace', () => {
    const chart = environmentChart('v1alpha6', { profileNamespace: 'nnf-profiles-test' });
    const profile = new ContainerProfile(chart, 'app', { containers: [{ name: 'app', image: 'a:1' }] });
    expect(profile.apiObject.toJson()).toMatchObject({
      apiVersion: 'nnf.cray.hpe.com/v1alpha6',
      metadata: { namespace: 'nnf-profiles-test' },
    });
  });

  test('annotates the object with its source file', () => {
    const scope = profileScope('profiles/app.ts');
    const profile = new ContainerProfile(scope, 'app', { containers: [{ name: 'app', image: 'a:1' }] });
    expect(profile.sourceFile).toBe('profiles/app.ts');
    expect(profile.apiObject.toJson().metadata.annotations).toEqual({ 'nnf-profiles/source': 'profiles/app.ts' });
  });

  test('annotates the object with its description, white space collapsed', () => {
    const scope = profileScope('profiles/app.ts');
    const profile = new ContainerProfile(scope, 'app', {
      description: '  Runs the app\n  on each Rabbit node.  ',
      annotations: { team: 'hpc' },
      containers: [{ name: 'app', image: 'a:1' }],
    });
    expect(profile.apiObject.toJson().metadata.annotations).toEqual({
      'nnf-profiles/source': 'profiles/app.ts',
      team: 'hpc',
      'nnf-profiles/description': 'Runs the app on each Rabbit node.',
    });
    expect(validationErrors(scope)).toEqual([]);
    const without = new ContainerProfile(environmentChart(), 'other', { containers: [{ name: 'app', image: 'a:1' }] });
    expect(without.apiObject.toJson().metadata.annotations).toBeUndefined();
  });

  test('fails when created outside an environment chart', () => {
    const chart = new Chart(new App(), 'plain');
    expect(() => new ContainerProfile(chart, 'app', { containers: [{ name: 'app', image: 'a:1' }] })).toThrow(
      "profile 'app': create it inside an EnvironmentChart",
    );
  });

  test('fails at validation, naming file, profile, prop and version, when the version cannot express a prop', () => {
    const scope = profileScope('profiles/app.ts', 'v1alpha8');
    new ContainerProfile(scope, 'app', { createContainer: false, containers: [{ name: 'app', image: 'a:1' }] });
    expect(validationErrors(scope)).toEqual([
      'job: profiles/app.ts: app: createContainer: v1alpha8 cannot express this field (available in v1alpha11 only); ' +
        'remove it or render for a version that has it [render/unsupported-field]',
    ]);
  });
});

describe('MpiContainerProfile', () => {
  test('shares the profile image and pull secrets between launcher and a default worker', () => {
    const chart = environmentChart();
    const profile = new MpiContainerProfile(chart, 'mpi', {
      image: 'mpi:1',
      pullSecrets: [PullSecret.existing('regcred')],
      launcher: { containers: [{ name: 'launcher', command: ['mpirun', 'hostname'] }] },
    });
    expect(profile.apiObject.toJson().data.mpiSpec).toEqual({
      launcher: {
        containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'], imagePullPolicy: 'IfNotPresent' }],
        imagePullSecrets: [{ name: 'regcred' }],
      },
      worker: {
        containers: [{ name: 'worker', image: 'mpi:1', imagePullPolicy: 'IfNotPresent' }],
        imagePullSecrets: [{ name: 'regcred' }],
      },
      slotsPerWorker: 1,
      copyOffload: false,
    });
  });

  test('a container’s own image wins over the profile image', () => {
    const profile = new MpiContainerProfile(environmentChart(), 'mpi', {
      image: 'mpi:1',
      launcher: { containers: [{ name: 'launcher', image: 'mpi:2', command: ['mpirun', 'true'] }] },
    });
    expect(profile.model.workload).toMatchObject({
      launcher: { containers: [{ image: 'mpi:2' }] },
      worker: { containers: [{ image: 'mpi:1' }] },
    });
  });

  test('fails when a container has no image and the profile none either', () => {
    expect(
      () =>
        new MpiContainerProfile(environmentChart(), 'mpi', {
          launcher: { containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun'] }] },
          worker: { containers: [{ name: 'worker' }] },
        }),
    ).toThrow("profile 'mpi': worker.containers container 'worker' has no image and the profile sets no image");
  });
});

describe('ProfileSource', () => {
  test('accepts one profile named like its file', () => {
    const scope = profileScope('profiles/app.ts');
    new ContainerProfile(scope, 'app', { containers: [{ name: 'app', image: 'a:1' }] });
    expect(validationErrors(scope)).toEqual([]);
  });

  test('fails when the profile and file names disagree', () => {
    const scope = profileScope('profiles/app.ts');
    new ContainerProfile(scope, 'other', { containers: [{ name: 'app', image: 'a:1' }] });
    expect(validationErrors(scope)).toEqual([
      "profiles/app.ts: other: the profile's name and its file's name must agree; rename the file to other.ts or the profile to app",
    ]);
  });

  test('fails when a file defines no profile or two', () => {
    const empty = profileScope('profiles/none.ts');
    expect(validationErrors(empty)).toEqual([
      'profiles/none.ts: defines no profile; its default export must create one ContainerProfile or MpiContainerProfile',
    ]);
    const two = profileScope('profiles/two.ts');
    new ContainerProfile(two, 'two', { containers: [{ name: 'a', image: 'a:1' }] });
    new ContainerProfile(two, 'three', { containers: [{ name: 'a', image: 'a:1' }] });
    expect(validationErrors(two)).toEqual(['profiles/two.ts: defines 2 profiles (two, three); put each profile in a file of its own']);
  });
});
