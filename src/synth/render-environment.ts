import { ApiObject, App } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { PROFILE_KIND } from '../model';
import { ProfileSource } from '../profile/source-file';
import { type ProfileObject, SOURCE_ANNOTATION } from '../rendered';
import { type Environment, EnvironmentChart, type Site } from '../site';
import { type EnvironmentOutput, syncAnnotations } from '../argocd';
import { type CatalogProfile, catalogProfile } from '../catalog';
import { policyRules } from '../policy';
import { secretObjectProblems } from '../secrets';
import { fileNameFor, toYaml } from '../output/serialize';
import { type CheckedProfile, duplicateFindings, formatFinding, isError, type LocatedFinding, type SchemaRegistry } from '../validate';
import { type ValidateOptions, validateProfileObject } from '../validate';
import { nnfSosNameRules, pullSecretReferences, undeclaredPullSecrets } from '../validate/rules';
import { emittedObjectProblems, profileObjectProblem, siteResourceOrigin } from './emitted-objects';
import { exceptionMessage, type ProfileFactory } from './profile-modules';
import { contentDigest, type ProfileCache } from './render-cache';
import { filesReadBy, restoreBuiltInsAfter, restoreBuiltInsAfterAll, withSeatBelt } from './seat-belt';
import { profileObjectPermissions } from './site-permissions';
import { siteResources } from './site-resources';

/** Stands for every profile module, where a change cannot be told apart. */
const PROFILE_MODULES = 'profiles/ (one of its modules)';

/** Where constructs come from that no profile file's scope holds. */
const OUTSIDE_FILES = '(no source file)';

type KubeObject = Record<string, unknown>;

/** An object once rendered, checked and serialized: all that is kept of it. */
export interface WrittenObject {
  readonly fileName: string;
  readonly yaml: string;
  /** What the Argo CD project is derived from. */
  readonly header: EnvironmentOutput['objects'][number];
}

export interface EnvironmentRender {
  readonly errors: string[];
  readonly warnings: string[];
  readonly objects: WrittenObject[];
  /** The catalog's view of the environment's profiles. */
  readonly profiles: CatalogProfile[];
  /** Pull secret names the environment's profiles use. */
  readonly pullSecretsUsed: ReadonlySet<string>;
  /** The objects of `objects` reused from the render cache: their YAML passed every check of the run that kept it. */
  readonly reused: ReadonlySet<WrittenObject>;
}

/** What a profile file gave an environment, as the steps after rendering need it; what the render cache keeps. */
interface FileRender {
  readonly objects: WrittenObject[];
  readonly findings: LocatedFinding[];
  readonly identities: NonNullable<CheckedProfile['identity']>[];
  readonly pullSecrets: string[];
  readonly catalog: CatalogProfile[];
}

export interface RenderContext {
  readonly progress: (step: string) => void;
  readonly site: Site;
  readonly files: readonly string[];
  readonly factoryFor: (file: string) => ProfileFactory | undefined;
  readonly cache?: ProfileCache;
  /** The environment's `renderContext`: what its renders are cached under besides their sources. */
  readonly settings: string;
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
  return {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    metadata: namespace === undefined ? { name } : { name, namespace },
  };
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
    threw || problems.length > 0
      ? []
      : withSeatBelt(file, () => constructs.filter(ApiObject.isApiObject).map((o) => o.toJson() as KubeObject));
  chart.node.tryRemoveChild(source.node.id);
  return objects;
}

/** Everything of a run a profile's render in `environment` may depend on besides its own modules. */
export function renderContext(environment: Environment, site: Site): string {
  return contentDigest({ environment, site: { ...site, environments: undefined } });
}

/**
 * One environment, a profile file at a time: its constructs and their validations, the
 * cluster's checks, the site's policy and the pull secret references; then the site's
 * resources. Each object is serialized as soon as it is checked, so memory holds YAML text
 * rather than object trees. The caller merges messages that several environments share.
 */
export function renderEnvironment(
  environment: Environment,
  { progress, site, files, factoryFor, cache, settings, schemas, root, catalog }: RenderContext,
): EnvironmentRender {
  const errors: string[] = [];
  const findings: LocatedFinding[] = [];
  const objects: WrittenObject[] = [];
  const profiles: CatalogProfile[] = [];
  const identities: NonNullable<CheckedProfile['identity']>[] = [];
  const pullSecretsUsed = new Set<string>();
  const declaredSecrets = new Set(site.pullSecrets.map((s) => s.name));
  const storingCrd =
    environment.crd && environment.storageVersion ? { name: environment.crd, storage: environment.storageVersion } : undefined;
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
    // Made when the render is kept too, so that a kept render serves a run with a catalog.
    if (catalog || cache) {
      const entry = catalogProfile(
        profile.object,
        checked.findings.filter((f) => !isError(f)),
        environment.workloadManager,
      );
      fileCatalog.push(entry);
      if (catalog) profiles.push(entry);
    }
    write(object);
  };
  let fileSecrets: string[] = [];
  let fileCatalog: CatalogProfile[] = [];
  const reused = new Set<WrittenObject>();
  const reuse = (kept: FileRender) => {
    objects.push(...kept.objects);
    kept.objects.forEach((o) => reused.add(o));
    findings.push(...kept.findings);
    identities.push(...kept.identities);
    for (const name of kept.pullSecrets) pullSecretsUsed.add(name);
    if (catalog) profiles.push(...kept.catalog);
  };
  const chart = new EnvironmentChart(new App(), environment);
  // The file that made each construct put directly in the chart, outside its own scope.
  const makers = new Map<IConstruct, string>();
  for (const file of files) {
    progress(file);
    const kept = cache?.lookup(environment.name, file, settings) as FileRender | undefined;
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
      cache.store(environment.name, file, settings, render, filesReadBy(file));
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
  return { errors: [...errors, ...messages(true)], warnings: messages(false), objects, profiles, pullSecretsUsed, reused };
}
