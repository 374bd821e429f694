import { groupOf, isCustomResource, type TypeMeta } from './kinds';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** Sync waves, lowest first. Waves order resources only within one Application (one environment). */
export const SYNC_WAVES = {
  /** The NnfContainerProfile CRD (an environment's `crdFile`) before anything that uses it. */
  crd: '-2',
  /** RBAC before the profiles, so that who may read and change them holds from the start. */
  prerequisites: '-1',
  /** NnfContainerProfiles and everything else. */
  default: '0',
  /**
   * Pull secrets after the profiles. Argo CD waits for a wave to be Healthy before the next, and
   * an ExternalSecret whose key is missing from the store stays Degraded: in an earlier wave it
   * would hold back every profile, most of which use no secret. Nothing needs them before a job
   * starts a container: NNF admission never looks at pull secrets.
   */
  pullSecrets: '1',
} as const;

const PREREQUISITE_KINDS: Readonly<Record<string, readonly string[]>> = {
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
};

const PULL_SECRET_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': ['Secret'],
  'external-secrets.io': ['ExternalSecret'],
  'bitnami.com': ['SealedSecret'],
};

function isCrd(object: TypeMeta): boolean {
  return object.kind === 'CustomResourceDefinition' && groupOf(object.apiVersion) === 'apiextensions.k8s.io';
}

function syncWave(object: TypeMeta): string {
  if (isCrd(object)) return SYNC_WAVES.crd;
  if (PREREQUISITE_KINDS[groupOf(object.apiVersion)]?.includes(object.kind)) return SYNC_WAVES.prerequisites;
  if (PULL_SECRET_KINDS[groupOf(object.apiVersion)]?.includes(object.kind)) return SYNC_WAVES.pullSecrets;
  return SYNC_WAVES.default;
}

/**
 * The Argo CD annotations an object in `dist/<env>/` carries.
 *
 * Sync options are set per resource, never on the Application:
 * - `ServerSideApply=true` only on the CRD. The NnfContainerProfile CRD overflows the
 *   last-applied-configuration annotation of client-side apply; Application-level server-side
 *   apply has broken sync-wave ordering in some Argo CD releases, and small objects don't need it.
 * - `SkipDryRunOnMissingResource=true` on custom resources (NnfContainerProfile, ExternalSecret,
 *   SealedSecret): their CRDs are installed by another Application (the NNF software, ESO, Sealed
 *   Secrets), so on a fresh cluster the dry-run would fail before those have synced.
 */
export function syncAnnotations(object: TypeMeta): Record<string, string> {
  const options: string[] = [];
  if (isCrd(object)) options.push('ServerSideApply=true');
  if (isCustomResource(object)) options.push('SkipDryRunOnMissingResource=true');
  return {
    [SYNC_WAVE_ANNOTATION]: syncWave(object),
    ...(options.length > 0 ? { [SYNC_OPTIONS_ANNOTATION]: options.join(',') } : {}),
  };
}
