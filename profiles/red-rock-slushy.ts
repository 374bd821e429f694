import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
import { readonlyRedRockSlushy } from '../site';

// The private-registry example of the NNF user container documentation.
const localStorage = Storage.job('foo_local_storage');
const persistentStorage = Storage.persistent('foo_persistent_storage', { optional: true });

export default (scope: Construct) =>
  new ContainerProfile(scope, 'red-rock-slushy', {
    description:
      'Runs the red-rock-slushy application (a private image) on each Rabbit node of the job, next to ' +
      "the job's storage: it needs a #DW jobdw storage and can also use an existing persistent storage.",
    storages: [localStorage, persistentStorage],
    pullSecrets: [readonlyRedRockSlushy],
    containers: [{ name: 'red-rock-app', image: 'dean/red-rock-slushy:v1.0', command: ['/users-application'] }],
  });
