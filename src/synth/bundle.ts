import * as esbuild from 'esbuild';
import Module from 'node:module';
import * as path from 'node:path';
import { cachedBuild } from '../../bin/cached-build';
import { discoverProfileFiles, SITE_FILE } from './discover';
import type { SynthRequest, SynthResult } from './synthesize';

/** A site compiled into one module: `site.ts`, every profile file and the synth pipeline. */
export interface ProjectBundle {
  readonly profileFiles: readonly string[];
  synthesize(request: SynthRequest): SynthResult;
  /** Evaluates site.ts and returns its exports (the default export is the Site). */
  loadSite(): Record<string, unknown>;
}

export type BundleOutcome = { readonly ok: true; readonly bundle: ProjectBundle } | { readonly ok: false; readonly errors: string[] };

function entrySource(profileFiles: readonly string[]): string {
  const modules = profileFiles
    .map((file) => `  { file: ${JSON.stringify(file)}, load: () => require(${JSON.stringify(`./${file}`)}) },`)
    .join('\n');
  // Each require() stays lazy inside the bundle, so one failing module is reported on its own.
  return [
    `const { synthesize } = require('./src/synth/synthesize.ts');`,
    `const modules = [\n${modules}\n];`,
    `exports.loadSite = () => require('./${SITE_FILE}');`,
    `exports.synthesize = (request) => synthesize(exports.loadSite, modules, request);`,
  ].join('\n');
}

function formatBuildMessage(message: esbuild.Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`;
}

type ModuleInternals = typeof Module & { _nodeModulePaths(from: string): string[] };
type CompilableModule = Module & { _compile(code: string, filename: string): void };

/** Loads bundled code as a CommonJS module that resolves packages from the site and from this tool. */
function evaluate(code: string, root: string): Record<string, unknown> {
  const filename = path.join(root, '.nnf-profiles-bundle.js');
  const mod = new Module(filename) as CompilableModule;
  const internals = Module as ModuleInternals;
  mod.filename = filename;
  mod.paths = [...new Set([...internals._nodeModulePaths(root), ...internals._nodeModulePaths(__dirname)])];
  mod._compile(code, filename);
  return mod.exports as Record<string, unknown>;
}

/**
 * Transpiles and bundles the site with esbuild in one pass (no type-checking: `npm test` and the
 * editor do that), then evaluates it. The bundle is reused while no input file changes. Syntax
 * errors and unresolved imports come back as messages.
 */
export function bundleProject(root: string, options: { sourceMaps?: boolean } = {}): BundleOutcome {
  const profileFiles = discoverProfileFiles(root);
  const cacheFile = path.join(root, 'node_modules', '.cache', 'nnf-profiles', 'bundles', options.sourceMaps ? 'site-sourcemaps.js' : 'site.js');
  let code: string;
  try {
    code = cachedBuild(
      esbuild,
      {
        stdin: { contents: entrySource(profileFiles), resolveDir: root, sourcefile: 'nnf-profiles-entry.js', loader: 'js' },
        absWorkingDir: root,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        packages: 'external',
        // Source maps only serve to cite file:line of an exception; they cost a fifth of the bundling.
        sourcemap: options.sourceMaps ? 'inline' : false,
        logLevel: 'silent',
      },
      cacheFile,
    );
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return { ok: false, errors: failure.errors.map(formatBuildMessage) };
  }
  if (options.sourceMaps) process.setSourceMapsEnabled(true);
  const exports = evaluate(code, root);
  return {
    ok: true,
    bundle: {
      profileFiles,
      synthesize: exports.synthesize as ProjectBundle['synthesize'],
      loadSite: exports.loadSite as ProjectBundle['loadSite'],
    },
  };
}
