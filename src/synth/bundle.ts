import type * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { type BundleInput, cachedBuildWithInputs, NODE_BUNDLE_OPTIONS, toolCacheDir } from '../build/cached-build';
import { moduleFactory } from '../build/evaluate-module';
import { toolModule } from '../tool-code';
import { toolRoot } from '../tool-root';
import { discoverProfileFiles, SITE_FILE } from './discover';
import { asHost } from './seat-belt';
import type { ProfileModule } from './profile-modules';
import { RenderCache } from './render-cache';
import { SiteSources } from './site-sources';
import { synthesize, type SynthRequest, type SynthResult } from './synthesize';

/**
 * The site's code: site.ts, and each profile file compiled on its own. This tool's modules (`src/`)
 * are left out of both and shared with the running synth, so constructs are of the classes synth
 * checks against; everything else a profile imports (site.ts, the site's helpers) is compiled into
 * its own code, and each evaluation of it is a fresh module. So no module variable is shared
 * between profile files or environments, and a profile's render depends on its own sources alone.
 */
export interface ProjectBundle {
  readonly profileFiles: readonly string[];
  /** The render cache synthesize uses, when asked for one. */
  readonly renderCache?: RenderCache;
  synthesize(request: SynthRequest): SynthResult;
  /** Evaluates site.ts and returns its exports (the default export is the Site). */
  loadSite(): Record<string, unknown>;
}

export type BundleOutcome = { readonly ok: true; readonly bundle: ProjectBundle } | { readonly ok: false; readonly errors: string[] };

function formatBuildMessage(message: esbuild.Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`;
}

/** Runs a build, with syntax errors and unresolved imports as messages. */
function buildErrors<T>(build: () => T): { ok: true; value: T } | { ok: false; errors: string[] } {
  try {
    return { ok: true, value: build() };
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return { ok: false, errors: failure.errors.map(formatBuildMessage) };
  }
}

type ModuleInternals = typeof Module & {
  _nodeModulePaths(from: string): string[];
  _resolveFilename(request: string, parent: Module): string;
  _cache: Record<string, Module | undefined>;
};

/** Where site code resolves packages: the site's node_modules, then this tool's. */
function modulePathsFor(root: string): string[] {
  const internals = Module as ModuleInternals;
  return [...new Set([...internals._nodeModulePaths(root), ...internals._nodeModulePaths(toolRoot())])];
}

/** The folders whose modules are this tool's: its `src/`, and the site's `src/` (a link to it, or a copy). */
function toolFolders(root: string): string[] {
  const folders = [path.join(toolRoot(), 'src'), path.join(root, 'src')];
  for (const folder of [...folders]) {
    try {
      folders.push(fs.realpathSync(folder));
    } catch {
      // No such folder: nothing of it to leave out.
    }
  }
  return [...new Set(folders)];
}

/** The file a module specifier of this tool names, as bundlers resolve it. */
const TOOL_CANDIDATES = ['', '.ts', '.js', '/index.ts', '/index.js'];

/**
 * The compiled site's `require`: this tool's modules as the running synth has them, packages from
 * node_modules. esbuild writes the path of a module left out relative to the output folder, the root.
 */
function siteRequire(root: string): (specifier: string) => unknown {
  const folders = toolFolders(root);
  // The API site code imports, loaded now, by synth: what loading it does is not site code's.
  toolModule('src/index.ts');
  const host = new Module(path.join(root, '.nnf-profiles-site.js'));
  host.filename = host.id;
  host.paths = modulePathsFor(root);
  const internals = Module as ModuleInternals;
  const toolModuleAt = (absolute: string): unknown => {
    for (const folder of folders.filter((f) => absolute.startsWith(f + path.sep))) {
      const below = path.relative(folder, absolute).split(path.sep).join('/');
      for (const candidate of TOOL_CANDIDATES) {
        const found = toolModule(`src/${below}${candidate}`);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  // Finding a module reads node_modules and src/, which may lie outside the repository: that is
  // synth's work, as is loading its own modules. Running a package not loaded yet is the site's.
  return (specifier) => {
    if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) {
      const filename = asHost(() => internals._resolveFilename(specifier, host));
      return internals._cache[filename]?.exports ?? host.require(filename);
    }
    const found = asHost(() => toolModuleAt(path.resolve(root, specifier)));
    if (found === undefined)
      throw new Error(`Cannot find module '${specifier}' (compiled site code imports only this tool's src/ and packages)`);
    return found;
  };
}

/** How site code is compiled: one output per entry, beside its source; the tool and packages left to `require`. */
function siteBuildOptions(root: string, entries: readonly string[], sourceMaps: boolean): esbuild.BuildOptions {
  return {
    entryPoints: [...entries],
    absWorkingDir: root,
    outdir: root,
    outbase: root,
    ...NODE_BUNDLE_OPTIONS,
    external: toolFolders(root).map((folder) => path.join(folder, '*')),
    // Source maps only serve to cite file:line of an exception; they cost a fifth of the compiling.
    sourcemap: sourceMaps ? 'inline' : false,
    // A fifth less code to compile, parse and keep; with source maps, the lines stay as written.
    minifyWhitespace: !sourceMaps,
  };
}

interface CompiledCode {
  /** Entry (relative to the root) → a function that evaluates it as a fresh module. */
  readonly modules: ReadonlyMap<string, () => Record<string, unknown>>;
  readonly inputs: readonly BundleInput[];
}

/**
 * Compiles `entries` with esbuild (no type-checking: `npm test` and the editor do that), reusing
 * the output kept under `name` while no input changed. Build errors throw as esbuild's do.
 */
function compile(root: string, entries: readonly string[], name: string, sourceMaps: boolean): CompiledCode {
  const cacheFile = path.join(toolCacheDir(root), 'bundles', `${name}${sourceMaps ? '-sourcemaps' : ''}.js`);
  const built = cachedBuildWithInputs(siteBuildOptions(root, entries, sourceMaps), cacheFile);
  if (sourceMaps) process.setSourceMapsEnabled(true);
  const require = siteRequire(root);
  const modules = new Map<string, () => Record<string, unknown>>();
  for (const [entry, code] of Object.entries(JSON.parse(built.code) as Record<string, string>)) {
    // Named as the output esbuild placed beside the source, which its source map is relative to.
    const filename = path.join(root, entry.replace(/\.[^./]+$/, '.js'));
    modules.set(entry, moduleFactory(code, { filename, require }));
  }
  return { modules, inputs: built.inputs };
}

/** Compiles site.ts; `load` evaluates it. Build errors throw as esbuild's do. */
function compileSite(root: string, sourceMaps: boolean): { load: () => Record<string, unknown>; inputs: readonly BundleInput[] } {
  const compiled = compile(root, [SITE_FILE], 'site', sourceMaps);
  return { load: compiled.modules.get(SITE_FILE)!, inputs: compiled.inputs };
}

/** The profiles whose code synth keeps ready for the first run after an install: all of them, as it renders all. */
const PROFILES_BUNDLE = 'profiles';

/**
 * Compiles the site into the cache without evaluating it (install's prepare step), so that the
 * first synth finds it compiled. Returns the build errors, if any.
 */
export function prebundleProject(root: string): string[] {
  const profileFiles = discoverProfileFiles(root);
  const sources = new SiteSources(root, profileFiles);
  const built = buildErrors(() => [compile(root, [SITE_FILE], 'site', false), compile(root, profileFiles, PROFILES_BUNDLE, false)]);
  if (!built.ok) return built.errors;
  for (const { inputs } of built.value) sources.add(inputs);
  sources.save();
  return [];
}

/** Evaluates site.ts and returns its exports. Build errors throw as esbuild's do. */
export function loadSiteExports(root: string): Record<string, unknown> {
  return compileSite(root, false).load();
}

/**
 * Compiles site.ts, ready to synthesize: profile files are compiled when synth knows which it
 * renders. With `renderCache`, renders of unchanged profiles are reused and their code is not
 * compiled or run.
 */
export function bundleProject(root: string, options: { sourceMaps?: boolean; renderCache?: boolean } = {}): BundleOutcome {
  const sourceMaps = options.sourceMaps ?? false;
  const profileFiles = discoverProfileFiles(root);
  const sources = options.renderCache ? new SiteSources(root, profileFiles) : undefined;
  const site = buildErrors(() => compileSite(root, sourceMaps));
  if (!site.ok) return site;
  sources?.add(site.value.inputs);
  const renderCache = sources?.renderCache();
  // The profiles compiled for this run, each evaluated anew for every environment.
  let profileCode = new Map<string, () => Record<string, unknown>>();
  const compileProfiles = (files: readonly string[]): string[] => {
    if (files.length === 0) return [];
    const built = buildErrors(() => compile(root, files, PROFILES_BUNDLE, sourceMaps));
    if (!built.ok) return built.errors;
    profileCode = new Map(built.value.modules);
    sources?.add(built.value.inputs);
    return [];
  };
  const modules: ProfileModule[] = profileFiles.map((file) => ({
    file,
    load: () => {
      const instance = profileCode.get(file);
      if (!instance) throw new Error('its module was not compiled for this run');
      return instance();
    },
  }));
  return {
    ok: true,
    bundle: {
      profileFiles,
      renderCache,
      synthesize: (request) => {
        const result = synthesize(site.value.load, modules, { ...request, profileCache: renderCache, compile: compileProfiles });
        sources?.save();
        return result;
      },
      loadSite: site.value.load,
    },
  };
}
