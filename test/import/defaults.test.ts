import { importProfile } from '../../src/import';

// Rendered profiles carry every value the CRD defaults; an import leaves those implicit.
const withDefaults = {
  apiVersion: 'nnf.cray.hpe.com/v1alpha11',
  kind: 'NnfContainerProfile',
  metadata: { name: 'mpi-app', namespace: 'nnf-system' },
  data: {
    pinned: false,
    retryLimit: 6,
    preRunTimeoutSeconds: 300,
    postRunTimeoutSeconds: 300,
    createContainer: true,
    storages: [{ name: 'DW_JOB_scratch', optional: false }],
    mpiSpec: {
      copyOffload: false,
      slotsPerWorker: 1,
      launcher: { containers: [{ name: 'launcher', image: 'mpi:1.0', imagePullPolicy: 'IfNotPresent', command: ['mpirun', 'hostname'] }] },
      worker: { containers: [{ name: 'worker', image: 'mpi:1.0', imagePullPolicy: 'IfNotPresent' }] },
    },
  },
};

test('an imported profile leaves the values the schema defaults implicit', () => {
  const result = importProfile(withDefaults);
  if (!result.ok) throw new Error(result.message);
  expect(result.profile.notes).toEqual([]);
  for (const written of ['300', 'IfNotPresent', 'copyOffload', 'createContainer', 'optional', 'slotsPerWorker', 'retryLimit']) {
    expect(result.profile.source).not.toContain(written);
  }
  expect(result.profile.source).toContain("Storage.job('scratch')");
});

test('an imported profile keeps a value that differs from the default', () => {
  const data = { ...withDefaults.data, preRunTimeoutSeconds: 30 };
  const result = importProfile({ ...withDefaults, data });
  if (!result.ok) throw new Error(result.message);
  expect(result.profile.source).toContain('preRunTimeoutSeconds: 30');
});
