import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `nnf-profiles` subcommand: its help text and a handler that returns the exit status. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text, with examples. */
  readonly help: string;
  run(args: readonly string[]): number | Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Wrong command-line usage: reported with a pointer to `--help`, exit status 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict option parsing: unknown options and stray arguments are usage errors. (`--help` is main's.) */
export function parseOptions<O extends Options>(args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}
