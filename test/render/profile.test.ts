import type { ApiVersion, ProfileModel } from '../../src/model';
import { renderProfile } from '../../src/render';
import { mpiModel, podModel, profileModel } from '../helpers/profile-models';

const pod = podModel;
const profile = profileModel;
const mpi = mpiModel;

const render = (model: ProfileModel, apiVersion: ApiVersion = 'v1alpha11') =>
  renderProfile(model, { apiVersion, namespace: 'nnf-system', imageRelocations: {} });

describe('renderProfile, both eras', () => {
  test('writes pinned: false, retryLimit, storages and the schema defaults explicitly, and nothing else the profile does not set', () => {
    const { object, problems } = render(profile());
    expect(problems).toEqual([]);
    expect(object).toEqual({
      apiVersion: 'nnf.cray.hpe.com/v1alpha11',
      kind: 'NnfContainerProfile',
      metadata: { name: 'example', namespace: 'nnf-system' },
      data: {
        pinned: false,
        retryLimit: 6,
        storages: [{ name: 'DW_JOB_scratch', optional: false }],
        preRunTimeoutSeconds: 300,
        postRunTimeoutSeconds: 300,
        createContainer: true,
        spec: { containers: [{ name: 'app', image: 'alpine:3.20', command: ['true'], imagePullPolicy: 'IfNotPresent' }] },
      },
    });
  });

  test('writes the timeouts a profile sets, and 300 (the schema default) otherwise', () => {
    expect(render(profile({ preRunTimeoutSeconds: 0 }), 'v1alpha6').object.data).toMatchObject({
      preRunTimeoutSeconds: 0,
      postRunTimeoutSeconds: 300,
    });
  });

  test('leaves imagePullPolicy to Kubernetes in the PodSpec era, where the schema defaults none', () => {
    const spec = render(profile(), 'v1alpha6').object.data.spec as { containers: Array<Record<string, unknown>> };
    expect(spec.containers[0]).not.toHaveProperty('imagePullPolicy');
  });

  test('renders storage references as $(NAME) with the sub-path', () => {
    const model = profile({
      workload: {
        kind: 'single',
        pod: pod({
          containers: [
            {
              name: 'app',
              image: 'alpine:3.20',
              args: [
                { parts: [{ storageName: 'DW_JOB_scratch', subPath: 'out' }] },
                { parts: ['--in=', { storageName: 'DW_JOB_scratch' }] },
              ],
            },
          ],
        }),
      },
    });
    const spec = render(model).object.data.spec as { containers: Array<{ args: string[] }> };
    expect(spec.containers[0].args).toEqual(['$(DW_JOB_scratch)/out', '--in=$(DW_JOB_scratch)']);
  });

  test('fails when a command refers to a storage the profile does not declare', () => {
    const model = profile({
      workload: {
        kind: 'single',
        pod: pod({ containers: [{ name: 'app', image: 'a:1', command: ['ls', { parts: [{ storageName: 'DW_JOB_other' }] }] }] }),
      },
    });
    expect(render(model).problems).toEqual([
      {
        rule: 'render/undeclared-storage',
        path: 'data.spec.containers[0].command[1]',
        message: 'refers to storage DW_JOB_other, which the profile does not declare; add it to storages',
      },
    ]);
  });

  test('puts pull secrets on the pod as imagePullSecrets', () => {
    const spec = render(profile({ workload: { kind: 'single', pod: pod({ pullSecrets: ['regcred'] }) } })).object.data.spec;
    expect(spec).toMatchObject({ imagePullSecrets: [{ name: 'regcred' }] });
  });

  test('relocates images with the target’s map', () => {
    const { object } = renderProfile(profile(), {
      apiVersion: 'v1alpha11',
      namespace: 'nnf-system',
      imageRelocations: { 'docker.io': 'mirror.example.com/hub' },
    });
    expect(object.data.spec).toMatchObject({ containers: [{ image: 'mirror.example.com/hub/library/alpine:3.20' }] });
  });

  test('the pure function gives equal output for equal input', () => {
    expect(render(profile({ workload: mpi() }), 'v1alpha1')).toEqual(render(profile({ workload: mpi() }), 'v1alpha1'));
  });
});

describe('renderProfile, PodSpec era (v1alpha1–v1alpha6)', () => {
  test('renders MPI as an MPIJobSpec with the seed’s defaults', () => {
    const { object, problems } = render(profile({ workload: mpi() }), 'v1alpha6');
    expect(problems).toEqual([]);
    expect(object.data.mpiSpec).toEqual({
      mpiImplementation: 'OpenMPI',
      mpiReplicaSpecs: {
        Launcher: { template: { spec: { containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'] }] } } },
        Worker: { template: { spec: { containers: [{ name: 'worker', image: 'mpi:1' }] } } },
      },
      runPolicy: { cleanPodPolicy: 'Running', suspend: false },
      slotsPerWorker: 1,
      sshAuthMountPath: '/root/.ssh',
    });
  });

  test('an explicit runPolicy is merged over the defaults', () => {
    const { object } = render(profile({ workload: mpi({ runPolicy: { ttlSecondsAfterFinished: 60 } }) }), 'v1alpha1');
    expect((object.data.mpiSpec as Record<string, unknown>).runPolicy).toEqual({
      cleanPodPolicy: 'Running',
      suspend: false,
      ttlSecondsAfterFinished: 60,
    });
  });

  test('merges PodSpec-era pod and container fields', () => {
    const model = profile({
      workload: {
        kind: 'single',
        pod: pod({
          podSpecEraFields: { nodeSelector: { rabbit: 'true' } },
          containers: [{ name: 'app', image: 'a:1', podSpecEraFields: { resources: { limits: { cpu: '1' } } } }],
        }),
      },
    });
    const { object, problems } = render(model, 'v1alpha6');
    expect(problems).toEqual([]);
    expect(object.data.spec).toEqual({
      nodeSelector: { rabbit: 'true' },
      containers: [{ name: 'app', image: 'a:1', resources: { limits: { cpu: '1' } } }],
    });
  });

  test('fails when copyOffload is set', () => {
    expect(render(profile({ workload: mpi({ copyOffload: true }) }), 'v1alpha6').problems).toEqual([
      {
        rule: 'render/unsupported-field',
        path: 'data.mpiSpec.copyOffload',
        message: 'v1alpha6 cannot express this field (available in v1alpha7 and later); remove it or render for a version that has it',
      },
    ]);
  });

  test.each(['v1alpha1', 'v1alpha6', 'v1alpha7', 'v1alpha10'] as const)('fails when createContainer is set for %s', (version) => {
    const { object, problems } = render(profile({ createContainer: false }), version);
    expect(problems.map((p) => p.path)).toEqual(['data.createContainer']);
    expect(problems[0].message).toContain(`${version} cannot express this field (available in v1alpha11 only)`);
    expect(object.data).not.toHaveProperty('createContainer');
  });
});

describe('renderProfile, NnfPodSpec era (v1alpha7 and later)', () => {
  test('renders MPI as launcher and worker without the operator-owned fields', () => {
    const { object, problems } = render(profile({ workload: mpi({ copyOffload: true }) }), 'v1alpha7');
    expect(problems).toEqual([]);
    expect(object.data.mpiSpec).toEqual({
      launcher: { containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'], imagePullPolicy: 'IfNotPresent' }] },
      worker: { containers: [{ name: 'worker', image: 'mpi:1', imagePullPolicy: 'IfNotPresent' }] },
      slotsPerWorker: 1,
      copyOffload: true,
    });
  });

  test('writes copyOffload false, the schema default, when the profile does not set it', () => {
    expect(render(profile({ workload: mpi() }), 'v1alpha8').object.data.mpiSpec).toMatchObject({ copyOffload: false });
  });

  test('keeps an imagePullPolicy the profile sets', () => {
    const model = profile({
      workload: { kind: 'single', pod: pod({ containers: [{ name: 'app', image: 'app:latest', imagePullPolicy: 'Always' }] }) },
    });
    const spec = render(model).object.data.spec as { containers: Array<Record<string, unknown>> };
    expect(spec.containers[0].imagePullPolicy).toBe('Always');
  });

  test('renders createContainer for v1alpha11', () => {
    expect(render(profile({ createContainer: false })).object.data.createContainer).toBe(false);
  });

  test('fails when an operator-owned MPI field is set, naming each', () => {
    const model = profile({
      workload: mpi({ runPolicy: { cleanPodPolicy: 'All' }, sshAuthMountPath: '/home/mpiuser/.ssh', mpiImplementation: 'Intel' }),
    });
    expect(render(model, 'v1alpha8').problems.map((p) => p.path)).toEqual([
      'data.mpiSpec.runPolicy',
      'data.mpiSpec.sshAuthMountPath',
      'data.mpiSpec.mpiImplementation',
    ]);
  });

  test('fails when PodSpec-era fields are set, naming the field where it would go', () => {
    const model = profile({
      workload: mpi({
        launcher: pod({
          podSpecEraFields: { hostNetwork: true },
          containers: [{ name: 'launcher', image: 'mpi:1', podSpecEraFields: { securityContext: { privileged: true } } }],
        }),
      }),
    });
    const { problems } = render(model, 'v1alpha11');
    expect(problems.map((p) => p.path)).toEqual([
      'data.mpiSpec.launcher.hostNetwork',
      'data.mpiSpec.launcher.containers[0].securityContext',
    ]);
    expect(problems[0].message).toContain('available in v1alpha1–v1alpha6, the PodSpec era');
  });
});
