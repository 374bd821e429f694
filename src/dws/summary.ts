import { containersOfPod, isObject, listOf, nonEmptyString, podsOf } from '../validate/rules/pod-walk';
import type { ProfileObject } from '../validate/rules/context';
import { DW_PROFILE_NAME, DW_STORAGE_NAME } from '../validate/rules/dws';
import { NNF_CONTAINER_VARIABLES } from '../validate/rules/references';

/** What a job has to supply for a storage, by the prefix of its name. */
export type StorageKind = 'job' | 'persistent' | 'global';

export const STORAGE_KIND_PREFIX: Readonly<Record<StorageKind, string>> = {
  job: 'DW_JOB_',
  persistent: 'DW_PERSISTENT_',
  global: 'DW_GLOBAL_',
};

export interface StorageSummary {
  /** The full name, e.g. `DW_JOB_foo_local_storage`: the `#DW container` argument and the variable. */
  readonly name: string;
  /** From the prefix; undefined when the name has none of the three. */
  readonly kind?: StorageKind;
  /** The part after the prefix (`foo_local_storage`). */
  readonly suffix: string;
  readonly optional: boolean;
  readonly pvcMode?: string;
  /** The name matches `^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$`: a job can supply it. */
  readonly usable: boolean;
}

export type VariableScope = 'container' | 'compute' | 'both';

/** An environment variable NNF sets for a container workflow. */
export interface VariableSummary {
  readonly name: string;
  readonly scope: VariableScope;
  readonly description: string;
}

export interface ContainerSummary {
  readonly name: string;
  readonly image?: string;
  /** `single` for `data.spec`, else the MPI role. */
  readonly role: 'single' | 'launcher' | 'worker' | 'other';
  readonly init: boolean;
}

/** What a user needs to know about a profile to use it from a job script. */
export interface ProfileSummary {
  readonly name: string;
  /** The name matches `^[a-z][a-z0-9-]+$`: a `#DW container` directive can select it. */
  readonly selectable: boolean;
  readonly namespace?: string;
  readonly apiVersion?: string;
  readonly mpi: boolean;
  /** Distinct images, in the order the pods name them. */
  readonly images: readonly string[];
  readonly containers: readonly ContainerSummary[];
  readonly storages: readonly StorageSummary[];
  readonly userID?: number;
  readonly groupID?: number;
  /** Ports reserved per container (`data.numPorts`), 0 when unset. */
  readonly numPorts: number;
  /** False only with `createContainer: false`: NNF mounts the storages and launches no pods. */
  readonly createContainer: boolean;
  readonly retryLimit?: number;
  /** What the container and the compute nodes see. */
  readonly variables: readonly VariableSummary[];
  /** The file the profile was rendered from (annotation `nnf-profiles/source`), if any. */
  readonly source?: string;
  /** `nnf-profiles/policy-exception.<rule>` annotations: rule → reason. */
  readonly policyExceptions: ReadonlyArray<{ readonly rule: string; readonly reason: string }>;
}

export function storageKindOf(name: string): StorageKind | undefined {
  for (const [kind, prefix] of Object.entries(STORAGE_KIND_PREFIX) as Array<[StorageKind, string]>) {
    if (name.startsWith(prefix)) return kind;
  }
  return undefined;
}

function storageSummaries(data: Record<string, unknown>): StorageSummary[] {
  const out: StorageSummary[] = [];
  for (const storage of listOf(data.storages)) {
    if (!isObject(storage)) continue;
    const name = nonEmptyString(storage.name);
    if (name === undefined) continue;
    const kind = storageKindOf(name);
    out.push({
      name,
      kind,
      suffix: kind ? name.slice(STORAGE_KIND_PREFIX[kind].length) : name,
      optional: storage.optional === true,
      pvcMode: nonEmptyString(storage.pvcMode),
      usable: DW_STORAGE_NAME.test(name),
    });
  }
  return out;
}

const integer = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

function storageVariable(storage: StorageSummary): VariableSummary {
  const what =
    storage.kind === 'job'
      ? 'mount path of the #DW jobdw storage (gfs2: one directory 0/, 1/, ... per compute node)'
      : storage.kind === 'persistent'
        ? 'mount path of the #DW persistentdw storage'
        : 'mount path of the global Lustre path';
  return { name: storage.name, scope: 'container', description: `${what}${storage.optional ? '; set only when the job supplies it' : ''}` };
}

/** The variables the containers (and compute nodes) of a workflow with this profile see. */
function variablesOf(storages: readonly StorageSummary[], numPorts: number, mpi: boolean, portContainers: readonly string[]): VariableSummary[] {
  const order: StorageKind[] = ['job', 'persistent', 'global'];
  const rank = (s: StorageSummary) => order.indexOf(s.kind!);
  // Job, persistent, global: the order of the #DW lines.
  const variables: VariableSummary[] = storages
    .filter((s) => s.usable)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map(({ s }) => storageVariable(s));
  const [hostnames, domain, subdomain, node] = NNF_CONTAINER_VARIABLES.always;
  variables.push(
    { name: hostnames, scope: 'container', description: "host names of the workflow's containers, space separated" },
    { name: domain, scope: 'container', description: 'the cluster DNS domain, e.g. default.svc.cluster.local' },
    { name: subdomain, scope: 'container', description: 'the subdomain: <HOSTNAME>.<SUBDOMAIN>.<DOMAIN> reaches another container' },
    { name: node, scope: 'container', description: 'the NNF node the container runs on' },
  );
  if (numPorts > 0) {
    variables.push({ name: NNF_CONTAINER_VARIABLES.ports, scope: 'both', description: `the ${numPorts} reserved port${numPorts === 1 ? '' : 's'}, comma separated` });
    for (const container of portContainers) {
      variables.push({
        name: NNF_CONTAINER_VARIABLES.portsPerContainerPrefix + container.replace(/-/g, '_'),
        scope: 'container',
        description: `the ports of container ${container}`,
      });
    }
  }
  if (mpi) {
    for (const name of NNF_CONTAINER_VARIABLES.computeNodeOnly) {
      variables.push({ name, scope: 'compute', description: "the MPI launcher's host name" });
    }
  }
  return variables;
}

const POLICY_EXCEPTION_PREFIX = 'nnf-profiles/policy-exception.';
const SOURCE_ANNOTATION = 'nnf-profiles/source';

/** A profile, as plain data, seen from a job script. Never throws on odd shapes. */
export function profileSummary(profile: ProfileObject): ProfileSummary {
  const data = isObject(profile?.data) ? profile.data : {};
  const metadata = isObject(profile?.metadata) ? profile.metadata : {};
  const name = nonEmptyString(metadata.name) ?? '(unnamed)';
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const pods = podsOf(profile);
  const containers: ContainerSummary[] = [];
  for (const pod of pods) {
    for (const { container, init } of containersOfPod(pod)) {
      containers.push({ name: nonEmptyString(container.name) ?? '(unnamed)', image: nonEmptyString(container.image), role: pod.role, init });
    }
  }
  const mpi = isObject(data.mpiSpec);
  const numPorts = integer(data.numPorts) ?? 0;
  const storages = storageSummaries(data);
  const portPods = pods.some((p) => p.role === 'single') ? 'single' : 'launcher';
  const portContainers = containers.filter((c) => c.role === portPods && !c.init).map((c) => c.name);
  return {
    name,
    selectable: DW_PROFILE_NAME.test(name),
    namespace: nonEmptyString(metadata.namespace),
    apiVersion: nonEmptyString(profile?.apiVersion),
    mpi,
    images: [...new Set(containers.map((c) => c.image).filter((i): i is string => i !== undefined))],
    containers,
    storages,
    userID: integer(data.userID),
    groupID: integer(data.groupID),
    numPorts,
    createContainer: data.createContainer !== false,
    retryLimit: integer(data.retryLimit),
    variables: variablesOf(storages, numPorts, mpi, portContainers),
    source: nonEmptyString(annotations[SOURCE_ANNOTATION]),
    policyExceptions: Object.entries(annotations)
      .filter(([key, value]) => key.startsWith(POLICY_EXCEPTION_PREFIX) && typeof value === 'string')
      .map(([key, value]) => ({ rule: key.slice(POLICY_EXCEPTION_PREFIX.length), reason: value as string }))
      .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)),
  };
}
