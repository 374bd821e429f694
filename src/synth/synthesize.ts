import { App } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { type ApiVersion, API_VERSIONS, isApiVersion, PROFILE_KIND } from '../model';
import { SOURCE_ANNOTATION } from '../profile/profile';
import { ProfileSource } from '../profile/source-file';
import { type Environment, EnvironmentChart, type Site } from '../site';
import { formatFinding } from '../validate/finding';
import { SchemaRegistry, saveCodeCaches } from '../validate/schema';
import { validateProfileObjects } from '../validate/validate-objects';
import { fileNameFor, kustomizationYaml, toYaml } from './serialize';

/** A profile file as the bundle hands it over: its path and a function that evaluates it. */
export interface ProfileModule {
  readonly file: string;
  readonly load: () => unknown;
}

export interface SynthRequest {
  /** Render only these environments. @default - all */
  readonly environments?: readonly string[];
  /** Render every environment for this version instead of its own. @default - each environment's */
  readonly apiVersion?: string;
  /** Schemas to validate against. @default - the generated artifacts in imports/ */
  readonly schemas?: SchemaRegistry;
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
  /** The environment directories this run owns. */
  readonly environments: readonly string[];
}

type ProfileFactory = (scope: EnvironmentChart | ProfileSource) => unknown;

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

function loadFactories(modules: readonly ProfileModule[], errors: string[]): Array<[string, ProfileFactory]> {
  const factories: Array<[string, ProfileFactory]> = [];
  for (const { file, load } of modules) {
    let exported: unknown;
    try {
      exported = load();
    } catch (error) {
      errors.push(exceptionMessage(file, 'loading the module failed: ', error));
      continue;
    }
    const factory = (exported as { default?: unknown } | undefined)?.default;
    if (typeof factory !== 'function') {
      errors.push(
        `${file}: the default export must be a function that creates the profile, ` +
          `e.g. export default (scope: Construct) => new ContainerProfile(scope, '<name>', { ... })`,
      );
      continue;
    }
    factories.push([file, factory as ProfileFactory]);
  }
  return factories;
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
  return chosen.map((e) => ({ ...e, apiVersion }));
}

interface EnvironmentRender {
  readonly errors: string[];
  readonly warnings: string[];
  readonly objects: Array<Record<string, unknown>>;
}

/**
 * One environment: constructs, their validations, then the cluster's checks on the rendered
 * profiles. The caller merges messages that several environments share.
 */
function renderEnvironment(environment: Environment, factories: Array<[string, ProfileFactory]>, schemas: SchemaRegistry): EnvironmentRender {
  const errors: string[] = [];
  const app = new App();
  const chart = new EnvironmentChart(app, environment);
  for (const [file, factory] of factories) {
    try {
      factory(new ProfileSource(chart, file));
    } catch (error) {
      errors.push(exceptionMessage(file, '', error));
    }
  }
  errors.push(...chart.node.findAll().flatMap((c: IConstruct) => c.node.validate()));
  if (errors.length > 0) return { errors, warnings: [], objects: [] };

  const objects = chart.toJson() as Array<Record<string, unknown>>;
  const profiles = objects
    .filter((o) => o.kind === PROFILE_KIND)
    .map((object) => {
      const annotations = (object.metadata as { annotations?: Record<string, string> }).annotations;
      return { file: annotations?.[SOURCE_ANNOTATION] ?? '(no source file)', object };
    });
  const findings = validateProfileObjects(profiles, { schemas, profileNamespace: environment.profileNamespace });
  const messages = (severity: string) => findings.filter((f) => f.severity === severity).map(formatFinding);
  return { errors: messages('error'), warnings: messages('warning'), objects };
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
  const errors: string[] = [];
  fromExceptions.clear();
  let site: Site;
  try {
    site = (loadSite() as { default?: Site }).default as Site;
    if (!site || !Array.isArray(site.environments)) throw new Error('the default export must be defineSite({ ... })');
  } catch (error) {
    return { errors: [`site.ts: ${errorText(error)}`], warnings: [], exceptions: true, files: new Map(), environments: [] };
  }
  const environments = selectEnvironments(site, req, errors);
  const factories = loadFactories(modules, errors);

  const schemas = req.schemas ?? SchemaRegistry.fromArtifacts();

  const files = new Map<string, string>();
  // message → environments it occurred in, so a problem every environment shares is listed once
  const environmentErrors = new Map<string, string[]>();
  const environmentWarnings = new Map<string, string[]>();
  const note = (into: Map<string, string[]>, messages: readonly string[], name: string) => {
    for (const message of messages) into.set(message, [...(into.get(message) ?? []), name]);
  };
  for (const environment of environments) {
    const rendered = renderEnvironment(environment, factories, schemas);
    note(environmentErrors, rendered.errors, environment.name);
    note(environmentWarnings, rendered.warnings, environment.name);
    const resources: string[] = [];
    for (const object of rendered.objects) {
      const name = fileNameFor(object);
      const filePath = `${environment.name}/${name}`;
      if (files.has(filePath)) errors.push(`[${environment.name}] two objects would both be written to ${filePath}`);
      files.set(filePath, toYaml(object));
      resources.push(name);
    }
    files.set(`${environment.name}/kustomization.yaml`, kustomizationYaml(resources));
  }
  saveCodeCaches();
  errors.push(...mergeMessages(environmentErrors, environments.length));
  const warnings = mergeMessages(environmentWarnings, environments.length);
  return {
    errors,
    warnings,
    exceptions: fromExceptions.size > 0,
    files: errors.length > 0 ? new Map() : files,
    environments: environments.map((e) => e.name),
  };
}
