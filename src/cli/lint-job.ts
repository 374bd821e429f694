import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import { checkDirectiveString, checkJobScript, formatJobFinding, type JobReport } from '../dws/lint';
import { PROFILE_KIND } from '../model';
import type { ProfileObject } from '../rendered';
import { plural } from '../text';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseOptions, UsageError } from './command';
import { type EnvironmentProfiles, loadEnvironmentProfiles, ProjectError } from './directives';

const HELP = `Usage: nnf-profiles lint-job [--env ENV] [--uid N] [--gid N] [--profiles FILE]... [--dw DIRECTIVES]... [FILE...]

Checks the #DW directives of job scripts against the profiles an environment
renders, as DWS and NNF would. It reads every form users write:
  - bare '#DW ...' lines (Slurm);
  - Flux batch directives (#FLUX: or #flux:), a triple-quoted value with a
    '#FLUX: #DW ...' line per directive between '#FLUX: --setattr=dw="""'
    and '#FLUX: """', or one line: '#FLUX: -S dw="#DW ... #DW ..."';
  - 'flux alloc|batch|run|submit ... --setattr=dw="#DW ... #DW ..."' command
    lines, each a job of its own; there the shell expands an unescaped
    $DW_JOB_x, so write \\$DW_JOB_x (or use single quotes).
Each job is checked on its own: directive and argument syntax, required
arguments, names and capacities, that the #DW container profile exists, that
its storage arguments are ones the profile declares and every required one is
supplied, that each DW_JOB_/DW_PERSISTENT_ argument names a #DW
jobdw/persistentdw of the job of type gfs2 or lustre, copy_in/copy_out
sources and destinations, a single container directive, create_persistent
and destroy_persistent alone in their job, and the profile's uid/gid
restriction when --uid/--gid say who runs the job. Directives that cannot be
read (a triple-quoted value never closed, an unclosed quote, a dw value
without '#DW ') are errors.

Each problem is printed as 'file:line: message [rule]', at the line its #DW
is written on (in a triple-quoted value, its own #FLUX: line; in a command
continued over several lines, the line holding that #DW); a problem with a
whole value, at the line of its option. The summary counts the directives
checked.

Options:
  --env ENV         the environment whose profiles to use (default: the first in site.ts)
  --uid N           the uid the job runs as (checked against data.userID)
  --gid N           the gid the job runs as (checked against data.groupID)
  --profiles FILE   read the profiles from this YAML (e.g. what 'kubectl get
                    nnfcontainerprofiles -n nnf-system -o yaml' prints) instead
                    of rendering the site (repeatable)
  --dw DIRECTIVES   check a value of Flux's dw attribute as it is, without
                    shell quoting, reported as '(--dw):LINE' (repeatable;
                    with or without files)
  -h, --help        show this help

FILE may be - for standard input.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 unusable input.

Examples:
  nnf-profiles lint-job job.sh
  nnf-profiles lint-job --env legacy --uid "$(id -u)" --gid "$(id -g)" jobs/*.sh
  nnf-profiles lint-job --dw '#DW jobdw type=gfs2 capacity=100GiB name=scratch'
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
      {
        env: { type: 'string' },
        uid: { type: 'string' },
        gid: { type: 'string' },
        profiles: { type: 'string', multiple: true },
        dw: { type: 'string', multiple: true },
      },
      true,
    );
    const strings = values.dw ?? [];
    if (positionals.length === 0 && strings.length === 0)
      throw new UsageError('name at least one job script (or - for standard input), or give --dw DIRECTIVES');
    if (values.profiles && values.env !== undefined)
      throw new UsageError('--env and --profiles exclude each other: --profiles names the profiles itself');
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
      const options = { uid, gid, environment };
      const reports: JobReport[] = [
        ...strings.map((value) => checkDirectiveString(value, '(--dw)', source.profiles, options)),
        ...scripts.map(({ file, text }) => checkJobScript(text, file, source.profiles, options)),
      ];
      const findings = reports.flatMap((r) => r.findings);
      for (const finding of findings) console.error(formatJobFinding(finding));
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.length - errors;
      const directives = reports.reduce((n, r) => n + r.directives, 0);
      const against = values.profiles
        ? `${plural(source.profiles.length, 'profile')} of ${source.environment}`
        : `the profiles of ${source.environment}`;
      const inputs = [
        scripts.length > 0 ? plural(scripts.length, 'file') : '',
        strings.length > 0 ? plural(strings.length, '--dw value') : '',
      ].filter((s) => s !== '');
      console.log(
        `lint-job: ${inputs.join(' and ')}, ${plural(directives, 'directive')} checked, ${plural(errors, 'error')}, ${plural(warnings, 'warning')} (checked against ${against})`,
      );
      return errors > 0 ? EXIT_FAILED : EXIT_OK;
    } catch (error) {
      if (error instanceof UnusableInput) {
        console.error(`nnf-profiles lint-job: ${error.message}`);
        return EXIT_USAGE;
      }
      if (error instanceof ProjectError) {
        for (const line of error.errors) console.error(line);
        console.error(
          'nnf-profiles lint-job: the site does not render, so there are no profiles to check against; fix the errors above or use --profiles',
        );
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
