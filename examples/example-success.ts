import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';

// Demonstrates the smallest successful container job: sleep briefly, exit 0. It accepts a job
// storage (required) and, optionally, a persistent storage and a global Lustre path.
const localStorage = Storage.job('local_storage');
const persistentStorage = Storage.persistent('persistent_storage', { optional: true });
const globalLustre = Storage.global('global_lustre', { optional: true });

export default (scope: Construct) =>
  new ContainerProfile(scope, 'example-success', {
    storages: [localStorage, persistentStorage, globalLustre],
    retryLimit: 6,
    containers: [{ name: 'example-success', image: 'alpine:3.20', command: ['/bin/sh', '-c', 'sleep 10 && exit 0'] }],
  });
