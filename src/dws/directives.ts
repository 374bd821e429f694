import { DW_PROFILE_NAME, DW_STORAGE_NAME, type ProfileObject } from '../rendered';
import { type ProfileSummary, profileSummary, type StorageSummary } from './summary';

/**
 * The directives a user gives a job to run a profile, with placeholders `<...>` for what only
 * the user knows, and `#` comment lines for what is optional or restricted and for the
 * variables the container sees, in the form of the site's workload manager (`DirectiveStyle`).
 * `fill` replaces the placeholders with sample values.
 */

/**
 * How the directives are written:
 * - `slurm`: bare `#DW` lines in the script's header (the NNF documentation's form);
 * - `flux`: Flux batch directives, the job's dw attribute as a triple-quoted value, one
 *   `#FLUX: #DW ...` line per directive, the comments above and below the block;
 * - `command`: a `flux batch --setattr=dw="..." job.sh` command line with every directive.
 */
export type DirectiveStyle = 'slurm' | 'flux' | 'command';

export const DIRECTIVE_STYLES: readonly DirectiveStyle[] = ['slurm', 'flux', 'command'];

/** The lines of a triple-quoted dw value: opened and closed around one `#FLUX: #DW` line per directive. */
export const FLUX_DW_OPEN = '#FLUX: --setattr=dw="""';
export const FLUX_DW_CLOSE = '#FLUX: """';

/** The placeholders `directivesFor` writes, and the sample value `fill` puts in each. */
export const PLACEHOLDERS = {
  /** `type=` of `#DW jobdw`: containers mount only these two. */
  type: '<gfs2|lustre>',
  /** The number in `capacity=<N>GiB`. */
  capacity: '<N>',
  /** The value of a `DW_GLOBAL_` argument. */
  globalPath: '<lustre-path>',
} as const;

/** Sample values for the fixed placeholders; any other `<name>` is filled with `name`. */
export const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  [PLACEHOLDERS.type]: 'gfs2',
  [PLACEHOLDERS.capacity]: '100',
  [PLACEHOLDERS.globalPath]: '/lus/global/example',
};

/** A placeholder: `<` and `>` around text without white space or angle brackets. */
export const PLACEHOLDER = /<[^<>\s]+>/;

/** A line that gives directives, in any style: a `#DW` line, a Flux batch directive, a flux command. */
export const isDirectiveLine = (line: string): boolean => /^(#DW|#FLUX:|#flux:|flux )/.test(line);

/**
 * Replaces the placeholders of the directive lines of `text` (any style) with `values`, then
 * `SAMPLE_VALUES`, then the text between the brackets (`<shared-data>` → `shared-data`, a
 * valid name). Comment lines are left alone.
 */
export function fill(text: string, values: Readonly<Record<string, string>> = {}): string {
  return text
    .split('\n')
    .map((line) =>
      isDirectiveLine(line)
        ? line.replace(
            new RegExp(PLACEHOLDER.source, 'g'),
            (placeholder) => values[placeholder] ?? SAMPLE_VALUES[placeholder] ?? placeholder.slice(1, -1),
          )
        : line,
    )
    .join('\n');
}

/** A `#DW` name (`DW_PROFILE_NAME`) made from a storage suffix: `foo_local_storage` → `foo-local-storage`. */
export function directiveNameFor(suffix: string): string {
  const name = suffix
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/[^a-z0-9-]/g, '');
  return DW_PROFILE_NAME.test(name) ? name : 'storage';
}

/** The value a `#DW container` argument gets for a storage, and the directive that provides it. */
function storageLines(storage: StorageSummary): { value: string; directive?: string } {
  switch (storage.kind) {
    case 'job': {
      const name = directiveNameFor(storage.suffix);
      return { value: name, directive: `#DW jobdw type=${PLACEHOLDERS.type} capacity=${PLACEHOLDERS.capacity}GiB name=${name}` };
    }
    case 'persistent': {
      const name = `<${directiveNameFor(storage.suffix)}>`;
      return { value: name, directive: `#DW persistentdw name=${name}` };
    }
    default:
      return { value: PLACEHOLDERS.globalPath };
  }
}

function optionalNote(storage: StorageSummary): string {
  const without =
    storage.kind === 'global'
      ? `delete ${storage.name}=... from #DW container`
      : `delete its #DW ${storage.kind === 'job' ? 'jobdw' : 'persistentdw'} directive and ${storage.name}=... from #DW container`;
  return `# Optional: ${storage.name}. To run without it, ${without}.`;
}

function describe(summary: ProfileSummary): string {
  const images = summary.images.length > 0 ? summary.images.join(', ') : 'no image';
  return summary.mpi ? `MPI (launcher and workers), ${images}` : images;
}

function restriction(summary: ProfileSummary): string | undefined {
  const ids = [
    summary.userID !== undefined ? `uid ${summary.userID} (data.userID)` : undefined,
    summary.groupID !== undefined ? `gid ${summary.groupID} (data.groupID)` : undefined,
  ].filter((s): s is string => s !== undefined);
  return ids.length > 0 ? `# Restricted: only jobs run as ${ids.join(' and ')} may use this profile.` : undefined;
}

function variableLines(summary: ProfileSummary): string[] {
  const inContainer = summary.variables.filter((v) => v.scope !== 'compute');
  const onCompute = summary.variables.filter((v) => v.scope !== 'container');
  const width = Math.max(0, ...summary.variables.map((v) => v.name.length));
  const row = (v: { name: string; description: string }) => `#   ${v.name.padEnd(width)}  ${v.description}`;
  const lines: string[] = [];
  if (summary.createContainer && inContainer.length > 0) lines.push('# In the container:', ...inContainer.map(row));
  if (onCompute.length > 0) lines.push('# On the compute nodes:', ...onCompute.map(row));
  return lines;
}

/**
 * The lines a user puts in a job script to run `profile`: a `#DW jobdw` per job storage, a
 * `#DW persistentdw` per persistent storage, then the `#DW container` directive with every
 * storage argument, written in `style`; comment lines say which storages are optional, who may
 * use the profile, its ports and the variables the container sees.
 */
export function directivesFor(profile: ProfileObject, style: DirectiveStyle = 'slurm'): string[] {
  return directiveLines(profileSummary(profile), style);
}

/** Whether a line of `slurmLines` is a directive rather than a comment. */
const isBareDirective = (line: string) => line.startsWith('#DW');

/** `directivesFor` from a profile already summarized. */
export function directiveLines(summary: ProfileSummary, style: DirectiveStyle = 'slurm'): string[] {
  const lines = slurmLines(summary);
  if (style === 'slurm') return lines;
  // Flux reads a triple-quoted value only when every line of it is a directive: the comments go around it.
  const last = lines.map(isBareDirective).lastIndexOf(true);
  const head = lines.slice(0, last).filter((l) => !isBareDirective(l));
  const directives = lines.filter(isBareDirective);
  const tail = lines.slice(last + 1);
  const body = style === 'flux' ? [FLUX_DW_OPEN, ...directives.map((d) => `#FLUX: ${d}`), FLUX_DW_CLOSE] : [fluxCommand(directives)];
  return [...head, ...body, ...tail];
}

/** Text inside shell double quotes: `$`, backquote, `"` and `\` escaped, so the shell passes it on as written. */
const doubleQuoted = (text: string) => `"${text.replace(/[$`"\\]/g, (c) => `\\${c}`)}"`;

/** A `flux batch` command line that submits `job.sh` with `directives` as its dw attribute. */
export function fluxCommand(directives: readonly string[]): string {
  return `flux batch --setattr=dw=${doubleQuoted(directives.join(' '))} job.sh`;
}

/** The command-line form of a profile's directives: one `flux batch` line. */
export function commandLine(summary: ProfileSummary): string {
  return fluxCommand(slurmLines(summary).filter(isBareDirective));
}

function slurmLines(summary: ProfileSummary): string[] {
  const lines: string[] = [`# ${summary.name}: ${describe(summary)}`];
  if (!summary.selectable) {
    lines.push(
      `# Warning: the name ${summary.name} does not match ${DW_PROFILE_NAME.source}, so no #DW container directive can select this profile.`,
    );
  }
  const unusable = summary.storages.filter((s) => !s.usable);
  for (const storage of unusable) {
    lines.push(
      `# Warning: storage ${storage.name} does not match ${DW_STORAGE_NAME.source} and cannot be supplied${storage.optional ? '' : ', yet it is required: no job can use this profile; ask the administrator'}.`,
    );
  }
  const usable = summary.storages.filter((s) => s.usable);
  const hasJob = usable.some((s) => s.kind === 'job');
  lines.push(
    usable.length > 0
      ? `# Replace each <...>; ${hasJob ? 'the jobdw names and the container name are' : 'the container name is'} yours to choose.`
      : '# The container name is yours to choose.',
  );
  const args: string[] = [];
  // jobdw lines first, then persistentdw, as the issue's users read them top-down.
  for (const kind of ['job', 'persistent', 'global'] as const) {
    for (const storage of usable.filter((s) => s.kind === kind)) {
      const { value, directive } = storageLines(storage);
      if (storage.optional) lines.push(optionalNote(storage));
      if (kind === 'persistent') lines.push(`# ${value}: the name of an existing persistent instance (made by #DW create_persistent).`);
      if (kind === 'global')
        lines.push(`# ${storage.name}: a path on a global Lustre file system${storage.pvcMode ? `, mounted ${storage.pvcMode}` : ''}.`);
      if (directive) lines.push(directive);
      args.push(`${storage.name}=${value}`);
    }
  }
  lines.push([`#DW container name=${summary.name} profile=${summary.name}`, ...args].join(' '));
  const restricted = restriction(summary);
  if (restricted) lines.push(restricted);
  if (!summary.createContainer) lines.push('# This profile launches no container (createContainer: false): NNF only mounts the storages.');
  if (summary.numPorts > 0) {
    lines.push(
      `# Ports: ${summary.numPorts} reserved per container; compute nodes reach the container on the local NNF node at these ports.`,
    );
  }
  lines.push(...variableLines(summary));
  return lines;
}

/** `directivesFor` as one text block, without a final line break. */
export function directivesText(profile: ProfileObject, style: DirectiveStyle = 'slurm'): string {
  return directivesFor(profile, style).join('\n');
}
