import * as path from 'node:path';
import { CatalogSpool } from '../catalog/spool';
import { bundleProject } from '../synth/bundle';
import { withOutputLock } from '../synth/output-lock';
import { scanSources } from '../synth/scan-sources';
import type { SynthRequest, SynthResult } from '../synth/synthesize';
import { type FileContent, writeOutput } from '../synth/write-output';
import { plural } from '../text';
import { type Command, EXIT_FAILED, EXIT_OK, parseOptions, UsageError } from './command';
import { requireProjectRoot } from './project-root';

const HELP = `Usage: nnf-profiles synth [--env NAME]... [--api-version VERSION --out DIR] [--out DIR]

Renders every profile in profiles/ for each environment in site.ts and writes
dist/<environment>/ (one YAML file per object and a kustomization.yaml), and
dist/argocd/ when site.ts configures Argo CD. Everything is rendered and checked
first: when anything is wrong, all problems are listed, the exit status is 1
and nothing is written. Only files whose content changes are rewritten; two
synths of one repository at once take turns writing.

Options:
  --env NAME             render only this environment (repeatable)
  --api-version VERSION  render for VERSION instead of each environment's own
                         (a one-off: needs --out, so dist/ keeps the site's versions)
  --out DIR              write here instead of dist/ (or $CDK8S_OUTDIR under cdk8s synth)
  --timeout SECONDS      stop when rendering takes longer than this, naming the profile
                         file it was in: an endless loop (default 300)
  -h, --help             show this help

Examples:
  nnf-profiles synth
  nnf-profiles synth --env production
  nnf-profiles synth --api-version v1alpha1 --out /tmp/legacy`;

const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * Thousands of profiles make a catalog of megabytes: it waits on disk, not in memory. Without a
 * writable temporary directory it stays in memory, as a smaller site's would fit anyway.
 */
function openCatalogSpool(): CatalogSpool | undefined {
  try {
    return CatalogSpool.open();
  } catch {
    return undefined;
  }
}

/**
 * Bundles and synthesizes the site. Exceptions are rare, and only then is the site bundled again
 * with source maps, so that they are cited as file:line of the profile.
 */
function synthesizeProject(root: string, request: SynthRequest): { result: SynthResult; profiles: number } {
  const attempt = (sourceMaps: boolean) => {
    const loaded = bundleProject(root, { sourceMaps });
    if (!loaded.ok) {
      const result: SynthResult = { errors: loaded.errors, warnings: [], exceptions: false, files: new Map(), environments: [], directories: [] };
      return { result, profiles: 0 };
    }
    return { result: loaded.bundle.synthesize(request), profiles: loaded.bundle.profileFiles.length };
  };
  const first = attempt(false);
  return first.result.exceptions ? attempt(true) : first;
}

export const synthCommand: Command = {
  name: 'synth',
  summary: 'render profiles/ for every environment into dist/',
  help: HELP,
  async run(args) {
    const { values } = parseOptions(args, {
      env: { type: 'string', multiple: true },
      'api-version': { type: 'string' },
      out: { type: 'string' },
      timeout: { type: 'string' },
    });
    if (values['api-version'] !== undefined && values.out === undefined) {
      throw new UsageError('--api-version renders a one-off; give --out DIR so dist/ keeps the versions site.ts names');
    }
    const timeout = Number(values.timeout ?? DEFAULT_TIMEOUT_SECONDS);
    if (!(timeout > 0)) throw new UsageError(`--timeout ${values.timeout}: give a number of seconds above 0`);
    const root = requireProjectRoot(process.cwd());
    const outDir = path.resolve(values.out ?? process.env.CDK8S_OUTDIR ?? path.join(root, 'dist'));
    const shownOut = path.relative(process.cwd(), outDir) || '.';

    const leaks = scanSources(root);
    const catalogSpool = openCatalogSpool();
    try {
      const synthesized = synthesizeProject(root, {
        environments: values.env,
        apiVersion: values['api-version'],
        root,
        timeoutSeconds: timeout,
        catalogSpool,
      });
      const result = { ...synthesized.result, errors: [...leaks, ...synthesized.result.errors] };
      for (const warning of result.warnings) console.error(`warning: ${warning}`);
      if (result.errors.length > 0) {
        console.error(`synth failed with ${plural(result.errors.length, 'error')}; ${shownOut}/ was left as it was:`);
        for (const error of result.errors) console.error(`  ${error}`);
        return EXIT_FAILED;
      }
      const files = new Map<string, FileContent>([...result.files, ...(result.streamed ?? [])]);
      // A full synth owns the whole output directory; --env only the environments it renders.
      const summary = await withOutputLock(outDir, () => writeOutput(outDir, files, values.env ? result.directories : undefined));
      console.log(
        `synth: ${plural(synthesized.profiles, 'profile')} × ${plural(result.environments.length, 'environment')} → ${shownOut}/ ` +
          `(${summary.written} written, ${summary.removed} removed, ${summary.unchanged} unchanged)`,
      );
      return EXIT_OK;
    } finally {
      catalogSpool?.close();
    }
  },
};
