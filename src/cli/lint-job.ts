import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import { formatJobFinding, type JobFinding, lintJob } from '../dws/lint';
import { PROFILE_KIND } from '../model';
import type { ProfileObject } from '../validate/rules/context';
import { plural } from '../text';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseOptions, UsageError } from './command';
import { type EnvironmentProfiles, loadEnvironmentProfiles, ProjectError } from './directives';

const HELP = `Usage: nnf-profiles lint-job [--env ENV] [--uid N] [--gid N] [--profiles FILE]... FILE...

Checks the #DW directives of job scripts (Slurm, Flux or plain shell; other
lines are ignored) against the profiles an environment renders, as DWS and
NNF would: directive and argument syntax, required arguments, names and
capacities, that the #DW container profile exists, that its storage
arguments are ones the profile declares and every required one is supplied,
that each DW_JOB_/DW_PERSISTENT_ argument names a #DW jobdw/persistentdw of
the script of type gfs2 or lustre, a single container directive, and the
profile's uid/gid restriction when --uid/--gid say who runs the job.
Each problem is printed as 'file:line: message [rule]'.

Options:
  --env ENV         the environment whose profiles to use (default: the first in site.ts)
  --uid N           the uid the job runs as (checked against data.userID)
  --gid N           the gid the job runs as (checked against data.groupID)
  --profiles FILE   read the profiles from this YAML (e.g. what 'kubectl get
                    nnfcontainerprofiles -n nnf-system -o yaml' prints) instead
                    of rendering the site (repeatable)
  -h, --help        show this help

FILE may be - for standard input.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 unusable input.

Examples:
  nnf-profiles lint-job job.sh
  nnf-profiles lint-job --env legacy --uid "$(id -u)" --gid "$(id -g)" jobs/*.sh
  nnf-profiles directives red-rock-slushy > job.sh && nnf-profiles lint-job job.sh`;

/** Input the checks cannot run on: reported with exit status 2. */
class UnusableInput extends Error {}

function readText(file: string): string {
  try {
    return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UnusableInput(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function idOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`--${name} ${value}: not a non-negative integer`);
  return Number(value);
}

/** The NnfContainerProfiles of YAML files, `kind: List` flattened. */
function profilesFromFiles(files: readonly string[]): ProfileObject[] {
  const profiles: ProfileObject[] = [];
  for (const file of files) {
    let documents: unknown[];
    try {
      documents = yaml.loadAll(readText(file));
    } catch (error) {
      if (error instanceof UnusableInput) throw error;
      throw new UnusableInput(`${file}: not YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    for (const doc of documents) {
      const object = doc as { kind?: unknown; items?: unknown };
      const items = object?.kind === 'List' && Array.isArray(object.items) ? object.items : [doc];
      profiles.push(...(items.filter((o) => (o as { kind?: unknown })?.kind === PROFILE_KIND) as ProfileObject[]));
    }
  }
  return profiles;
}

export const lintJobCommand: Command = {
  name: 'lint-job',
  summary: 'check the #DW directives of job scripts against the profiles',
  help: HELP,
  run(args) {
    const { values, positionals } = parseOptions(
      args,
      { env: { type: 'string' }, uid: { type: 'string' }, gid: { type: 'string' }, profiles: { type: 'string', multiple: true } },
      true,
    );
    if (positionals.length === 0) throw new UsageError('name at least one job script (or - for standard input)');
    if (values.profiles && values.env !== undefined) throw new UsageError('--env and --profiles exclude each other: --profiles names the profiles itself');
    if (positionals.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read once');
    const uid = idOption('uid', values.uid);
    const gid = idOption('gid', values.gid);
    try {
      // Read every script first: a missing one is unusable input, whatever the others hold.
      const scripts = positionals.map((file) => ({ file: file === '-' ? '(stdin)' : file, text: readText(file) }));
      let source: EnvironmentProfiles;
      if (values.profiles) {
        source = { environment: values.profiles.join(', '), apiVersion: '', profiles: profilesFromFiles(values.profiles) };
      } else {
        source = loadEnvironmentProfiles(values.env);
      }
      const environment = values.profiles ? undefined : source.environment;
      const findings: JobFinding[] = scripts.flatMap(({ file, text }) => lintJob(text, file, source.profiles, { uid, gid, environment }));
      for (const finding of findings) console.error(formatJobFinding(finding));
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.length - errors;
      const against = values.profiles ? `${plural(source.profiles.length, 'profile')} of ${source.environment}` : `the profiles of ${source.environment}`;
      console.log(`lint-job: ${plural(scripts.length, 'file')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')} (checked against ${against})`);
      return errors > 0 ? EXIT_FAILED : EXIT_OK;
    } catch (error) {
      if (error instanceof UnusableInput) {
        console.error(`nnf-profiles lint-job: ${error.message}`);
        return EXIT_USAGE;
      }
      if (error instanceof ProjectError) {
        for (const line of error.errors) console.error(line);
        console.error('nnf-profiles lint-job: the site does not render, so there are no profiles to check against; fix the errors above or use --profiles');
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
