import { isObject } from '../plain-data';
import { POLICY_EXCEPTION_ANNOTATION_PREFIX } from '../policy/settings';
import { DESCRIPTION_ANNOTATION } from '../profile/description';
import {
  containersOf,
  dataOf,
  DW_PROFILE_NAME,
  envNamesOf,
  expandVariables,
  imagesOf,
  integer,
  nnfContainerVariables,
  type NnfVariable,
  nnfVariables,
  nonEmptyString,
  type PodRole,
  portContainersOf,
  type ProfileObject,
  type RenderedStorage,
  SOURCE_ANNOTATION,
  storagesOf,
} from '../rendered';

/** A storage a job supplies: each one that has a name. */
export type StorageSummary = RenderedStorage;

export interface ContainerSummary {
  readonly name: string;
  readonly image?: string;
  /** `single` for `data.spec`, else the MPI role. */
  readonly role: PodRole;
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
  /** The name matches `DW_PROFILE_NAME`: a `#DW container` directive can select it. */
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
  readonly variables: readonly NnfVariable[];
  /** One paragraph for users (annotation `nnf-profiles/description`), if any. */
  readonly description?: string;
  /** The file the profile was rendered from (annotation `nnf-profiles/source`), if any. */
  readonly source?: string;
  /** `nnf-profiles/policy-exception.<rule>` annotations: rule → reason. */
  readonly policyExceptions: ReadonlyArray<{ readonly rule: string; readonly reason: string }>;
}

/** Names Kubernetes expands in a container's command and args: the variables set in it. */
type Resolves = (name: string) => boolean;

/** What `$(NAME)` expands to in each container: its env entries, and for non-init containers what NNF sets. */
function resolverFor(container: Record<string, unknown>, init: boolean, nnf: ReadonlySet<string>): Resolves {
  const env = new Set(envNamesOf(container));
  return (name) => env.has(name) || (!init && nnf.has(name));
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

/**
 * One command or args element as the program receives it, after Kubernetes' expansion
 * (`expandVariables`), except that each variable it expands is shown as `$NAME` (`${NAME}`
 * before a name character): `$$` is a `$`, an unresolved `$(NAME)` and any other `$` stay as
 * written.
 */
export function shownArgument(text: string, resolves: Resolves): string {
  return expandVariables(text, (name, after) => (resolves(name) ? (IDENTIFIER_CHAR.test(after) ? `\${${name}}` : `$${name}`) : undefined));
}

function shownList(value: unknown, resolves: Resolves): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((v) => shownArgument(typeof v === 'string' ? v : String(v), resolves));
}

/** A profile, as plain data, seen from a job script. Never throws on odd shapes. */
export function profileSummary(profile: ProfileObject): ProfileSummary {
  const data = dataOf(profile);
  const metadata = isObject(profile?.metadata) ? profile.metadata : {};
  const name = nonEmptyString(metadata.name) ?? '(unnamed)';
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const mpi = isObject(data.mpiSpec);
  const numPorts = integer(data.numPorts) ?? 0;
  const storages = storagesOf(profile).filter((s) => s.name !== '');
  const named = (container: Record<string, unknown>) => nonEmptyString(container.name) ?? '(unnamed)';
  const portContainers = portContainersOf(profile).map(({ container }) => named(container));
  // What NNF sets in the pods' containers (not init containers), as `nnfVariables` lists it.
  const nnf = new Set(
    nnfContainerVariables(
      storages.map((s) => s.name),
      numPorts,
      portContainers,
    ),
  );
  const containers: ContainerSummary[] = containersOf(profile).map(({ container, init, role }) => {
    const resolves = resolverFor(container, init, nnf);
    return {
      name: named(container),
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
    images: imagesOf(profile),
    containers,
    storages,
    userID: integer(data.userID),
    groupID: integer(data.groupID),
    numPorts,
    createContainer: data.createContainer !== false,
    retryLimit: integer(data.retryLimit),
    variables: nnfVariables(storages, numPorts, mpi, portContainers),
    description: nonEmptyString(annotations[DESCRIPTION_ANNOTATION]),
    source: nonEmptyString(annotations[SOURCE_ANNOTATION]),
    policyExceptions: Object.entries(annotations)
      .filter(([key, value]) => key.startsWith(POLICY_EXCEPTION_ANNOTATION_PREFIX) && typeof value === 'string')
      .map(([key, value]) => ({ rule: key.slice(POLICY_EXCEPTION_ANNOTATION_PREFIX.length), reason: value as string }))
      .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)),
  };
}
