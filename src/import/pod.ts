import { isObject } from '../plain-data';
import { CONTAINER_FIELDS, POD_FIELDS } from '../rendered';
import { array, type Code, object, raw, stringLiteral, valueCode } from './code';
import { type Entries, type ProfileImport, Unimportable } from './profile-import';

/**
 * Pod specs and their containers, in either era: the PodSpec era keeps the fields the model
 * does not name (`podSpecEraFields`), the NnfPodSpec era has none to keep. As src/render/pod.ts
 * is for rendering, the one place both eras' pods are read.
 */

const PULL_POLICIES = ['Always', 'Never', 'IfNotPresent'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

/** The pod fields an import carries over: those props render, and the pull secrets. */
const IMPORTED_POD_FIELDS = [...POD_FIELDS, 'imagePullSecrets'];

export interface ContainerPlan {
  readonly name: string;
  readonly image: string;
  /** Everything but name and image. */
  readonly entries: Entries;
}

export interface PodPlan {
  readonly containers: ContainerPlan[];
  readonly initContainers: ContainerPlan[];
  /** Pod fields after the containers. */
  readonly entries: Entries;
  readonly pullSecrets: string[];
  readonly path: string;
}

/** One container of a pod spec, either era. */
function importContainer(value: unknown, path: string, imp: ProfileImport): ContainerPlan {
  if (!isObject(value)) throw new Unimportable(`${path}: not a container object`);
  const name = value.name;
  if (typeof name !== 'string' || name === '') throw new Unimportable(`${path}.name: a container needs a name`);
  const image = value.image;
  if (typeof image !== 'string' || image === '') throw new Unimportable(`${path}.image: container '${name}' has no image`);
  const entries: Entries = [];
  const add = (key: string, code: Code | undefined) => {
    if (code !== undefined) entries.push([key, code]);
  };
  add('command', imp.args(value.command, `${path}.command`));
  add('args', imp.args(value.args, `${path}.args`));
  for (const key of ['env', 'envFrom', 'volumeMounts']) {
    const list = value[key];
    if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) continue;
    if (Array.isArray(list)) add(key, valueCode(list));
    else imp.note(`${path}.${key}`, 'not carried over: not a list');
  }
  if (value.workingDir !== undefined && value.workingDir !== null) {
    if (typeof value.workingDir === 'string') add('workingDir', valueCode(value.workingDir));
    else imp.note(`${path}.workingDir`, 'not carried over: not a string');
  }
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (value[key] === undefined || value[key] === null) continue;
    if (isObject(value[key])) add(key, valueCode(value[key]));
    else imp.note(`${path}.${key}`, 'not carried over: not an object');
  }
  const pullPolicy = imp.oneOf(value.imagePullPolicy, PULL_POLICIES, `${path}.imagePullPolicy`);
  // The NnfPodSpec-era schema defaults it to IfNotPresent; the PodSpec era leaves it to Kubernetes.
  if (pullPolicy !== undefined && !(imp.era === 'NnfPodSpec' && pullPolicy === 'IfNotPresent'))
    add('imagePullPolicy', valueCode(pullPolicy));
  for (const key of ['restartPolicy', 'terminationMessagePath']) {
    if (value[key] === undefined || value[key] === null) continue;
    if (typeof value[key] === 'string') add(key, valueCode(value[key]));
    else imp.note(`${path}.${key}`, 'not carried over: not a string');
  }
  const messagePolicy = imp.oneOf(value.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, `${path}.terminationMessagePolicy`);
  if (messagePolicy !== undefined) add('terminationMessagePolicy', valueCode(messagePolicy));
  add('podSpecEraFields', podSpecEraFields(value, CONTAINER_FIELDS, path, 'container', imp));
  return { name, image, entries };
}

/** The fields beyond the modelled ones: kept in the PodSpec era, noted after it. */
function podSpecEraFields(
  value: Record<string, unknown>,
  modelled: readonly string[],
  path: string,
  what: string,
  imp: ProfileImport,
): Code | undefined {
  const extra = Object.entries(value).filter(([key]) => !modelled.includes(key));
  if (extra.length === 0) return undefined;
  if (imp.era === 'PodSpec') return valueCode(Object.fromEntries(extra));
  for (const [key] of extra) imp.note(`${path}.${key}`, `not carried over: a ${imp.version} ${what} has no such field`);
  return undefined;
}

/** One pod spec, either era: its containers, pull secrets and pod fields. */
export function importPod(value: unknown, path: string, imp: ProfileImport): PodPlan {
  if (!isObject(value)) throw new Unimportable(`${path}: not a pod spec`);
  const list = (key: string) => {
    const items = value[key];
    if (items === undefined || items === null) return [];
    if (!Array.isArray(items)) throw new Unimportable(`${path}.${key}: not a list`);
    return items.map((c, i) => importContainer(c, `${path}.${key}[${i}]`, imp));
  };
  const containers = list('containers');
  const initContainers = list('initContainers');
  const pullSecrets: string[] = [];
  const secrets = value.imagePullSecrets;
  if (Array.isArray(secrets)) {
    secrets.forEach((entry, i) => {
      const name = isObject(entry) ? entry.name : undefined;
      if (typeof name !== 'string' || name === '') {
        imp.note(`${path}.imagePullSecrets[${i}]`, 'not carried over: names no secret');
        return;
      }
      imp.unknownKeys(entry as Record<string, unknown>, ['name'], `${path}.imagePullSecrets[${i}]`, 'a pull secret reference is its name');
      if (!pullSecrets.includes(name)) pullSecrets.push(name);
    });
  } else if (secrets !== undefined && secrets !== null) {
    imp.note(`${path}.imagePullSecrets`, 'not carried over: not a list');
  }
  const entries: Entries = [];
  if (Array.isArray(value.volumes) && value.volumes.length > 0) entries.push(['volumes', valueCode(value.volumes)]);
  else if (value.volumes !== undefined && value.volumes !== null && !Array.isArray(value.volumes))
    imp.note(`${path}.volumes`, 'not carried over: not a list');
  const grace = imp.integer(value.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`);
  if (grace !== undefined) entries.push(['terminationGracePeriodSeconds', valueCode(grace)]);
  for (const key of ['shareProcessNamespace', 'automountServiceAccountToken']) {
    const flag = imp.boolean(value[key], `${path}.${key}`);
    if (flag !== undefined) entries.push([key, valueCode(flag)]);
  }
  const extra = podSpecEraFields(value, IMPORTED_POD_FIELDS, path, 'pod spec', imp);
  if (extra !== undefined) entries.push(['podSpecEraFields', extra]);
  return { containers, initContainers, entries, pullSecrets, path };
}

function containerCode(c: ContainerPlan, sharedImage: string | undefined): Code {
  const image: Entries = c.image === sharedImage ? [] : [['image', raw(stringLiteral(c.image))]];
  return object([['name', raw(stringLiteral(c.name))], ...image, ...c.entries]);
}

export function podEntries(pod: PodPlan, sharedImage?: string): Entries {
  const entries: Entries = [['containers', array(pod.containers.map((c) => containerCode(c, sharedImage)))]];
  if (pod.initContainers.length > 0) entries.push(['initContainers', array(pod.initContainers.map((c) => containerCode(c, sharedImage)))]);
  return [...entries, ...pod.entries];
}

/** The pull secrets every pod shares; pods naming different ones are noted. */
export function profilePullSecrets(pods: readonly PodPlan[], imp: ProfileImport): string[] {
  const all: string[] = [];
  for (const pod of pods) for (const name of pod.pullSecrets) if (!all.includes(name)) all.push(name);
  for (const pod of pods) {
    if (pod.pullSecrets.join('\n') !== all.join('\n')) {
      imp.note(
        `${pod.path}.imagePullSecrets`,
        `carried over as the profile's pullSecrets (${all.join(', ')}), which go on every pod; this pod named ${pod.pullSecrets.join(', ') || 'none'}`,
      );
    }
  }
  return all;
}

/** An MPI spec of either era: its launcher and worker pods and the MPI settings besides `slotsPerWorker`. */
export interface MpiPlan {
  readonly launcher: PodPlan;
  readonly worker: PodPlan;
  readonly settings: Entries;
}
