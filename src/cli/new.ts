import * as fs from 'node:fs';
import * as path from 'node:path';
import { imageProblem, profileFromExample, profileFromTemplate, profileNameProblem, shippedExamples } from '../scaffold';
import { PROFILES_DIR } from '../synth/discover';
import { type Command, EXIT_FAILED, EXIT_OK, parseOptions, UsageError } from './command';
import { requireProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles new NAME [--mpi] [--image IMAGE] [--force]
       nnf-profiles new NAME --from EXAMPLE [--force]

Writes profiles/NAME.ts, a profile ready to synth: from a template (one pod,
or with --mpi a launcher and workers), or as a copy of a shipped example with
the name replaced. The template declares a job storage (DW_JOB_scratch) and
uses its path in the command, with a pinned image; edit it from there.

NAME is what users write as profile=NAME in '#DW container': lower-case
letters, digits and -, starting with a letter, at most 63 characters.

Options:
  --mpi            an MpiContainerProfile (launcher and workers)
  --image IMAGE    the image to start from, pinned by tag or digest
                   (default: alpine:3.20, or ghcr.io/nearnodeflash/nnf-mfu:master with --mpi)
  --from EXAMPLE   copy examples/EXAMPLE.ts instead (e.g. example-mpi)
  --force          overwrite profiles/NAME.ts if it exists
  -h, --help       show this help

Exit status: 0 written, 1 the file exists (without --force), 2 usage.

Examples:
  nnf-profiles new my-app
  nnf-profiles new my-mpi-app --mpi --image ghcr.io/example/mpi-app:1.0.3
  nnf-profiles new my-webserver --from example-mpi-webserver`;

export const newCommand: Command = {
  name: 'new',
  summary: 'write a new profile file from a template or a shipped example',
  help: HELP,
  run(args) {
    const { values, positionals } = parseOptions(
      args,
      { mpi: { type: 'boolean' }, image: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' } },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('name exactly one profile');
    const [name] = positionals;
    if (values.from !== undefined && (values.mpi || values.image !== undefined)) {
      throw new UsageError('--from copies an example as it is; it does not take --mpi or --image');
    }
    const nameProblem = profileNameProblem(name);
    if (nameProblem) throw new UsageError(nameProblem);
    if (values.image !== undefined) {
      const problem = imageProblem(values.image);
      if (problem) throw new UsageError(`--image: ${problem}`);
    }
    let source: string;
    if (values.from !== undefined) {
      const examples = shippedExamples();
      const file = examples.get(values.from);
      if (!file) throw new UsageError(`--from ${values.from}: no such example (known: ${[...examples.keys()].join(', ') || 'none'})`);
      source = profileFromExample({ name: values.from, source: fs.readFileSync(file, 'utf8') }, name);
    } else {
      source = profileFromTemplate({ name, mpi: values.mpi, image: values.image });
    }

    const root = requireProjectRoot(process.cwd());
    const target = path.join(root, PROFILES_DIR, `${name}.ts`);
    const shown = path.relative(process.cwd(), target);
    if (fs.existsSync(target) && !values.force) {
      console.error(`nnf-profiles new: ${shown} exists; choose another name, or use --force to overwrite it`);
      return EXIT_FAILED;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, source);
    console.log(
      `new: wrote ${shown}${values.from ? ` (a copy of ${values.from})` : values.mpi ? ' (MPI template)' : ''}; edit it, then run 'nnf-profiles synth'`,
    );
    return EXIT_OK;
  },
};
