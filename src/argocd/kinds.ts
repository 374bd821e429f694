/**
 * What Argo CD needs to know about the kinds synth emits: their API group, whether they are
 * cluster-scoped, and whether a built-in Kubernetes API serves them. The one place these tables live.
 */

/** The object's identity as far as the tables need it. */
export interface TypeMeta {
  readonly apiVersion: string;
  readonly kind: string;
}

/** `rbac.authorization.k8s.io/v1` → `rbac.authorization.k8s.io`; `v1` → `''` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Cluster-scoped kinds, by API group. Anything else is treated as namespaced: if a kind missing
 * here were really cluster-scoped, the AppProject would not whitelist it and Argo CD would refuse
 * to sync it — the table fails closed.
 */
export const CLUSTER_SCOPED_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': ['Namespace', 'PersistentVolume'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'ValidatingWebhookConfiguration',
  ],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['StorageClass'],
  'external-secrets.io': ['ClusterExternalSecret', 'ClusterSecretStore'],
  'kyverno.io': ['ClusterPolicy'],
};

export function isClusterScoped(object: TypeMeta): boolean {
  return CLUSTER_SCOPED_KINDS[groupOf(object.apiVersion)]?.includes(object.kind) ?? false;
}

/**
 * API groups the Kubernetes API server serves itself (no CRD needed). A group not listed here is
 * taken to be served by a CRD, which is the harmless direction to err in.
 */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/** Served by a CRD (NnfContainerProfile, ExternalSecret, SealedSecret …), not by Kubernetes itself. */
export function isCustomResource(object: TypeMeta): boolean {
  return !BUILT_IN_GROUPS.has(groupOf(object.apiVersion));
}
