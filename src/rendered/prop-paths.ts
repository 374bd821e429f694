import { isObject } from '../plain-data';
import { POLICY_EXCEPTION_ANNOTATION_PREFIX } from '../policy/settings';
import { DESCRIPTION_ANNOTATION } from '../profile/description';
import { MANAGED_BY_LABEL, SOURCE_ANNOTATION } from './metadata';
import { CONTAINER_FIELDS, DATA_FIELDS, POD_FIELDS } from './pods';

/**
 * Where a field of a rendered profile came from in the props its author wrote: the inverse of
 * the renderers' layout, for both eras. A finding about an object rendered from a profile
 * source is reported at the prop path, so the author reads where to change the file, and a
 * finding both eras share reads the same in every environment.
 */

/** Where each rendered pod spec comes from; the PodSpec era's MPIJob nests its pods deeper. */
const POD_PREFIXES: ReadonlyArray<readonly [rendered: string, prop: string]> = [
  ['data.spec', ''],
  ['data.mpiSpec.launcher', 'launcher'],
  ['data.mpiSpec.worker', 'worker'],
  ['data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec', 'launcher'],
  ['data.mpiSpec.mpiReplicaSpecs.Worker.template.spec', 'worker'],
];

/** MPI props rendered under `data.mpiSpec` with their own names (some in one era only). */
const MPI_PROPS = ['slotsPerWorker', 'copyOffload', 'runPolicy', 'sshAuthMountPath', 'mpiImplementation'];

/** What follows `prefix` in `path` (`''` for the prefix itself, else starting `.` or `[`); undefined when `path` is not below it. */
function below(path: string, prefix: string): string | undefined {
  if (path === prefix) return '';
  return path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '[') ? path.slice(prefix.length) : undefined;
}

const join = (parent: string, child: string) => (parent === '' ? child.replace(/^\./, '') : `${parent}${child}`);

/** `rest` split as `.key` and what follows it, or undefined when `rest` does not start with a key. */
function firstKey(rest: string): { key: string; after: string } | undefined {
  const match = /^\.([^.[]+)(.*)$/.exec(rest);
  return match ? { key: match[1], after: match[2] } : undefined;
}

function containerPropPath(container: string, rest: string): string {
  const field = firstKey(rest);
  if (field === undefined || CONTAINER_FIELDS.includes(field.key)) return `${container}${rest}`;
  return `${container}.podSpecEraFields${rest}`;
}

function podPropPath(pod: string, rest: string): string {
  const field = firstKey(rest);
  if (field === undefined) return pod;
  if (field.key === 'imagePullSecrets') {
    // Profile-level `pullSecrets`, in the same order on every pod.
    const index = /^\[\d+\]/.exec(field.after);
    return index ? `pullSecrets${index[0]}` : 'pullSecrets';
  }
  if (!POD_FIELDS.includes(field.key)) return join(pod, `.podSpecEraFields${rest}`);
  const container = /^(\[\d+\])(.*)$/.exec(field.after);
  if ((field.key === 'containers' || field.key === 'initContainers') && container) {
    return containerPropPath(join(pod, `.${field.key}${container[1]}`), container[2]);
  }
  return join(pod, rest);
}

function metadataPropPath(path: string): string | undefined {
  const label = below(path, 'metadata.labels');
  if (label !== undefined && label.startsWith('.')) return label === `.${MANAGED_BY_LABEL}` ? undefined : `labels${label}`;
  const annotation = below(path, 'metadata.annotations');
  if (annotation === undefined || !annotation.startsWith('.')) return undefined;
  const key = annotation.slice(1);
  if (key === SOURCE_ANNOTATION) return undefined;
  if (key === DESCRIPTION_ANNOTATION) return 'description';
  if (key.startsWith(POLICY_EXCEPTION_ANNOTATION_PREFIX)) return 'policyExceptions';
  return `annotations${annotation}`;
}

/**
 * The prop path a path in a rendered profile comes from, e.g.
 * `data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0].command[1]` (PodSpec era)
 * and `data.mpiSpec.launcher.containers[0].command[1]` (NnfPodSpec era) both give
 * `launcher.containers[0].command[1]`. Undefined for what no prop sets: the name, the
 * labels and annotations nnf-profiles adds, `data.pinned`, the MPIJob's own fields.
 */
export function propPathOf(renderedPath: string): string | undefined {
  if (renderedPath.startsWith('metadata.')) return metadataPropPath(renderedPath);
  for (const [rendered, prop] of POD_PREFIXES) {
    const rest = below(renderedPath, rendered);
    if (rest !== undefined) return podPropPath(prop, rest);
  }
  const storages = below(renderedPath, 'data.storages');
  if (storages !== undefined) {
    // A storage is a handle (`Storage.job('x', options)`): its fields are not props of their own.
    const index = /^\[\d+\]/.exec(storages);
    return index ? `storages${index[0]}` : 'storages';
  }
  for (const [parent, props] of [
    ['data', DATA_FIELDS],
    ['data.mpiSpec', MPI_PROPS],
  ] as const) {
    const field = firstKey(below(renderedPath, parent) ?? '');
    if (field && props.includes(field.key)) return `${field.key}${field.after}`;
  }
  return undefined;
}

/**
 * Whether `object` was rendered from the profile source `file`: its findings are then the
 * source's, at prop paths. An object read from YAML names its own file, and keeps its paths.
 */
export function renderedFrom(object: unknown, file: string): boolean {
  const metadata = isObject(object) ? object.metadata : undefined;
  const annotations = isObject(metadata) ? metadata.annotations : undefined;
  return isObject(annotations) && annotations[SOURCE_ANNOTATION] === file;
}
