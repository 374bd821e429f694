import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';

// Demonstrates postRunTimeoutSeconds: the container never exits by itself, so when the job
// reaches its post-run phase NNF waits only 5 seconds for it, then stops it and fails the
// container step. (0 would disable the timeout and ignore exit codes instead.)
const localStorage = Storage.job('local_storage');
const persistentStorage = Storage.persistent('persistent_storage', { optional: true });

export default (scope: Construct) =>
  new ContainerProfile(scope, 'example-forever', {
    storages: [localStorage, persistentStorage],
    retryLimit: 6,
    postRunTimeoutSeconds: 5,
    containers: [
      { name: 'example-forever', image: 'alpine:3.20', command: ['/bin/sh', '-c', 'while true; do date && sleep 5; done'] },
    ],
  });
