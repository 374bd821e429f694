import { ApiObject, App } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { type ApiVersion, API_VERSIONS, isApiVersion, PROFILE_KIND } from '../model';
import { SOURCE_ANNOTATION } from '../profile/profile';
import { ProfileSource } from '../profile/source-file';
import { type Environment, EnvironmentChart, type Site } from '../site';
import { ADMISSION_DIRECTORY, argoCdProblems, type EnvironmentOutput, groupOf, renderArgoCd, syncAnnotations } from '../argocd';
import { ADMISSION_GROUP } from '../policy/admission-policy';
import { type CatalogEnvironment, type CatalogProfile, catalogProfile, renderCatalog } from '../catalog';
import { policyRules } from '../policy';
import { findTokens, secretObjectProblems, tokenMessage } from '../secrets';
import { formatFinding, isError, type LocatedFinding } from '../validate/finding';
import type { ProfileObject } from '../rendered';
import { nnfSosNameRules } from '../validate/rules/nnf-sos';
import { pullSecretReferences, undeclaredPullSecrets, unusedPullSecret } from '../validate/rules/pull-secret-references';
import { SchemaRegistry } from '../validate/schema';
import { type CheckedProfile, duplicateFindings, type ValidateOptions, validateProfileObject } from '../validate/validate-objects';
import { emittedObjectProblems, profileObjectProblem, siteResourceOrigin } from './emitted-objects';
import { fileNameFor, kustomizationYaml, toYaml } from '../output/serialize';
import { admissionPermissions, profileObjectPermissions, sitePermissions } from './site-permissions';
import { siteResources } from './site-resources';
import { SITE_FILE } from './discover';
import { contentDigest, type ProfileCache } from './render-cache';
import { fastenSeatBelt, filesReadBy, restoreBuiltInsAfter, restoreBuiltInsAfterAll, takeSeatBeltAttempts, withSeatBelt } from './seat-belt';
import { TimeLimitExceeded, withTimeLimit } from './time-limit';

/** A profile file as the bundle hands it over: its path and a function that evaluates it. */
export interface ProfileModule {
  readonly file: string;
  /** None when the module was left out of the bundle: its renders are to be reused. */
  readonly load?: () => unknown;
}

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
  /** Profile modules a render needed that were left out of the bundle: bundle them and synthesize again. */
  readonly unbundled?: readonly string[];
  /** The output directories this run owns: the environments', and `argocd` when it renders them all. */
  readonly directories: readonly string[];
}

type ProfileFactory = (scope: EnvironmentChart | ProfileSource) => unknown;

/** Stands for every profile module, where a change cannot be told apart. */
const PROFILE_MODULES = 'profiles/ (one of its modules)';

/** Where constructs come from that no profile file's scope holds. */
const OUTSIDE_FILES = '(no source file)';

/** Where the Argo CD objects that deploy the environments go, beside them. */
export const ARGOCD_DIRECTORY = 'argocd';
/** Where the catalog HPC users browse goes: pages, not manifests (its kustomization is empty). */
export const CATALOG_DIRECTORY = 'catalog';

/** The `file:line` of the innermost stack frame inside `file`, when there is one. */
function locate(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frame = stack.split('\n').find((line) => line.includes(file));
  const match = frame && /(\d+):(\d+)\)?\s*$/.exec(frame);
  return match ? ` (${file}:${match[1]})` : '';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Messages made from exceptions, so the caller knows whether source maps would help. */
const fromExceptions = new Set<string>();

function exceptionMessage(file: string, prefix: string, error: unknown): string {
  const message = `${file}: ${prefix}${errorText(error)}${locate(error, file)}`;
  fromExceptions.add(message);
  return message;
}

/**
 * Evaluates profile modules when a render first needs one, once per run: a module whose renders
 * are all reused is never evaluated. Errors go to `errors`, once per module.
 */
function moduleLoader(modules: readonly ProfileModule[], errors: string[], unbundled: string[]): (file: string) => ProfileFactory | undefined {
  const loads = new Map(modules.map((m) => [m.file, m.load]));
  const factories = new Map<string, ProfileFactory | undefined>();
  return (file) => {
    if (factories.has(file)) return factories.get(file);
    factories.set(file, undefined);
    const load = loads.get(file);
    if (!load) {
      unbundled.push(file);
      return undefined;
    }
    let exported: unknown;
    try {
      exported = withSeatBelt(file, load);
    } catch (error) {
      errors.push(exceptionMessage(file, 'loading the module failed: ', error));
      return undefined;
    } finally {
      restoreBuiltInsAfter(file);
    }
    const factory = (exported as { default?: unknown } | undefined)?.default;
    if (typeof factory !== 'function') {
      errors.push(
        `${file}: the default export must be a function that creates the profile, ` +
          `e.g. export default (scope: Construct) => new ContainerProfile(scope, '<name>', { ... })`,
      );
      return undefined;
    }
    factories.set(file, factory as ProfileFactory);
    return factory as ProfileFactory;
  };
}

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

type KubeObject = Record<string, unknown>;

/** An object once rendered, checked and serialized: all that is kept of it. */
interface WrittenObject {
  readonly fileName: string;
  readonly yaml: string;
  /** What the Argo CD project is derived from. */
  readonly header: EnvironmentOutput['objects'][number];
}

interface EnvironmentRender {
  readonly errors: string[];
  readonly warnings: string[];
  readonly objects: WrittenObject[];
  /** The catalog's view of the environment's profiles. */
  readonly profiles: CatalogProfile[];
  /** Pull secret names the environment's profiles use. */
  readonly pullSecretsUsed: ReadonlySet<string>;
}

/** What a profile file gave an environment, as the steps after rendering need it; what the render cache keeps. */
interface FileRender {
  readonly objects: WrittenObject[];
  readonly findings: LocatedFinding[];
  readonly identities: NonNullable<CheckedProfile['identity']>[];
  readonly pullSecrets: string[];
  readonly catalog: CatalogProfile[];
}

interface RenderContext {
  readonly progress: (step: string) => void;
  readonly site: Site;
  readonly files: readonly string[];
  readonly factoryFor: (file: string) => ProfileFactory | undefined;
  readonly cache?: ProfileCache;
  readonly schemas: SchemaRegistry;
  readonly root: string;
  /** Whether the run makes a catalog. */
  readonly catalog: boolean;
}

function withAnnotations(object: KubeObject, annotations: Record<string, string>): KubeObject {
  const metadata = (object.metadata ?? {}) as { annotations?: Record<string, string> };
  return { ...object, metadata: { ...metadata, annotations: { ...metadata.annotations, ...annotations } } };
}

function headerOf(object: KubeObject): WrittenObject['header'] {
  const { name, namespace } = object.metadata as { name: string; namespace?: string };
  return { apiVersion: String(object.apiVersion), kind: String(object.kind), metadata: namespace === undefined ? { name } : { name, namespace } };
}

/**
 * Runs one profile file's factory in a scope of its own and returns its objects as JSON, or
 * nothing when the code threw or a construct's validation failed (those errors go to `errors`).
 * The scope then leaves the chart: the tree never holds more than one file's constructs.
 */
function renderSource(chart: EnvironmentChart, file: string, factory: ProfileFactory, errors: string[]): KubeObject[] {
  let source: ProfileSource | undefined;
  let threw = false;
  try {
    source = new ProfileSource(chart, file);
    withSeatBelt(file, () => factory(source!));
  } catch (error) {
    errors.push(exceptionMessage(file, '', error));
    source?.markFailed();
    threw = true;
  }
  if (!source) return [];
  const constructs = source.node.findAll();
  // Validations and toJson can be the profile's own code too.
  const problems = withSeatBelt(file, () => constructs.flatMap((c: IConstruct) => c.node.validate()));
  errors.push(...problems);
  const objects =
    threw || problems.length > 0 ? [] : withSeatBelt(file, () => constructs.filter(ApiObject.isApiObject).map((o) => o.toJson() as KubeObject));
  chart.node.tryRemoveChild(source.node.id);
  return objects;
}

/**
 * One environment, a profile file at a time: its constructs and their validations, the
 * cluster's checks, the site's policy and the pull secret references; then the site's
 * resources. Each object is serialized as soon as it is checked, so memory holds YAML text
 * rather than object trees. The caller merges messages that several environments share.
 */
function renderEnvironment(environment: Environment, { progress, site, files, factoryFor, cache, schemas, root, catalog }: RenderContext): EnvironmentRender {
  const errors: string[] = [];
  const findings: LocatedFinding[] = [];
  const objects: WrittenObject[] = [];
  const profiles: CatalogProfile[] = [];
  const identities: NonNullable<CheckedProfile['identity']>[] = [];
  const pullSecretsUsed = new Set<string>();
  const declaredSecrets = new Set(site.pullSecrets.map((s) => s.name));
  const storingCrd = environment.crd && environment.storageVersion ? { name: environment.crd, storage: environment.storageVersion } : undefined;
  const validation: ValidateOptions = {
    schemas,
    profileNamespace: environment.profileNamespace,
    ports: environment.ports,
    extraRules: [policyRules(site.policy), nnfSosNameRules],
    crdFor: () => storingCrd,
    allowLossyConversion: environment.allowLossyConversion,
  };
  const write = (object: KubeObject) => {
    const annotated = site.argocd ? withAnnotations(object, syncAnnotations(object as { apiVersion: string; kind: string })) : object;
    const fileName = fileNameFor(annotated);
    errors.push(...secretObjectProblems(annotated).map((p) => `${environment.name}: ${fileName}: ${p}`));
    objects.push({ fileName, yaml: toYaml(annotated), header: headerOf(annotated) });
  };

  const allowedObjects = profileObjectPermissions(site, environment);
  const check = (object: KubeObject, file: string) => {
    if (object.kind !== PROFILE_KIND) {
      // Profile modules make profiles; another kind only as site.ts allows, and never past the
      // container policy or the RBAC guard.
      const refusal = profileObjectProblem(object, file, allowedObjects, environment.profileNamespace);
      if (refusal) errors.push(refusal);
      errors.push(...emittedObjectProblems(object, file, site.policy));
      if (!refusal) write(object);
      return;
    }
    const annotations = (object.metadata as { annotations?: Record<string, string> }).annotations;
    const profile = { file: annotations?.[SOURCE_ANNOTATION] ?? file, object: object as ProfileObject };
    const checked = validateProfileObject(profile, validation);
    const references = pullSecretReferences(profile.object);
    findings.push(...checked.findings, ...undeclaredPullSecrets(profile, references, declaredSecrets));
    if (checked.identity) identities.push(checked.identity);
    for (const { name } of references) pullSecretsUsed.add(name);
    fileSecrets.push(...references.map((r) => r.name));
    // Made for every run, so that a kept render serves a run with a catalog too.
    const entry = catalogProfile(profile.object, checked.findings.filter((f) => !isError(f)), environment.workloadManager);
    fileCatalog.push(entry);
    if (catalog) profiles.push(entry);
    write(object);
  };
  let fileSecrets: string[] = [];
  let fileCatalog: CatalogProfile[] = [];
  const reuse = (kept: FileRender) => {
    objects.push(...kept.objects);
    findings.push(...kept.findings);
    identities.push(...kept.identities);
    for (const name of kept.pullSecrets) pullSecretsUsed.add(name);
    if (catalog) profiles.push(...kept.catalog);
  };
  // Everything of the run a profile's render may depend on besides its own modules.
  const context = contentDigest({ environment, site: { ...site, environments: undefined } });

  const chart = new EnvironmentChart(new App(), environment);
  // The file that made each construct put directly in the chart, outside its own scope.
  const makers = new Map<IConstruct, string>();
  for (const file of files) {
    progress(file);
    const kept = cache?.lookup(environment.name, file, context) as FileRender | undefined;
    if (kept) {
      reuse(kept);
      continue;
    }
    const factory = factoryFor(file);
    if (!factory) continue;
    const start = { errors: errors.length, findings: findings.length, objects: objects.length, identities: identities.length };
    fileSecrets = [];
    fileCatalog = [];
    const before = new Set(chart.node.children);
    const rendered = renderSource(chart, file, factory, errors);
    restoreBuiltInsAfter(file);
    let outside = false;
    for (const child of chart.node.children) {
      if (!before.has(child)) {
        makers.set(child, file);
        outside = true;
      }
    }
    for (const object of rendered) check(object, file);
    const fileFindings = findings.slice(start.findings);
    // Only a clean render is kept: a failing one is rendered again and reports every error; one
    // that put constructs outside its scope is checked with the chart's below.
    if (cache && !outside && errors.length === start.errors && !fileFindings.some(isError)) {
      const render: FileRender = {
        objects: objects.slice(start.objects),
        findings: fileFindings,
        identities: identities.slice(start.identities),
        pullSecrets: fileSecrets,
        catalog: fileCatalog,
      };
      cache.store(environment.name, file, context, render, filesReadBy(file));
    }
  }
  progress(`(checking ${environment.name})`);
  // What is left in the tree: the chart itself, and anything a profile file put outside its own
  // scope (with Chart.of(scope), say), checked as the file's own objects are.
  restoreBuiltInsAfterAll(PROFILE_MODULES);
  const rest = chart.node.findAll();
  const restProblems = withSeatBelt(OUTSIDE_FILES, () => rest.flatMap((c: IConstruct) => c.node.validate()));
  restoreBuiltInsAfter(OUTSIDE_FILES);
  errors.push(...restProblems);
  if (restProblems.length === 0) {
    for (const object of rest.filter(ApiObject.isApiObject)) {
      const top = object.node.scopes[object.node.scopes.indexOf(chart) + 1];
      const maker = makers.get(top) ?? OUTSIDE_FILES;
      const json = withSeatBelt(maker, () => object.toJson()) as KubeObject;
      restoreBuiltInsAfter(maker);
      check(json, maker);
    }
  }
  findings.push(...duplicateFindings(identities));
  const resources = siteResources(site, environment, root);
  errors.push(...resources.errors);
  for (const object of resources.objects) {
    errors.push(...emittedObjectProblems(object, siteResourceOrigin(object), site.policy));
    write(object);
  }

  const messages = (errors: boolean) => findings.filter((f) => isError(f) === errors).map(formatFinding);
  return { errors: [...errors, ...messages(true)], warnings: messages(false), objects, profiles, pullSecretsUsed };
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
    return { errors: [message], warnings: [], exceptions: false, files: new Map(), environments: [], directories: [] };
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
    return { errors: [`site.ts: ${errorText(error)}`], warnings: [], exceptions: true, files: new Map(), environments: [], directories: [] };
  } finally {
    restoreBuiltInsAfter(SITE_FILE);
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
  const unbundled: string[] = [];
  const factoryFor = moduleLoader(modules, errors, unbundled);
  const schemas = req.schemas ?? SchemaRegistry.fromArtifacts();
  const wholeSite = !req.environments;
  const context: RenderContext = {
    progress,
    site,
    files: modules.map((m) => m.file),
    factoryFor,
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
  const write = (directory: string, objects: ReadonlyArray<Pick<WrittenObject, 'fileName' | 'yaml'>>) => {
    for (const { fileName, yaml } of objects) {
      if (files.has(`${directory}/${fileName}`)) errors.push(`${directory}: two objects would both be written to ${fileName}`);
      files.set(`${directory}/${fileName}`, yaml);
    }
    files.set(`${directory}/kustomization.yaml`, kustomizationYaml(objects.map((o) => o.fileName)));
  };
  const pullSecretsUsed = new Set<string>();
  const outputs: EnvironmentOutput[] = [];
  const catalog: CatalogEnvironment[] = [];
  for (const environment of environments) {
    const rendered = renderEnvironment(environment, context);
    note(environmentErrors, rendered.errors, environment.name);
    note(environmentWarnings, rendered.warnings, environment.name);
    rendered.pullSecretsUsed.forEach((name) => pullSecretsUsed.add(name));
    // The admission policy is cluster-scoped: it goes below the environment, to an Application and
    // AppProject of its own, so the profiles' project whitelists no cluster-scoped kind.
    const isAdmission = (o: WrittenObject) => groupOf(o.header.apiVersion) === ADMISSION_GROUP;
    const admission = rendered.objects.filter(isAdmission);
    const own = rendered.objects.filter((o) => !isAdmission(o));
    write(environment.name, own);
    outputs.push({ ...environment, permitted: sitePermissions(site, environment), objects: own.map((o) => o.header) });
    if (admission.length > 0) {
      write(`${environment.name}/${ADMISSION_DIRECTORY}`, admission);
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
      write(ARGOCD_DIRECTORY, renderArgoCd(site.argocd, outputs).map((object) => ({ fileName: fileNameFor(object), yaml: toYaml(object) })));
    }
    for (const [name, content] of renderCatalog(catalog)) files.set(`${CATALOG_DIRECTORY}/${name}`, content);
    // An empty kustomization, so that every directory under dist/ builds with kubectl kustomize.
    write(CATALOG_DIRECTORY, []);
  }
  // The last line of defence: no token-looking text leaves in any manifest. (The catalog only
  // repeats what the manifests say.)
  for (const [file, content] of files) {
    if (!file.startsWith(`${CATALOG_DIRECTORY}/`)) errors.push(...findTokens(content, `dist/${file}`).map(tokenMessage));
  }
  // Never a partial output: the caller bundles these and synthesizes again.
  errors.push(...unbundled.map((file) => `${file}: its render could not be reused and the module was not bundled`));
  return {
    unbundled,
    errors,
    warnings,
    exceptions: fromExceptions.size > 0,
    files: errors.length > 0 ? new Map() : files,
    environments: environments.map((e) => e.name),
    directories: environments.map((e) => e.name),
  };
}
