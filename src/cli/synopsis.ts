import type { Command } from './command';
import { COMMANDS } from './main';

/**
 * The command synopsis README.md shows under "Command line", made from each command's own
 * `--help`, so it cannot drift from them: `node scripts/readme-synopsis.js --write` puts it there
 * and test/cli/readme.test.ts fails when README.md's block differs.
 */

/** One option of a command's help: `--env NAME` is `{ flag: '--env', argument: 'NAME' }`. */
export interface HelpOption {
  readonly flag: string;
  readonly argument?: string;
}

/** The command lines of a help text's `Usage:` paragraph, without `Usage:` and indentation. */
export function usageLines(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Usage: '));
  if (start < 0) throw new Error(`a command's help has no 'Usage:' line:\n${help}`);
  const usage = [lines[start].slice('Usage: '.length).trim()];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+nnf-profiles /.test(line)) break;
    usage.push(line.trim());
  }
  return usage;
}

/**
 * The options listed in a help text's `Options:` paragraph (up to its first blank line), in
 * order, but `--help`, which every command takes. A line indented two spaces that begins with
 * `--` (or `-x, --`) names an option; deeper-indented lines continue a description. An option
 * line that does not read so is an error rather than an option left out.
 */
export function helpOptions(help: string): HelpOption[] {
  const lines = help.split('\n');
  const start = lines.indexOf('Options:');
  if (start < 0) return [];
  const options: HelpOption[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    if (!/^ {2}-/.test(line)) continue;
    const match = /^ {2}(?:-[A-Za-z], )?(--[a-z][a-z0-9-]*)(?:[ =]([A-Z][A-Z0-9_.]*)(?![A-Za-z0-9_.]))?(?: |$)/.exec(line);
    if (!match) throw new Error(`an option line of a command's help is not '  --name [ARG]  description': '${line}'`);
    if (match[1] !== '--help') options.push(match[2] === undefined ? { flag: match[1] } : { flag: match[1], argument: match[2] });
  }
  return options;
}

/**
 * A command's synopsis: its usage lines, with every option its help lists but no usage line
 * shows added to the first, so that each option appears at least once.
 */
export function commandSynopsis(command: Pick<Command, 'name' | 'help'>): string[] {
  const usage = usageLines(command.help);
  for (const line of usage) {
    if (!line.startsWith(`nnf-profiles ${command.name}`))
      throw new Error(`'${command.name}' --help: usage line '${line}' is not for 'nnf-profiles ${command.name}'`);
  }
  const shown = (flag: string) => usage.some((line) => new RegExp(`${flag}(?![a-z0-9-])`).test(line));
  const missing = helpOptions(command.help).filter((option) => !shown(option.flag));
  if (missing.length > 0) usage[0] += missing.map((o) => ` [${o.flag}${o.argument ? ` ${o.argument}` : ''}]`).join('');
  return usage;
}

/** The synopsis of every command `nnf-profiles` registers, in its order, one line per usage. */
export function readmeSynopsis(commands: readonly Pick<Command, 'name' | 'help'>[] = COMMANDS): string {
  return `${commands.flatMap(commandSynopsis).join('\n')}\n`;
}

/** The HTML comment that precedes the synopsis block in README.md. */
export const README_SYNOPSIS_MARKER =
  "<!-- command-synopsis: generated from each command's --help by `node scripts/readme-synopsis.js --write`; test/cli/readme.test.ts checks it -->";

/**
 * The fenced block after `marker` in a Markdown text: its content (with a final newline) and
 * where it lies, or undefined when the marker is not followed by a fence.
 */
export function markedBlock(markdown: string, marker: string): { content: string; start: number; end: number } | undefined {
  const at = markdown.indexOf(marker);
  if (at < 0 || markdown.indexOf(marker, at + 1) >= 0) return undefined;
  const fence = /^\n(```[a-z]*)\n/.exec(markdown.slice(at + marker.length));
  if (!fence) return undefined;
  const start = at + marker.length + fence[0].length;
  const end = markdown.indexOf('\n```\n', start - 1);
  if (end < 0) return undefined;
  return { content: markdown.slice(start, end + 1), start, end: end + 1 };
}

/** `markdown` with the block after `marker` replaced by `content` (which ends in a newline). */
export function replaceMarkedBlock(markdown: string, marker: string, content: string): string {
  const block = markedBlock(markdown, marker);
  if (!block) throw new Error(`no fenced block after the marker ${marker}`);
  return markdown.slice(0, block.start) + content + markdown.slice(block.end);
}
