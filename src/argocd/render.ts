import { groupOf, isClusterScoped } from './kinds';
import { isPermitted, kindLabel, type Permission, permissionNeeded } from './permissions';
import type { ArgoCdProps } from './settings';
import { SYNC_WAVE_ANNOTATION } from './sync-options';

/** What synth wrote to `dist/<name>/` for one environment, where it goes and what it may hold. */
export interface EnvironmentOutput {
  readonly name: string;
  /** The destination server URL. */
  readonly cluster: string;
  readonly profileNamespace: string;
  /**
   * Set for a bootstrap environment (a test cluster without the NNF software): it deploys the
   * NnfContainerProfile CRD and the profile namespace itself, and its Application belongs to the
   * bootstrap AppProject, the only one that permits those cluster-scoped kinds.
   */
  readonly crdFile?: string;
  /**
   * Set for the part of an environment that holds its admission policy (`dist/<env>/admission/`):
   * cluster-scoped objects, deployed by an Application of their own in the admission AppProject,
   * so the profiles' AppProject whitelists no cluster-scoped kind.
   */
  readonly admission?: boolean;
  /**
   * What site.ts lets the environment's Application deploy: the AppProject's whitelists and
   * destinations are made of these, never of `objects`.
   */
  readonly permitted: readonly Permission[];
  readonly objects: ReadonlyArray<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }>;
}

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
export const DEFAULT_PROJECT = 'nnf-profiles';
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';
export const DEFAULT_TARGET_REVISION = 'HEAD';
/** The platform's AppProject, which holds the root Application. */
export const DEFAULT_ROOT_PROJECT = 'default';
/**
 * Applications are `nnf-profiles-<env>` (and `nnf-profiles-<env>-admission`); the ApplicationSets
 * are `nnf-profiles`, `nnf-profiles-bootstrap` and `nnf-profiles-admission`.
 */
export const APPLICATION_PREFIX = 'nnf-profiles';
/** The bootstrap AppProject (and ApplicationSet) is the profiles' name with this after it. */
export const BOOTSTRAP_SUFFIX = '-bootstrap';
/** Likewise the admission policy's AppProject, ApplicationSet and Applications. */
export const ADMISSION_SUFFIX = '-admission';
/** Where an environment's admission policy goes, below `dist/<env>/`. */
export const ADMISSION_DIRECTORY = 'admission';
/** The Argo CD directory under `dist/`, which the root Application syncs. */
export const ARGOCD_PATH = 'dist/argocd';
/** The in-cluster API server, where Argo CD runs: the root Application's destination. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

export function applicationName(environment: string): string {
  return `${APPLICATION_PREFIX}-${environment}`;
}

/** The root Application: `nnf-profiles-argocd`, after the directory it syncs (`argocd` is no environment's name). */
export const ROOT_APPLICATION = applicationName('argocd');

/**
 * The AppProject of the profiles, of bootstrap environments (which may install the CRD and
 * namespace), and of the admission policies (cluster-scoped).
 */
function projectNames(settings: ArgoCdProps): { profiles: string; bootstrap: string; admission: string } {
  const profiles = settings.project ?? DEFAULT_PROJECT;
  return { profiles, bootstrap: `${profiles}${BOOTSTRAP_SUFFIX}`, admission: `${profiles}${ADMISSION_SUFFIX}` };
}

/** The Application of an output: the environment's own, or its admission policy's. */
function outputApplicationName(environment: Pick<EnvironmentOutput, 'name' | 'admission'>): string {
  return applicationName(environment.admission ? `${environment.name}${ADMISSION_SUFFIX}` : environment.name);
}

function outputPath(environment: Pick<EnvironmentOutput, 'name' | 'admission'>): string {
  return environment.admission ? `dist/${environment.name}/${ADMISSION_DIRECTORY}` : `dist/${environment.name}`;
}

function isBootstrap(environment: Pick<EnvironmentOutput, 'crdFile'>): boolean {
  return typeof environment.crdFile === 'string' && environment.crdFile !== '';
}

/** Kinds only a bootstrap environment may deploy: deleting them deletes everything of or in them. */
const BOOTSTRAP_KINDS: ReadonlyArray<GroupKind> = [
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: '', kind: 'Namespace' },
];

interface GroupKind {
  group: string;
  kind: string;
}

interface Destination {
  server: string;
  namespace: string;
}

/** Code-point order, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueSorted<T>(items: readonly T[], key: (item: T) => string[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(JSON.stringify(key(item)), item);
  return [...byKey.keys()].sort(compare).map((k) => byKey.get(k)!);
}

function sortedEnvironments(environments: readonly EnvironmentOutput[]): EnvironmentOutput[] {
  return [...environments].sort((a, b) => compare(a.name, b.name));
}

/** Where a namespaced object lands: its own namespace, or the Application's destination namespace. */
function namespaceOf(object: EnvironmentOutput['objects'][number], environment: EnvironmentOutput): string {
  return object.metadata.namespace ?? environment.profileNamespace;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** `name` or `namespace:name`, as Argo CD's `defaultServiceAccount` takes it. */
const SERVICE_ACCOUNT = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?:)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Why these settings and outputs cannot be deployed as rendered; empty when they can. Call it
 * before `renderArgoCd` to report problems as synth errors (`renderArgoCd` throws on them).
 */
export function argoCdProblems(settings: ArgoCdProps, environments: readonly EnvironmentOutput[]): string[] {
  const problems: string[] = [];
  if (typeof settings?.repoURL !== 'string' || settings.repoURL.trim() === '') {
    problems.push('argocd.repoURL: the Git repository Argo CD reads must be set');
  }
  const namespace = settings?.namespace ?? DEFAULT_ARGOCD_NAMESPACE;
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) problems.push(`argocd.namespace: '${namespace}' is not a valid namespace name`);
  const project = settings?.project ?? DEFAULT_PROJECT;
  if (!DNS_SUBDOMAIN.test(project) || project.length > 253 - Math.max(BOOTSTRAP_SUFFIX.length, ADMISSION_SUFFIX.length)) {
    problems.push(`argocd.project: '${project}' is not a valid object name`);
  }
  const rootProject = settings?.rootProject ?? DEFAULT_ROOT_PROJECT;
  if (typeof rootProject !== 'string' || !DNS_SUBDOMAIN.test(rootProject) || rootProject.length > 253) {
    problems.push(`argocd.rootProject: '${String(rootProject)}' is not a valid object name`);
  } else if (Object.values(projectNames(settings)).includes(rootProject)) {
    problems.push(
      `argocd.rootProject: '${rootProject}' is a project this repository renders; the root Application, which syncs the AppProjects themselves, ` +
        "belongs in the platform's own project (e.g. 'default'), or a change here could widen its own permissions",
    );
  }
  const account = settings?.syncServiceAccount;
  if (account !== undefined && (typeof account !== 'string' || !SERVICE_ACCOUNT.test(account))) {
    problems.push(`argocd.syncServiceAccount: '${String(account)}' is not a service account name ('name' or 'namespace:name')`);
  }
  if (settings?.targetRevision !== undefined && settings.targetRevision.trim() === '') {
    problems.push('argocd.targetRevision: must not be empty (omit it for HEAD)');
  }
  if (settings?.applicationSet) {
    // The ApplicationSet template would evaluate them as Go templates.
    for (const key of ['repoURL', 'targetRevision', 'project'] as const) {
      if (settings[key]?.includes('{{'))
        problems.push(`argocd.${key}: must not contain '{{' (the ApplicationSet template would expand it)`);
    }
  }

  const seen = new Set<string>();
  // One live object managed by two Applications makes them overwrite and prune each other.
  const owners = new Map<string, { environment: string; label: string }>();
  for (const environment of sortedEnvironments(environments)) {
    if (seen.has(outputApplicationName(environment))) problems.push(`environment '${environment.name}' is listed twice`);
    seen.add(outputApplicationName(environment));
    const output = environment.admission ? `${environment.name} (its admission policy)` : environment.name;
    if (typeof environment.cluster !== 'string' || environment.cluster === '') {
      problems.push(`environment '${environment.name}': no destination cluster`);
    }
    if (!isBootstrap(environment)) {
      for (const { group, kind } of environment.permitted.filter((p) =>
        BOOTSTRAP_KINDS.some((b) => b.group === p.group && b.kind === p.kind),
      )) {
        problems.push(
          `environment '${environment.name}': permits ${kindLabel({ group, kind })} without crdFile; only a bootstrap environment's AppProject may deploy it`,
        );
      }
    }
    for (const object of environment.objects) {
      const clusterScoped = isClusterScoped(object);
      const namespace = clusterScoped ? '' : namespaceOf(object, environment);
      const key = JSON.stringify([environment.cluster, groupOf(object.apiVersion), object.kind, namespace, object.metadata.name]);
      const label = `${object.kind} ${namespace ? `${namespace}/` : ''}${object.metadata.name}`;
      const owner = owners.get(key);
      if (owner && owner.environment !== output) {
        problems.push(
          `environments '${owner.environment}' and '${environment.name}' both deploy ${label} to ${environment.cluster}: ` +
            'their Applications would overwrite and prune each other; give them different clusters or namespaces',
        );
      } else if (!owner) {
        owners.set(key, { environment: output, label });
      }
      const needed = permissionNeeded(object, environment.profileNamespace);
      if (!isPermitted(environment.permitted, needed)) {
        problems.push(
          `environment '${environment.name}': ${label} is in the output, but site.ts permits no ${kindLabel(needed)}` +
            `${needed.namespace === undefined ? '' : ` in namespace ${needed.namespace}`}, so the AppProject would refuse to sync it`,
        );
      }
    }
  }
  return problems;
}

const PROFILES_DESCRIPTION =
  'NnfContainerProfiles rendered by nnf-profiles: only this repository, only the kinds and namespaces site.ts permits.';
const ADMISSION_DESCRIPTION =
  "The site's container policy as ValidatingAdmissionPolicies over NnfContainerProfiles: only these two cluster-scoped kinds, kept apart from the profiles' project.";
const BOOTSTRAP_DESCRIPTION =
  'Test clusters without the NNF software (crdFile): as the profiles project, and the NnfContainerProfile CRD and profile namespace, which Argo CD never prunes or deletes.';

function appProject(
  settings: ArgoCdProps,
  name: string,
  description: string,
  environments: readonly EnvironmentOutput[],
): Record<string, unknown> {
  const clusterKinds: GroupKind[] = [];
  const namespacedKinds: GroupKind[] = [];
  const destinations: Destination[] = [];
  for (const environment of environments) {
    // The Application's own destination must be permitted, whatever the objects are.
    destinations.push({ server: environment.cluster, namespace: environment.profileNamespace });
    for (const { group, kind, namespace } of environment.permitted) {
      if (namespace === undefined) {
        // Argo CD checks destinations for namespaced resources only.
        clusterKinds.push({ group, kind });
      } else {
        namespacedKinds.push({ group, kind });
        destinations.push({ server: environment.cluster, namespace });
      }
    }
  }
  const byGroupKind = (gk: GroupKind) => [gk.group, gk.kind];
  const account = settings.syncServiceAccount;
  // Impersonation matches an Application's own destination: the environment's cluster and profile namespace.
  const serviceAccounts =
    account === undefined
      ? []
      : uniqueSorted(
          environments.map((e) => ({ server: e.cluster, namespace: e.profileNamespace, defaultServiceAccount: account })),
          (d) => [d.server, d.namespace],
        );
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'AppProject',
    // Before the Applications that name it, when the root Application syncs dist/argocd.
    metadata: { name, namespace: settings.namespace ?? DEFAULT_ARGOCD_NAMESPACE, annotations: { [SYNC_WAVE_ANNOTATION]: '-1' } },
    spec: {
      description,
      sourceRepos: [settings.repoURL],
      destinations: uniqueSorted(destinations, (d) => [d.server, d.namespace]),
      ...(serviceAccounts.length > 0 ? { destinationServiceAccounts: serviceAccounts } : {}),
      // An empty list denies every cluster-scoped kind.
      clusterResourceWhitelist: uniqueSorted(clusterKinds, byGroupKind),
      namespaceResourceWhitelist: uniqueSorted(namespacedKinds, byGroupKind),
    },
  };
}

export const SYNC_OPTIONS = ['Validate=true', 'PruneLast=true', 'FailOnSharedResource=true'];
export const SYNC_RETRY = { limit: -1, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } };

/** The spec of every Application, from values or (in an ApplicationSet) template parameters. */
function applicationSpec(
  settings: ArgoCdProps,
  project: string,
  path: string,
  cluster: string,
  namespace: string,
): Record<string, unknown> {
  return {
    // A fixed string: never derived from repository content or a template parameter.
    project,
    source: {
      repoURL: settings.repoURL,
      targetRevision: settings.targetRevision ?? DEFAULT_TARGET_REVISION,
      path,
    },
    destination: { server: cluster, namespace },
    syncPolicy: {
      automated: { prune: settings.prune ?? true, selfHeal: settings.selfHeal ?? true },
      // No CreateNamespace: the namespaces exist on NNF systems, and it would need Namespace
      // whitelisted. PruneLast: old objects go only once the new ones are in. FailOnSharedResource:
      // an object another Application already manages (nnf-sos's own example profiles, say) fails
      // the sync instead of two self-healing Applications overwriting each other forever.
      syncOptions: SYNC_OPTIONS,
      // Without a retry, a failed automated sync waits for the next commit; with it, a CRD or an
      // External Secrets install that arrives later heals the sync on its own.
      retry: SYNC_RETRY,
    },
  };
}

function projectOf(settings: ArgoCdProps, environment: Pick<EnvironmentOutput, 'crdFile' | 'admission'>): string {
  const names = projectNames(settings);
  return environment.admission ? names.admission : isBootstrap(environment) ? names.bootstrap : names.profiles;
}

function application(settings: ArgoCdProps, environment: EnvironmentOutput): Record<string, unknown> {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Application',
    metadata: { name: outputApplicationName(environment), namespace: settings.namespace ?? DEFAULT_ARGOCD_NAMESPACE },
    spec: applicationSpec(
      settings,
      projectOf(settings, environment),
      outputPath(environment),
      environment.cluster,
      environment.profileNamespace,
    ),
  };
}

/**
 * The root Application ("app of apps"): syncs `dist/argocd` itself, so a new environment, a
 * changed AppProject or the next Application arrives with the commit that makes it, and this one
 * too. It lives in the platform's project (`rootProject`), never in one this repository renders:
 * a project that may deploy AppProjects could be widened by the repository it permits.
 */
function rootApplication(settings: ArgoCdProps): Record<string, unknown> {
  const namespace = settings.namespace ?? DEFAULT_ARGOCD_NAMESPACE;
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Application',
    metadata: { name: ROOT_APPLICATION, namespace },
    spec: applicationSpec(settings, settings.rootProject ?? DEFAULT_ROOT_PROJECT, ARGOCD_PATH, IN_CLUSTER, namespace),
  };
}

/** Go-template parameters of the ApplicationSet's list generator. */
const PARAM = { environment: '{{.environment}}', cluster: '{{.cluster}}', namespace: '{{.namespace}}' } as const;

/** One ApplicationSet per project, so that no template takes its project from a parameter. */
function applicationSet(
  settings: ArgoCdProps,
  name: string,
  project: string,
  environments: readonly EnvironmentOutput[],
): Record<string, unknown> {
  const admission = environments.some((e) => e.admission);
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'ApplicationSet',
    metadata: { name, namespace: settings.namespace ?? DEFAULT_ARGOCD_NAMESPACE },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          list: {
            elements: environments.map((e) => ({ environment: e.name, cluster: e.cluster, namespace: e.profileNamespace })),
          },
        },
      ],
      template: {
        metadata: { name: outputApplicationName({ name: PARAM.environment, admission }) },
        spec: applicationSpec(settings, project, outputPath({ name: PARAM.environment, admission }), PARAM.cluster, PARAM.namespace),
      },
    },
  };
}

/**
 * The Argo CD objects that deploy `dist/<env>/` for every environment, for `dist/argocd/`: the
 * profiles' AppProject, the bootstrap AppProject when an environment has `crdFile`, then one
 * Application per environment (by name) or one ApplicationSet per project, and last the root
 * Application that syncs `dist/argocd`. Each AppProject permits exactly this repository and the
 * kinds and (cluster, namespace) pairs site.ts permits its environments (`permitted`): what a
 * profile emits never widens it, and an object outside it is one of `argoCdProblems`. The
 * profiles' AppProject never permits a CustomResourceDefinition or a Namespace.
 *
 * @throws when `argoCdProblems` reports anything
 */
export function renderArgoCd(settings: ArgoCdProps, environments: readonly EnvironmentOutput[]): Record<string, unknown>[] {
  const problems = argoCdProblems(settings, environments);
  if (problems.length > 0) throw new Error(`argocd settings:\n  ${problems.join('\n  ')}`);
  const sorted = sortedEnvironments(environments);
  const admission = sorted.filter((e) => e.admission);
  const bootstrap = sorted.filter((e) => !e.admission && isBootstrap(e));
  const profiles = sorted.filter((e) => !e.admission && !isBootstrap(e));
  const names = projectNames(settings);
  const groups = [
    { project: names.profiles, description: PROFILES_DESCRIPTION, set: APPLICATION_PREFIX, outputs: profiles },
    { project: names.bootstrap, description: BOOTSTRAP_DESCRIPTION, set: `${APPLICATION_PREFIX}${BOOTSTRAP_SUFFIX}`, outputs: bootstrap },
    { project: names.admission, description: ADMISSION_DESCRIPTION, set: `${APPLICATION_PREFIX}${ADMISSION_SUFFIX}`, outputs: admission },
  ];
  // The profiles' project always, so that its permissions show in dist/argocd even before the first profile.
  const present = groups.filter((g, i) => i === 0 || g.outputs.length > 0);
  return [
    ...present.map((g) => appProject(settings, g.project, g.description, g.outputs)),
    ...(settings.applicationSet
      ? present.filter((g) => g.outputs.length > 0).map((g) => applicationSet(settings, g.set, g.project, g.outputs))
      : sorted.map((e) => application(settings, e))),
    rootApplication(settings),
  ];
}
