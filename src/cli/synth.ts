import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_VERSIONS, isApiVersion } from '../model';
import { bundleProject } from '../synth/bundle';
import { listSourceFiles } from '../synth/discover';
import type { RenderCache } from '../synth/render-cache';
import { withOutputLock } from '../output/lock';
import { ScanCache } from '../secrets/scan-cache';
import { scanSources } from '../secrets/scan-sources';
import { drainProfileCode, takeSeatBeltAttempts } from '../synth/seat-belt';
import { failedResult, type SynthRequest, type SynthResult } from '../synth/synthesize';
import { outputFolderProblem } from '../output/folder';
import { OUTPUT_RECORD } from '../output/record';
import { journalPathFor, OutputError, writeOutput } from '../output/write-output';
import { plural } from '../text';
import { layersHelp } from '../validate/finding';
import { type Command, EXIT_FAILED, EXIT_OK, parseOptions, UsageError } from './command';
import { requireProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles synth [--env NAME]... [--api-version VERSION --out DIR] [--out DIR] [--timeout SECONDS] [--no-cache]

Renders every profile in profiles/ for each environment in site.ts and writes
dist/<environment>/ (one YAML file per object and a kustomization.yaml), and
dist/argocd/ when site.ts configures Argo CD. Everything is rendered and checked
first: when anything is wrong, all problems are listed, the exit status is 1
and nothing is written. Only files whose content changes are rewritten; two
synths of one repository at once take turns writing.

The output changes all at once or not at all: new files are staged beside the
output folder and moved in only when every one is ready, so a failure or a
kill leaves the previous output, and the next synth completes an interrupted
one. Synth owns only what it wrote: DIR/${OUTPUT_RECORD} lists those files,
and synth replaces or removes no other. It refuses to write over a file it
did not write, and refuses an output folder that is empty text, the file
system root, a home folder, the repository or one of its source folders.

A profile whose inputs are unchanged since a successful synth is not evaluated,
rendered or checked again: its render is reused from
node_modules/.cache/nnf-profiles/renders.json. The inputs are the profile
module and every module it imports, the files its code read, the environment
and the site's settings, and this tool's code, packages and schemas. The
summary line says how many renders were made and how many reused.

Each problem found in an object begins with its layer; synth refuses all but
lint, which it prints as a warning:
${layersHelp()}

Options:
  --env NAME             render only this environment (repeatable)
  --api-version VERSION  render for VERSION instead of each environment's own
                         (a one-off: needs --out, so dist/ keeps the site's versions)
  --out DIR              write here instead of dist/ (or $CDK8S_OUTDIR under cdk8s synth)
  --timeout SECONDS      stop when rendering takes longer than this, naming the profile
                         file it was in: an endless loop (default 300)
  --no-cache             render every profile, neither reusing nor keeping renders
  -h, --help             show this help

Examples:
  nnf-profiles synth
  nnf-profiles synth --env production
  nnf-profiles synth --api-version v1alpha1 --out /tmp/legacy`;

const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * Compiles and synthesizes the site. Exceptions are rare, and only then is the site compiled again
 * with source maps, so that they are cited as file:line of the profile.
 */
function synthesizeProject(
  root: string,
  request: SynthRequest,
  renderCache: boolean,
): { result: SynthResult; profiles: number; cache?: RenderCache } {
  const attempt = (sourceMaps: boolean) => {
    const loaded = bundleProject(root, { sourceMaps, renderCache });
    if (!loaded.ok) return { result: failedResult(loaded.errors), profiles: 0 };
    return { result: loaded.bundle.synthesize(request), profiles: loaded.bundle.profileFiles.length, cache: loaded.bundle.renderCache };
  };
  const first = attempt(false);
  return first.result.exceptions ? attempt(true) : first;
}

/**
 * What became of the output folder when synth wrote nothing. `cdk8s synth` (cdk8s.yaml's `app:`)
 * deletes its output folder before it runs synth and names it in $CDK8S_OUTDIR, so there it is
 * gone or empty, not as it was.
 */
function untouchedState(outDir: string, shownOut: string, outSource: string): string {
  if (outSource === 'CDK8S_OUTDIR' && (!fs.existsSync(outDir) || fs.readdirSync(outDir).length === 0)) {
    return `the cdk8s CLI had already emptied ${shownOut}/ before synth ran (npm run synth keeps the previous output when synth fails)`;
  }
  return `${shownOut}/ was left as it was`;
}

/** `3 rendered, 1 reused`: renders of a profile for an environment. */
function renders({ profiles, cache }: { profiles: number; cache?: RenderCache }, environments: number): string {
  return cache ? `${cache.rendered} rendered, ${cache.reused} reused` : `${profiles * environments} rendered, cache off`;
}

function failed(problems: readonly string[], state: string): number {
  console.error(`synth failed with ${plural(problems.length, 'error')}; ${state}:`);
  for (const problem of problems) console.error(`  ${problem}`);
  return EXIT_FAILED;
}

/** What one synth found, for `check`'s summary: every problem and warning, as printed. */
export interface SynthReport {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly profiles: number;
  readonly environments: number;
}

export const synthCommand = {
  name: 'synth',
  summary: 'render profiles/ for every environment into dist/',
  help: HELP,
  async run(args: readonly string[], onReport?: (report: SynthReport) => void): Promise<number> {
    const { values } = parseOptions(args, {
      env: { type: 'string', multiple: true },
      'api-version': { type: 'string' },
      out: { type: 'string' },
      timeout: { type: 'string' },
      'no-cache': { type: 'boolean' },
    });
    const apiVersion = values['api-version'];
    if (apiVersion !== undefined && !isApiVersion(apiVersion)) {
      throw new UsageError(`--api-version ${apiVersion}: not a supported version (supported: ${API_VERSIONS.join(', ')})`);
    }
    if (apiVersion !== undefined && values.out === undefined) {
      throw new UsageError('--api-version renders a one-off; give --out DIR so dist/ keeps the versions site.ts names');
    }
    const timeout = Number(values.timeout ?? DEFAULT_TIMEOUT_SECONDS);
    if (!(timeout > 0)) throw new UsageError(`--timeout ${values.timeout}: give a number of seconds above 0`);
    const root = requireProjectRoot(process.cwd());
    const [outValue, outSource] =
      values.out !== undefined
        ? [values.out, '--out']
        : process.env.CDK8S_OUTDIR !== undefined
          ? [process.env.CDK8S_OUTDIR, 'CDK8S_OUTDIR']
          : [undefined, ''];
    const problem = outValue === undefined ? undefined : outputFolderProblem(outValue, outSource, { cwd: process.cwd(), root });
    if (problem) throw new UsageError(problem);
    const outDir = path.resolve(outValue ?? path.join(root, 'dist'));
    const shownOut = path.relative(process.cwd(), outDir) || '.';

    const leaks = scanSources(root, listSourceFiles(root), ScanCache.open(root));
    {
      const synthesized = synthesizeProject(
        root,
        {
          environments: values.env,
          apiVersion: values['api-version'],
          root,
          timeoutSeconds: timeout,
        },
        values['no-cache'] !== true,
      );
      // Code the profiles left to run later runs now, still held by the seat belt.
      await drainProfileCode();
      const deferred = takeSeatBeltAttempts().map((attempt) => `${attempt.file}: ${attempt.api}`);
      const result = { ...synthesized.result, errors: [...leaks, ...synthesized.result.errors, ...deferred] };
      onReport?.({
        errors: result.errors,
        warnings: result.warnings,
        profiles: synthesized.profiles,
        environments: result.environments.length,
      });
      for (const warning of result.warnings) console.error(warning);
      if (result.errors.length > 0) return failed(result.errors, untouchedState(outDir, shownOut, outSource));
      // A full synth owns the whole output directory; --env only the environments it renders.
      let summary;
      try {
        summary = await withOutputLock(outDir, () => writeOutput(outDir, result.files, values.env ? result.directories : undefined));
      } catch (error) {
        if (!(error instanceof OutputError)) throw error;
        const journal = path.relative(process.cwd(), journalPathFor(outDir));
        return failed(
          error.problems,
          error.state === 'unchanged'
            ? untouchedState(outDir, shownOut, outSource)
            : `the change to ${shownOut}/ waits in ${journal}, and the next synth completes it`,
        );
      }
      // Kept only from a run that passed: a render is then known to be complete and clean. A
      // one-off for another version would only push out the renders of the site's own.
      if (apiVersion === undefined) synthesized.cache?.save(values.env ? result.environments : undefined);
      if (summary.recovered) console.error(`synth: an interrupted synth had begun to change ${shownOut}/; its change was completed first`);
      console.log(
        `synth: ${plural(synthesized.profiles, 'profile')} × ${plural(result.environments.length, 'environment')} → ${shownOut}/ ` +
          `(${summary.written} written, ${summary.removed} removed, ${summary.unchanged} unchanged); ${renders(synthesized, result.environments.length)}`,
      );
      return EXIT_OK;
    }
  },
} satisfies Command;
