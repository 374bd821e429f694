import type { Construct } from 'constructs';
import { MpiContainerProfile } from '../src';

// Demonstrates a failing MPI job: mpirun starts a shell on the workers that exits 1, so the
// launcher fails and is retried up to retryLimit (the default, 6). No storages.
export default (scope: Construct) =>
  new MpiContainerProfile(scope, 'example-mpi-fail', {
    image: 'ghcr.io/nearnodeflash/nnf-mfu:master',
    launcher: {
      containers: [{ name: 'example-mpi-fail-launcher', command: ['mpirun', '/bin/sh', '-c', 'sleep 10 && exit 1'] }],
    },
    worker: { containers: [{ name: 'example-mpi-fail-worker' }] },
  });
