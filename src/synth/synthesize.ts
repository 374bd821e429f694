import { type ApiVersion, API_VERSIONS, isApiVersion } from '../model';
import { type Environment, type Site } from '../site';
import { ADMISSION_DIRECTORY, argoCdProblems, type EnvironmentOutput, groupOf, renderArgoCd } from '../argocd';
import { ADMISSION_GROUP } from '../policy/admission-policy';
import { type CatalogEnvironment, renderCatalog } from '../catalog';
import { findTokens, tokenMessage } from '../secrets';
import { fileNameFor, kustomizationYaml, toYaml } from '../output/serialize';
import { formatFinding, SchemaRegistry } from '../validate';
import { unusedPullSecret } from '../validate/rules';
import { SITE_FILE } from './discover';
import { errorText, fromExceptions, moduleLoader, type ProfileModule } from './profile-modules';
import type { ProfileCache } from './render-cache';
import { type RenderContext, renderContext, renderEnvironment, type WrittenObject } from './render-environment';
import { acceptHostChanges, fastenSeatBelt, restoreBuiltInsAfterAll, takeSeatBeltAttempts, withSeatBelt } from './seat-belt';
import { admissionPermissions, sitePermissions } from './site-permissions';
import { TimeLimitExceeded, withTimeLimit } from './time-limit';

export interface SynthRequest {
  /** Render only these environments. @default - all */
  readonly environments?: readonly string[];
  /** Render every environment for this version instead of its own. @default - each environment's */
  readonly apiVersion?: string;
  /** Schemas to validate against. @default - the generated artifacts in imports/ */
  readonly schemas?: SchemaRegistry;
  /** The repository root, which site.ts paths are relative to. @default - the working directory */
  readonly root?: string;
  /**
   * Stop when profile code runs longer than this: loading the modules, or building one
   * environment. Profile modules are code, and one that loops forever would hang the run.
   * @default - no limit
   */
  readonly timeoutSeconds?: number;
  /** Renders of earlier runs to reuse, and where to keep this run's. @default - every profile is rendered */
  readonly profileCache?: ProfileCache;
  /**
   * Called once before any render with the profile files the run renders, when there are any, so
   * that their code can be compiled together; returns the build errors. @default - the modules are ready as given
   */
  readonly compile?: (files: readonly string[]) => readonly string[];
}

export interface SynthResult {
  /** Every error of the run; when there is one, `files` is empty and nothing may be written. */
  readonly errors: readonly string[];
  /** Problems worth a look that do not fail the run. */
  readonly warnings: readonly string[];
  /** Some error came from an exception a profile module threw: source maps would place it. */
  readonly exceptions: boolean;
  /** Output paths relative to the output directory (`<env>/<file>.yaml`) → content. */
  readonly files: ReadonlyMap<string, string>;
  /** The environments rendered. */
  readonly environments: readonly string[];
  /** The output directories this run owns: the environments', and `argocd` when it renders them all. */
  readonly directories: readonly string[];
}

/** The result of a run that failed before it rendered anything. */
export function failedResult(errors: readonly string[], exceptions = false): SynthResult {
  return { errors, warnings: [], exceptions, files: new Map(), environments: [], directories: [] };
}

/** Where the Argo CD objects that deploy the environments go, beside them. */
export const ARGOCD_DIRECTORY = 'argocd';
/** Where the catalog HPC users browse goes: pages, not manifests (its kustomization is empty). */
export const CATALOG_DIRECTORY = 'catalog';

function selectEnvironments(site: Site, request: SynthRequest, errors: string[]): Environment[] {
  const known = site.environments.map((e) => e.name);
  for (const name of request.environments ?? []) {
    if (!known.includes(name)) errors.push(`--env ${name}: no such environment in site.ts (known: ${known.join(', ')})`);
  }
  const chosen = request.environments ? site.environments.filter((e) => request.environments!.includes(e.name)) : site.environments;
  if (request.apiVersion === undefined) return [...chosen];
  if (!isApiVersion(request.apiVersion)) {
    errors.push(`--api-version ${request.apiVersion}: not a supported version (supported: ${API_VERSIONS.join(', ')})`);
    return [];
  }
  const apiVersion: ApiVersion = request.apiVersion;
  // A one-off render for another version: not what the environment's CRD stores or serves.
  return chosen.map((e) => ({ ...e, apiVersion, crd: undefined, storageVersion: undefined }));
}

/** Lists a message several environments share once, naming them when the run has several. */
function mergeMessages(byMessage: ReadonlyMap<string, readonly string[]>, environmentCount: number): string[] {
  return [...byMessage].map(([message, names]) => (environmentCount > 1 ? `[${names.join(', ')}] ${message}` : message));
}

/**
 * Renders the site in memory: loads each profile module once, builds one chart per environment,
 * runs every construct's validation and the cluster's checks, and serializes the objects. Writes
 * nothing but the schema checks' cache.
 */
export function synthesize(loadSite: () => unknown, modules: readonly ProfileModule[], req: SynthRequest = {}): SynthResult {
  fromExceptions.clear();
  fastenSeatBelt(req.root ?? process.cwd());
  // The step under way, to name the file when the time limit stops the run.
  let step = 'site.ts';
  const progress = (next: string) => {
    step = next;
  };
  try {
    return withSeatBeltAttempts(withTimeLimit(() => loadAndSynthesize(loadSite, modules, req, progress), req.timeoutSeconds));
  } catch (error) {
    if (!(error instanceof TimeLimitExceeded)) throw error;
    const what = step.startsWith('(') ? `synth ${step.slice(1, -1)}` : step;
    const message = `${what}: did not finish within ${req.timeoutSeconds} s (an endless loop?); synth was stopped`;
    return failedResult([message]);
  }
}

/**
 * The result with every seat belt attempt among its errors. An attempt profile code let pass
 * uncaught is reported already, as the exception it was, with its line.
 */
function withSeatBeltAttempts(result: SynthResult): SynthResult {
  const reported = result.errors.join('\n');
  const attempts = takeSeatBeltAttempts().filter((attempt) => !reported.includes(attempt.api));
  if (attempts.length === 0) return result;
  const errors = [...result.errors, ...attempts.map((attempt) => `${attempt.file}: ${attempt.api}`)];
  return { ...result, errors, files: new Map() };
}

function loadAndSynthesize(
  loadSite: () => unknown,
  modules: readonly ProfileModule[],
  req: SynthRequest,
  progress: (step: string) => void,
): SynthResult {
  let site: Site;
  try {
    site = (withSeatBelt(SITE_FILE, loadSite) as { default?: Site }).default as Site;
    if (!site || !Array.isArray(site.environments)) throw new Error('the default export must be defineSite({ ... })');
  } catch (error) {
    return failedResult([`site.ts: ${errorText(error)}`], true);
  } finally {
    // In full: synth compiles the profiles next, and takes the built-ins as they are after that.
    restoreBuiltInsAfterAll(SITE_FILE);
  }
  return synthesizeSite(site, modules, req, [], progress);
}

function synthesizeSite(
  site: Site,
  modules: readonly ProfileModule[],
  req: SynthRequest,
  errors: string[],
  progress: (step: string) => void,
): SynthResult {
  const environments = selectEnvironments(site, req, errors);
  const environmentLoader = moduleLoader(modules, errors);
  const schemas = req.schemas ?? SchemaRegistry.fromArtifacts();
  const wholeSite = !req.environments;
  const context: Omit<RenderContext, 'factoryFor' | 'settings'> = {
    progress,
    site,
    files: modules.map((m) => m.file),
    cache: req.profileCache,
    schemas,
    root: req.root ?? process.cwd(),
    catalog: wholeSite,
  };

  const files = new Map<string, string>();
  // message → environments it occurred in, so a problem every environment shares is listed once
  const environmentErrors = new Map<string, string[]>();
  const environmentWarnings = new Map<string, string[]>();
  const note = (into: Map<string, string[]>, messages: readonly string[], name: string) => {
    for (const message of messages) into.set(message, [...(into.get(message) ?? []), name]);
  };
  // Output files holding a reused render: the run that kept it scanned the very same text for tokens.
  const scanned = new Set<string>();
  const write = (
    directory: string,
    objects: ReadonlyArray<Pick<WrittenObject, 'fileName' | 'yaml'>>,
    reused: ReadonlySet<unknown> = new Set(),
  ) => {
    for (const object of objects) {
      const file = `${directory}/${object.fileName}`;
      if (files.has(file)) errors.push(`${directory}: two objects would both be written to ${object.fileName}`);
      files.set(file, object.yaml);
      if (reused.has(object)) scanned.add(file);
    }
    files.set(`${directory}/kustomization.yaml`, kustomizationYaml(objects.map((o) => o.fileName)));
  };
  const pullSecretsUsed = new Set<string>();
  const outputs: EnvironmentOutput[] = [];
  const catalog: CatalogEnvironment[] = [];
  const settings = environments.map((environment) => renderContext(environment, site));
  const cache = req.profileCache;
  const toRender = context.files.filter((file) => !cache || environments.some((e, i) => !cache.holds(e.name, file, settings[i])));
  if (req.compile && toRender.length > 0) {
    const buildErrors = req.compile(toRender);
    if (buildErrors.length > 0) return failedResult([...errors, ...buildErrors]);
    acceptHostChanges();
  }
  for (const [i, environment] of environments.entries()) {
    const rendered = renderEnvironment(environment, { ...context, factoryFor: environmentLoader(), settings: settings[i] });
    note(environmentErrors, rendered.errors, environment.name);
    note(environmentWarnings, rendered.warnings, environment.name);
    rendered.pullSecretsUsed.forEach((name) => pullSecretsUsed.add(name));
    // The admission policy is cluster-scoped: it goes below the environment, to an Application and
    // AppProject of its own, so the profiles' project whitelists no cluster-scoped kind.
    const isAdmission = (o: WrittenObject) => groupOf(o.header.apiVersion) === ADMISSION_GROUP;
    const admission = rendered.objects.filter(isAdmission);
    const own = rendered.objects.filter((o) => !isAdmission(o));
    write(environment.name, own, rendered.reused);
    outputs.push({ ...environment, permitted: sitePermissions(site, environment), objects: own.map((o) => o.header) });
    if (admission.length > 0) {
      write(`${environment.name}/${ADMISSION_DIRECTORY}`, admission, rendered.reused);
      outputs.push({ ...environment, admission: true, permitted: admissionPermissions(site), objects: admission.map((o) => o.header) });
    }
    catalog.push({ name: environment.name, apiVersion: environment.apiVersion, profiles: rendered.profiles });
  }
  errors.push(...mergeMessages(environmentErrors, environments.length));
  const warnings = mergeMessages(environmentWarnings, environments.length);
  // Judged over the whole site; with --env only part of it is rendered.
  if (wholeSite) {
    for (const secret of site.pullSecrets.filter((s) => !pullSecretsUsed.has(s.name))) {
      warnings.push(formatFinding({ ...unusedPullSecret(secret.name), file: 'site.ts', profile: '' }));
    }
    const argoProblems = site.argocd ? argoCdProblems(site.argocd, outputs) : [];
    errors.push(...argoProblems.map((p) => `site.ts: argocd: ${p}`));
    if (site.argocd && argoProblems.length === 0) {
      write(
        ARGOCD_DIRECTORY,
        renderArgoCd(site.argocd, outputs).map((object) => ({ fileName: fileNameFor(object), yaml: toYaml(object) })),
      );
    }
    for (const [name, content] of renderCatalog(catalog)) files.set(`${CATALOG_DIRECTORY}/${name}`, content);
    // An empty kustomization, so that every directory under dist/ builds with kubectl kustomize.
    write(CATALOG_DIRECTORY, []);
  }
  // The last line of defence: no token-looking text leaves in any manifest. (The catalog only
  // repeats what the manifests say.)
  for (const [file, content] of files) {
    if (!file.startsWith(`${CATALOG_DIRECTORY}/`) && !scanned.has(file))
      errors.push(...findTokens(content, `dist/${file}`).map(tokenMessage));
  }
  return {
    errors,
    warnings,
    exceptions: fromExceptions.size > 0,
    files: errors.length > 0 ? new Map() : files,
    environments: environments.map((e) => e.name),
    directories: environments.map((e) => e.name),
  };
}
