import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';

// Demonstrates retryLimit: the container exits 0 or 1 at random, and each failure starts a new
// pod at once, up to 2 retries; the failed pods stay behind for inspection.
const localStorage = Storage.job('local_storage');
const persistentStorage = Storage.persistent('persistent_storage', { optional: true });

// `$((...))` is shell arithmetic; Kubernetes leaves it alone as it names no variable.
const script = ['echo "starting..."', 'sleep 10', 'x=$((RANDOM % 2))', 'echo "exiting: $x"', 'exit $x'].join('\n');

export default (scope: Construct) =>
  new ContainerProfile(scope, 'example-randomly-fail', {
    storages: [localStorage, persistentStorage],
    retryLimit: 2,
    containers: [{ name: 'example-randomly-fail', image: 'alpine:3.20', command: ['/bin/sh', '-c', script] }],
  });
