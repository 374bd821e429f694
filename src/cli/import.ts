import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ImportedProfile, importProfile, profilesOf, siteAdvice, type SiteHandles, siteHandles } from '../import';
import { shellQuote } from '../secrets/command';
import { readDocuments, UnusableYamlError } from '../yaml/read-documents';
import { loadSiteExports } from '../synth/site-code';
import { PROFILES_DIR } from '../synth/discover';
import { plural } from '../text';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseOptions, UsageError } from './command';
import { findProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles import FILE... [--into DIR] [--force]

Turns existing NnfContainerProfile YAML of any supported version into one
profile file each (profiles/<name>.ts), written as a person would:
ContainerProfile or MpiContainerProfile, Storage constants, storage.path()
and arg\`...\` for $(DW_...) references, a shared MPI image, and nothing that
equals a schema default. Reads single and multi-document YAML and 'kind: List',
so 'kubectl get -o yaml' output works as it is; FILE - is standard input.

Not carried over, by design: server-set metadata (uid, resourceVersion,
managedFields, status, ...), kubectl's last-applied-configuration and Argo CD's
tracking annotations, and what synth adds itself (the managed-by label, the
source and sync annotations). Policy-exception annotations become
policyExceptions. Anything else the file cannot say is listed as a warning
and in a comment at the top of the file - never dropped silently.

Pull secrets: site.ts declares them, profiles import their handles. A secret
site.ts exports a handle for is imported by that name; for the others the
file imports a camelCase handle (readonly-red-rock-slushy ->
readonlyRedRockSlushy) and the declaration to add to site.ts is printed.
site.ts itself is never edited.

Options:
  --into DIR   write the files here (default: profiles/). Synth reads only
               profiles/, and the files import ../src and ../site as seen
               from there: move them to profiles/ before synth
  --force      overwrite existing files
  -h, --help   show this help

Exit status: 0 imported; 1 a profile could not be imported, something was not
carried over (see the warnings), or a file exists (nothing is written then);
2 usage or unusable input (not YAML, no NnfContainerProfile in it).

Examples:
  kubectl get nnfcontainerprofiles -n nnf-system -o yaml | nnf-profiles import -
  nnf-profiles import old-profiles.yaml --into /tmp/review
  nnf-profiles import my-app.yaml --force`;

/** Input text on the terminal: control characters (escape sequences, line breaks in keys) shown escaped. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Input the command cannot work on: exit status 2. */
class UnusableInput extends Error {}

const PROFILE_SRC_MODULE = '../src';
const PROFILE_SITE_MODULE = '../site';

/**
 * Files written outside profiles/ import ../src and ../site as they will once moved there: synth
 * reads only profiles/, and imports that resolved from elsewhere would break on the move.
 */
function moveAdvice(root: string | undefined, written: readonly string[]): string {
  const seenFrom = `the files import ${PROFILE_SRC_MODULE} and ${PROFILE_SITE_MODULE} as seen from ${PROFILES_DIR}/, the only directory synth reads`;
  if (!root) return `${seenFrom}; move them into the site's ${PROFILES_DIR}/ before synth`;
  const target = `${path.relative(process.cwd(), path.join(root, PROFILES_DIR)) || '.'}/`;
  return `${seenFrom}; move them there before synth: mv -i ${[...written, target].map(shellQuote).join(' ')}`;
}

interface Site {
  readonly handles?: SiteHandles;
  readonly namespaces: readonly string[];
}

function loadSite(root: string | undefined): Site {
  if (!root) return { namespaces: ['nnf-system'] };
  try {
    const exports = loadSiteExports(root);
    const environments = (exports.default as { environments?: Array<{ profileNamespace?: unknown }> } | undefined)?.environments ?? [];
    const namespaces = [...new Set(environments.map((e) => (typeof e.profileNamespace === 'string' ? e.profileNamespace : 'nnf-system')))];
    return { handles: siteHandles(exports), namespaces: namespaces.length > 0 ? namespaces : ['nnf-system'] };
  } catch (error) {
    console.error(
      `warning: site.ts could not be loaded (${(error as Error).message.split('\n')[0]}); assuming it exports no pull secret handles`,
    );
    return { namespaces: ['nnf-system'] };
  }
}

export const importCommand: Command = {
  name: 'import',
  summary: 'turn NnfContainerProfile YAML into profile files',
  help: HELP,
  run(args) {
    const { values, positionals } = parseOptions(args, { into: { type: 'string' }, force: { type: 'boolean' } }, true);
    if (positionals.length === 0) throw new UsageError('name at least one YAML file (or - for standard input)');
    if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read once');
    const root = findProjectRoot(process.cwd());
    if (!root && values.into === undefined)
      throw new UsageError(`no site.ts in ${process.cwd()} or above it; run from the repository root or give --into DIR`);
    const intoDir = path.resolve(values.into ?? path.join(root!, PROFILES_DIR));

    try {
      const inputs = positionals.map((file) => ({ file: file === '-' ? '(stdin)' : file, ...profilesOf(readDocuments(file)) }));
      if (inputs.every((i) => i.profiles.length === 0)) {
        throw new UnusableInput(`no NnfContainerProfile in ${positionals.join(', ')}`);
      }

      const site = loadSite(root);
      // Imports as seen from profiles/, wherever the files are written: that is where synth reads them.
      const options = {
        pullSecretHandles: site.handles?.exported,
        srcModule: PROFILE_SRC_MODULE,
        siteModule: PROFILE_SITE_MODULE,
        profileNamespaces: site.namespaces,
      };

      const imported: Array<{ file: string; profile: ImportedProfile }> = [];
      const failures: string[] = [];
      for (const input of inputs) {
        for (const object of input.profiles) {
          const result = importProfile(object, options);
          if (!result.ok) {
            failures.push(`${input.file}: ${result.name ?? '(unnamed)'}: ${result.message}`);
          } else if (imported.some((i) => i.profile.name === result.profile.name)) {
            failures.push(
              `${input.file}: ${result.profile.name}: a profile of this name was already imported above; import them one at a time`,
            );
          } else {
            imported.push({ file: input.file, profile: result.profile });
          }
        }
      }

      const shownDir = path.relative(process.cwd(), intoDir) || '.';
      const existing = imported.filter(({ profile }) => fs.existsSync(path.join(intoDir, profile.fileName)));
      if (existing.length > 0 && !values.force) {
        for (const failure of failures) console.error(printable(failure));
        console.error(
          `nnf-profiles import: ${existing.map(({ profile }) => path.join(shownDir, profile.fileName)).join(', ')} ` +
            `already exist${existing.length === 1 ? 's' : ''}; nothing was written. Use --force to overwrite.`,
        );
        return EXIT_FAILED;
      }

      fs.mkdirSync(intoDir, { recursive: true });
      for (const { profile } of imported) fs.writeFileSync(path.join(intoDir, profile.fileName), profile.source);

      let warnings = 0;
      for (const { file, profile } of imported) {
        for (const note of profile.notes) {
          if (note.severity === 'warning') warnings++;
          console.error(
            `${note.severity === 'warning' ? 'warning' : 'note'}: ${printable(`${file}: ${profile.name}: ${note.path}: ${note.message}`)}`,
          );
        }
      }
      for (const failure of failures) console.error(printable(failure));
      const advice = siteAdvice(
        imported.flatMap(({ profile }) => profile.pullSecrets),
        site.handles,
      );
      if (advice.length > 0) console.error(advice.join('\n'));

      const written = imported.map(({ profile }) => path.join(shownDir, profile.fileName));
      const problems = [
        ...(failures.length > 0 ? [`${failures.length} not imported`] : []),
        ...(warnings > 0 ? [`${plural(warnings, 'warning')} to review`] : []),
      ];
      console.log(
        `import: ${plural(written.length, 'profile')} written${written.length > 0 ? `: ${written.join(', ')}` : ''}${problems.length > 0 ? ` (${problems.join(', ')})` : ''}`,
      );
      if (written.length > 0 && (!root || intoDir !== path.join(root, PROFILES_DIR))) console.log(moveAdvice(root, written));
      return failures.length > 0 || warnings > 0 ? EXIT_FAILED : EXIT_OK;
    } catch (error) {
      if (error instanceof UnusableInput || error instanceof UnusableYamlError) {
        console.error(`nnf-profiles import: ${error.message}`);
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
