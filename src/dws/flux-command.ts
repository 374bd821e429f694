import type { ScriptProblem } from './script-problem';
import { lexCommand, type ShellWord } from './shell-words';

/**
 * `flux alloc|batch|run|submit ...` command lines in a script, each a job of its own, split into
 * words as the shell splits them (a command may continue over lines with a trailing `\`, or in a
 * quoted value that spans lines). Pure.
 *
 * A command is found where the shell would run one: at the start of a line, after `;`, `&`,
 * `|`, `(`, `{`, `!`, `$(` or a backquote, or after `if`, `elif`, `while`, `until`, `then`, `do`,
 * `else`, `time`, `exec`, `nohup`, `command` or `env`, with variable assignments before it. Text in comments and in quotes of
 * other commands is not a command.
 */

export interface FluxCommand {
  /** The line `flux` is written on. */
  readonly line: number;
  /** `alloc`, `batch`, `run` or `submit`. */
  readonly subcommand: string;
  /** The words after the subcommand. */
  readonly args: readonly ShellWord[];
  /** The lines the command spans, first to last. */
  readonly lines: readonly [number, number];
}

export interface FluxCommands {
  readonly commands: readonly FluxCommand[];
  readonly problems: readonly ScriptProblem[];
}

const SUBCOMMANDS = new Set(['alloc', 'batch', 'run', 'submit']);
const FLUX_WORD = /(?:[^\s;&|()`'"$]*\/)?flux(?=[\s\\])/g;
const COMMAND_POSITION =
  /(?:^|[;&|({`!]|\$\(|\b(?:if|elif|while|until|then|do|else|time|exec|nohup|command|env)[ \t])[ \t]*(?:[A-Za-z_][A-Za-z0-9_]*=[^\s;&|]*[ \t]+)*$/;

/** Whether a line's text before `index` leaves the shell expecting a command, outside quotes and comments. */
function atCommandPosition(lineText: string, index: number): boolean {
  const before = lineText.slice(0, index);
  if (!COMMAND_POSITION.test(before)) return false;
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(before[i - 1]))) return false;
  }
  return quote === undefined;
}

/** The flux submission commands of `script`. */
export function readFluxCommands(script: string, lineAt: (offset: number) => number): FluxCommands {
  const commands: FluxCommand[] = [];
  const problems: ScriptProblem[] = [];
  let consumed = 0;
  for (const match of script.matchAll(FLUX_WORD)) {
    const start = match.index;
    if (start < consumed) continue;
    const lineStart = script.lastIndexOf('\n', start - 1) + 1;
    if (!atCommandPosition(script.slice(lineStart, start + match[0].length), start - lineStart)) continue;
    const lexed = lexCommand(script, 'sh', start);
    const [, ...rest] = lexed.words;
    // Global options of flux come before the subcommand.
    const at = rest.findIndex((w) => !w.text.startsWith('-'));
    const subcommand = at === -1 ? undefined : rest[at].text;
    if (subcommand === undefined || !SUBCOMMANDS.has(subcommand)) continue;
    consumed = lexed.end;
    const line = lineAt(start);
    if (lexed.error) {
      problems.push({
        line: lineAt(lexed.error.index),
        severity: 'error',
        rule: 'command-syntax',
        message: `the shell cannot read this flux ${subcommand} command (line ${line}): ${lexed.error.message}, so neither its directives nor the rest of the script can be read; close it`,
      });
      continue;
    }
    commands.push({ line, subcommand, args: rest.slice(at + 1), lines: [line, lineAt(Math.max(start, lexed.end - 1))] });
  }
  return { commands, problems };
}
