import { groupOf, isCustomResource, type TypeMeta } from './kinds';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** Sync waves, lowest first. Waves order resources only within one Application (one environment). */
export const SYNC_WAVES = {
  /**
   * The NnfContainerProfile CRD and the profile namespace (a bootstrap environment's, with
   * `crdFile`) before anything that uses them; Argo CD applies the Namespace first within a wave.
   */
  crd: '-2',
  /**
   * RBAC and the admission policy before the profiles, so that who may read and change them, and
   * what the cluster admits, hold from the start.
   */
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
  'admissionregistration.k8s.io': ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
};

const PULL_SECRET_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': ['Secret'],
  'external-secrets.io': ['ExternalSecret'],
  'bitnami.com': ['SealedSecret'],
};

function isCrd(object: TypeMeta): boolean {
  return object.kind === 'CustomResourceDefinition' && groupOf(object.apiVersion) === 'apiextensions.k8s.io';
}

function isNamespace(object: TypeMeta): boolean {
  return object.kind === 'Namespace' && groupOf(object.apiVersion) === '';
}

/** Objects whose deletion takes others with it: every profile of the kind, every object in the namespace. */
function deletesOthers(object: TypeMeta): boolean {
  return isCrd(object) || isNamespace(object);
}

/** `Key=value` options, one per key: `later` replace earlier options of the same key, in place. */
function mergeOptions(earlier: readonly string[], later: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const option of [...earlier, ...later]) byKey.set(option.split('=')[0].trim(), option);
  return [...byKey.values()];
}

function syncWave(object: TypeMeta): string {
  if (deletesOthers(object)) return SYNC_WAVES.crd;
  if (PREREQUISITE_KINDS[groupOf(object.apiVersion)]?.includes(object.kind)) return SYNC_WAVES.prerequisites;
  if (PULL_SECRET_KINDS[groupOf(object.apiVersion)]?.includes(object.kind)) return SYNC_WAVES.pullSecrets;
  return SYNC_WAVES.default;
}

/** An emitted object, with the annotations it may carry already. */
export interface AnnotatedTypeMeta extends TypeMeta {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
}

/**
 * The Argo CD annotations an object in `dist/<env>/` carries. Sync options the object has already
 * are kept, ours added after them (ours win for the same option).
 *
 * Sync options are set per resource, never on the Application:
 * - `ServerSideApply=true` only on the CRD. The NnfContainerProfile CRD overflows the
 *   last-applied-configuration annotation of client-side apply; Application-level server-side
 *   apply has broken sync-wave ordering in some Argo CD releases, and small objects don't need it.
 * - `SkipDryRunOnMissingResource=true` on custom resources (NnfContainerProfile, ExternalSecret,
 *   SealedSecret): their CRDs are installed by another Application (the NNF software, ESO, Sealed
 *   Secrets), so on a fresh cluster the dry-run would fail before those have synced.
 * - `Prune=false,Delete=false` on the CRD and the Namespace of a bootstrap environment: Argo CD
 *   never removes them, neither when they leave Git nor when the Application is deleted. Deleting
 *   the CRD deletes every profile in the cluster; deleting the namespace, everything in it.
 */
export function syncAnnotations(object: AnnotatedTypeMeta): Record<string, string> {
  const options: string[] = [];
  if (isCrd(object)) options.push('ServerSideApply=true');
  if (deletesOthers(object)) options.push('Prune=false', 'Delete=false');
  if (isCustomResource(object)) options.push('SkipDryRunOnMissingResource=true');
  const existing = (object.metadata?.annotations?.[SYNC_OPTIONS_ANNOTATION] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const merged = mergeOptions(existing, options);
  return {
    [SYNC_WAVE_ANNOTATION]: syncWave(object),
    ...(merged.length > 0 ? { [SYNC_OPTIONS_ANNOTATION]: merged.join(',') } : {}),
  };
}
