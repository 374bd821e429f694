import { apiVersionFromGroupVersion, eraOf } from '../model';
import { PODSPEC_ERA_MPI_DEFAULTS } from '../render/podspec-era';
import { containersOf, type ProfileObject } from '../rendered';
import { isGeneratedAnnotation, isSynthLabel, SERVER_METADATA_FIELDS } from './metadata';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a deep copy of JSON of any shape, pruned in place
type PlainJson = any;

/**
 * What an import promises to keep: a profile with everything it may change taken out —
 * server-set fields, the labels and annotations nnf-profiles and deployment tools add, values
 * equal to the schema's defaults (filled in), and empty lists and maps (which mean what their
 * absence means). Two profiles that compare equal here are the same profile to the cluster.
 */
export function comparableProfile(profile: unknown): unknown {
  const object = JSON.parse(JSON.stringify(profile)) as Record<string, PlainJson>;
  delete object.status;
  const version = apiVersionFromGroupVersion(String(object.apiVersion));
  const era = version ? eraOf(version) : undefined;

  const metadata = (object.metadata ?? {}) as Record<string, PlainJson>;
  for (const field of SERVER_METADATA_FIELDS) delete metadata[field];
  metadata.namespace ??= 'nnf-system';
  for (const [key, value] of Object.entries(metadata.labels ?? {})) if (isSynthLabel(key, String(value))) delete metadata.labels[key];
  for (const [key, value] of Object.entries(metadata.annotations ?? {}))
    if (isGeneratedAnnotation(key, String(value))) delete metadata.annotations[key];

  const data = object.data;
  if (data && typeof data === 'object') {
    data.pinned ??= false;
    data.retryLimit ??= 6;
    data.preRunTimeoutSeconds ??= 300;
    data.postRunTimeoutSeconds ??= 300;
    if (version === 'v1alpha11') data.createContainer ??= true;
    for (const storage of Array.isArray(data.storages) ? data.storages : [])
      if (storage && typeof storage === 'object') storage.optional ??= false;
    const mpi = data.mpiSpec;
    if (mpi && typeof mpi === 'object') {
      mpi.slotsPerWorker ??= 1;
      if (era === 'NnfPodSpec') mpi.copyOffload ??= false;
      if (era === 'PodSpec') {
        mpi.mpiImplementation ??= PODSPEC_ERA_MPI_DEFAULTS.mpiImplementation;
        mpi.sshAuthMountPath ??= PODSPEC_ERA_MPI_DEFAULTS.sshAuthMountPath;
        if (mpi.runPolicy && typeof mpi.runPolicy === 'object') mpi.runPolicy.suspend ??= false;
      }
    }
    if (era === 'NnfPodSpec') {
      for (const { container } of containersOf(object as ProfileObject)) container.imagePullPolicy ??= 'IfNotPresent';
    }
  }
  return withoutEmpty(object);
}

function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const cleaned = withoutEmpty(child);
    if (cleaned === undefined) continue;
    if (Array.isArray(cleaned) && cleaned.length === 0) continue;
    if (cleaned !== null && typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0) continue;
    out[key] = cleaned;
  }
  return out;
}
