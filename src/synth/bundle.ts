import type * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { type BundleInput, cachedBuildWithInputs, evaluateModule, NODE_BUNDLE_OPTIONS, toolCacheDir } from '../../bin/cached-build';
import { toolRoot } from '../tool-root';
import { discoverProfileFiles, SITE_FILE } from './discover';
import { digest, RenderCache } from './render-cache';
import type { SynthRequest, SynthResult } from './synthesize';

/** A site compiled into one module: `site.ts`, every profile file and the synth pipeline. */
export interface ProjectBundle {
  readonly profileFiles: readonly string[];
  /** The render cache synthesize uses, when asked for one. */
  readonly renderCache?: RenderCache;
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

/** A site compiled to one CommonJS module, not yet evaluated. */
interface BuiltProject {
  readonly code: string;
  readonly profileFiles: readonly string[];
  readonly sourceMaps: boolean;
  readonly inputs: readonly BundleInput[];
}

type BuildOutcome = ({ readonly ok: true } & BuiltProject) | { readonly ok: false; readonly errors: string[] };

/** Where bundled site code resolves packages: the site's node_modules, then this tool's. */
function modulePathsFor(root: string): string[] {
  const internals = Module as ModuleInternals;
  return [...new Set([...internals._nodeModulePaths(root), ...internals._nodeModulePaths(toolRoot())])];
}

/**
 * Evaluates bundled site code as a CommonJS module named `filename` in `root`. Node's loader,
 * not `evaluateModule`, so that stack traces follow inline source maps.
 */
export function evaluateBundle(code: string, root: string, filename: string): Record<string, unknown> {
  const mod = new Module(path.join(root, filename)) as CompilableModule;
  mod.filename = path.join(root, filename);
  mod.paths = modulePathsFor(root);
  mod._compile(code, mod.filename);
  return mod.exports as Record<string, unknown>;
}

/**
 * Transpiles and bundles the site with esbuild in one pass (no type-checking: `npm test` and the
 * editor do that). The bundle is reused while no input file changes. Syntax errors and
 * unresolved imports come back as messages.
 */
function bundleCacheDir(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'nnf-profiles', 'bundles');
}

function buildProject(root: string, options: { sourceMaps?: boolean } = {}): BuildOutcome {
  const profileFiles = discoverProfileFiles(root);
  const sourceMaps = options.sourceMaps ?? false;
  const cacheFile = path.join(bundleCacheDir(root), sourceMaps ? 'site-sourcemaps.js' : 'site.js');
  let built: { code: string; inputs: readonly BundleInput[] };
  try {
    built = cachedBuildWithInputs(
      {
        stdin: { contents: entrySource(profileFiles), resolveDir: root, sourcefile: 'nnf-profiles-entry.js', loader: 'js' },
        absWorkingDir: root,
        ...NODE_BUNDLE_OPTIONS,
        // Source maps only serve to cite file:line of an exception; they cost a fifth of the bundling.
        sourcemap: sourceMaps ? 'inline' : false,
        // A fifth less code to bundle, parse and keep; with source maps, the lines stay as written.
        minifyWhitespace: !sourceMaps,
      },
      cacheFile,
    );
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return { ok: false, errors: failure.errors.map(formatBuildMessage) };
  }
  return { ok: true, ...built, profileFiles, sourceMaps };
}

/** The pipeline's own entry: its modules are the tool's code, which every render depends on. */
const PIPELINE_ENTRY = path.join('src', 'synth', 'synthesize.ts');

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** `file` and every input it imports, stopping at `stop`. */
function closure(graph: ReadonlyMap<string, BundleInput>, file: string, stop: ReadonlySet<string> = new Set()): Set<string> {
  const found = new Set<string>();
  const visit = (current: string) => {
    if (found.has(current) || stop.has(current) || !graph.has(current)) return;
    found.add(current);
    for (const imported of graph.get(current)![2]) visit(imported);
  };
  visit(file);
  return found;
}

/** The content of files that decide how any profile renders, but are not among its modules. */
function environmentFiles(root: string): string[] {
  const tool = toolRoot();
  const schemas = path.join(tool, 'imports', 'nnfcontainerprofile');
  const listed = (dir: string) => {
    try {
      return fs.readdirSync(dir).sort().map((name) => path.join(dir, name));
    } catch {
      return [];
    }
  };
  return [...new Set([path.join(tool, 'package.json'), path.join(tool, 'package-lock.json'), path.join(root, 'package-lock.json'), ...listed(schemas)])];
}

function fileDigest(file: string): string {
  try {
    return digest(fs.readFileSync(file));
  } catch {
    return 'absent';
  }
}

/**
 * The render cache for a bundle: a profile's sources are its module and the modules it imports
 * (the bundle's inputs), up to the synth pipeline's own modules, which are in every key.
 */
function openRenderCache(root: string, built: BuiltProject): RenderCache {
  const graph = new Map(built.inputs.map((input) => [input[0], input]));
  const pipelineFile = realPath(path.join(root, PIPELINE_ENTRY));
  const pipelineInput = built.inputs.find(([file]) => realPath(path.resolve(root, file)) === pipelineFile)?.[0];
  const pipeline = pipelineInput === undefined ? new Set<string>() : closure(graph, pipelineInput);
  const locale = Intl.DateTimeFormat().resolvedOptions();
  const toolKey = digest(
    JSON.stringify({
      pipeline: [...pipeline].sort().map((file) => graph.get(file)![1]),
      files: environmentFiles(root).map((file) => [file, fileDigest(file)]),
      node: [process.version, process.platform, process.arch, locale.locale, locale.timeZone],
      root,
    }),
  );
  return RenderCache.open({
    file: path.join(toolCacheDir(root), 'renders.json'),
    toolKey,
    sourceDigest: (file) => {
      if (!graph.has(file) || pipelineInput === undefined) return undefined;
      const sources = [...closure(graph, file, pipeline)].sort();
      return digest(sources.map((source) => `${source}\0${graph.get(source)![1]}`).join('\n'));
    },
  });
}

/**
 * Bundles the site into the cache without evaluating it (install's prepare step), so that the
 * first synth finds the bundle made. Returns the build errors, if any.
 */
export function prebundleProject(root: string): string[] {
  const built = buildProject(root);
  return built.ok ? [] : built.errors;
}

/** Builds and evaluates the site in this thread, for commands that only read it. */
export function bundleProject(root: string, options: { sourceMaps?: boolean; renderCache?: boolean } = {}): BundleOutcome {
  const built = buildProject(root, options);
  if (!built.ok) return built;
  const renderCache = options.renderCache ? openRenderCache(root, built) : undefined;
  const filename = '.nnf-profiles-bundle.js';
  let exports: Record<string, unknown>;
  let saveCodeCache = () => {};
  if (built.sourceMaps) {
    process.setSourceMapsEnabled(true);
    exports = evaluateBundle(built.code, root, filename);
  } else {
    ({ exports, saveCodeCache } = evaluateModule(built.code, {
      filename: path.join(root, filename),
      paths: modulePathsFor(root),
      codeCacheDir: bundleCacheDir(root),
    }));
  }
  const synthesize = exports.synthesize as ProjectBundle['synthesize'];
  return {
    ok: true,
    bundle: {
      profileFiles: built.profileFiles,
      renderCache,
      synthesize: (request) => {
        const result = synthesize({ ...request, profileCache: renderCache });
        // Now that every profile module ran, the code cache holds them all.
        saveCodeCache();
        return result;
      },
      loadSite: exports.loadSite as ProjectBundle['loadSite'],
    },
  };
}
