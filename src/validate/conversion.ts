/**
 * What a cluster makes of a profile sent in a served version that is not its CRD's storage
 * version. The API server defaults the object in the version it was sent in, converts it to the
 * storage version through the NNF operator's conversion webhook, and runs admission on the
 * converted object: nnf-sos registers its validating webhook for the storage version only. The
 * converted object is what is stored, what the operator reads for a job, and what Argo CD reads
 * back; a field the conversion drops is gone, silently.
 *
 * The facts, from nnf-sos's conversions (objects from Git carry no round-trip annotation):
 * - v1alpha7 → v1alpha8 and v1alpha10 → v1alpha11 convert field by field; v1alpha11's
 *   `createContainer` is set to true (what v1alpha10 always did) unless the object's
 *   conversion-data annotation holds another value.
 * - v1alpha6 → v1alpha8 (`FromCorePodSpec`): `data.spec` and the Launcher's and Worker's pod specs
 *   keep only what an NnfPodSpec holds; the launcher's `serviceAccountName` `nnf-dm-copy-offload`
 *   becomes `copyOffload: true`; `slotsPerWorker` is kept; `runPolicy`, `mpiImplementation`,
 *   `sshAuthMountPath`, the replica specs' other fields and pod template metadata are dropped. The
 *   webhook reads the Launcher's service account without checking that there is a Launcher, so an
 *   mpiSpec without one fails the conversion.
 * Within a version, what the storage version's schema has no place for is what is lost.
 */
import { type ApiVersion, eraOf, NNF_GROUP } from '../model';
import { isObject } from '../plain-data';
import type { ProfileObject } from './rules/context';

/** A CRD version's openAPIV3Schema, or a node of it. */
type SchemaNode = { readonly [key: string]: unknown };

/** The launcher service account nnf-sos converts to `copyOffload: true`. */
export const COPY_OFFLOAD_SERVICE_ACCOUNT = 'nnf-dm-copy-offload';

/** Where nnf-sos keeps the storage version's fields an older version cannot hold. */
export const CONVERSION_DATA_ANNOTATION = 'nearnodeflash.github.io/conversion-data';

/** The profile as the cluster stores it, and what the conversion did to the one sent. */
export interface Conversion {
  /** The object in the storage version; absent when the conversion fails. */
  readonly object?: ProfileObject;
  /** Paths in the sent object of fields the stored one lacks. */
  readonly dropped: readonly string[];
  /** Why the conversion webhook fails, with the path it fails on. */
  readonly failure?: { readonly path: string; readonly message: string };
  /** The sent object's path for a path in the stored one. */
  readonly sentPath: (storedPath: string) => string;
}

const child = (schema: SchemaNode | undefined, key: string): SchemaNode | undefined => {
  const properties = schema?.properties;
  return isObject(properties) && isObject(properties[key]) ? properties[key] : undefined;
};

const at = (path: string, key: string) => `${path}.${key}`;

/** Whether dropping `value` loses something: an empty object or list holds nothing. */
const holdsSomething = (value: unknown): boolean =>
  value !== undefined &&
  value !== null &&
  !(Array.isArray(value) && value.length === 0) &&
  !(isObject(value) && Object.keys(value).length === 0);

/** `value` with only what the schema node holds; what it cannot hold is listed in `dropped`. */
function held(value: unknown, schema: SchemaNode | undefined, path: string, dropped: string[]): unknown {
  if (schema === undefined) {
    if (holdsSomething(value)) dropped.push(path);
    return undefined;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return value;
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : undefined;
    return items ? value.map((item, i) => held(item, items, `${path}[${i}]`, dropped)) : value;
  }
  if (!isObject(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const node = isObject(schema.properties)
      ? child(schema, key)
      : isObject(schema.additionalProperties)
        ? schema.additionalProperties
        : undefined;
    if (node === undefined && schema.additionalProperties === true) kept[key] = item;
    else if (item !== undefined && item !== null) {
      // (the API server removes nulls before conversion)
      const inner = held(item, node, at(path, key), dropped);
      if (inner !== undefined) kept[key] = inner;
    }
  }
  return kept;
}

const LAUNCHER_SPEC = 'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec';
const WORKER_SPEC = 'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec';

/** An mpi-operator MPIJobSpec as nnf-sos converts it to an NnfMPISpec. */
function convertMpiJobSpec(
  mpi: Record<string, unknown>,
  storageMpi: SchemaNode | undefined,
  dropped: string[],
): Record<string, unknown> | 'no-launcher' {
  const replicas = isObject(mpi.mpiReplicaSpecs) ? mpi.mpiReplicaSpecs : {};
  if (!isObject(replicas.Launcher)) return 'no-launcher';
  const converted: Record<string, unknown> = {};
  for (const key of Object.keys(mpi)) {
    if (key === 'slotsPerWorker') converted.slotsPerWorker = mpi.slotsPerWorker;
    else if (key !== 'mpiReplicaSpecs' && holdsSomething(mpi[key])) dropped.push(at('data.mpiSpec', key));
  }
  for (const [type, replica] of Object.entries(replicas)) {
    const base = `data.mpiSpec.mpiReplicaSpecs.${type}`;
    if (type !== 'Launcher' && type !== 'Worker') {
      if (holdsSomething(replica)) dropped.push(base);
      continue;
    }
    const role = type === 'Launcher' ? 'launcher' : 'worker';
    const template = isObject(replica) && isObject(replica.template) ? replica.template : {};
    const spare = (object: Record<string, unknown>, keep: string, where: string) => {
      for (const key of Object.keys(object)) if (key !== keep && holdsSomething(object[key])) dropped.push(at(where, key));
    };
    spare(isObject(replica) ? replica : {}, 'template', base);
    spare(template, 'spec', at(base, 'template'));
    const { serviceAccountName, ...spec } = isObject(template.spec) ? template.spec : {};
    if (role === 'launcher' && serviceAccountName === COPY_OFFLOAD_SERVICE_ACCOUNT) converted.copyOffload = true;
    else if (typeof serviceAccountName === 'string' && serviceAccountName !== '')
      dropped.push(at(at(at(base, 'template'), 'spec'), 'serviceAccountName'));
    converted[role] = held(spec, child(storageMpi, role), at(at(base, 'template'), 'spec'), dropped);
  }
  converted.worker ??= {};
  return converted;
}

/** The stored path `data.mpiSpec.launcher…` of a converted MPIJobSpec, as the sent object's path. */
function mpiJobSpecPath(storedPath: string): string {
  return storedPath
    .replace(/^data\.mpiSpec\.copyOffload/, `${LAUNCHER_SPEC}.serviceAccountName`)
    .replace(/^data\.mpiSpec\.launcher/, LAUNCHER_SPEC)
    .replace(/^data\.mpiSpec\.worker/, WORKER_SPEC);
}

/**
 * The `createContainer` a v1alpha10 object converts with: true, or what its conversion-data
 * annotation holds (the hub object, whose Go decoding leaves a missing field false); `'unreadable'`
 * when it does not decode as that object, which fails the conversion.
 */
function convertedCreateContainer(object: ProfileObject): boolean | 'unreadable' {
  const annotations = object.metadata?.annotations;
  const text = isObject(annotations) ? annotations[CONVERSION_DATA_ANNOTATION] : undefined;
  if (typeof text !== 'string') return true;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return 'unreadable';
  }
  const data = isObject(stored) ? stored.data : undefined;
  const value = isObject(data) ? data.createContainer : undefined;
  // Go refuses to decode a value of another type into the object or its bool.
  if (
    !isObject(stored) ||
    (data !== undefined && data !== null && !isObject(data)) ||
    (value !== undefined && value !== null && typeof value !== 'boolean')
  )
    return 'unreadable';
  return value === true;
}

/**
 * `object`, sent as version `from`, converted as the cluster converts it to the storage version
 * `to`, whose schema is `storageSchema`. Pure.
 */
export function convertToStorage(object: ProfileObject, from: ApiVersion, to: ApiVersion, storageSchema: SchemaNode): Conversion {
  const dropped: string[] = [];
  const storageData = child(storageSchema, 'data');
  const data = isObject(object.data) ? object.data : {};
  const acrossEras = eraOf(from) === 'PodSpec' && eraOf(to) === 'NnfPodSpec';
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (acrossEras && key === 'mpiSpec' && isObject(value)) {
      const mpi = convertMpiJobSpec(value, child(storageData, 'mpiSpec'), dropped);
      if (mpi === 'no-launcher') {
        const message = `mpiSpec has no Launcher, and the conversion webhook, which reads the Launcher's serviceAccountName to set ${to}'s copyOffload, fails on it; add mpiReplicaSpecs.Launcher`;
        return { dropped, failure: { path: 'data.mpiSpec.mpiReplicaSpecs', message }, sentPath: (p) => p };
      }
      converted.mpiSpec = mpi;
    } else {
      const kept = held(value, child(storageData, key), `data.${key}`, dropped);
      if (kept !== undefined) converted[key] = kept;
    }
  }
  if (from === 'v1alpha10' && to === 'v1alpha11') {
    const createContainer = convertedCreateContainer(object);
    if (createContainer === 'unreadable') {
      const message = `annotation ${CONVERSION_DATA_ANNOTATION} does not decode as the v1alpha11 object it stands for, and the conversion webhook fails on it; remove the annotation`;
      return { dropped, failure: { path: `metadata.annotations["${CONVERSION_DATA_ANNOTATION}"]`, message }, sentPath: (p) => p };
    }
    converted.createContainer = createContainer;
  }
  return {
    object: { ...object, apiVersion: `${NNF_GROUP}/${to}`, data: converted },
    dropped,
    sentPath: acrossEras ? mpiJobSpecPath : (p) => p,
  };
}
