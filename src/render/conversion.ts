/**
 * What a cluster keeps of a profile rendered in a served version that is not its CRD's storage
 * version. The API server converts every object to the storage version through the NNF
 * operator's conversion webhook, and Argo CD reads it back the same way: a field the storage
 * version cannot hold comes back missing, so the profile stays OutOfSync and self-heal applies
 * it again and again.
 *
 * The facts, from nnf-sos's conversion (v1alpha6 → v1alpha8, without a round-trip annotation,
 * which objects from Git never carry): `data.spec` and the Launcher and Worker pod specs keep
 * only what an NnfPodSpec has (`FromCorePodSpec`); the launcher's `serviceAccountName`
 * `nnf-dm-copy-offload` becomes `copyOffload: true`; `slotsPerWorker` is kept; `runPolicy`,
 * `mpiImplementation`, `sshAuthMountPath`, the replica specs' other fields and pod template
 * metadata are dropped. Within one era a version converts field by field, so what the storage
 * version's schema has no place for is what is lost.
 */
import { type ApiVersion, apiVersionFromGroupVersion, eraOf } from '../model';
import type { LocatedFinding } from '../validate/finding';
import { isObject } from '../plain-data';

/** A CRD version's openAPIV3Schema, or a node of it. */
type SchemaNode = { readonly [key: string]: unknown };

/** The launcher service account nnf-sos converts to `copyOffload: true`. */
const COPY_OFFLOAD_SERVICE_ACCOUNT = 'nnf-dm-copy-offload';

const child = (schema: SchemaNode | undefined, key: string): SchemaNode | undefined => {
  const properties = schema?.properties;
  return isObject(properties) && isObject(properties[key]) ? properties[key] : undefined;
};

const at = (path: string, key: string) => `${path}.${key}`;

/** Paths under `value` that the schema node has no place for (the server prunes them). */
function unheld(value: unknown, schema: SchemaNode | undefined, path: string, lost: string[]): void {
  if (value === undefined) return;
  if (schema === undefined) {
    lost.push(path);
    return;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : undefined;
    if (items) value.forEach((item, i) => unheld(item, items, `${path}[${i}]`, lost));
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (isObject(schema.properties)) unheld(value[key], child(schema, key), at(path, key), lost);
    else if (isObject(schema.additionalProperties)) unheld(value[key], schema.additionalProperties, at(path, key), lost);
    else if (schema.additionalProperties !== true) lost.push(at(path, key));
  }
}

/** An mpi-operator replica's pod spec converted to an NnfPodSpec. */
function replicaLosses(type: string, replica: unknown, storageMpi: SchemaNode | undefined, path: string, lost: string[]): void {
  const target = child(storageMpi, type === 'Launcher' ? 'launcher' : 'worker');
  if (!isObject(replica)) return;
  for (const key of Object.keys(replica)) {
    const template = replica[key];
    if (key !== 'template' || !isObject(template)) {
      lost.push(at(path, key));
      continue;
    }
    for (const part of Object.keys(template)) {
      if (part !== 'spec' || !isObject(template.spec)) {
        lost.push(at(at(path, key), part));
        continue;
      }
      const { serviceAccountName, ...spec } = template.spec;
      const converted = type === 'Launcher' && serviceAccountName === COPY_OFFLOAD_SERVICE_ACCOUNT;
      unheld(converted ? spec : template.spec, target, at(at(path, key), part), lost);
    }
  }
}

/** A PodSpec-era MPIJobSpec converted to an NnfMPISpec. */
function mpiJobSpecLosses(mpi: unknown, storageMpi: SchemaNode | undefined, path: string, lost: string[]): void {
  if (!isObject(mpi)) return;
  for (const key of Object.keys(mpi)) {
    const replicas = mpi[key];
    if (key !== 'mpiReplicaSpecs' || !isObject(replicas)) {
      unheld(mpi[key], child(storageMpi, key), at(path, key), lost);
      continue;
    }
    for (const type of Object.keys(replicas)) {
      const where = at(at(path, key), type);
      if (type === 'Launcher' || type === 'Worker') replicaLosses(type, replicas[type], storageMpi, where, lost);
      else lost.push(where);
    }
  }
}

/**
 * The paths of a rendered profile's fields that converting it to `storageVersion` drops, given
 * that version's schema; empty when the conversion keeps everything. Pure.
 */
export function conversionLosses(object: { readonly apiVersion: string; readonly data?: unknown }, storageVersion: ApiVersion, storageSchema: SchemaNode): string[] {
  const lost: string[] = [];
  const version = apiVersionFromGroupVersion(object.apiVersion);
  const storageData = child(storageSchema, 'data');
  const data = object.data;
  if (version === undefined || !isObject(data)) return lost;
  const acrossEras = eraOf(version) === 'PodSpec' && eraOf(storageVersion) === 'NnfPodSpec';
  for (const key of Object.keys(data)) {
    if (acrossEras && key === 'mpiSpec') mpiJobSpecLosses(data.mpiSpec, child(storageData, 'mpiSpec'), 'data.mpiSpec', lost);
    else unheld(data[key], child(storageData, key), `data.${key}`, lost);
  }
  return lost;
}

/** Where an environment's profiles go: its CRD, the version rendered and the one stored. */
export interface ConversionSetting {
  readonly apiVersion: ApiVersion;
  readonly crd?: string;
  readonly storageVersion?: ApiVersion;
  readonly allowLossyConversion?: boolean;
}

/**
 * `conversion/lossy` findings for a rendered profile: errors, or warnings when the environment
 * allows lossy conversion; none when the environment names no CRD or renders its storage
 * version. `storageSchema` gives the storage version's schema.
 */
export function lossyConversionFindings(
  profile: { readonly file: string; readonly object: { readonly apiVersion?: unknown; readonly metadata?: { readonly name?: unknown }; readonly data?: unknown } },
  setting: ConversionSetting,
  storageSchema: (version: ApiVersion) => SchemaNode | undefined,
): LocatedFinding[] {
  const { apiVersion, crd, storageVersion, allowLossyConversion } = setting;
  if (crd === undefined || storageVersion === undefined || apiVersion === storageVersion) return [];
  const name = typeof profile.object.metadata?.name === 'string' ? profile.object.metadata.name : '(unnamed)';
  const schema = storageSchema(storageVersion);
  if (!schema) {
    const message = `no schema for ${storageVersion}, the storage version of CRD ${crd}: cannot tell what converting ${apiVersion} to it keeps`;
    return [{ severity: 'error', rule: 'conversion/lossy', path: '', message, file: profile.file, profile: name }];
  }
  const consequence = allowLossyConversion
    ? 'allowLossyConversion is set, so the profile is rendered and stays OutOfSync in Argo CD'
    : 'Argo CD reads it back without the field and keeps the profile OutOfSync forever (self-heal re-applies it); ' +
      `omit apiVersion to render ${storageVersion}, remove the field, or set allowLossyConversion: true`;
  return conversionLosses({ apiVersion: String(profile.object.apiVersion), data: profile.object.data }, storageVersion, schema).map((path) => ({
    severity: allowLossyConversion ? 'warning' : 'error',
    rule: 'conversion/lossy',
    path,
    message: `CRD ${crd} stores ${storageVersion}, and converting ${apiVersion} to ${storageVersion} drops this field: ${consequence}`,
    file: profile.file,
    profile: name,
  }));
}
