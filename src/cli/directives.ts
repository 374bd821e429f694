import * as yaml from 'js-yaml';
import { DIRECTIVE_STYLES, type DirectiveStyle, directivesFor, isDirectiveLine } from '../dws/directives';
import { PROFILE_KIND } from '../model';
import type { Site, WorkloadManager } from '../site';
import { bundleProject } from '../synth/bundle';
import type { ProfileObject } from '../rendered';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseOptions, UsageError } from './command';
import { requireProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles directives NAME [--env ENV] [--form flux|slurm|command]

Prints the directives a job needs to run profile NAME as the environment
renders it: a '#DW jobdw' per job storage, a '#DW persistentdw' per
persistent storage and the '#DW container' directive with every storage
argument, in the form of the environment's workload manager (site.ts,
workloadManager): for Flux, the job's dw attribute as Flux batch directives,

  #FLUX: --setattr=dw="""
  #FLUX: #DW jobdw ...
  #FLUX: #DW container ...
  #FLUX: """

and for Slurm (the default), bare '#DW ...' lines. Comment lines say which
storages are optional, who may use the profile, its ports and the variables
the container sees. Replace each <...> (capacity, jobdw type, persistent
instance, global Lustre path), then check the script with
'nnf-profiles lint-job', which reads every form.

Options:
  --env ENV      the environment whose profiles to use (default: the first in site.ts)
  --form FORM    flux: #FLUX: batch directives; slurm: bare #DW lines;
                 command: one 'flux batch --setattr=dw="#DW ... #DW ..." job.sh'
                 command line, quoted for the shell ($ escaped as \\$)
                 (default: the environment's workload manager)
  -h, --help     show this help

Exit status: 0 printed, 1 the site does not render, 2 unknown profile or usage.

Examples:
  nnf-profiles directives red-rock-slushy
  nnf-profiles directives mpi-red-rock-slushy --env legacy >> job.sh
  nnf-profiles directives red-rock-slushy --form command`;

/** The site cannot be rendered: reported with its errors. */
export class ProjectError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join('\n'));
  }
}

export interface EnvironmentProfiles {
  readonly environment: string;
  readonly apiVersion: string;
  /** The environment's workload manager; unknown for profiles read from files. */
  readonly workloadManager?: WorkloadManager;
  readonly profiles: ProfileObject[];
}

/**
 * The NnfContainerProfiles of one environment (default: the first of site.ts), rendered in
 * memory from the project around the working directory. Usage errors for a missing site.ts or
 * an unknown environment; ProjectError when the site does not bundle or synth finds errors.
 */
export function loadEnvironmentProfiles(requested: string | undefined, cwd: string = process.cwd()): EnvironmentProfiles {
  const root = requireProjectRoot(cwd);
  const loaded = bundleProject(root);
  if (!loaded.ok) throw new ProjectError(loaded.errors);
  const site = loaded.bundle.loadSite().default as Site;
  const environment = requested === undefined ? site.environments[0] : site.environments.find((e) => e.name === requested);
  if (!environment) {
    throw new UsageError(
      `--env ${requested}: no such environment in site.ts (environments: ${site.environments.map((e) => e.name).join(', ')})`,
    );
  }
  const result = loaded.bundle.synthesize({ environments: [environment.name], root });
  if (result.errors.length > 0) throw new ProjectError([...result.errors]);
  const profiles: ProfileObject[] = [];
  for (const [file, content] of [...result.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!file.startsWith(`${environment.name}/`) || !file.endsWith('.yaml')) continue;
    for (const doc of yaml.loadAll(content)) {
      if ((doc as { kind?: unknown })?.kind === PROFILE_KIND) profiles.push(doc as ProfileObject);
    }
  }
  return { environment: environment.name, apiVersion: environment.apiVersion, workloadManager: environment.workloadManager, profiles };
}

/** Comment lines dim and directives bold, for a terminal. */
function colour(line: string): string {
  return isDirectiveLine(line) ? `\x1b[1m${line}\x1b[22m` : `\x1b[2m${line}\x1b[22m`;
}

/** The style of `--form`, or the environment's. */
function styleOf(form: string | undefined, manager: WorkloadManager | undefined): DirectiveStyle {
  if (form === undefined) return manager === 'flux' ? 'flux' : 'slurm';
  if (!(DIRECTIVE_STYLES as readonly string[]).includes(form)) throw new UsageError(`--form ${form}: not one of flux, slurm, command`);
  return form as DirectiveStyle;
}

/** Colour only on a terminal, and not when NO_COLOR is set or FORCE_COLOR=0. */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR && process.env.FORCE_COLOR !== '0' && process.env.TERM !== 'dumb';
}

export const directivesCommand: Command = {
  name: 'directives',
  summary: 'print the #DW lines a job script needs to run a profile',
  help: HELP,
  run(args) {
    const { values, positionals } = parseOptions(args, { env: { type: 'string' }, form: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('name exactly one profile');
    // Checked before any work: a bad --form is a usage error whatever the site holds.
    if (values.form !== undefined) styleOf(values.form, undefined);
    const [name] = positionals;
    let loaded: EnvironmentProfiles;
    try {
      loaded = loadEnvironmentProfiles(values.env);
    } catch (error) {
      if (!(error instanceof ProjectError)) throw error;
      for (const line of error.errors) console.error(line);
      console.error('nnf-profiles directives: the site does not render; fix the errors above (nnf-profiles synth shows them too)');
      return EXIT_FAILED;
    }
    const profile = loaded.profiles.find((p) => p.metadata?.name === name);
    if (!profile) {
      const known = loaded.profiles.map((p) => String(p.metadata?.name)).sort();
      console.error(
        `nnf-profiles directives: no profile '${name}' in environment ${loaded.environment} (profiles: ${known.join(', ') || 'none'})`,
      );
      return EXIT_USAGE;
    }
    const lines = directivesFor(profile, styleOf(values.form, loaded.workloadManager));
    const tty = useColour();
    console.log((tty ? lines.map(colour) : lines).join('\n'));
    return EXIT_OK;
  },
};
