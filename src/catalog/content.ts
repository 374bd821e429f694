import { commandLine, directiveLines } from '../dws/directives';
import type { ContainerSummary, ProfileSummary, StorageSummary } from '../dws/summary';
import type { WorkloadManager } from '../site/settings';
import type { Finding } from '../validate/finding';
import type { StorageKind } from '../model';
import { DW_PROFILE_NAME, DW_STORAGE_NAME } from '../rendered';
import { byCodePoint } from '../plain-data';

/**
 * What the catalog shows, in neither notation: the HTML page and the Markdown document both
 * write these entries, sections and sentences, so the two say the same.
 */

/**
 * One profile as the catalog shows it, rendered as far as it can be without the page: a synth
 * of thousands of profiles keeps these strings instead of each profile's summary.
 * `catalogProfile` makes it.
 */
export interface CatalogProfile {
  readonly name: string;
  /** Its article, with ID_SLOT where its element id goes and ENVIRONMENT_SLOT for the environment's name. */
  readonly html: string;
  /** Its Markdown section. */
  readonly markdown: string;
}

export interface CatalogEnvironment {
  readonly name: string;
  /** The NnfContainerProfile version the environment renders, e.g. `v1alpha11`. */
  readonly apiVersion: string;
  readonly profiles: readonly CatalogProfile[];
}

/** Text in pieces each notation writes its own way: plain, as code, or muted (plain in Markdown). */
export type Phrase = string | { readonly code: string } | { readonly muted: string };

/** Lines users copy into a job: a heading, what the copy button calls them, their element id's suffix. */
export interface CopyBlock {
  readonly suffix: string;
  readonly title: string;
  readonly what: string;
  readonly lines: readonly string[];
}

const MANAGER_NAMES: Readonly<Record<WorkloadManager, string>> = { flux: 'Flux', slurm: 'Slurm' };

/** The directives of a profile as the users of `manager` write them; for Flux, also as one `flux batch` command line. */
function jobBlocks(summary: ProfileSummary, manager: WorkloadManager): CopyBlock[] {
  const script = {
    suffix: 'directives',
    title: `Job script lines (${MANAGER_NAMES[manager]})`,
    what: 'job script lines',
    lines: directiveLines(summary, manager),
  };
  return manager === 'flux'
    ? [script, { suffix: 'command', title: 'Command line', what: 'command line', lines: [commandLine(summary)] }]
    : [script];
}

export const TITLE = 'NNF container profiles';

/** What synth's checks vouch for, in the layers its findings name. */
export const CHECKED =
  "Every profile listed passed synth: the cluster accepts it (cluster), a job that selects it can run (job), and it keeps the site's rules (policy). " +
  'A note marked lint is advice: the profile works as written.';

export interface Entry {
  readonly id: string;
  readonly profile: CatalogProfile;
}

/** An environment's part of the catalog: its profiles by name, each with the element id both notations link to. */
export interface Section {
  readonly id: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly entries: readonly Entry[];
}

/** Ids made from untrusted text: lower-case letters, digits and -, unique within the page. */
function idMaker() {
  const used = new Set<string>();
  return (...parts: string[]) => {
    const base = parts
      .map(
        (p) =>
          p
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '') || 'x',
      )
      .join('--');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

export function sections(environments: ReadonlyArray<CatalogEnvironment>): Section[] {
  const id = idMaker();
  return environments.map((env) => {
    const entries = [...env.profiles]
      .sort((a, b) => byCodePoint(a.name, b.name))
      .map((profile) => ({ profile, id: id('profile', env.name, profile.name) }));
    return { id: id('env', env.name), name: env.name, apiVersion: env.apiVersion, entries };
  });
}

const STORAGE_KINDS: Readonly<Record<StorageKind, string>> = { job: 'job', persistent: 'persistent', global: 'global Lustre' };

const storageKindText = (storage: StorageSummary) => (storage.kind !== undefined ? STORAGE_KINDS[storage.kind] : 'unknown');

function suppliedBy(storage: StorageSummary): string {
  if (!storage.usable) return `cannot be supplied: the name does not match ${DW_STORAGE_NAME.source}`;
  switch (storage.kind) {
    case 'job':
      return '#DW jobdw, type gfs2 or lustre';
    case 'persistent':
      return '#DW persistentdw naming an existing persistent instance';
    default:
      return `a directory on a global Lustre file system${storage.pvcMode ? `, mounted ${storage.pvcMode}` : ''}`;
  }
}

function restrictionText(summary: ProfileSummary): string {
  const ids = [
    ...(summary.userID !== undefined ? [`uid ${summary.userID}`] : []),
    ...(summary.groupID !== undefined ? [`gid ${summary.groupID}`] : []),
  ];
  return ids.length > 0 ? `only jobs run as ${ids.join(' and ')}` : 'none: any user';
}

function portsText(summary: ProfileSummary): string {
  return summary.numPorts > 0 ? `${summary.numPorts} per container (NNF_CONTAINER_PORTS)` : 'none';
}

function mpiText(summary: ProfileSummary): string {
  return summary.mpi ? 'yes: an MPI launcher and workers' : 'no: one pod per NNF node';
}

/** The words the search box matches: name, images, storages and their kinds, the description. */
export function searchText(summary: ProfileSummary): string {
  return [
    summary.name,
    ...summary.images,
    ...summary.storages.flatMap((s) => [s.name, storageKindText(s)]),
    summary.mpi ? 'mpi' : '',
    summary.description ?? '',
  ]
    .join(' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** What the catalog states of a profile beside its tables, label and value. */
function facts(summary: ProfileSummary): Array<[string, Phrase[]]> {
  const images = summary.images.flatMap((image, i): Phrase[] => (i > 0 ? [', ', { code: image }] : [{ code: image }]));
  return [
    ['Images', images.length > 0 ? images : [{ muted: 'none' }]],
    ['MPI', [mpiText(summary)]],
    ['Ports', [portsText(summary)]],
    ['Restricted to', [restrictionText(summary)]],
    ...(summary.source ? [['Source', [{ code: summary.source }]] satisfies [string, Phrase[]]] : []),
  ];
}

/** A row per storage: its argument and variable, kind, use and what supplies it. */
function storageRows(summary: ProfileSummary): Phrase[][][] {
  return summary.storages.map((s) => [[{ code: s.name }], [storageKindText(s)], [s.optional ? 'optional' : 'required'], [suppliedBy(s)]]);
}

/** A row per container: its name and role, and what it runs. */
function containerRows(summary: ProfileSummary): Phrase[][][] {
  return summary.containers.map((c) => {
    const role = containerRoleText(c);
    return [[{ code: c.name }, ...(role !== '' ? [' ', { muted: role }] : [])], runsOf(c)];
  });
}

/** Which container it is, beyond its name: its MPI role, and whether it is an init container. */
function containerRoleText(container: ContainerSummary): string {
  const role = container.role === 'single' ? '' : container.role === 'other' ? 'MPI' : `MPI ${container.role}`;
  return [role, container.init ? 'init container' : ''].filter((s) => s !== '').join(', ');
}

/** A word of a command as a shell reader expects it: double-quoted when it is empty or holds a space or a shell character. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./{}$-]+$/.test(word) ? word : `"${word.replace(/["\\`]/g, (c) => `\\${c}`)}"`;
}

/** A command line of shell words. */
const shellLine = (words: readonly string[]) => words.map(shellWord).join(' ');

/**
 * What a container runs, as a command line (storage paths as `$DW_...`), a note for what the
 * image decides, or both (arguments to the image's entrypoint).
 */
function runsOf(container: ContainerSummary): Phrase[] {
  if (container.command !== undefined) return [{ code: shellLine([...container.command, ...(container.args ?? [])]) }];
  if (container.args !== undefined)
    return [{ muted: "the image's entrypoint, with the arguments" }, ' ', { code: shellLine(container.args) }];
  return [{ muted: "the image's entrypoint and command" }];
}

/** Whether a command line shown in `containerRows` has a variable in it, which RUNS_NOTE explains. */
const showsVariables = (rows: Phrase[][][]) =>
  rows.some(([, runs]) => runs.some((p) => typeof p !== 'string' && 'code' in p && p.code.includes('$')));

/** Everything a profile's article shows, made once for both notations. */
export interface ProfileContent {
  readonly summary: ProfileSummary;
  readonly notes: readonly string[];
  readonly facts: ReadonlyArray<[string, Phrase[]]>;
  readonly storageRows: Phrase[][][];
  readonly containerRows: Phrase[][][];
  /** Whether a command line shown has a variable in it: RUNS_NOTE follows the containers. */
  readonly showsVariables: boolean;
  readonly jobBlocks: readonly CopyBlock[];
}

/** What the catalog shows of `summary`, with `findings` as notes and its directives as users of `manager` write them. */
export function profileContent(summary: ProfileSummary, findings: readonly Finding[], manager: WorkloadManager): ProfileContent {
  const containers = containerRows(summary);
  return {
    summary,
    notes: notes(summary, findings),
    facts: facts(summary),
    storageRows: storageRows(summary),
    containerRows: containers,
    showsVariables: showsVariables(containers),
    jobBlocks: jobBlocks(summary, manager),
  };
}

/** The sentence under the containers' table when a command line has a variable in it. */
export const RUNS_NOTE: readonly Phrase[] = [
  { code: '$NAME' },
  " is the value of the variable NAME in the container; a storage's variable (",
  { code: '$DW_JOB_...' },
  ', ',
  { code: '$DW_PERSISTENT_...' },
  ', ',
  { code: '$DW_GLOBAL_...' },
  ') holds its mount path.',
];

/** What a reader should know before choosing the profile, and the findings synth let through (lint: advice), each naming its layer and rule. */
function notes(summary: ProfileSummary, findings: readonly Finding[]): string[] {
  const out: string[] = [];
  if (!summary.selectable)
    out.push(`The name ${summary.name} does not match ${DW_PROFILE_NAME.source}: no #DW container directive can select this profile.`);
  if (!summary.createContainer) out.push('This profile launches no container (createContainer: false): NNF only mounts the storages.');
  for (const exception of summary.policyExceptions) out.push(`Policy exception ${exception.rule}: ${exception.reason}`);
  for (const f of findings) out.push(`${f.layer}: ${f.path === '' ? '' : `${f.path}: `}${f.message} [${f.rule}]`);
  return out;
}
