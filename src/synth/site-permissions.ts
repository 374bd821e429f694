import { type Permission, permission } from '../argocd/permissions';
import { NNF_GROUP, PROFILE_KIND } from '../model';
import { ADMISSION_GROUP, ADMISSION_POLICY_KINDS, declaresContainerPolicy } from '../policy/admission-policy';
import type { PullSecretSource } from '../secrets/pull-secret';
import type { Environment, Site } from '../site';

/**
 * What site.ts lets an environment's Application deploy, from its declarations alone: the
 * profiles, the pull secrets, the RBAC, the bootstrap CRD and namespace, and the kinds it allows
 * profile modules besides profiles. Nothing here looks at what synth emitted, so no profile can
 * widen it; synth fails when the output holds an object outside it. Pure.
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The object each pull secret source puts in the container namespace (see secrets/render.ts). */
const PULL_SECRET_KINDS: Readonly<Record<PullSecretSource['kind'], { group: string; kind: string } | undefined>> = {
  existing: undefined,
  externalSecret: { group: 'external-secrets.io', kind: 'ExternalSecret' },
  sealedSecret: { group: 'bitnami.com', kind: 'SealedSecret' },
};

function hasSubjects(site: Site): boolean {
  return (['viewers', 'editors'] as const).some((access) => {
    const subjects = site.rbac?.[access];
    return (subjects?.groups?.length ?? 0) + (subjects?.users?.length ?? 0) > 0;
  });
}

/**
 * The kinds and namespaces profile modules may create besides NnfContainerProfiles:
 * `allowedProfileObjects`, each in its namespaces or the profile namespace. A cluster-scoped
 * allowance, which `siteProblems` refuses, permits nothing.
 */
export function profileObjectPermissions(site: Site, environment: Environment): Permission[] {
  return (site.allowedProfileObjects ?? []).flatMap(({ apiGroup, kind, namespaces }) =>
    permission(apiGroup, kind, namespaces ?? [environment.profileNamespace]).filter((p) => p.namespace !== undefined),
  );
}

/** Everything the environment's Application may deploy, as site.ts declares it. */
export function sitePermissions(site: Site, environment: Environment): Permission[] {
  const permitted: Permission[] = [{ group: NNF_GROUP, kind: PROFILE_KIND, namespace: environment.profileNamespace }];
  for (const secret of site.pullSecrets ?? []) {
    const emitted = PULL_SECRET_KINDS[secret.source.kind];
    if (emitted) permitted.push(...permission(emitted.group, emitted.kind, [environment.containerNamespace]));
  }
  if (hasSubjects(site)) {
    // Roles hold the verbs and RoleBindings grant them, both in the profile namespace only.
    permitted.push(...(['Role', 'RoleBinding'] as const).flatMap((kind) => permission(RBAC_GROUP, kind, [environment.profileNamespace])));
  }
  if (environment.crdFile) {
    // A bootstrap environment installs the CRD and the profile namespace (see site-resources.ts).
    permitted.push(...permission('apiextensions.k8s.io', 'CustomResourceDefinition', []), ...permission('', 'Namespace', []));
  }
  permitted.push(...profileObjectPermissions(site, environment));
  return permitted;
}

/**
 * What the Application of an environment's admission policy may deploy: the policy and its
 * binding, cluster-scoped, when site.ts declares a container policy; nothing otherwise.
 */
export function admissionPermissions(site: Site): Permission[] {
  return declaresContainerPolicy(site.policy) ? ADMISSION_POLICY_KINDS.flatMap((kind) => permission(ADMISSION_GROUP, kind, [])) : [];
}
