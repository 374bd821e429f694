import { isObject } from '../plain-data';

/**
 * The pod specs and containers of a rendered profile, in either era, each with its path in the
 * object. Nothing here throws on odd shapes: what is not an object is passed over.
 */

/** A profile as plain data (parsed YAML or a render), of any API version. */
export interface ProfileObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly labels?: unknown;
    readonly annotations?: unknown;
  };
  readonly data?: Record<string, unknown>;
}

/** The array, or [] for anything else. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Each entry of the pods' `imagePullSecrets`, as written, with its pod and path. */
export function pullSecretEntriesOf(
  profile: ProfileObject,
): Array<{ readonly entry: unknown; readonly pod: PodLocation; readonly path: string }> {
  return podsOf(profile).flatMap((pod) =>
    listOf(pod.spec.imagePullSecrets).map((entry, i) => ({ entry, pod, path: `${pod.path}.imagePullSecrets[${i}]` })),
  );
}

/** The names of a container's `env` entries, in order; undefined for an entry without one. */
export function envNamesOf(container: Record<string, unknown>): Array<string | undefined> {
  return listOf(container.env).map((entry) => (isObject(entry) ? nonEmptyString(entry.name) : undefined));
}

/** The value when it is an integer, else undefined. */
export const integer = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** `data`, or {} when it is missing or not an object. */
export function dataOf(profile: ProfileObject | undefined): Record<string, unknown> {
  return isObject(profile?.data) ? profile.data : {};
}

/** `single` for `data.spec`, else the MPI role (`other`: a replica neither Launcher nor Worker). */
export type PodRole = 'single' | 'launcher' | 'worker' | 'other';

/** One pod spec of a profile and where it sits. */
export interface PodLocation {
  readonly path: string;
  readonly spec: Record<string, unknown>;
  readonly role: PodRole;
}

/**
 * Every pod spec a profile holds, in either era: `data.spec`, `data.mpiSpec.launcher` /
 * `worker` (NnfPodSpec era) and `data.mpiSpec.mpiReplicaSpecs.*.template.spec` (PodSpec era).
 */
export function podsOf(profile: ProfileObject): PodLocation[] {
  const data = dataOf(profile);
  const pods: PodLocation[] = [];
  if (isObject(data.spec)) pods.push({ path: 'data.spec', spec: data.spec, role: 'single' });
  const mpi = data.mpiSpec;
  if (!isObject(mpi)) return pods;
  for (const role of ['launcher', 'worker'] as const) {
    const spec = mpi[role];
    if (isObject(spec)) pods.push({ path: `data.mpiSpec.${role}`, spec, role });
  }
  if (isObject(mpi.mpiReplicaSpecs)) {
    for (const [key, replica] of Object.entries(mpi.mpiReplicaSpecs)) {
      const template = isObject(replica) ? replica.template : undefined;
      const spec = isObject(template) ? template.spec : undefined;
      if (!isObject(spec)) continue;
      const role: PodRole = key === 'Launcher' ? 'launcher' : key === 'Worker' ? 'worker' : 'other';
      pods.push({ path: `data.mpiSpec.mpiReplicaSpecs.${key}.template.spec`, spec, role });
    }
  }
  return pods;
}

/** One container of a pod spec and where it sits. */
export interface ContainerLocation {
  readonly path: string;
  readonly container: Record<string, unknown>;
  readonly init: boolean;
  /** The role of its pod. */
  readonly role: PodRole;
}

/** The containers, then the init containers, of one pod spec. */
export function containersOfPod(pod: PodLocation): ContainerLocation[] {
  const out: ContainerLocation[] = [];
  for (const [field, init] of [
    ['containers', false],
    ['initContainers', true],
  ] as const) {
    listOf(pod.spec[field]).forEach((container, i) => {
      if (isObject(container)) out.push({ path: `${pod.path}.${field}[${i}]`, container, init, role: pod.role });
    });
  }
  return out;
}

/** Every container and init container of a profile, pod by pod as `podsOf` lists them. */
export function containersOf(profile: ProfileObject): ContainerLocation[] {
  return podsOf(profile).flatMap(containersOfPod);
}

/**
 * The pod fields of both eras that pod props render under their own names. The pull secrets are
 * the profile's `pullSecrets`; any other pod field came from `podSpecEraFields`.
 */
export const POD_FIELDS: readonly string[] = [
  'containers',
  'initContainers',
  'volumes',
  'terminationGracePeriodSeconds',
  'shareProcessNamespace',
  'automountServiceAccountToken',
];

/** The profile props rendered under `data` with their own names. */
export const DATA_FIELDS: readonly string[] = [
  'retryLimit',
  'preRunTimeoutSeconds',
  'postRunTimeoutSeconds',
  'userID',
  'groupID',
  'numPorts',
  'createContainer',
];

/**
 * The container fields of both eras, in the order files list them: the container props that
 * render under their own names. Any other field of a rendered container came from
 * `podSpecEraFields`.
 */
export const CONTAINER_FIELDS: readonly string[] = [
  'name',
  'image',
  'command',
  'args',
  'env',
  'envFrom',
  'volumeMounts',
  'workingDir',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'imagePullPolicy',
  'restartPolicy',
  'terminationMessagePath',
  'terminationMessagePolicy',
];
