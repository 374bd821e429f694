import { describeIoError } from '../output/write-output';
import { checkCommand } from './check';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './command';
import { diffCommand } from './diff';
import { directivesCommand } from './directives';
import { importCommand } from './import';
import { lintJobCommand } from './lint-job';
import { newCommand } from './new';
import { pullSecretCliCommand } from './pull-secret';
import { synthCommand } from './synth';
import { validateCommand } from './validate';

/** Every command, in the order `nnf-profiles --help` and the README synopsis list them. */
export const COMMANDS: readonly Command[] = [
  synthCommand,
  validateCommand,
  newCommand,
  importCommand,
  directivesCommand,
  lintJobCommand,
  diffCommand,
  pullSecretCliCommand,
  checkCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: nnf-profiles <command> [options]',
    '',
    'NnfContainerProfiles as typed cdk8s constructs, rendered for the API version each cluster serves.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'nnf-profiles <command> --help' for a command's options.",
  ].join('\n');
}

/** Runs one command line; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`nnf-profiles: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`nnf-profiles ${name}: ${error.message}\nRun 'nnf-profiles ${name} --help' for usage.`);
      return EXIT_USAGE;
    }
    // A file system call the environment refused (permissions, a missing path, a full disk): one
    // line that says what and where, not a stack trace of this tool's code.
    if (typeof (error as NodeJS.ErrnoException)?.syscall === 'string') {
      console.error(`nnf-profiles ${name}: ${describeIoError(error)}`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
