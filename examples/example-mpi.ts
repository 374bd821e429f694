import type { Construct } from 'constructs';
import { MpiContainerProfile, Storage } from '../src';

// Demonstrates an MPI file-utility job: the launcher runs mpiFileUtils' dcmp across the workers
// to compare two directories of the job storage. nnf-mfu carries Open MPI, sshd and mpiFileUtils.
const localStorage = Storage.job('local_storage');
const persistentStorage = Storage.persistent('persistent_storage', { optional: true });
const globalLustre = Storage.global('global_lustre', { optional: true, pvcMode: 'ReadWriteMany' });

export default (scope: Construct) =>
  new MpiContainerProfile(scope, 'example-mpi', {
    image: 'ghcr.io/nearnodeflash/nnf-mfu:master',
    storages: [localStorage, persistentStorage, globalLustre],
    retryLimit: 6,
    launcher: {
      containers: [{ name: 'example-mpi-launcher', command: ['mpirun', 'dcmp', localStorage.path('0'), localStorage.path('1')] }],
    },
    worker: { containers: [{ name: 'example-mpi-worker' }] },
  });
