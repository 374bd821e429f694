import type * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { type BundleInput, cachedBuildWithInputs, NODE_BUNDLE_OPTIONS, toolCacheDir } from '../build/cached-build';
import { evaluateModule } from '../build/evaluate-module';
import { toolRoot } from '../tool-root';
import { discoverProfileFiles, SITE_FILE } from './discover';
import { digest, RenderCache } from './render-cache';
import { SourceGraph } from './source-graph';
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

function entrySource(profileFiles: readonly string[], bundled: (file: string) => boolean): string {
  // A profile left out of the bundle has no load(): synth reuses its renders, or asks for it.
  const modules = profileFiles
    .map((file) => `  { file: ${JSON.stringify(file)}${bundled(file) ? `, load: () => require(${JSON.stringify(`./${file}`)})` : ''} },`)
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

/** A site compiled to one CommonJS module, not yet evaluated. */
interface BuiltProject {
  readonly code: string;
  readonly profileFiles: readonly string[];
  readonly sourceMaps: boolean;
  readonly inputs: readonly BundleInput[];
  /** The bundle's place in the cache, and the name it is evaluated under. */
  readonly name: string;
}

type BuildOutcome = ({ readonly ok: true } & BuiltProject) | { readonly ok: false; readonly errors: string[] };

/** Where bundled site code resolves packages: the site's node_modules, then this tool's. */
function modulePathsFor(root: string): string[] {
  const internals = Module as ModuleInternals;
  return [...new Set([...internals._nodeModulePaths(root), ...internals._nodeModulePaths(toolRoot())])];
}

/** `bundled`: the profiles to bundle; the others can only be reused from the render cache (@default - all of them). */
type BuildOptions = { readonly sourceMaps?: boolean; readonly bundled?: ReadonlySet<string> };

/**
 * Transpiles and bundles the site with esbuild in one pass (no type-checking: `npm test` and the
 * editor do that). The bundle is reused while no input file changes. Build errors throw as esbuild's do.
 */
function build(root: string, options: BuildOptions = {}): BuiltProject {
  const profileFiles = discoverProfileFiles(root);
  const sourceMaps = options.sourceMaps ?? false;
  const bundled = (file: string) => options.bundled?.has(file) ?? true;
  // A run that reuses every render bundles no profile: that bundle has a place of its own.
  const name = `site${profileFiles.some(bundled) ? '' : '-without-profiles'}${sourceMaps ? '-sourcemaps' : ''}`;
  const built = cachedBuildWithInputs(
    {
      stdin: { contents: entrySource(profileFiles, bundled), resolveDir: root, sourcefile: 'nnf-profiles-entry.js', loader: 'js' },
      absWorkingDir: root,
      ...NODE_BUNDLE_OPTIONS,
      // Source maps only serve to cite file:line of an exception; they cost a fifth of the bundling.
      sourcemap: sourceMaps ? 'inline' : false,
      // A fifth less code to bundle, parse and keep; with source maps, the lines stay as written.
      minifyWhitespace: !sourceMaps,
    },
    path.join(toolCacheDir(root), 'bundles', `${name}.js`),
  );
  return { ...built, profileFiles, sourceMaps, name };
}

/** As `build`, with syntax errors and unresolved imports as messages. */
function buildProject(root: string, options: BuildOptions = {}): BuildOutcome {
  try {
    return { ok: true, ...build(root, options) };
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return { ok: false, errors: failure.errors.map(formatBuildMessage) };
  }
}

/** The content of files that decide how any profile renders, but are not among its modules. */
function environmentFiles(root: string): string[] {
  const tool = toolRoot();
  const schemas = path.join(tool, 'imports', 'nnfcontainerprofile');
  let listed: string[] = [];
  try {
    listed = fs
      .readdirSync(schemas)
      .sort()
      .map((name) => path.join(schemas, name));
  } catch {
    // No schemas: validation says so.
  }
  return [
    ...new Set([path.join(tool, 'package.json'), path.join(tool, 'package-lock.json'), path.join(root, 'package-lock.json'), ...listed]),
  ];
}

function fileDigest(file: string): string {
  try {
    return digest(fs.readFileSync(file));
  } catch {
    return 'absent';
  }
}

/**
 * What the render cache needs of a site's sources: the graph of its modules as far as known, and
 * which of them are this tool's (`src/`): those are in every key, the rest in their profiles'.
 */
class SiteSources {
  readonly graph: SourceGraph;
  private tool: string[] = [];
  private toolSet = new Set<string>();
  private readonly digests = new Map<string, string | undefined>();

  private readonly toolFolders: string[];

  constructor(
    private readonly root: string,
    private readonly profileFiles: readonly string[],
  ) {
    this.toolFolders = [path.join(root, 'src')];
    try {
      this.toolFolders.push(fs.realpathSync(this.toolFolders[0]));
    } catch {
      // No src/: nothing of the tool is among the site's modules.
    }
    this.graph = SourceGraph.open(path.join(toolCacheDir(root), 'sources.json'), root);
    this.findTool();
  }

  /** The modules synth loads: the profiles, site.ts and the pipeline (which imports the rest of it). */
  private entries(): string[] {
    const pipeline = path.join('src', 'synth', 'synthesize.ts');
    return [...this.profileFiles, SITE_FILE, ...this.graph.files().filter((file) => file.endsWith(pipeline) && this.inTool(file))];
  }

  /** Whether `file` (relative to the root) is one of this tool's, under src/ (or where its link points). */
  private inTool(file: string): boolean {
    return this.toolFolders.some((folder) => path.resolve(this.root, file).startsWith(folder + path.sep));
  }

  private findTool(): void {
    this.tool = [...this.graph.reachable(this.entries())].filter((file) => this.inTool(file)).sort();
    this.toolSet = new Set(this.tool);
    this.digests.clear();
    this.importers = undefined;
  }

  /** Each module of the site (not this tool's) → the profile files that import it, themselves included. */
  private importers?: Map<string, string[]>;

  /** The profile files that import a module of the site `file` imports, as the graph records them now. */
  sharingWith(file: string): Set<string> {
    if (!this.importers) {
      this.importers = new Map();
      for (const profile of this.profileFiles) {
        for (const module of this.graph.reachable([profile], this.toolSet))
          this.importers.set(module, [...(this.importers.get(module) ?? []), profile]);
      }
    }
    const sharing = new Set<string>();
    for (const module of this.graph.reachable([file], this.toolSet))
      for (const profile of this.importers.get(module) ?? []) sharing.add(profile);
    return sharing;
  }

  /** Records a bundle's inputs. */
  add(inputs: readonly BundleInput[]): void {
    this.graph.add(inputs);
    this.findTool();
    this.toolKey = undefined;
  }

  private toolKey?: string | null;

  /** The digest of this tool's modules, or undefined when they are not known as they are now. */
  toolDigest(): string | undefined {
    return this.tool.length === 0 ? undefined : this.graph.digestOfFiles(this.tool);
  }

  /** The digest of a profile's modules (its own, not the tool's), or undefined when not known as they are now. */
  profileDigest(file: string): string | undefined {
    if (!this.digests.has(file)) this.digests.set(file, this.graph.digestOf(file, this.toolSet));
    return this.digests.get(file);
  }

  save(): void {
    this.graph.save([...this.entries(), ...this.tool]);
  }

  /**
   * Everything every render depends on beyond the profile's own modules and settings: this
   * tool's modules, packages and schemas, Node.js, and where the site is. Null when unknown.
   */
  private currentToolKey(): string | null {
    if (this.toolKey !== undefined) return this.toolKey;
    const tool = this.toolDigest();
    const locale = Intl.DateTimeFormat().resolvedOptions();
    this.toolKey =
      tool === undefined
        ? null
        : digest(
            JSON.stringify({
              tool,
              files: environmentFiles(this.root).map((file) => [file, fileDigest(file)]),
              node: [process.version, process.platform, process.arch, locale.locale, locale.timeZone],
              root: this.root,
            }),
          );
    return this.toolKey;
  }

  /** The render cache of the site, keyed by the sources as they are when it is used. */
  renderCache(): RenderCache {
    return RenderCache.open({
      file: path.join(toolCacheDir(this.root), 'renders.json'),
      sourceKey: (file) => {
        const tool = this.currentToolKey();
        const own = tool === null ? undefined : this.profileDigest(file);
        return own === undefined ? undefined : `${tool}\n${own}`;
      },
      sharingWith: (file) => this.sharingWith(file),
    });
  }
}

/**
 * The profiles a run must bundle: those whose modules changed since they were last bundled (or
 * all, when the pipeline did). The rest can be reused from the render cache, unless the site's
 * settings changed; then synthesize names them and they are bundled in a second pass.
 */
function profilesToBundle(sources: SiteSources, cache: RenderCache, profileFiles: readonly string[]): Set<string> {
  if (sources.toolDigest() === undefined) return new Set(profileFiles);
  return new Set(profileFiles.filter((file) => !cache.holds(file) || sources.profileDigest(file) === undefined));
}

/**
 * Bundles the site into the cache without evaluating it (install's prepare step), so that the
 * first synth finds the bundle made. Returns the build errors, if any.
 */
export function prebundleProject(root: string): string[] {
  const profileFiles = discoverProfileFiles(root);
  const sources = new SiteSources(root, profileFiles);
  const built = buildProject(root, { bundled: profilesToBundle(sources, sources.renderCache(), profileFiles) });
  if (!built.ok) return built.errors;
  sources.add(built.inputs);
  sources.save();
  return [];
}

function evaluateProject(root: string, built: BuiltProject): Record<string, unknown> {
  if (built.sourceMaps) process.setSourceMapsEnabled(true);
  return evaluateModule(built.code, { filename: path.join(root, `.nnf-profiles-${built.name}.js`), paths: modulePathsFor(root) }).exports;
}

/**
 * Evaluates site.ts and returns its exports, from the bundle synth uses when it renders no
 * profile (no profile module is bundled or run). Build errors throw as esbuild's do.
 */
export function loadSiteExports(root: string): Record<string, unknown> {
  const exports = evaluateProject(root, build(root, { bundled: new Set() }));
  return (exports.loadSite as ProjectBundle['loadSite'])();
}

/**
 * Builds and evaluates the site in this thread. With `renderCache`, only the profiles whose
 * modules changed are bundled, and synthesize reuses the renders of the others.
 */
export function bundleProject(root: string, options: { sourceMaps?: boolean; renderCache?: boolean } = {}): BundleOutcome {
  const profileFiles = discoverProfileFiles(root);
  const sources = options.renderCache ? new SiteSources(root, profileFiles) : undefined;
  const build = (bundled?: ReadonlySet<string>) => {
    const built = buildProject(root, { sourceMaps: options.sourceMaps, bundled });
    if (built.ok && sources) {
      sources.add(built.inputs);
      sources.save();
    }
    return built;
  };
  let renderCache = sources?.renderCache();
  const bundled = sources && profilesToBundle(sources, renderCache!, profileFiles);
  let built = build(bundled);
  if (!built.ok) return built;
  let exports = evaluateProject(root, built);
  return {
    ok: true,
    bundle: {
      profileFiles: built.profileFiles,
      get renderCache() {
        return renderCache;
      },
      synthesize: (request) => {
        let result = (exports.synthesize as ProjectBundle['synthesize'])({ ...request, profileCache: renderCache });
        if (result.unbundled && result.unbundled.length > 0 && sources) {
          // Renders the cache could not serve (the site's settings changed) of profiles left out
          // of the bundle: once more, with them in it.
          const rebuilt = build(new Set([...bundled!, ...result.unbundled]));
          if (!rebuilt.ok) return { ...result, errors: rebuilt.errors, files: new Map() };
          built = rebuilt;
          renderCache = sources.renderCache();
          exports = evaluateProject(root, built);
          result = (exports.synthesize as ProjectBundle['synthesize'])({ ...request, profileCache: renderCache });
        }
        return result;
      },
      loadSite: () => (exports.loadSite as ProjectBundle['loadSite'])(),
    },
  };
}
