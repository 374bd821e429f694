/**
 * Reading the `#DW` directives of a batch script (Slurm, Flux or plain shell). Pure: no I/O.
 *
 * A directive is a line that starts with `#DW` followed by white space: `#DW <command> key=value
 * ...`. A directive line ending in `\` continues on the next `#DW` line, as Slurm joins them.
 * Every other line (`#!`, `#SBATCH`, `#FLUX:`, comments, shell) is not a directive.
 */

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
  /** The line starts with white space before `#DW`. */
  readonly indented: boolean;
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

function directiveOf(line: number, text: string, indented: boolean, body: string): Directive {
  const words = body.trim().split(/\s+/).filter((w) => w !== '');
  const [command = '', ...rest] = words;
  const args: DirectiveArgument[] = [];
  const strays: string[] = [];
  for (const word of rest) {
    const equals = word.indexOf('=');
    if (equals <= 0) strays.push(word);
    else args.push({ key: word.slice(0, equals), value: word.slice(equals + 1) });
  }
  return { line, text, command, args, strays, indented };
}

/** The directives of a script, in line order, and where its commands begin. */
export function parseScript(script: string): ParsedScript {
  const lines = scriptLines(script);
  const directives: Directive[] = [];
  let firstCommandLine: number | undefined;
  let pending: { line: number; text: string; indented: boolean; body: string } | undefined;
  const flush = () => {
    if (pending) directives.push(directiveOf(pending.line, pending.text, pending.indented, pending.body));
    pending = undefined;
  };
  lines.forEach((text, index) => {
    const line = index + 1;
    if (firstCommandLine === undefined && text !== '' && !text.startsWith('#')) firstCommandLine = line;
    const match = DIRECTIVE_LINE.exec(text);
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

/** Every `#DW` directive of a script, in line order. */
export function parseDirectives(script: string): Directive[] {
  return [...parseScript(script).directives];
}

/** The value of the first `key=` argument, or undefined. */
export function argument(directive: Directive, key: string): string | undefined {
  return directive.args.find((a) => a.key === key)?.value;
}
