import type { MpiWorkload, PodModel, ProfileModel } from '../../src/model';

/** A pod model with one container, for renderer tests. */
export const podModel = (overrides: Partial<PodModel> = {}): PodModel => ({
  containers: [{ name: 'app', image: 'alpine:3.20', command: ['true'] }],
  pullSecrets: [],
  ...overrides,
});

/** A non-MPI profile model named `example` with one job storage. */
export const profileModel = (overrides: Partial<ProfileModel> = {}): ProfileModel => ({
  name: 'example',
  labels: {},
  annotations: {},
  storages: [{ name: 'DW_JOB_scratch', kind: 'job', optional: false }],
  retryLimit: 6,
  workload: { kind: 'single', pod: podModel() },
  ...overrides,
});

/** An MPI workload: a launcher running mpirun and one worker container. */
export const mpiModel = (overrides: Partial<MpiWorkload> = {}): MpiWorkload => ({
  kind: 'mpi',
  launcher: podModel({ containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'] }] }),
  worker: podModel({ containers: [{ name: 'worker', image: 'mpi:1' }] }),
  slotsPerWorker: 1,
  ...overrides,
});
