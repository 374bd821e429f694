import type * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BundleInput, cachedBuildWithInputs, NODE_BUNDLE_OPTIONS, toolCacheDir } from '../build/cached-build';
import { moduleFactory } from '../build/evaluate-module';
import { digest } from '../io/digest';
import { writeAtomically } from '../io/write-atomically';
import { toolModule } from '../tool-code';
import { toolRoot } from '../tool-root';
import { discoverProfileFiles, SITE_FILE } from './discover';
import { asHost } from './seat-belt';
import { SiteSources } from './site-sources';

/**
 * Compiling the site's code with esbuild (no type-checking: `npm test` and the editor do that) and
 * evaluating it. This tool's modules (`src/`) and packages are left out of the compiled code and
 * required from the running synth, so constructs are of the classes synth checks against; the
 * site's own modules are compiled in, and each evaluation gives fresh ones.
 */

function formatBuildMessage(message: esbuild.Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`;
}

/** Runs a build, with syntax errors and unresolved imports as messages. */
export function buildErrors<T>(build: () => T): { ok: true; value: T } | { ok: false; errors: string[] } {
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
  // Every profile asks for the same few: each is found once.
  const found = new Map<string, { tool?: unknown; filename?: string }>();
  const find = (specifier: string) =>
    asHost(() =>
      !specifier.startsWith('.') && !path.isAbsolute(specifier)
        ? { filename: internals._resolveFilename(specifier, host) }
        : { tool: toolModuleAt(path.resolve(root, specifier)) },
    );
  return (specifier) => {
    if (!found.has(specifier)) found.set(specifier, find(specifier));
    const { tool, filename } = found.get(specifier)!;
    if (filename !== undefined) return internals._cache[filename]?.exports ?? host.require(filename);
    if (tool === undefined)
      throw new Error(`Cannot find module '${specifier}' (compiled site code imports only this tool's src/ and packages)`);
    return tool;
  };
}

/** How site code is compiled: one output per entry; the tool and packages left to `require`. */
function siteBuildOptions(root: string, entries: readonly string[], sourceMaps: boolean): esbuild.BuildOptions {
  return {
    entryPoints: [...entries],
    absWorkingDir: root,
    // The folder esbuild writes the paths of modules left out relative to (nothing is written).
    outdir: root,
    ...NODE_BUNDLE_OPTIONS,
    external: toolFolders(root).map((folder) => path.join(folder, '*')),
    // Source maps only serve to cite file:line of an exception; they cost a fifth of the compiling.
    sourcemap: sourceMaps ? 'inline' : false,
    // A fifth less code to compile, parse and keep; with source maps, the lines stay as written.
    minifyWhitespace: !sourceMaps,
  };
}

function realPath(root: string, file: string): string {
  return fs.realpathSync(path.resolve(root, file));
}

/** An entry's compiled code, and the file esbuild would have written it to (relative to the root), which its source map's paths start from. */
interface Output {
  readonly output: string;
  readonly text: string;
}

/** Compiled code: each entry's output (entry paths relative to the root), and the inputs. */
interface CompiledCode {
  readonly outputs: Readonly<Record<string, Output>>;
  readonly inputs: readonly BundleInput[];
}

/** Compiles `entries`, reusing the output kept under `name` while no input changed. Build errors throw as esbuild's do. */
function compile(root: string, entries: readonly string[], name: string, sourceMaps: boolean): CompiledCode {
  const cacheFile = path.join(toolCacheDir(root), 'bundles', `${name}${sourceMaps ? '-sourcemaps' : ''}.js`);
  const built = cachedBuildWithInputs(siteBuildOptions(root, entries, sourceMaps), cacheFile);
  // esbuild names an entry by its real path: one below a linked folder (node_modules) differs.
  const byRealPath = new Map(
    Object.entries(JSON.parse(built.code) as Record<string, Output>).map(([entry, output]) => [realPath(root, entry), output]),
  );
  return { outputs: Object.fromEntries(entries.map((entry) => [entry, byRealPath.get(realPath(root, entry))!])), inputs: built.inputs };
}

/**
 * Functions that evaluate the outputs of `compiled`, each call anew; an output's code is compiled
 * by V8 on its first evaluation only, and nothing before.
 */
function evaluators(root: string, compiled: CompiledCode, sourceMaps: boolean): (entry: string) => () => Record<string, unknown> {
  let require: ((specifier: string) => unknown) | undefined;
  const factories = new Map<string, () => Record<string, unknown>>();
  // Compiling is synth's work, though the first evaluation asks for it under the seat belt.
  const factoryOf = (entry: string) =>
    asHost(() => {
      if (sourceMaps) process.setSourceMapsEnabled(true);
      require ??= siteRequire(root);
      const { output, text } = compiled.outputs[entry];
      return moduleFactory(text, { filename: path.resolve(root, output), require });
    });
  return (entry) => () => {
    if (!factories.has(entry)) factories.set(entry, factoryOf(entry));
    return factories.get(entry)!();
  };
}

/** Compiles site.ts; `load` evaluates it, anew at each call. Build errors throw as esbuild's do. */
export function compileSite(root: string, sourceMaps: boolean): { load: () => Record<string, unknown>; inputs: readonly BundleInput[] } {
  const compiled = compile(root, [SITE_FILE], 'site', sourceMaps);
  return { load: evaluators(root, compiled, sourceMaps)(SITE_FILE), inputs: compiled.inputs };
}

/**
 * Profiles compiled into one output. Each render evaluates its output anew, at a cost that grows
 * with the profiles in it; esbuild takes a fixed time per output. Sixteen keeps both small.
 */
const PROFILES_PER_OUTPUT = 16;

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The folder for the entry modules that group profiles: kept in the cache, so their compilation is too. */
function entriesFolder(root: string): { folder: string; temporary: boolean } {
  // One folder per site: node_modules, and so the cache, may be another's, linked.
  const folder = path.join(toolCacheDir(root), 'entries', digest(root).slice(0, 16));
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.accessSync(folder, fs.constants.W_OK);
    return { folder, temporary: false };
  } catch {
    // A read-only checkout: entries in a folder of their own, removed after the build.
    return { folder: fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-entries-')), temporary: true };
  }
}

/** Profile files compiled: `load(file)` evaluates one anew, with fresh modules of the site at each call. */
export interface CompiledProfiles {
  readonly inputs: readonly BundleInput[];
  load(file: string): unknown;
}

/**
 * Compiles `files` (profile files) in groups, one entry module each, that exports a loader per
 * profile: loading a profile evaluates its group's output anew and loads the profile from it.
 * Build errors throw as esbuild's do.
 */
export function compileProfiles(root: string, files: readonly string[], sourceMaps: boolean): CompiledProfiles {
  const { folder, temporary } = entriesFolder(root);
  const groupOf = new Map<string, string>();
  const entries: string[] = [];
  try {
    for (let start = 0; start < files.length; start += PROFILES_PER_OUTPUT) {
      const entry = path.join(folder, `profiles-${entries.length}.js`);
      const group = files.slice(start, start + PROFILES_PER_OUTPUT);
      const loaders = group.map((file) => `exports[${JSON.stringify(file)}] = () => require(${JSON.stringify(path.resolve(root, file))});`);
      const text = `${loaders.join('\n')}\n`;
      if (readText(entry) !== text) writeAtomically(entry, text);
      entries.push(path.relative(root, entry));
      for (const file of group) groupOf.set(file, entries[entries.length - 1]);
    }
    const compiled = compile(root, entries, PROFILES_BUNDLE, sourceMaps);
    const evaluate = evaluators(root, compiled, sourceMaps);
    return {
      // The entry modules are this run's scaffolding, not sources of the site.
      inputs: compiled.inputs.filter(([file]) => !path.resolve(root, file).startsWith(folder + path.sep)),
      load: (file) => (evaluate(groupOf.get(file)!)() as Record<string, () => unknown>)[file](),
    };
  } finally {
    if (temporary) fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Where the compiled profiles are kept: those of the last run that compiled any. */
const PROFILES_BUNDLE = 'profiles';

/**
 * Compiles the site into the cache without evaluating it (install's prepare step), so that the
 * first synth finds it compiled. Returns the build errors, if any.
 */
export function prebundleProject(root: string): string[] {
  const profileFiles = discoverProfileFiles(root);
  const sources = new SiteSources(root, profileFiles);
  const built = buildErrors(() => [compile(root, [SITE_FILE], 'site', false), compileProfiles(root, profileFiles, false)]);
  if (!built.ok) return built.errors;
  for (const { inputs } of built.value) sources.add(inputs);
  sources.save();
  return [];
}

/** Evaluates site.ts and returns its exports. Build errors throw as esbuild's do. */
export function loadSiteExports(root: string): Record<string, unknown> {
  return compileSite(root, false).load();
}
