/**
 * Reading bare `#DW` lines of a batch script, the form Slurm's burst buffer plugin reads, and
 * the directive model every form shares. Pure: no I/O.
 *
 * A bare directive is a line that starts with `#DW` followed by white space: `#DW <command>
 * key=value ...`. A directive line ending in `\` continues on the next `#DW` line, as Slurm
 * joins them. Other lines (`#!`, `#SBATCH`, `#FLUX:`, comments, shell) are not bare directives;
 * `job-script.ts` reads the Flux forms.
 */

/**
 * Where a directive was written:
 * - `slurm`: a bare `#DW` line;
 * - `flux-batch`: the `dw` attribute of Flux batch directives (`#FLUX: --setattr=dw=...`);
 * - `flux-command`: the `dw` attribute on a `flux alloc|batch|run|submit` command line;
 * - `string`: a `dw` attribute value given as it is (`lint-job --dw`).
 */
export type DirectiveForm = 'slurm' | 'flux-batch' | 'flux-command' | 'string';

/** One `key=value` argument of a directive, as written. */
export interface DirectiveArgument {
  readonly key: string;
  readonly value: string;
}

/** One `#DW` directive (one line, or several joined by a trailing `\`). */
export interface Directive {
  /** 1-based line number of its first line in the script. */
  readonly line: number;
  /** The directive as written (continuations joined), without line breaks. */
  readonly text: string;
  /** The word after `#DW` (`jobdw`, `container`, ...); '' when the line holds only `#DW`. */
  readonly command: string;
  /** The `key=value` words, in order (a repeated key appears twice). */
  readonly args: readonly DirectiveArgument[];
  /** Words after the command that are not `key=value` (no `=`, or nothing before it). */
  readonly strays: readonly string[];
  /** The line starts with white space before `#DW` (bare lines only). */
  readonly indented: boolean;
  readonly form: DirectiveForm;
}

/** A script's directives and where its commands begin. */
export interface ParsedScript {
  readonly directives: readonly Directive[];
  /**
   * The first line that is neither empty nor starts with `#`: Slurm reads burst buffer
   * directives only above it. Undefined when every line is a comment.
   */
  readonly firstCommandLine?: number;
  /** The script's lines, without line breaks. */
  readonly lines: readonly string[];
}

/** A line that starts a directive: optional white space, `#DW`, then white space or the end. */
const DIRECTIVE_LINE = /^(\s*)#DW(?:\s+(.*))?$/;

/** The lines of a script, without line breaks (LF or CRLF). */
export function scriptLines(script: string): string[] {
  const lines = script.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * One directive from its text after `#DW`, split at white space as DWS does (`strings.Fields`):
 * the first word is the command, the others `key=value`.
 */
export function parseDirective(line: number, text: string, body: string, form: DirectiveForm, indented = false): Directive {
  const words = body
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const [command = '', ...rest] = words;
  const args: DirectiveArgument[] = [];
  const strays: string[] = [];
  for (const word of rest) {
    const equals = word.indexOf('=');
    if (equals <= 0) strays.push(word);
    else args.push({ key: word.slice(0, equals), value: word.slice(equals + 1) });
  }
  return { line, text, command, args, strays, indented, form };
}

/**
 * The bare `#DW` directives of a script, in line order, and where its commands begin. Lines in
 * `skip` (1-based) are not read as directives: they are inside a quoted value of a command.
 */
export function parseScript(script: string, skip: ReadonlySet<number> = new Set()): ParsedScript {
  const lines = scriptLines(script);
  const directives: Directive[] = [];
  let firstCommandLine: number | undefined;
  let pending: { line: number; text: string; indented: boolean; body: string } | undefined;
  const flush = () => {
    if (pending) directives.push(parseDirective(pending.line, pending.text, pending.body, 'slurm', pending.indented));
    pending = undefined;
  };
  lines.forEach((text, index) => {
    const line = index + 1;
    if (firstCommandLine === undefined && text !== '' && !text.startsWith('#')) firstCommandLine = line;
    const match = skip.has(line) ? null : DIRECTIVE_LINE.exec(text);
    if (!match) {
      flush();
      return;
    }
    const body = match[2] ?? '';
    if (pending) {
      pending.text += ` ${text.trim()}`;
      pending.body += ` ${body}`;
    } else {
      pending = { line, text, indented: match[1] !== '', body };
    }
    if (pending.body.endsWith('\\')) pending.body = pending.body.slice(0, -1);
    else flush();
  });
  flush();
  return { directives, firstCommandLine, lines };
}

/** Every bare `#DW` directive of a script, in line order. */
export function parseDirectives(script: string): Directive[] {
  return [...parseScript(script).directives];
}

/** The value of the first `key=` argument, or undefined. */
export function argument(directive: Directive, key: string): string | undefined {
  return directive.args.find((a) => a.key === key)?.value;
}
