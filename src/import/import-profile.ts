import { type ApiVersion, apiVersionFromGroupVersion, API_VERSIONS, type Era, eraOf, PROFILE_KIND, STORAGE_PREFIX } from '../model';
import { DEFAULT_SLOTS_PER_WORKER } from '../profile/mpi-container-profile';
import { DESCRIPTION_ANNOTATION, descriptionProblems, normalizedDescription } from '../profile/description';
import { DEFAULT_RETRY_LIMIT } from '../profile/profile';
import { PODSPEC_ERA_MPI_DEFAULTS } from '../render/podspec-era';
import { argCode } from './args';
import { array, call, type Code, object, print, raw, stringLiteral, valueCode } from './code';
import { identifierFor, isReserved } from './identifiers';
import { DW_PROFILE_NAME, DW_STORAGE_SUFFIX, podsOf, type ProfileObject, storageKindOf, unanchored } from '../rendered';
import { isGeneratedAnnotation, isSynthLabel, policyExceptionRule, SERVER_METADATA_FIELDS } from './metadata';
import { isObject } from '../plain-data';

/**
 * NnfContainerProfile objects of any supported version → one idiomatic profile file each.
 * Pure: plain data in, source text and notes out. What the file cannot say is a note, never
 * dropped silently; values equal to the schema's defaults are left implicit.
 */

/** Something of the input the generated file does not carry over, or carries differently. */
export interface ImportNote {
  /** Where in the input object, e.g. `data.spec.containers[0].ports`. */
  readonly path: string;
  readonly message: string;
  /**
   * `warning`: something of the input is not carried over (or would be refused). `info`: the
   * file renders a value the input leaves out, with the same effect on the cluster.
   */
  readonly severity: 'warning' | 'info';
}

/** A pull secret the generated file takes from `site.ts`. */
export interface PullSecretUse {
  /** The secret's name, as in `imagePullSecrets`. */
  readonly name: string;
  /** The handle's name in the file. */
  readonly identifier: string;
  /** The name site.ts exports it as, when the file must import it under another name. @default identifier */
  readonly exportName?: string;
}

export interface ImportedProfile {
  /** metadata.name; the file is `<name>.ts`. */
  readonly name: string;
  readonly fileName: string;
  readonly apiVersion: ApiVersion;
  /** The profile file's source. */
  readonly source: string;
  readonly notes: readonly ImportNote[];
  readonly pullSecrets: readonly PullSecretUse[];
}

export type ImportResult = { readonly ok: true; readonly profile: ImportedProfile } | { readonly ok: false; readonly name?: string; readonly message: string };

export interface ImportOptions {
  /**
   * Pull secret name → the handle `site.ts` exports for it. Secrets not listed get a handle named
   * after them in camelCase (`readonly-red-rock-slushy` → `readonlyRedRockSlushy`).
   * @default - none known
   */
  readonly pullSecretHandles?: Readonly<Record<string, string>>;
  /** How the file imports this tool. @default '../src' */
  readonly srcModule?: string;
  /** How the file imports the site's pull secret handles. @default '../site' */
  readonly siteModule?: string;
  /**
   * Namespaces the site publishes profiles in; a profile from another one is noted, as the
   * environment, not the file, decides it.
   * @default ['nnf-system']
   */
  readonly profileNamespaces?: readonly string[];
}

/** A profile name that can be a file name; the `#DW` rule is stricter and only noted. */
const FILE_SAFE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const PVC_MODES = ['ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteOncePod'];
const PULL_POLICIES = ['Always', 'Never', 'IfNotPresent'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const CLEAN_POD_POLICIES = ['None', 'Running', 'All'];
const RUN_POLICY_FIELDS = ['cleanPodPolicy', 'suspend', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'schedulingPolicy'];
const MPI_IMPLEMENTATIONS = ['OpenMPI', 'Intel'];

/** The container fields both eras have, in the order files list them. */
const CONTAINER_FIELDS = [
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
const POD_FIELDS = ['containers', 'initContainers', 'volumes', 'imagePullSecrets', 'terminationGracePeriodSeconds', 'shareProcessNamespace', 'automountServiceAccountToken'];

type Entries = Array<readonly [string, Code]>;


/** An input the generated file cannot be made from at all. */
class Unimportable extends Error {}

interface ContainerPlan {
  readonly name: string;
  readonly image: string;
  /** Everything but name and image. */
  readonly entries: Entries;
}

interface PodPlan {
  readonly containers: ContainerPlan[];
  readonly initContainers: ContainerPlan[];
  /** Pod fields after the containers. */
  readonly entries: Entries;
  readonly pullSecrets: string[];
  readonly path: string;
}

/** One profile's import: the notes it makes and the names it hands out. */
class ProfileImport {
  readonly notes: ImportNote[] = [];
  readonly era: Era;
  /** Declared storage name → its variable. */
  readonly storageIdentifiers = new Map<string, string>();
  usesArg = false;

  constructor(readonly version: ApiVersion) {
    this.era = eraOf(version);
  }

  note(path: string, message: string, severity: ImportNote['severity'] = 'warning'): void {
    this.notes.push({ path, message, severity });
  }

  /** Notes every key of `value` not in `known`. */
  unknownKeys(value: Record<string, unknown>, known: readonly string[], path: string, why: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.note(`${path}.${key}`, `not carried over: ${why}`);
    }
  }

  integer(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.note(path, `not carried over: ${JSON.stringify(value)} is not an integer`);
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.note(path, `not carried over: ${JSON.stringify(value)} is not true or false`);
    return undefined;
  }

  oneOf(value: unknown, allowed: readonly string[], path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && allowed.includes(value)) return value;
    this.note(path, `not carried over: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  strings(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    this.note(path, 'not carried over: not a list of strings');
    return undefined;
  }

  args(value: unknown, path: string): Code | undefined {
    const list = this.strings(value, path);
    if (list === undefined) return undefined;
    return array(
      list.map((text) => {
        const { code, usesArg } = argCode(text, this.storageIdentifiers);
        if (usesArg) this.usesArg = true;
        return code;
      }),
    );
  }

  container(value: unknown, path: string): ContainerPlan {
    if (!isObject(value)) throw new Unimportable(`${path}: not a container object`);
    const name = value.name;
    if (typeof name !== 'string' || name === '') throw new Unimportable(`${path}.name: a container needs a name`);
    const image = value.image;
    if (typeof image !== 'string' || image === '') throw new Unimportable(`${path}.image: container '${name}' has no image`);
    const entries: Entries = [];
    const add = (key: string, code: Code | undefined) => {
      if (code !== undefined) entries.push([key, code]);
    };
    add('command', this.args(value.command, `${path}.command`));
    add('args', this.args(value.args, `${path}.args`));
    for (const key of ['env', 'envFrom', 'volumeMounts']) {
      const list = value[key];
      if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) continue;
      if (Array.isArray(list)) add(key, valueCode(list));
      else this.note(`${path}.${key}`, 'not carried over: not a list');
    }
    if (value.workingDir !== undefined && value.workingDir !== null) {
      if (typeof value.workingDir === 'string') add('workingDir', valueCode(value.workingDir));
      else this.note(`${path}.workingDir`, 'not carried over: not a string');
    }
    for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (value[key] === undefined || value[key] === null) continue;
      if (isObject(value[key])) add(key, valueCode(value[key]));
      else this.note(`${path}.${key}`, 'not carried over: not an object');
    }
    const pullPolicy = this.oneOf(value.imagePullPolicy, PULL_POLICIES, `${path}.imagePullPolicy`);
    // The NnfPodSpec-era schema defaults it to IfNotPresent; the PodSpec era leaves it to Kubernetes.
    if (pullPolicy !== undefined && !(this.era === 'NnfPodSpec' && pullPolicy === 'IfNotPresent')) add('imagePullPolicy', valueCode(pullPolicy));
    for (const key of ['restartPolicy', 'terminationMessagePath']) {
      if (value[key] === undefined || value[key] === null) continue;
      if (typeof value[key] === 'string') add(key, valueCode(value[key]));
      else this.note(`${path}.${key}`, 'not carried over: not a string');
    }
    const messagePolicy = this.oneOf(value.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, `${path}.terminationMessagePolicy`);
    if (messagePolicy !== undefined) add('terminationMessagePolicy', valueCode(messagePolicy));
    add('podSpecEraFields', this.podSpecEraFields(value, CONTAINER_FIELDS, path, 'container'));
    return { name, image, entries };
  }

  /** The fields beyond the modelled ones: kept in the PodSpec era, noted after it. */
  podSpecEraFields(value: Record<string, unknown>, modelled: readonly string[], path: string, what: string): Code | undefined {
    const extra = Object.entries(value).filter(([key]) => !modelled.includes(key));
    if (extra.length === 0) return undefined;
    if (this.era === 'PodSpec') return valueCode(Object.fromEntries(extra));
    for (const [key] of extra) this.note(`${path}.${key}`, `not carried over: a ${this.version} ${what} has no such field`);
    return undefined;
  }

  pod(value: unknown, path: string): PodPlan {
    if (!isObject(value)) throw new Unimportable(`${path}: not a pod spec`);
    const list = (key: string) => {
      const items = value[key];
      if (items === undefined || items === null) return [];
      if (!Array.isArray(items)) throw new Unimportable(`${path}.${key}: not a list`);
      return items.map((c, i) => this.container(c, `${path}.${key}[${i}]`));
    };
    const containers = list('containers');
    const initContainers = list('initContainers');
    const pullSecrets: string[] = [];
    const secrets = value.imagePullSecrets;
    if (Array.isArray(secrets)) {
      secrets.forEach((entry, i) => {
        const name = isObject(entry) ? entry.name : undefined;
        if (typeof name !== 'string' || name === '') {
          this.note(`${path}.imagePullSecrets[${i}]`, 'not carried over: names no secret');
          return;
        }
        this.unknownKeys(entry as Record<string, unknown>, ['name'], `${path}.imagePullSecrets[${i}]`, 'a pull secret reference is its name');
        if (!pullSecrets.includes(name)) pullSecrets.push(name);
      });
    } else if (secrets !== undefined && secrets !== null) {
      this.note(`${path}.imagePullSecrets`, 'not carried over: not a list');
    }
    const entries: Entries = [];
    if (Array.isArray(value.volumes) && value.volumes.length > 0) entries.push(['volumes', valueCode(value.volumes)]);
    else if (value.volumes !== undefined && value.volumes !== null && !Array.isArray(value.volumes)) this.note(`${path}.volumes`, 'not carried over: not a list');
    const grace = this.integer(value.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`);
    if (grace !== undefined) entries.push(['terminationGracePeriodSeconds', valueCode(grace)]);
    for (const key of ['shareProcessNamespace', 'automountServiceAccountToken']) {
      const flag = this.boolean(value[key], `${path}.${key}`);
      if (flag !== undefined) entries.push([key, valueCode(flag)]);
    }
    const extra = this.podSpecEraFields(value, POD_FIELDS, path, 'pod spec');
    if (extra !== undefined) entries.push(['podSpecEraFields', extra]);
    return { containers, initContainers, entries, pullSecrets, path };
  }
}

function containerCode(c: ContainerPlan, sharedImage: string | undefined): Code {
  const image: Entries = c.image === sharedImage ? [] : [['image', raw(stringLiteral(c.image))]];
  return object([['name', raw(stringLiteral(c.name))], ...image, ...c.entries]);
}

function podEntries(pod: PodPlan, sharedImage?: string): Entries {
  const entries: Entries = [['containers', array(pod.containers.map((c) => containerCode(c, sharedImage)))]];
  if (pod.initContainers.length > 0) entries.push(['initContainers', array(pod.initContainers.map((c) => containerCode(c, sharedImage)))]);
  return [...entries, ...pod.entries];
}

/** The pull secrets every pod shares; pods naming different ones are noted. */
function profilePullSecrets(pods: readonly PodPlan[], imp: ProfileImport): string[] {
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

interface StoragePlan {
  readonly identifier: string;
  readonly declaration: string;
}

function storages(value: unknown, imp: ProfileImport, taken: Set<string>): StoragePlan[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    imp.note('data.storages', 'not carried over: not a list');
    return [];
  }
  const plans: StoragePlan[] = [];
  value.forEach((storage, i) => {
    const path = `data.storages[${i}]`;
    const name = isObject(storage) ? storage.name : undefined;
    if (!isObject(storage) || typeof name !== 'string') {
      imp.note(path, 'not carried over: a storage needs a name');
      return;
    }
    const kind = storageKindOf(name);
    const bare = kind ? name.slice(STORAGE_PREFIX[kind].length) : '';
    if (!kind || !DW_STORAGE_SUFFIX.test(bare)) {
      imp.note(
        `${path}.name`,
        `not carried over: '${name}' is not DW_JOB_, DW_PERSISTENT_ or DW_GLOBAL_ followed by ${unanchored(DW_STORAGE_SUFFIX)}, so no #DW directive could supply it and Storage cannot declare it`,
      );
      return;
    }
    if (imp.storageIdentifiers.has(name)) {
      imp.note(`${path}.name`, `not carried over: storage ${name} is declared twice`);
      return;
    }
    imp.unknownKeys(storage, ['name', 'optional', 'pvcMode'], path, 'a storage has only name, optional and pvcMode');
    const options: Entries = [];
    if (imp.boolean(storage.optional, `${path}.optional`) === true) options.push(['optional', raw('true')]);
    const pvcMode = imp.oneOf(storage.pvcMode, PVC_MODES, `${path}.pvcMode`);
    if (pvcMode !== undefined) {
      if (kind === 'global') options.push(['pvcMode', raw(stringLiteral(pvcMode))]);
      else imp.note(`${path}.pvcMode`, 'not carried over: only DW_GLOBAL_ storages take a pvcMode (the NNF operator refuses it elsewhere)');
    }
    const identifier = identifierFor(bare, taken, kind.charAt(0).toUpperCase() + kind.slice(1));
    taken.add(identifier);
    imp.storageIdentifiers.set(name, identifier);
    const args: Code[] = [raw(stringLiteral(bare)), ...(options.length > 0 ? [object(options)] : [])];
    plans.push({ identifier, declaration: `const ${identifier} = ${print(call(`Storage.${kind}`, args), 0, `const ${identifier} = `.length, 1)};` });
  });
  return plans;
}

interface Metadata {
  readonly name: string;
  /** The `description` prop, from the annotation synth writes it to. */
  readonly description: Entries;
  readonly entries: Entries;
}

function metadata(profile: Record<string, unknown>, imp: ProfileImport, namespaces: readonly string[]): Metadata {
  const meta = profile.metadata;
  if (!isObject(meta)) throw new Unimportable('metadata: missing');
  const name = meta.name;
  if (typeof name !== 'string' || name === '') throw new Unimportable('metadata.name: missing');
  if (!FILE_SAFE_NAME.test(name) || name.length > 253) throw new Unimportable(`metadata.name: '${name}' is not a Kubernetes object name`);
  if (!DW_PROFILE_NAME.test(name)) {
    imp.note('metadata.name', `'${name}' does not match ${DW_PROFILE_NAME.source}, so no #DW container directive can select it (synth refuses it); rename the profile and its file`);
  }
  if (meta.namespace !== undefined && !namespaces.includes(String(meta.namespace))) {
    imp.note('metadata.namespace', `not carried over: each environment's profileNamespace decides it (${namespaces.join(', ')}), not the profile`);
  }
  imp.unknownKeys(meta, ['name', 'namespace', 'labels', 'annotations', ...SERVER_METADATA_FIELDS], 'metadata', 'a profile carries only name, labels and annotations');

  const entries: Entries = [];
  const record = (key: 'labels' | 'annotations'): Array<[string, string]> => {
    const value = meta[key];
    if (value === undefined || value === null) return [];
    if (!isObject(value)) {
      imp.note(`metadata.${key}`, 'not carried over: not a map');
      return [];
    }
    return Object.entries(value).flatMap(([k, v]): Array<[string, string]> => {
      if (typeof v === 'string') return [[k, v]];
      imp.note(`metadata.${key}.${k}`, 'not carried over: not a string');
      return [];
    });
  };
  const labels = record('labels').filter(([k, v]) => !isSynthLabel(k, v));
  const exceptions: Code[] = [];
  const description: Entries = [];
  const annotations = record('annotations').filter(([k, v]) => {
    if (isGeneratedAnnotation(k, v)) return false;
    if (k === DESCRIPTION_ANNOTATION) {
      const path = `metadata.annotations.${k}`;
      description.push(['description', raw(stringLiteral(v))]);
      for (const problem of descriptionProblems(v)) imp.note(path, `carried over as description, but synth refuses it: it ${problem.message}`);
      if (descriptionProblems(v).length === 0 && normalizedDescription(v) !== v) {
        imp.note(path, 'the profile renders it with its white space collapsed and trimmed', 'info');
      }
      return false;
    }
    const rule = policyExceptionRule(k);
    if (rule === undefined) return true;
    exceptions.push(object([['rule', raw(stringLiteral(rule))], ['reason', raw(stringLiteral(v))]]));
    return false;
  });
  if (labels.length > 0) entries.push(['labels', valueCode(Object.fromEntries(labels))]);
  if (annotations.length > 0) entries.push(['annotations', valueCode(Object.fromEntries(annotations))]);
  if (exceptions.length > 0) entries.push(['policyExceptions', array(exceptions)]);
  return { name, description, entries };
}

const DATA_FIELDS = ['pinned', 'storages', 'retryLimit', 'preRunTimeoutSeconds', 'postRunTimeoutSeconds', 'userID', 'groupID', 'numPorts', 'createContainer', 'spec', 'mpiSpec'];

/** Profile-level settings, each only when it differs from the schema's default. */
function settings(data: Record<string, unknown>, imp: ProfileImport): Entries {
  const entries: Entries = [];
  if (imp.boolean(data.pinned, 'data.pinned') === true) {
    imp.note('data.pinned', 'not carried over: a pinned profile is the copy NNF makes for one workflow; it is imported as a publishable (unpinned) profile');
  }
  const retryLimit = imp.integer(data.retryLimit, 'data.retryLimit');
  if (retryLimit !== undefined && retryLimit !== DEFAULT_RETRY_LIMIT) entries.push(['retryLimit', valueCode(retryLimit)]);
  for (const key of ['preRunTimeoutSeconds', 'postRunTimeoutSeconds']) {
    const seconds = imp.integer(data[key], `data.${key}`);
    if (seconds !== undefined && seconds !== 300) entries.push([key, valueCode(seconds)]);
  }
  for (const key of ['userID', 'groupID', 'numPorts']) {
    const n = imp.integer(data[key], `data.${key}`);
    if (n !== undefined) entries.push([key, valueCode(n)]);
  }
  if (data.createContainer !== undefined) {
    if (imp.version !== 'v1alpha11') {
      imp.note('data.createContainer', `not carried over: ${imp.version} has no createContainer (v1alpha11 only), so the API server drops it`);
    } else if (imp.boolean(data.createContainer, 'data.createContainer') === false) {
      entries.push(['createContainer', raw('false')]);
    }
  }
  imp.unknownKeys(data, DATA_FIELDS, 'data', `${imp.version} profiles have no such field`);
  return entries;
}

interface Workload {
  readonly className: 'ContainerProfile' | 'MpiContainerProfile';
  /** Props before the profile settings (the MPI image). */
  readonly leading: Entries;
  readonly trailing: Entries;
  readonly pods: PodPlan[];
}

function singleWorkload(spec: unknown, imp: ProfileImport): Workload {
  const pod = imp.pod(spec, 'data.spec');
  return { className: 'ContainerProfile', leading: [], trailing: podEntries(pod), pods: [pod] };
}

/** The launcher and worker pods, and the MPI settings, of either era. */
function mpiParts(mpi: Record<string, unknown>, imp: ProfileImport): { launcher: PodPlan; worker: PodPlan; settings: Entries } {
  const settingsEntries: Entries = [];
  const slots = imp.integer(mpi.slotsPerWorker, 'data.mpiSpec.slotsPerWorker');
  if (slots !== undefined && slots !== DEFAULT_SLOTS_PER_WORKER) settingsEntries.push(['slotsPerWorker', valueCode(slots)]);
  if (imp.era === 'NnfPodSpec') {
    imp.unknownKeys(mpi, ['launcher', 'worker', 'copyOffload', 'slotsPerWorker'], 'data.mpiSpec', `${imp.version} MPI specs have only launcher, worker, copyOffload and slotsPerWorker`);
    if (!isObject(mpi.launcher)) throw new Unimportable('data.mpiSpec.launcher: missing');
    if (!isObject(mpi.worker)) throw new Unimportable('data.mpiSpec.worker: missing');
    if (imp.boolean(mpi.copyOffload, 'data.mpiSpec.copyOffload') === true) settingsEntries.push(['copyOffload', raw('true')]);
    return { launcher: imp.pod(mpi.launcher, 'data.mpiSpec.launcher'), worker: imp.pod(mpi.worker, 'data.mpiSpec.worker'), settings: settingsEntries };
  }

  imp.unknownKeys(
    mpi,
    ['mpiReplicaSpecs', 'runPolicy', 'slotsPerWorker', 'sshAuthMountPath', 'mpiImplementation'],
    'data.mpiSpec',
    'MpiContainerProfile cannot express it',
  );
  const implementation = mpi.mpiImplementation;
  if (implementation !== undefined && implementation !== PODSPEC_ERA_MPI_DEFAULTS.mpiImplementation) {
    const known = imp.oneOf(implementation, MPI_IMPLEMENTATIONS, 'data.mpiSpec.mpiImplementation');
    if (known !== undefined) settingsEntries.push(['mpiImplementation', raw(stringLiteral(known))]);
  }
  const runPolicy = mpi.runPolicy;
  if (isObject(runPolicy)) {
    imp.unknownKeys(runPolicy, RUN_POLICY_FIELDS, 'data.mpiSpec.runPolicy', 'MpiContainerProfile runPolicy cannot express it');
    const entries: Entries = [];
    const clean = imp.oneOf(runPolicy.cleanPodPolicy, CLEAN_POD_POLICIES, 'data.mpiSpec.runPolicy.cleanPodPolicy');
    if (clean === undefined && runPolicy.cleanPodPolicy === undefined) {
      imp.note('data.mpiSpec.runPolicy.cleanPodPolicy', 'not set here; the file renders Running (what the NNF operator sets anyway)', 'info');
    }
    if (clean !== undefined && clean !== PODSPEC_ERA_MPI_DEFAULTS.runPolicy.cleanPodPolicy) entries.push(['cleanPodPolicy', raw(stringLiteral(clean))]);
    if (imp.boolean(runPolicy.suspend, 'data.mpiSpec.runPolicy.suspend') === true) entries.push(['suspend', raw('true')]);
    for (const key of ['backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) {
      const n = imp.integer(runPolicy[key], `data.mpiSpec.runPolicy.${key}`);
      if (n !== undefined) entries.push([key, valueCode(n)]);
    }
    if (isObject(runPolicy.schedulingPolicy)) entries.push(['schedulingPolicy', valueCode(runPolicy.schedulingPolicy)]);
    if (entries.length > 0) settingsEntries.push(['runPolicy', object(entries)]);
  } else {
    imp.note('data.mpiSpec.runPolicy', 'not set here; the file renders { cleanPodPolicy: Running, suspend: false } (what the NNF operator sets anyway)', 'info');
  }
  const ssh = mpi.sshAuthMountPath;
  if (ssh !== undefined && ssh !== PODSPEC_ERA_MPI_DEFAULTS.sshAuthMountPath) {
    if (typeof ssh === 'string') settingsEntries.push(['sshAuthMountPath', raw(stringLiteral(ssh))]);
    else imp.note('data.mpiSpec.sshAuthMountPath', 'not carried over: not a string');
  }

  const replicas = mpi.mpiReplicaSpecs;
  if (!isObject(replicas)) throw new Unimportable('data.mpiSpec.mpiReplicaSpecs: missing');
  imp.unknownKeys(replicas, ['Launcher', 'Worker'], 'data.mpiSpec.mpiReplicaSpecs', 'an MPI profile has a Launcher and a Worker only');
  const replica = (role: 'Launcher' | 'Worker'): PodPlan => {
    const path = `data.mpiSpec.mpiReplicaSpecs.${role}`;
    const spec = replicas[role];
    if (!isObject(spec) || !isObject(spec.template) || !isObject(spec.template.spec)) throw new Unimportable(`${path}.template.spec: missing`);
    imp.unknownKeys(spec, ['template'], path, 'the NNF operator sets replicas and restart policy itself');
    imp.unknownKeys(spec.template, ['spec'], `${path}.template`, 'a pod template here has its spec only');
    return imp.pod(spec.template.spec, `${path}.template.spec`);
  };
  return { launcher: replica('Launcher'), worker: replica('Worker'), settings: settingsEntries };
}

function mpiWorkload(mpi: unknown, imp: ProfileImport): Workload {
  if (!isObject(mpi)) throw new Unimportable('data.mpiSpec: not an object');
  const { launcher, worker, settings: mpiSettings } = mpiParts(mpi, imp);
  const images = [...launcher.containers, ...worker.containers].map((c) => c.image);
  const shared = images.length > 0 && images.every((i) => i === images[0]) ? images[0] : undefined;
  const isDefaultWorker =
    shared !== undefined &&
    worker.containers.length === 1 &&
    worker.containers[0].name === 'worker' &&
    worker.containers[0].entries.length === 0 &&
    worker.initContainers.length === 0 &&
    worker.entries.length === 0;
  const trailing: Entries = [...mpiSettings, ['launcher', object(podEntries(launcher, shared))]];
  if (!isDefaultWorker) trailing.push(['worker', object(podEntries(worker, shared))]);
  return {
    className: 'MpiContainerProfile',
    leading: shared !== undefined ? [['image', raw(stringLiteral(shared))]] : [],
    trailing,
    pods: [launcher, worker],
  };
}

function sortNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

/** Turns one NnfContainerProfile object into a profile file. */
export function importProfile(input: unknown, options: ImportOptions = {}): ImportResult {
  if (!isObject(input) || input.kind !== PROFILE_KIND) return { ok: false, message: `not an ${PROFILE_KIND}` };
  const rawName = isObject(input.metadata) && typeof input.metadata.name === 'string' ? input.metadata.name : undefined;
  const version = apiVersionFromGroupVersion(String(input.apiVersion));
  if (!version) {
    return { ok: false, name: rawName, message: `apiVersion ${String(input.apiVersion)} is not one this tool knows (${API_VERSIONS.join(', ')})` };
  }
  const imp = new ProfileImport(version);
  try {
    imp.unknownKeys(input, ['apiVersion', 'kind', 'metadata', 'data', 'status'], '', 'a profile has no such field');
    const meta = metadata(input, imp, options.profileNamespaces ?? ['nnf-system']);
    const data = input.data;
    if (!isObject(data)) throw new Unimportable('data: missing');
    const hasSpec = data.spec !== undefined && data.spec !== null;
    const hasMpi = data.mpiSpec !== undefined && data.mpiSpec !== null;
    if (hasSpec === hasMpi) throw new Unimportable(`data: has ${hasSpec ? 'both spec and mpiSpec' : 'neither spec nor mpiSpec'}; a profile has exactly one`);

    const settingEntries = settings(data, imp);
    // Handles from site.ts get their names first; storages take the names left over.
    const taken = new Set<string>();
    const pullSecrets: PullSecretUse[] = pullSecretNames(input).map((name) => {
      const handles = options.pullSecretHandles ?? {};
      const exported = Object.hasOwn(handles, name) ? handles[name] : undefined;
      // A handle named like something the file declares itself is imported under another name.
      const identifier = exported !== undefined && !isReserved(exported) && !taken.has(exported) ? exported : identifierFor(name, taken, 'Secret');
      taken.add(identifier);
      return exported !== undefined && exported !== identifier ? { name, identifier, exportName: exported } : { name, identifier };
    });
    // Storages are declared before the pods are read, so that command arguments can refer to them.
    const storagePlans = storages(data.storages, imp, taken);
    const workload = hasSpec ? singleWorkload(data.spec, imp) : mpiWorkload(data.mpiSpec, imp);
    const secrets = profilePullSecrets(workload.pods, imp);
    const uses = secrets.map((name) => pullSecrets.find((p) => p.name === name)!);
    const handles = uses.map((u) => u.identifier);
    const siteImports = uses.map((u) => (u.exportName !== undefined ? `${u.exportName} as ${u.identifier}` : u.identifier));

    const props: Entries = [
      ...meta.description,
      ...workload.leading,
      ...(storagePlans.length > 0 ? [['storages', array(storagePlans.map((s) => raw(s.identifier)))] as const] : []),
      ...(handles.length > 0 ? [['pullSecrets', array(handles.map(raw))] as const] : []),
      ...settingEntries,
      ...meta.entries,
      ...workload.trailing,
    ];
    const construct = call(`new ${workload.className}`, [raw('scope'), raw(stringLiteral(meta.name)), object(props)]);

    const srcNames = sortNames([workload.className, ...(storagePlans.length > 0 ? ['Storage'] : []), ...(imp.usesArg ? ['arg'] : [])]);
    const lines = [
      `import type { Construct } from 'constructs';`,
      `import { ${srcNames.join(', ')} } from ${stringLiteral(options.srcModule ?? '../src')};`,
      ...(handles.length > 0 ? [`import { ${sortNames(siteImports).join(', ')} } from ${stringLiteral(options.siteModule ?? '../site')};`] : []),
      '',
      `// Imported from an NnfContainerProfile (${String(input.apiVersion)}) by 'nnf-profiles import'.`,
      ...noteComments(imp.notes),
      ...storagePlans.map((s) => s.declaration),
      '',
      'export default (scope: Construct) =>',
      `  ${print(construct, 1, 2, 1, true)};`,
      '',
    ];
    return {
      ok: true,
      profile: {
        name: meta.name,
        fileName: `${meta.name}.ts`,
        apiVersion: version,
        source: lines.join('\n'),
        notes: imp.notes,
        pullSecrets: pullSecrets.filter((p) => secrets.includes(p.name)),
      },
    };
  } catch (error) {
    if (error instanceof Unimportable) return { ok: false, name: rawName, message: error.message };
    throw error;
  }
}

function noteComments(notes: readonly ImportNote[]): string[] {
  if (notes.length === 0) return [];
  // Paths carry the input's keys: line breaks in them must not end the comment.
  const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return ['// Review (from the import):', ...notes.map((n) => `//   ${oneLine(`${n.path}: ${n.message}`)}`)];
}

/** Every pull secret name the profile's launcher, worker or single pod names, in order. */
function pullSecretNames(profile: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const pod of podsOf(profile as ProfileObject)) {
    if (pod.role === 'other' || !Array.isArray(pod.spec.imagePullSecrets)) continue;
    for (const entry of pod.spec.imagePullSecrets) {
      const name = isObject(entry) ? entry.name : undefined;
      if (typeof name === 'string' && name !== '' && !names.includes(name)) names.push(name);
    }
  }
  return names;
}
