import { editDistance } from '../suggest';
import { plural } from '../text';
import type { Severity } from '../validate/finding';
import { STORAGE_PREFIX, type StorageKind } from '../model';
import { dataOf, DW_PROFILE_NAME, DW_STORAGE_NAME, integer, type ProfileObject, storageKindOf, storagesOf } from '../rendered';
import { readDwString, readJobScript, type ReadScript } from './job-script';
import { argument, type Directive } from './parse';
import type { StorageSummary } from './summary';

/**
 * The DWS rules over the `#DW` directives of a job script, checked against the profiles of one
 * environment: what the DWS directive parser, the NNF container rules and the workload manager
 * would refuse or silently ignore. Every form of directive `job-script.ts` reads (bare `#DW`
 * lines, Flux batch directives, flux command lines) gets the same checks, job by job. Pure: no I/O.
 */

/** One problem in a job script. */
export interface JobFinding {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly severity: Severity;
  readonly message: string;
  /** `job/<what>`, e.g. `job/storage-missing`. */
  readonly rule: string;
}

export interface LintJobOptions {
  /** The uid the job runs as: checked against the profile's `data.userID`. */
  readonly uid?: number;
  /** The gid the job runs as: checked against the profile's `data.groupID`. */
  readonly gid?: number;
  /** Named in messages about profiles that do not exist. */
  readonly environment?: string;
}

export const DW_CAPACITY = /^\d+(KiB|KB|MiB|MB|GiB|GB|TiB|TB)$/;
export const JOBDW_TYPES = ['raw', 'xfs', 'gfs2', 'lustre'] as const;
/** The storage types a container can mount. */
export const CONTAINER_TYPES = ['gfs2', 'lustre'] as const;
export const REQUIRES_VALUES = ['copy-offload', 'user-container-auth'] as const;

interface CommandSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** The `#DW` commands and their arguments (`container` also takes the storage arguments). */
export const DIRECTIVE_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  jobdw: { required: ['type', 'capacity', 'name'], optional: ['profile', 'requires'] },
  persistentdw: { required: ['name'], optional: ['requires'] },
  create_persistent: { required: ['type', 'name'], optional: ['capacity', 'profile', 'requires'] },
  destroy_persistent: { required: ['name'], optional: [] },
  container: { required: ['name', 'profile'], optional: [] },
  copy_in: { required: ['source', 'destination'], optional: ['profile'] },
  copy_out: { required: ['source', 'destination'], optional: ['profile'] },
};

const COMMAND_WORDS = Object.keys(DIRECTIVE_COMMANDS);

/** The closest candidate within a small distance, as a hint sentence, or ''. */
function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? `; did you mean '${best}'?` : '';
}

const list = (items: readonly string[]) => items.join(', ');

/** `<...>` left from `nnf-profiles directives`. */
const PLACEHOLDER_TEXT = /<[^<>]*>?|>/;

class Collector {
  readonly findings: JobFinding[] = [];
  constructor(private readonly file: string) {}
  error(line: number, rule: string, message: string) {
    this.findings.push({ file: this.file, line, severity: 'error', message, rule: `job/${rule}` });
  }
  warning(line: number, rule: string, message: string) {
    this.findings.push({ file: this.file, line, severity: 'warning', message, rule: `job/${rule}` });
  }
}

const NEAR_MISS = /^\s*#+\s*dw[\s:]*(jobdw|persistentdw|create_persistent|destroy_persistent|container|copy_in|copy_out)\b/i;
const DIRECTIVE_START = /^\s*#DW(\s|$)/;

/** Lines that are not directives but were probably meant as one. */
function lineFindings(lines: readonly string[], quoted: ReadonlySet<number>, out: Collector) {
  lines.forEach((text, index) => {
    const line = index + 1;
    if (DIRECTIVE_START.test(text) || quoted.has(line)) return;
    if (NEAR_MISS.test(text)) {
      out.warning(
        line,
        'near-miss',
        `this looks like a #DW directive but is not one, so it is ignored; a directive line begins with '#DW' in upper case followed by a space, e.g. '#DW jobdw ...'`,
      );
    }
  });
}

/** Where Slurm may not see a bare directive (Flux's own placement rules are read with its directives). */
function placementFindings(directive: Directive, firstCommandLine: number | undefined, out: Collector) {
  if (directive.form !== 'slurm') return;
  if (directive.indented) {
    out.warning(
      directive.line,
      'indented',
      'this #DW line is indented; Slurm reads directives only from lines that begin with #, and stops at this line; remove the leading white space',
    );
  } else if (firstCommandLine !== undefined && directive.line > firstCommandLine) {
    out.warning(
      directive.line,
      'after-commands',
      `this #DW line comes after the first command (line ${firstCommandLine}), and Slurm reads directives only above it; move it up with the other #DW and #SBATCH lines`,
    );
  }
}

function valueHasPlaceholder(value: string): boolean {
  return PLACEHOLDER_TEXT.test(value);
}

/** Syntax of one directive: its command word, its `key=value` words, required and known keys, value patterns. */
function syntaxFindings(directive: Directive, out: Collector): boolean {
  const { line, command } = directive;
  const spec = DIRECTIVE_COMMANDS[command];
  if (command === '') {
    out.error(
      line,
      'unknown-directive',
      `#DW without a directive; write e.g. '#DW jobdw type=gfs2 capacity=100GiB name=scratch' or remove the line`,
    );
    return false;
  }
  if (!spec) {
    out.error(
      line,
      'unknown-directive',
      `'${command}' is not a #DW directive (known: ${list(COMMAND_WORDS)})${didYouMean(command, COMMAND_WORDS)}`,
    );
    return false;
  }
  for (const stray of directive.strays) {
    out.error(
      line,
      'argument-syntax',
      `'${stray}' is not a key=value argument; write each argument as key=value, without spaces around '='`,
    );
  }
  const seen = new Set<string>();
  for (const { key, value } of directive.args) {
    if (seen.has(key)) out.error(line, 'duplicate-argument', `${key}= is given more than once; give each argument once`);
    seen.add(key);
    if (value === '') {
      out.error(line, 'missing-argument', `${key}= has no value; give one after '=' without a space`);
      continue;
    }
    if (valueHasPlaceholder(value)) {
      out.error(
        line,
        'placeholder',
        `${key}=${value} still holds a placeholder <...> from 'nnf-profiles directives'; ${placeholderHint(command, key)}`,
      );
      continue;
    }
    const isStorage = command === 'container' && /^DW_/i.test(key);
    if (!isStorage && !spec.required.includes(key) && !spec.optional.includes(key)) {
      const known = [...spec.required, ...spec.optional];
      if (command === 'container') {
        out.error(
          line,
          'unknown-argument',
          `#DW container takes name=, profile= and storage arguments DW_JOB_x=, DW_PERSISTENT_x=, DW_GLOBAL_x=, not ${key}=${didYouMean(key, known)}`,
        );
      } else {
        // DWS's rule check refuses an argument no rule of the command matches ("unsupported argument").
        out.error(
          line,
          'unknown-argument',
          `#DW ${command} takes ${list(known.map((k) => `${k}=`))}, not ${key}=; DWS refuses arguments it does not know${didYouMean(key, known)}`,
        );
      }
      continue;
    }
    valueFindings(command, key, value, line, out);
  }
  for (const key of spec.required) {
    if (!seen.has(key)) out.error(line, 'missing-argument', `#DW ${command} needs ${key}=; ${REQUIRED_HINT[key] ?? `add ${key}=...`}`);
  }
  return true;
}

function placeholderHint(command: string, key: string): string {
  if (key === 'type') return 'choose type=gfs2 or type=lustre';
  if (key === 'capacity') return 'give the size, e.g. capacity=100GiB';
  if ((command === 'persistentdw' && key === 'name') || key.startsWith(STORAGE_PREFIX.persistent))
    return 'give the name of an existing persistent instance';
  if (key.startsWith(STORAGE_PREFIX.global)) return 'give the path of a directory on a global Lustre file system';
  return 'replace it with your value';
}

const REQUIRED_HINT: Record<string, string> = {
  type: 'add type=gfs2 or type=lustre (a container can mount only these), or raw or xfs for storage only the compute nodes use',
  capacity: 'add e.g. capacity=100GiB',
  name: 'add name=NAME (lower-case letters, digits and -, starting with a letter)',
  profile: 'add profile=NAME, the NnfContainerProfile to run',
  source: 'add source=PATH',
  destination: 'add destination=PATH',
};

/** How to write a capacity DWS refuses, guessed from what was written. */
function capacityHint(value: string): string {
  if (/^\d+$/.test(value)) return `add a unit, e.g. ${value}GiB`;
  const unit = /^(\d+)\s*([kmgt])(i?)b?$/i.exec(value);
  if (unit) return `write e.g. ${unit[1]}${unit[2].toUpperCase()}${unit[3] ? 'iB' : /b$/i.test(value) ? 'B' : 'iB'}`;
  const fraction = /^(\d+\.\d+)([MGT])(i?)B$/.exec(value);
  if (fraction) {
    const smaller = { M: 'K', G: 'M', T: 'G' }[fraction[2] as 'M' | 'G' | 'T'];
    const amount = Number(fraction[1]) * (fraction[3] ? 1024 : 1000);
    if (Number.isInteger(amount)) return `the number must be whole: write ${amount}${smaller}${fraction[3]}B`;
  }
  return 'write e.g. 100GiB';
}

function valueFindings(command: string, key: string, value: string, line: number, out: Collector) {
  switch (key) {
    case 'name':
      if (!DW_PROFILE_NAME.test(value)) {
        out.error(
          line,
          'name',
          `name '${value}' does not match ${DW_PROFILE_NAME.source}; use lower-case letters, digits and -, starting with a letter (at least 2 characters)`,
        );
      }
      return;
    case 'profile':
      if (command === 'container' && !DW_PROFILE_NAME.test(value)) {
        out.error(
          line,
          'name',
          `profile '${value}' does not match ${DW_PROFILE_NAME.source}, so it can name no profile; use the profile's name as 'nnf-profiles directives' prints it`,
        );
      } else if (!DW_PROFILE_NAME.test(value)) {
        const kind = command.startsWith('copy_') ? 'NnfDataMovementProfile' : 'NnfStorageProfile';
        out.error(
          line,
          'name',
          `profile '${value}' does not match ${DW_PROFILE_NAME.source}, and DWS refuses it; give the name of an ${kind}, or leave profile= out for the default`,
        );
      }
      return;
    case 'type':
      if (!(JOBDW_TYPES as readonly string[]).includes(value)) {
        out.error(line, 'type', `type '${value}' is not one of ${list(JOBDW_TYPES)}${didYouMean(value, JOBDW_TYPES)}`);
      }
      return;
    case 'capacity':
      if (!DW_CAPACITY.test(value)) {
        out.error(
          line,
          'capacity',
          `capacity '${value}' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; ${capacityHint(value)}`,
        );
      }
      return;
    case 'requires': {
      const items = value.split(',');
      items.forEach((item, i) => {
        if (!(REQUIRES_VALUES as readonly string[]).includes(item)) {
          out.error(
            line,
            'requires',
            `requires '${item}' is not one of ${list(REQUIRES_VALUES)}; separate several with commas, without spaces`,
          );
        } else if (items.indexOf(item) < i) {
          out.error(line, 'requires', `requires lists '${item}' twice, and DWS refuses a repeated word; give it once`);
        }
      });
      return;
    }
    default:
      return;
  }
}

interface Provider {
  readonly directive: Directive;
  readonly name: string;
  readonly type?: string;
}

/** The storages a script makes, by name: the first of each name. */
function providers(directives: readonly Directive[], command: string, out: Collector, reportDuplicates = true): Map<string, Provider> {
  const byName = new Map<string, Provider>();
  for (const directive of directives.filter((d) => d.command === command)) {
    const name = argument(directive, 'name');
    if (!name) continue;
    const earlier = byName.get(name);
    if (earlier) {
      if (reportDuplicates)
        out.error(
          directive.line,
          'duplicate-name',
          `a #DW ${command} named '${name}' is already on line ${earlier.directive.line}; give each a different name`,
        );
    } else {
      byName.set(name, { directive, name, type: argument(directive, 'type') });
    }
  }
  return byName;
}

/**
 * NNF allows one container directive per job, and a create_persistent or destroy_persistent
 * directive only as the single directive of its job.
 */
function countFindings(directives: readonly Directive[], out: Collector) {
  const containers = directives.filter((d) => d.command === 'container');
  for (const extra of containers.slice(1)) {
    out.error(
      extra.line,
      'single-container',
      `only one #DW container directive is allowed per job and there is one on line ${containers[0].line}; run the other container in its own job`,
    );
  }
  if (directives.length < 2) return;
  for (const directive of directives.filter((d) => d.command === 'create_persistent' || d.command === 'destroy_persistent')) {
    const others = directives.filter((d) => d !== directive).map((d) => d.line);
    out.error(
      directive.line,
      'persistent-alone',
      `#DW ${directive.command} must be the only directive of its job, and this job has ${plural(others.length, 'other')} (line${new Set(others).size > 1 ? 's' : ''} ${[...new Set(others)].join(', ')}); put it in a job of its own`,
    );
  }
}

const describeStorage = (s: StorageSummary) => `${s.name} (${s.optional ? 'optional' : 'required'})`;

const SUPPLY_HINT: Record<StorageKind, (s: StorageSummary) => string> = {
  job: (s) => `add ${s.name}=NAME to #DW container and a '#DW jobdw type=gfs2 capacity=... name=NAME' line`,
  persistent: (s) => `add ${s.name}=NAME to #DW container and a '#DW persistentdw name=NAME' line naming an existing persistent instance`,
  global: (s) => `add ${s.name}=PATH to #DW container, PATH a directory on a global Lustre file system`,
};

interface Scope {
  readonly jobdw: ReadonlyMap<string, Provider>;
  readonly persistentdw: ReadonlyMap<string, Provider>;
  readonly created: ReadonlyMap<string, Provider>;
}

/** A storage argument of `#DW container`: its name pattern, and the directive its value names. */
function storageArgumentFindings(key: string, value: string, line: number, scope: Scope, out: Collector) {
  if (!DW_STORAGE_NAME.test(key)) {
    out.error(
      line,
      'storage-name',
      `storage argument '${key}' does not match ${DW_STORAGE_NAME.source}; after the prefix use lower-case letters, digits and _ (no -), as the profile's storage is named`,
    );
    return;
  }
  if (value === '' || valueHasPlaceholder(value)) return; // reported with the syntax
  const kind = storageKindOf(key);
  const mountable = (provider: Provider, what: string) => {
    // Another type (or none) is the type rule's to report.
    if (provider.type === 'raw' || provider.type === 'xfs') {
      out.error(
        line,
        'storage-type',
        `${key}=${value} names the #DW ${what} on line ${provider.directive.line}, of type ${provider.type}, and a container can mount only gfs2 and lustre; use type=gfs2 or type=lustre there`,
      );
    }
  };
  if (kind === 'job') {
    const provider = scope.jobdw.get(value);
    if (provider) return mountable(provider, 'jobdw');
    const other = scope.persistentdw.get(value);
    const hint = other
      ? ` ('${value}' is the #DW persistentdw on line ${other.directive.line}: supply it with a DW_PERSISTENT_ argument)`
      : '';
    out.error(
      line,
      'jobdw-missing',
      `${key}=${value} needs a '#DW jobdw ... name=${value}' in this job, and there is none${hint}; add it or use the name of an existing one`,
    );
  } else if (kind === 'persistent') {
    const provider = scope.persistentdw.get(value);
    const created = scope.created.get(value);
    if (provider) return created ? mountable(created, 'create_persistent') : undefined;
    const hint = created
      ? ` (line ${created.directive.line} creates '${value}'; a job that uses the instance needs #DW persistentdw, and create_persistent belongs in a job of its own)`
      : scope.jobdw.has(value)
        ? ` ('${value}' is a #DW jobdw: supply it with a DW_JOB_ argument)`
        : '';
    out.error(
      line,
      'persistentdw-missing',
      `${key}=${value} needs a '#DW persistentdw name=${value}' in this job, and there is none${hint}; add it, naming an existing persistent instance`,
    );
  } else if (kind === 'global' && !value.startsWith('/')) {
    out.error(
      line,
      'global-path',
      `${key}=${value} is not an absolute path; give the path of a directory on a global Lustre file system, e.g. /lus/global/...`,
    );
  }
}

/** `#DW container` against the profile it names, and its storage arguments against the script. */
function containerFindings(
  directive: Directive,
  profiles: ReadonlyMap<string, ProfileObject>,
  scope: Scope,
  options: LintJobOptions,
  out: Collector,
) {
  const { line } = directive;
  const storageArgs = directive.args.filter((a) => /^DW_/i.test(a.key));
  for (const { key, value } of storageArgs) storageArgumentFindings(key, value, line, scope, out);

  const profileName = argument(directive, 'profile');
  if (!profileName || !DW_PROFILE_NAME.test(profileName) || valueHasPlaceholder(profileName)) return;
  const profile = profiles.get(profileName);
  if (!profile) {
    const where = options.environment ? ` in environment ${options.environment}` : '';
    const known = [...profiles.keys()].sort();
    out.error(
      line,
      'unknown-profile',
      `there is no profile '${profileName}'${where}${didYouMean(profileName, known)}${known.length > 0 ? ` (profiles: ${list(known)})` : ' (no profiles known)'}; pick one ('nnf-profiles directives NAME' prints the lines that use it)`,
    );
    return;
  }
  // The few fields a directive is checked against, not the whole summary the catalog shows.
  const data = dataOf(profile);
  const summary = {
    userID: integer(data.userID),
    groupID: integer(data.groupID),
    storages: storagesOf(profile).filter((s) => s.name !== ''),
  };
  if (options.uid !== undefined && summary.userID !== undefined && options.uid !== summary.userID) {
    out.error(
      line,
      'profile-uid',
      `profile ${profileName} may be used only by jobs run as uid ${summary.userID} (data.userID), and this job runs as uid ${options.uid}; use another profile or ask the administrator`,
    );
  }
  if (options.gid !== undefined && summary.groupID !== undefined && options.gid !== summary.groupID) {
    out.error(
      line,
      'profile-gid',
      `profile ${profileName} may be used only by jobs run as gid ${summary.groupID} (data.groupID), and this job runs as gid ${options.gid}; use another profile or ask the administrator`,
    );
  }
  const declared = new Map(summary.storages.map((s) => [s.name, s]));
  const declaredList =
    summary.storages.length > 0 ? `its storages: ${list(summary.storages.map(describeStorage))}` : 'it declares no storages';
  for (const { key } of storageArgs) {
    if (DW_STORAGE_NAME.test(key) && !declared.has(key)) {
      const names = summary.storages.map((s) => s.name);
      out.error(
        line,
        'storage-undeclared',
        `profile ${profileName} declares no storage ${key}${didYouMean(key, names)} (${declaredList}); remove the argument or use another profile`,
      );
    }
  }
  const supplied = new Set(storageArgs.map((a) => a.key));
  for (const storage of summary.storages) {
    if (storage.optional || supplied.has(storage.name)) continue;
    if (!storage.usable || storage.kind === undefined) {
      out.error(
        line,
        'storage-missing',
        `profile ${profileName} requires storage ${storage.name}, whose name no #DW container argument can match, so no job can use this profile; ask the administrator to fix it`,
      );
    } else {
      out.error(
        line,
        'storage-missing',
        `profile ${profileName} requires ${storage.name} (it is not optional); ${SUPPLY_HINT[storage.kind](storage)}`,
      );
    }
  }
}

/**
 * The source and destination of copy_in / copy_out, as NNF resolves them: `$DW_JOB_x/...` names
 * the `#DW jobdw` of this job named x with each _ read as - (not raw), `$DW_PERSISTENT_x/...` a
 * `#DW persistentdw` of this job, and anything else a path on a global Lustre file system.
 */
function copyFindings(directive: Directive, scope: Scope, out: Collector) {
  for (const key of ['source', 'destination']) {
    const value = argument(directive, key);
    if (value === undefined || value === '' || valueHasPlaceholder(value)) continue;
    const prefix = /^\$(DW_JOB_|DW_PERSISTENT_)/.exec(value)?.[1];
    if (prefix) {
      const variable = value.slice(1).split('/')[0];
      const name = variable.slice(prefix.length).replace(/_/g, '-');
      const kind = prefix === STORAGE_PREFIX.job ? 'jobdw' : 'persistentdw';
      const provider = (kind === 'jobdw' ? scope.jobdw : scope.persistentdw).get(name);
      if (!provider) {
        out.error(
          directive.line,
          'copy-reference',
          `${key}=${value} refers to ${variable}, and no #DW ${kind} in this job is named ${name} (NNF reads each _ of the variable as -); add it or fix the name`,
        );
      } else if (provider.type === 'raw') {
        out.error(
          directive.line,
          'copy-raw',
          `${key}=${value} names the #DW jobdw on line ${provider.directive.line}, of type raw, and data movement cannot use raw storage; use type=xfs, gfs2 or lustre there`,
        );
      }
    } else if (/^\$\{(DW_JOB_|DW_PERSISTENT_)/.test(value)) {
      out.error(
        directive.line,
        'copy-reference',
        `${key}=${value}: NNF recognises only $DW_JOB_name and $DW_PERSISTENT_name without braces, and reads this as a Lustre path; write ${value.replace(/^\$\{([A-Za-z0-9_]+)\}/, '$$$1')}`,
      );
    } else if (value.startsWith('\\$')) {
      out.error(
        directive.line,
        'copy-path',
        `${key}=${value} begins with a backslash, which reaches DWS; escape $ only inside double quotes on a command line, and in #DW lines and #FLUX: directives write ${value.slice(1)}`,
      );
    } else if (!value.startsWith('/')) {
      out.error(
        directive.line,
        'copy-path',
        `${key}=${value} is neither $DW_JOB_name/..., $DW_PERSISTENT_name/... nor an absolute path, and NNF looks anything else up as a path on a global Lustre file system; give the full path, e.g. /lus/global/...`,
      );
    }
  }
}

/** The directives of one job (what DWS receives together), checked. */
function jobFindings(
  directives: readonly Directive[],
  firstCommandLine: number | undefined,
  profiles: ReadonlyMap<string, ProfileObject>,
  options: LintJobOptions,
  out: Collector,
) {
  const known: Directive[] = [];
  for (const directive of directives) {
    placementFindings(directive, firstCommandLine, out);
    if (syntaxFindings(directive, out)) known.push(directive);
  }
  countFindings(known, out);
  const scope: Scope = {
    jobdw: providers(known, 'jobdw', out),
    persistentdw: providers(known, 'persistentdw', out),
    // Two create_persistent in one job are already an error of their own.
    created: providers(known, 'create_persistent', out, false),
  };
  for (const directive of known) {
    if (directive.command === 'container') containerFindings(directive, profiles, scope, options, out);
    if (directive.command === 'copy_in' || directive.command === 'copy_out') copyFindings(directive, scope, out);
  }
}

/** What lint-job found in one script, and how many directives it checked. */
export interface JobReport {
  readonly findings: readonly JobFinding[];
  /** Directives read and checked, in every form; never counts one that could not be read. */
  readonly directives: number;
}

function report(read: ReadScript, file: string, profiles: readonly ProfileObject[], options: LintJobOptions, whatNone: string): JobReport {
  const out = new Collector(file);
  for (const problem of read.problems) {
    if (problem.severity === 'error') out.error(problem.line, problem.rule, problem.message);
    else out.warning(problem.line, problem.rule, problem.message);
  }
  lineFindings(read.lines, read.quotedLines, out);
  const byName = new Map<string, ProfileObject>();
  for (const profile of profiles) {
    const name = profile?.metadata?.name;
    if (typeof name === 'string' && !byName.has(name)) byName.set(name, profile);
  }
  for (const job of read.jobs) jobFindings(job.directives, read.firstCommandLine, byName, options, out);
  const directives = read.jobs.reduce((n, job) => n + job.directives.length, 0);
  // A value that could not be read is already an error that says why nothing was checked.
  if (directives === 0 && !read.problems.some((p) => p.severity === 'error')) out.warning(1, 'no-directives', whatNone);
  // Stable: within a line, the order the checks ran in.
  return {
    findings: out.findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.line - b.f.line || a.i - b.i)
      .map(({ f }) => f),
    directives,
  };
}

/**
 * Every problem of the directives in `script` (read from `file`, named in the findings), in
 * every form it gives them, checked against `profiles` (the environment's
 * NnfContainerProfiles), sorted by line; and the number of directives checked.
 */
export function checkJobScript(script: string, file: string, profiles: readonly ProfileObject[], options: LintJobOptions = {}): JobReport {
  return report(
    readJobScript(script),
    file,
    profiles,
    options,
    "found no directive to check: no bare '#DW' line, no '#FLUX: --setattr=dw=...' and no flux command with --setattr=dw=...; a job without them gets no Rabbit storage or container",
  );
}

/** `checkJobScript` for the value of Flux's dw attribute given as it is (`lint-job --dw`), lines counted in it. */
export function checkDirectiveString(
  value: string,
  file: string,
  profiles: readonly ProfileObject[],
  options: LintJobOptions = {},
): JobReport {
  return report(readDwString(value), file, profiles, options, 'the dw value holds no directive');
}

/** The findings of `checkJobScript`. */
export function lintJob(script: string, file: string, profiles: readonly ProfileObject[], options: LintJobOptions = {}): JobFinding[] {
  return [...checkJobScript(script, file, profiles, options).findings];
}

/** `file:line: message [rule]`, warnings prefixed `warning: `. */
export function formatJobFinding(finding: JobFinding): string {
  return `${finding.severity === 'warning' ? 'warning: ' : ''}${finding.file}:${finding.line}: ${finding.message} [${finding.rule}]`;
}
