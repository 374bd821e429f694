import { directivesOfDwValue } from './dw-value';
import { readFluxBatchDirectives } from './flux-batch';
import { readFluxCommands } from './flux-command';
import { type DwOption, dwOptions } from './flux-options';
import { type Directive, type DirectiveForm, parseScript } from './parse';
import { lineLocator } from '../text';
import type { ScriptProblem } from './script-problem';
import type { MappedText } from './shell-words';

/**
 * Every form in which a job script gives `#DW` directives, read into jobs: the directives DWS
 * would receive together, each at the line it is written on. Pure.
 *
 * - Bare `#DW` lines: the job Slurm submits.
 * - Flux batch directives (`#FLUX: --setattr=dw=...`, one line or triple-quoted): the job
 *   `flux batch` submits. Flux ignores bare `#DW` lines and Slurm ignores `#FLUX:`, so a script
 *   with both has two jobs, checked apart.
 * - Each `flux alloc|batch|run|submit ... --setattr=dw=...` command line: a job of its own.
 *
 * Line numbers: a directive is reported on the line its `#DW` is written (in a triple-quoted
 * value, its own `#FLUX:` line; in a command continued over lines, the line holding that `#DW`);
 * a problem with a value as a whole (unreadable, replaced) on the line of its option.
 */

/** The directives one job gives DWS. */
export interface JobDirectives {
  readonly form: DirectiveForm;
  readonly directives: readonly Directive[];
}

export interface ReadScript {
  readonly jobs: readonly JobDirectives[];
  /** What keeps directives from being read, or would make the workload manager refuse or ignore them. */
  readonly problems: readonly ScriptProblem[];
  /** The script's lines, without line breaks. */
  readonly lines: readonly string[];
  /** The first command line, above which Slurm reads `#DW` lines. */
  readonly firstCommandLine?: number;
  /** Lines inside quoted values of commands: neither directives nor near misses. */
  readonly quotedLines: ReadonlySet<number>;
}

/** The directives of the last of `options` (Flux keeps the last value of an attribute); the others are reported. */
function dwJob(
  options: readonly DwOption[],
  form: DirectiveForm,
  lineAt: (offset: number) => number,
  problems: ScriptProblem[],
): JobDirectives | undefined {
  if (options.length === 0) return undefined;
  const last = options[options.length - 1];
  for (const replaced of options.slice(0, -1).filter((o) => !o.unreadable)) {
    problems.push({
      line: lineAt(replaced.offset),
      severity: 'error',
      rule: 'dw-replaced',
      message: `the ${last.label}... on line ${lineAt(last.offset)} replaces this ${replaced.label}... value: Flux keeps only the last value of an attribute, so these directives are never submitted; put all the directives in one value`,
    });
  }
  if (last.unreadable) return { form, directives: [] };
  const read = directivesOfDwValue(
    last.value,
    {
      line: lineAt(last.offset),
      label: `${last.label}${last.value.text.length > 0 ? '...' : ''}`,
      form,
      expansions: last.value.expansions,
      computed: last.value.computed,
    },
    lineAt,
  );
  problems.push(...read.problems);
  return { form, directives: read.directives };
}

/** Every directive of `script`, by job, with the problems of reading them. */
export function readJobScript(script: string): ReadScript {
  const lineAt = lineLocator(script);
  const problems: ScriptProblem[] = [];
  const jobs: JobDirectives[] = [];

  const commands = readFluxCommands(script, lineAt);
  problems.push(...commands.problems);
  const quotedLines = new Set<number>();
  for (const command of commands.commands) {
    for (let line = command.lines[0] + 1; line <= command.lines[1]; line++) quotedLines.add(line);
  }

  const bare = parseScript(script, quotedLines);
  if (bare.directives.length > 0) jobs.push({ form: 'slurm', directives: bare.directives });

  const batch = readFluxBatchDirectives(script);
  problems.push(...batch.problems);
  const batchJob = dwJob(dwOptions(batch.words, false, lineAt, problems), 'flux-batch', lineAt, problems);
  if (batchJob) {
    jobs.push(batchJob);
    if (bare.directives.length > 0 && batchJob.directives.length > 0) {
      problems.push({
        line: batchJob.directives[0].line,
        severity: 'warning',
        rule: 'mixed-forms',
        message: `this script gives directives both as bare #DW lines (line ${bare.directives[0].line}, read by Slurm) and in a #FLUX: dw value (read by Flux); each workload manager reads only its own form, so they are checked as two jobs; keep the form of your site`,
      });
    }
  }

  for (const command of commands.commands) {
    const job = dwJob(dwOptions(command.args, true, lineAt, problems), 'flux-command', lineAt, problems);
    if (job) jobs.push(job);
  }
  return { jobs, problems, lines: bare.lines, firstCommandLine: bare.firstCommandLine, quotedLines };
}

/** The directives of a `dw` attribute value given as it is (no shell quoting), lines counted in it. */
export function readDwString(value: string): ReadScript {
  const lineAt = lineLocator(value);
  const mapped: MappedText = { text: value, offsets: Array.from({ length: value.length }, (_, i) => i) };
  const read = directivesOfDwValue(mapped, { line: 1, label: 'the dw value', form: 'string' }, lineAt);
  return { jobs: [{ form: 'string', directives: read.directives }], problems: read.problems, lines: [], quotedLines: new Set() };
}
