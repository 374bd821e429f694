import type { Construct } from 'constructs';
import { MpiContainerProfile, Storage } from '../src';
import { readonlyRedRockSlushy } from '../site';

// The MPI variant of the private-registry example: a private copy of nnf-mfu comparing two
// directories of the job's storage with dcmp.
const localStorage = Storage.job('foo_local_storage');
const persistentStorage = Storage.persistent('foo_persistent_storage', { optional: true });

export default (scope: Construct) =>
  new MpiContainerProfile(scope, 'mpi-red-rock-slushy', {
    description:
      "Compares the directories 0/ and 1/ of the job's #DW jobdw storage (with gfs2, those of the first two " +
      "compute nodes) using dcmp from mpiFileUtils, run by MPI across the job's Rabbit nodes.",
    image: 'dean/red-rock-slushy:v2.0',
    storages: [localStorage, persistentStorage],
    pullSecrets: [readonlyRedRockSlushy],
    launcher: {
      containers: [{ name: 'red-rock-launcher', command: ['mpirun', 'dcmp', localStorage.path('0'), localStorage.path('1')] }],
    },
    worker: { containers: [{ name: 'red-rock-worker' }] },
  });
