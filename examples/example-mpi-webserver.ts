import type { Construct } from 'constructs';
import { MpiContainerProfile, Storage } from '../src';

// Demonstrates numPorts: NNF reserves one port per container and passes it in
// NNF_CONTAINER_PORTS (here and on the compute nodes), and each worker serves the job storage
// over HTTP on it, so compute nodes can reach their local NNF node at that port.
const localStorage = Storage.job('local_storage');
const persistentStorage = Storage.persistent('persistent_storage', { optional: true });
const globalLustre = Storage.global('global_lustre', { optional: true, pvcMode: 'ReadWriteMany' });

export default (scope: Construct) =>
  new MpiContainerProfile(scope, 'example-mpi-webserver', {
    // nnf-mfu plus an MPI hello-world; it has the python3 the server needs.
    image: 'ghcr.io/nearnodeflash/nnf-container-example:master',
    storages: [localStorage, persistentStorage, globalLustre],
    retryLimit: 6,
    numPorts: 1,
    launcher: {
      containers: [
        {
          name: 'example-mpi-webserver-launcher',
          command: ['mpirun', 'python3', '-m', 'http.server', '--directory', localStorage.path(), '$(NNF_CONTAINER_PORTS)'],
        },
      ],
    },
    worker: { containers: [{ name: 'example-mpi-webserver-worker' }] },
  });
