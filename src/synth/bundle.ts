import { discoverProfileFiles } from './discover';
import type { ProfileModule } from './profile-modules';
import type { RenderCache } from './render-cache';
import { buildErrors, compileProfiles, compileSite, type CompiledProfiles } from './site-code';
import { SiteSources } from './site-sources';
import { synthesize, type SynthRequest, type SynthResult } from './synthesize';

/**
 * A site ready to synthesize. Each profile file is evaluated anew, with fresh modules of the site
 * (site.ts, its helpers), for each environment it renders: no module variable is shared between
 * profile files or environments, so a profile's render depends on its own sources alone.
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
  let compiled: CompiledProfiles | undefined;
  const compileForRun = (files: readonly string[]): string[] => {
    const built = buildErrors(() => compileProfiles(root, files, sourceMaps));
    if (!built.ok) return built.errors;
    compiled = built.value;
    sources?.add(compiled.inputs);
    return [];
  };
  const modules: ProfileModule[] = profileFiles.map((file) => ({
    file,
    load: () => {
      if (!compiled) throw new Error('its module was not compiled for this run');
      return compiled.load(file);
    },
  }));
  return {
    ok: true,
    bundle: {
      profileFiles,
      renderCache,
      synthesize: (request) => {
        const result = synthesize(site.value.load, modules, { ...request, profileCache: renderCache, compile: compileForRun });
        sources?.save();
        return result;
      },
      loadSite: site.value.load,
    },
  };
}
