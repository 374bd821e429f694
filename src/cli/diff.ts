import { defaultBase, diffDist, diffMarkdown, GitError, readRevisionTree, readWorkingTree } from '../diff';
import { type Command, EXIT_OK, EXIT_USAGE, parseOptions, UsageError } from './command';
import { requireProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles diff [--base REF]

Prints a reviewer's Markdown summary of how the working tree's dist/ differs
from dist/ at REF. Changes to permissions come first, under "Permissions":
the AppProject and Applications (whitelists, destinations, repositories),
Roles, ClusterRoles and their bindings, admission policies. Then, per
environment directory, the profiles and other objects added, removed and
changed, with each changed field as a path
(data.spec.containers[0].image: a → b). Lists of plain values (a command)
are shown whole; kustomization.yaml files are left out, as they only list
the files beside them. Prints "No changes to dist/." when there are none.

Run 'nnf-profiles synth' first: this compares files, it renders nothing.

Options:
  --base REF   the revision to compare with (default: origin/main if it
               exists, otherwise HEAD)
  -h, --help   show this help

Exit status: 0 summary printed (changes or not), 2 usage, no Git repository,
or REF is not a commit.

Examples:
  nnf-profiles diff
  nnf-profiles diff --base origin/\${GITHUB_BASE_REF} > dist-diff.md
  nnf-profiles diff --base HEAD~1`;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'summarize dist/ changes against a Git revision, in Markdown, for reviewers',
  help: HELP,
  run(args) {
    const { values } = parseOptions(args, { base: { type: 'string' } });
    if (values.base === '') throw new UsageError('--base needs a revision');
    const root = requireProjectRoot(process.cwd());
    try {
      const base = values.base ?? defaultBase(root);
      const before = readRevisionTree(root, base);
      const after = readWorkingTree(root);
      console.log(diffMarkdown(diffDist(before, after), base).trimEnd());
      return EXIT_OK;
    } catch (error) {
      if (error instanceof GitError) {
        console.error(`nnf-profiles diff: ${error.message}`);
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
