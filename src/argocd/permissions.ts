import { groupOf, isClusterScoped, type TypeMeta } from './kinds';

/**
 * What an environment's Application may deploy, as the site declares it: the AppProject is made
 * of these and nothing else, so no object a profile happens to emit widens it.
 */
export interface Permission {
  /** API group; `''` is the core group. */
  readonly group: string;
  readonly kind: string;
  /** Where objects of the kind may go; absent for a cluster-scoped kind. */
  readonly namespace?: string;
}

/** An emitted object as far as permissions go. */
export interface ObjectHeader extends TypeMeta {
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/** A namespaced kind in each namespace, or a cluster-scoped one (the namespaces are then moot). */
export function permission(group: string, kind: string, namespaces: readonly string[]): Permission[] {
  const clusterScoped = isClusterScoped({ apiVersion: group === '' ? 'v1' : `${group}/v1`, kind });
  return clusterScoped ? [{ group, kind }] : namespaces.map((namespace) => ({ group, kind, namespace }));
}

/**
 * The permission an object needs: its group and kind, and its namespace unless the kind is
 * cluster-scoped. A namespaced object without a namespace lands in the Application's destination
 * namespace, the profile namespace.
 */
export function permissionNeeded(object: ObjectHeader, profileNamespace: string): Permission {
  const group = groupOf(object.apiVersion);
  if (isClusterScoped(object)) return { group, kind: object.kind };
  return { group, kind: object.kind, namespace: object.metadata.namespace ?? profileNamespace };
}

export function isPermitted(permitted: readonly Permission[], needed: Permission): boolean {
  return permitted.some((p) => p.group === needed.group && p.kind === needed.kind && p.namespace === needed.namespace);
}

/** `ConfigMap (core group)`, `DaemonSet (apps)`: how messages name a kind. */
export function kindLabel({ group, kind }: Pick<Permission, 'group' | 'kind'>): string {
  return `${kind} (${group === '' ? 'core group' : group})`;
}
