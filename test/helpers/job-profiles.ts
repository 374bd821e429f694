import type { ProfileObject } from '../../src/validate/rules/context';

/** The profiles job scripts are checked against in the lint-job tests. */

export const profile = (name: string, data: Record<string, unknown>): ProfileObject => ({
  apiVersion: 'nnf.cray.hpe.com/v1alpha11',
  kind: 'NnfContainerProfile',
  metadata: { name, namespace: 'nnf-system' },
  data: { pinned: false, retryLimit: 6, ...data },
});

/** The storages of the seed documentation's profiles. */
export const SEED_STORAGES = [
  { name: 'DW_JOB_foo_local_storage', optional: false },
  { name: 'DW_PERSISTENT_foo_persistent_storage', optional: true },
];

/** The environment the scripts are checked against: the two seed profiles and a restricted one. */
export const PROFILES: ProfileObject[] = [
  profile('red-rock-slushy', {
    spec: { containers: [{ name: 'red-rock-app', image: 'dean/red-rock-slushy:v1.0', command: ['/users-application'] }] },
    storages: SEED_STORAGES,
  }),
  profile('mpi-red-rock-slushy', {
    mpiSpec: {
      launcher: { containers: [{ name: 'red-rock-launcher', image: 'dean/red-rock-slushy:v2.0' }] },
      worker: { containers: [{ name: 'red-rock-worker', image: 'dean/red-rock-slushy:v2.0' }] },
    },
    storages: SEED_STORAGES,
  }),
  profile('archiver', {
    spec: { containers: [{ name: 'archiver', image: 'ghcr.io/example/archiver:1.0' }] },
    userID: 1001,
    groupID: 2000,
    storages: [
      { name: 'DW_JOB_staging', optional: false },
      { name: 'DW_GLOBAL_archive', optional: false, pvcMode: 'ReadWriteMany' },
    ],
  }),
];
