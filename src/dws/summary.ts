import { containersOfPod, isObject, listOf, nonEmptyString, podsOf } from '../validate/rules/pod-walk';
import type { ProfileObject } from '../validate/rules/context';
import { DW_PROFILE_NAME, DW_STORAGE_NAME } from '../validate/rules/dws';
import { DESCRIPTION_ANNOTATION } from '../profile/description';
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
  /**
   * The entrypoint the profile sets (`command`), as the container receives it but with each
   * variable Kubernetes expands shown as `$NAME`: a storage's mount path as `$DW_JOB_foo`.
   * Undefined: the image's ENTRYPOINT.
   */
  readonly command?: readonly string[];
  /** Its arguments (`args`), likewise. Undefined: the image's CMD, or none when `command` is set. */
  readonly args?: readonly string[];
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
  /** One paragraph for users (annotation `nnf-profiles/description`), if any. */
  readonly description?: string;
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

/** Names Kubernetes expands in a container's command and args: the variables set in it. */
type Resolves = (name: string) => boolean;

/** What `$(NAME)` expands to in each container: its env entries, and for non-init containers what NNF sets. */
function resolverFor(container: Record<string, unknown>, init: boolean, nnf: ReadonlySet<string>): Resolves {
  const env = new Set(listOf(container.env).map((e) => (isObject(e) ? nonEmptyString(e.name) : undefined)).filter((n): n is string => n !== undefined));
  return (name) => env.has(name) || (!init && nnf.has(name));
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

/**
 * One command or args element as the program receives it, after Kubernetes' expansion
 * (k8s.io/kubernetes third_party/forked/golang/expansion), except that each variable it
 * expands is shown as `$NAME` (`${NAME}` before a name character): `$$` is a `$`, an
 * unresolved `$(NAME)` and any other `$` stay as written.
 */
export function shownArgument(text: string, resolves: Resolves): string {
  let out = '';
  for (let cursor = 0; cursor < text.length; cursor++) {
    const c = text[cursor];
    if (c !== '$' || cursor + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 1;
      continue;
    }
    const close = next === '(' ? text.indexOf(')', cursor + 2) : -1;
    if (close === -1) {
      out += c + next;
      cursor += 1;
      continue;
    }
    const name = text.slice(cursor + 2, close);
    if (resolves(name)) {
      out += IDENTIFIER_CHAR.test(text[close + 1] ?? '') ? `\${${name}}` : `$${name}`;
    } else {
      out += text.slice(cursor, close + 1);
    }
    cursor = close;
  }
  return out;
}

function shownList(value: unknown, resolves: Resolves): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((v) => shownArgument(typeof v === 'string' ? v : String(v), resolves));
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
  const mpi = isObject(data.mpiSpec);
  const numPorts = integer(data.numPorts) ?? 0;
  const storages = storageSummaries(data);
  const portPods = pods.some((p) => p.role === 'single') ? 'single' : 'launcher';
  const located = pods.flatMap((pod) => containersOfPod(pod).map((where) => ({ ...where, role: pod.role, name: nonEmptyString(where.container.name) ?? '(unnamed)' })));
  const portContainers = located.filter((c) => c.role === portPods && !c.init).map((c) => c.name);
  // What NNF sets in the pods' containers (not init containers), as `variablesOf` lists it.
  const nnf = new Set<string>([
    ...storages.map((s) => s.name),
    ...NNF_CONTAINER_VARIABLES.always,
    ...(numPorts > 0 ? [NNF_CONTAINER_VARIABLES.ports, ...portContainers.map((c) => NNF_CONTAINER_VARIABLES.portsPerContainerPrefix + c.replace(/-/g, '_'))] : []),
  ]);
  const containers: ContainerSummary[] = located.map(({ container, init, role, name }) => {
    const resolves = resolverFor(container, init, nnf);
    return {
      name,
      image: nonEmptyString(container.image),
      role,
      init,
      command: shownList(container.command, resolves),
      args: shownList(container.args, resolves),
    };
  });
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
    description: nonEmptyString(annotations[DESCRIPTION_ANNOTATION]),
    source: nonEmptyString(annotations[SOURCE_ANNOTATION]),
    policyExceptions: Object.entries(annotations)
      .filter(([key, value]) => key.startsWith(POLICY_EXCEPTION_PREFIX) && typeof value === 'string')
      .map(([key, value]) => ({ rule: key.slice(POLICY_EXCEPTION_PREFIX.length), reason: value as string }))
      .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)),
  };
}
