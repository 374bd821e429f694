import { isObject } from '../plain-data';
import { raw } from './code';
import { importPod, type MpiPlan } from './pod';
import { type Entries, type ProfileImport, Unimportable } from './profile-import';

/** `data.mpiSpec` of v1alpha7 and later: launcher and worker NnfPodSpecs, and copyOffload. */
export function importNnfPodSpecEraMpi(mpi: Record<string, unknown>, imp: ProfileImport): MpiPlan {
  const settings: Entries = [];
  imp.unknownKeys(
    mpi,
    ['launcher', 'worker', 'copyOffload', 'slotsPerWorker'],
    'data.mpiSpec',
    `${imp.version} MPI specs have only launcher, worker, copyOffload and slotsPerWorker`,
  );
  if (!isObject(mpi.launcher)) throw new Unimportable('data.mpiSpec.launcher: missing');
  if (!isObject(mpi.worker)) throw new Unimportable('data.mpiSpec.worker: missing');
  if (imp.boolean(mpi.copyOffload, 'data.mpiSpec.copyOffload') === true) settings.push(['copyOffload', raw('true')]);
  return {
    launcher: importPod(mpi.launcher, 'data.mpiSpec.launcher', imp),
    worker: importPod(mpi.worker, 'data.mpiSpec.worker', imp),
    settings,
  };
}
