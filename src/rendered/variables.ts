import type { StorageKind } from '../model';
import { plural } from '../text';
import { type ContainerLocation, containersOfPod, podsOf, type ProfileObject } from './pods';
import type { RenderedStorage } from './storages';

/**
 * The environment variables a profile's containers see from NNF, and the `$(NAME)` references
 * Kubernetes expands in them.
 */

/**
 * The variables NNF sets inside the user containers, per the NNF operator: appended to the `env`
 * of each container of the pod (after the profile's own entries), never to init containers.
 * Each storage's full name is one too (its mount path).
 */
export const NNF_CONTAINER_VARIABLES = {
  /** Set in every container. */
  always: ['NNF_CONTAINER_HOSTNAMES', 'NNF_CONTAINER_DOMAIN', 'NNF_CONTAINER_SUBDOMAIN', 'NNF_NODE_NAME'],
  /** The comma list of reserved ports; set only when `data.numPorts` is above 0. */
  ports: 'NNF_CONTAINER_PORTS',
  /**
   * Followed by a container name with `-` as `_`: that container's ports, set only when
   * `data.numPorts` is above 0, for each container that gets ports (see `portContainersOf`).
   */
  portsPerContainerPrefix: 'NNF_CONTAINER_PORTS_',
  /** Set on compute nodes only (MPI), never inside the containers. */
  computeNodeOnly: ['NNF_CONTAINER_LAUNCHER'],
} as const;

/** What each variable NNF sets in every container holds: one entry per name, or the type check fails. */
const ALWAYS_SET: Readonly<Record<(typeof NNF_CONTAINER_VARIABLES.always)[number], string>> = {
  NNF_CONTAINER_HOSTNAMES: "host names of the workflow's containers, space separated",
  NNF_CONTAINER_DOMAIN: 'the cluster DNS domain, e.g. default.svc.cluster.local',
  NNF_CONTAINER_SUBDOMAIN: 'the subdomain: <HOSTNAME>.<SUBDOMAIN>.<DOMAIN> reaches another container',
  NNF_NODE_NAME: 'the NNF node the container runs on',
};

/** `NNF_CONTAINER_PORTS_<name>` of the container named `container`, `-` read as `_`. */
export function portsVariableFor(container: string): string {
  return NNF_CONTAINER_VARIABLES.portsPerContainerPrefix + container.replace(/-/g, '_');
}

/** The containers NNF gives ports to: those of `data.spec`, else of the MPI launcher; never init containers. */
export function portContainersOf(profile: ProfileObject): ContainerLocation[] {
  const pods = podsOf(profile);
  const role = pods.some((p) => p.role === 'single') ? 'single' : 'launcher';
  return pods.filter((p) => p.role === role).flatMap((p) => containersOfPod(p).filter((c) => !c.init));
}

/**
 * What NNF sets in each container (not init container) of a profile: the storages' variables,
 * those set always, and with ports (`numPorts` above 0) the port variables of `portContainers`.
 */
export function nnfContainerVariables(storages: Iterable<string>, numPorts: number, portContainers: Iterable<string>): string[] {
  const ports = numPorts > 0 ? [NNF_CONTAINER_VARIABLES.ports, ...[...portContainers].map(portsVariableFor)] : [];
  return [...storages, ...NNF_CONTAINER_VARIABLES.always, ...ports];
}

export type VariableScope = 'container' | 'compute' | 'both';

/** An environment variable NNF sets for a container workflow. */
export interface NnfVariable {
  readonly name: string;
  readonly scope: VariableScope;
  readonly description: string;
}

function storageVariable(storage: RenderedStorage): NnfVariable {
  const what =
    storage.kind === 'job'
      ? 'mount path of the #DW jobdw storage (gfs2: one directory 0/, 1/, ... per compute node)'
      : storage.kind === 'persistent'
        ? 'mount path of the #DW persistentdw storage'
        : 'mount path of the global Lustre path';
  return { name: storage.name, scope: 'container', description: `${what}${storage.optional ? '; set only when the job supplies it' : ''}` };
}

/**
 * The variables the containers (and compute nodes) of a workflow with this profile see, each
 * with what it holds, for users: the usable storages (job, persistent, global: the order of the
 * `#DW` lines), those set always, the port variables, and on MPI compute nodes the launcher.
 */
export function nnfVariables(
  storages: readonly RenderedStorage[],
  numPorts: number,
  mpi: boolean,
  portContainers: readonly string[],
): NnfVariable[] {
  const order: StorageKind[] = ['job', 'persistent', 'global'];
  const rank = (s: RenderedStorage) => order.indexOf(s.kind!);
  const variables: NnfVariable[] = storages
    .filter((s) => s.usable)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map(({ s }) => storageVariable(s));
  for (const name of NNF_CONTAINER_VARIABLES.always) variables.push({ name, scope: 'container', description: ALWAYS_SET[name] });
  if (numPorts > 0) {
    variables.push({
      name: NNF_CONTAINER_VARIABLES.ports,
      scope: 'both',
      description: `the ${plural(numPorts, 'reserved port')}, comma separated`,
    });
    for (const container of portContainers) {
      variables.push({
        name: portsVariableFor(container),
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

/**
 * `text` after Kubernetes' expansion (k8s.io/kubernetes third_party/forked/golang/expansion),
 * with `expand` deciding each `$(NAME)`: what it returns replaces the reference, undefined leaves
 * it as written. `$$` is an escaped `$`; an unclosed `$(` and any other `$x` are literal text.
 * `after` is the character that follows the reference ('' at the end).
 */
export function expandVariables(text: string, expand: (name: string, after: string) => string | undefined): string {
  let out = '';
  for (let cursor = 0; cursor < text.length; cursor++) {
    const c = text[cursor];
    const next = text[cursor + 1];
    const close = c === '$' && next === '(' ? text.indexOf(')', cursor + 2) : -1;
    if (close !== -1) {
      out += expand(text.slice(cursor + 2, close), text[close + 1] ?? '') ?? text.slice(cursor, close + 1);
      cursor = close;
    } else if (c === '$' && next !== undefined) {
      out += next === '$' ? '$' : c + next;
      cursor += 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** The names `$(...)` references in `text`, as `expandVariables` reads them, valid identifiers or not. */
export function variableReferences(text: string): string[] {
  const names: string[] = [];
  expandVariables(text, (name) => {
    names.push(name);
    return undefined;
  });
  return names;
}
