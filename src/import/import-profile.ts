import { type ApiVersion, apiVersionFromGroupVersion, API_VERSIONS, PROFILE_KIND } from '../model';
import { isObject } from '../plain-data';
import { DEFAULT_SLOTS_PER_WORKER } from '../profile/mpi-container-profile';
import { DEFAULT_RETRY_LIMIT } from '../profile/profile';
import { DATA_FIELDS, type ProfileObject, pullSecretEntriesOf } from '../rendered';
import { array, call, object, print, raw, stringLiteral, valueCode } from './code';
import { identifierFor, isReserved } from './identifiers';
import { importMetadata } from './metadata';
import { importNnfPodSpecEraMpi } from './nnfpodspec-era';
import { importPod, type PodPlan, podEntries, profilePullSecrets } from './pod';
import { importPodSpecEraMpi } from './podspec-era';
import { type Entries, type ImportNote, ProfileImport, Unimportable } from './profile-import';
import { importStorages } from './storages';

/**
 * NnfContainerProfile objects of any supported version → one idiomatic profile file each.
 * Pure: plain data in, source text and notes out. What the file cannot say is a note, never
 * dropped silently; values equal to the schema's defaults are left implicit.
 */

export type { ImportNote };

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

export type ImportResult =
  { readonly ok: true; readonly profile: ImportedProfile } | { readonly ok: false; readonly name?: string; readonly message: string };

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

/** The `data` fields an import reads: those props render, the storages, and the pod specs. */
const IMPORTED_DATA_FIELDS = ['pinned', 'storages', ...DATA_FIELDS, 'spec', 'mpiSpec'];

/** Profile-level settings, each only when it differs from the schema's default. */
function settings(data: Record<string, unknown>, imp: ProfileImport): Entries {
  const entries: Entries = [];
  if (imp.boolean(data.pinned, 'data.pinned') === true) {
    imp.note(
      'data.pinned',
      'not carried over: a pinned profile is the copy NNF makes for one workflow; it is imported as a publishable (unpinned) profile',
    );
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
      imp.note(
        'data.createContainer',
        `not carried over: ${imp.version} has no createContainer (v1alpha11 only), so the API server drops it`,
      );
    } else if (imp.boolean(data.createContainer, 'data.createContainer') === false) {
      entries.push(['createContainer', raw('false')]);
    }
  }
  imp.unknownKeys(data, IMPORTED_DATA_FIELDS, 'data', `${imp.version} profiles have no such field`);
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
  const pod = importPod(spec, 'data.spec', imp);
  return { className: 'ContainerProfile', leading: [], trailing: podEntries(pod), pods: [pod] };
}

function mpiWorkload(mpi: unknown, imp: ProfileImport): Workload {
  if (!isObject(mpi)) throw new Unimportable('data.mpiSpec: not an object');
  // Both eras have slotsPerWorker; it is read (and noted) first.
  const slots = imp.integer(mpi.slotsPerWorker, 'data.mpiSpec.slotsPerWorker');
  const { launcher, worker, settings } = imp.era === 'NnfPodSpec' ? importNnfPodSpecEraMpi(mpi, imp) : importPodSpecEraMpi(mpi, imp);
  const mpiSettings: Entries = [
    ...(slots !== undefined && slots !== DEFAULT_SLOTS_PER_WORKER ? [['slotsPerWorker', valueCode(slots)] as const] : []),
    ...settings,
  ];
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
    return {
      ok: false,
      name: rawName,
      message: `apiVersion ${String(input.apiVersion)} is not one this tool knows (${API_VERSIONS.join(', ')})`,
    };
  }
  const imp = new ProfileImport(version);
  try {
    imp.unknownKeys(input, ['apiVersion', 'kind', 'metadata', 'data', 'status'], '', 'a profile has no such field');
    const meta = importMetadata(input, imp, options.profileNamespaces ?? ['nnf-system']);
    const data = input.data;
    if (!isObject(data)) throw new Unimportable('data: missing');
    const hasSpec = data.spec !== undefined && data.spec !== null;
    const hasMpi = data.mpiSpec !== undefined && data.mpiSpec !== null;
    if (hasSpec === hasMpi)
      throw new Unimportable(`data: has ${hasSpec ? 'both spec and mpiSpec' : 'neither spec nor mpiSpec'}; a profile has exactly one`);

    const settingEntries = settings(data, imp);
    // Handles from site.ts get their names first; storages take the names left over.
    const taken = new Set<string>();
    const pullSecrets: PullSecretUse[] = pullSecretNames(input).map((name) => {
      const handles = options.pullSecretHandles ?? {};
      const exported = Object.hasOwn(handles, name) ? handles[name] : undefined;
      // A handle named like something the file declares itself is imported under another name.
      const identifier =
        exported !== undefined && !isReserved(exported) && !taken.has(exported) ? exported : identifierFor(name, taken, 'Secret');
      taken.add(identifier);
      return exported !== undefined && exported !== identifier ? { name, identifier, exportName: exported } : { name, identifier };
    });
    // Storages are declared before the pods are read, so that command arguments can refer to them.
    const storagePlans = importStorages(data.storages, imp, taken);
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
      ...(handles.length > 0
        ? [`import { ${sortNames(siteImports).join(', ')} } from ${stringLiteral(options.siteModule ?? '../site')};`]
        : []),
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
  for (const { entry, pod } of pullSecretEntriesOf(profile as ProfileObject)) {
    const name = pod.role !== 'other' && isObject(entry) ? entry.name : undefined;
    if (typeof name === 'string' && name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}
