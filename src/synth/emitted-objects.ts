import { groupOf } from '../argocd/kinds';
import { isPermitted, kindLabel, type Permission, permissionNeeded } from '../argocd/permissions';
import { NNF_GROUP, PROFILE_KIND } from '../model';
import { isObject } from '../plain-data';
import { type ContainerPolicyProps, objectPolicyFindings } from '../policy';
import { rbacGuardFindings } from '../rbac/guard';
import { formatFinding } from '../validate/finding';

/**
 * The checks on objects synth emits besides NnfContainerProfiles, whoever made them: profile
 * modules make profiles only, unless site.ts allows a kind; and every object, the site's own
 * included, passes the container policy and the RBAC guard. Pure; messages are in the synth
 * format `file: Kind namespace/name: …: why [rule]`.
 */

export const PROFILE_OBJECT_RULE = 'policy/profile-object';

type KubeObject = Record<string, unknown>;

function metadataOf(object: KubeObject): { name: string; namespace?: string } {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : '(unnamed)';
  return typeof metadata.namespace === 'string' ? { name, namespace: metadata.namespace } : { name };
}

/** `ClusterRoleBinding pwn`, `DaemonSet kube-system/agent`. */
export function objectLabel(object: KubeObject): string {
  const { name, namespace } = metadataOf(object);
  return `${String(object.kind)} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
}

export function isProfileObject(object: KubeObject): boolean {
  return object.kind === PROFILE_KIND && groupOf(String(object.apiVersion)) === NNF_GROUP;
}

/**
 * The container policy on every pod template in the object and the RBAC guard, as messages that
 * name `origin` (a profile file, `site.ts: rbac`). For objects other than NnfContainerProfiles,
 * whose own rules hold the policy with their exceptions.
 */
export function emittedObjectProblems(object: KubeObject, origin: string, policy: ContainerPolicyProps): string[] {
  const findings = [...objectPolicyFindings(object, policy), ...rbacGuardFindings(object)];
  return findings.map((f) => formatFinding({ ...f, file: origin, profile: objectLabel(object) }));
}

/**
 * Why profile code may not emit this object, or undefined when it may: NnfContainerProfiles
 * always (the NNF admission rules hold their namespace), other kinds only as site.ts allows them
 * (`allowed`, from `profileObjectPermissions`), never a cluster-scoped one.
 */
export function profileObjectProblem(
  object: KubeObject,
  file: string,
  allowed: readonly Permission[],
  profileNamespace: string,
): string | undefined {
  if (isProfileObject(object)) return undefined;
  const needed = permissionNeeded(
    { apiVersion: String(object.apiVersion), kind: String(object.kind), metadata: metadataOf(object) },
    profileNamespace,
  );
  if (needed.namespace !== undefined && isPermitted(allowed, needed)) return undefined;
  const why =
    needed.namespace === undefined
      ? `${kindLabel(needed)} is cluster-scoped, which site.ts can never allow`
      : `site.ts allows no ${kindLabel(needed)} in namespace ${needed.namespace} (allowedProfileObjects)`;
  return `${file}: ${objectLabel(object)}: not an NnfContainerProfile: profile modules create NnfContainerProfiles only, and ${why} [${PROFILE_OBJECT_RULE}]`;
}

/** The site.ts setting an object of the site's own resources comes from, for messages. */
export function siteResourceOrigin(object: KubeObject): string {
  const group = groupOf(String(object.apiVersion));
  if (group === 'rbac.authorization.k8s.io') return 'site.ts: rbac';
  if (object.kind === 'CustomResourceDefinition') return 'site.ts: environments: crdFile';
  if (object.kind === 'ExternalSecret' || object.kind === 'SealedSecret') return `site.ts: pullSecrets: ${metadataOf(object).name}`;
  return 'site.ts';
}
