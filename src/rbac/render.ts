import { NNF_GROUP } from '../model';
import type { RbacProps, SubjectsProps } from './settings';

/**
 * Who may read and change profiles, as Kubernetes RBAC objects for one environment.
 *
 * Two ClusterRoles hold the verbs (a ClusterRole grants nothing until bound) and RoleBindings in
 * the profile namespace grant them, so access reaches no further than that namespace: no
 * ClusterRoleBinding and no aggregation labels (which would fold the verbs into the cluster's
 * built-in `view` / `edit` roles, everywhere).
 *
 * Plain objects rather than cdk8s-plus-28 constructs: the ClusterRole / RoleBinding of
 * cdk8s-plus add nothing a plain object lacks here, and loading cdk8s-plus-28 costs ~65 ms on top
 * of cdk8s, more than a tenth of a whole synth; a pure function is also tested with `toEqual`.
 */

export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const PROFILE_RESOURCE = 'nnfcontainerprofiles';
export const VIEWER_CLUSTER_ROLE = 'nnf-profiles-viewer';
export const EDITOR_CLUSTER_ROLE = 'nnf-profiles-editor';
export const VIEWERS_ROLE_BINDING = 'nnf-profiles-viewers';
export const EDITORS_ROLE_BINDING = 'nnf-profiles-editors';
export const VIEW_VERBS = ['get', 'list', 'watch'] as const;
export const EDIT_VERBS = [...VIEW_VERBS, 'create', 'update', 'patch', 'delete'] as const;

const LABELS = { 'app.kubernetes.io/managed-by': 'nnf-profiles' };

type Access = 'viewers' | 'editors';

const ACCESS: Readonly<Record<Access, { role: string; binding: string; verbs: readonly string[] }>> = {
  viewers: { role: VIEWER_CLUSTER_ROLE, binding: VIEWERS_ROLE_BINDING, verbs: VIEW_VERBS },
  editors: { role: EDITOR_CLUSTER_ROLE, binding: EDITORS_ROLE_BINDING, verbs: EDIT_VERBS },
};

interface Subject {
  readonly kind: 'Group' | 'User';
  readonly name: string;
}

/** Problems with the `rbac` site setting, each naming the setting; [] when it is valid. */
export function rbacProblems(rbac: RbacProps | undefined): string[] {
  const problems: string[] = [];
  for (const access of ['viewers', 'editors'] as const) {
    const subjects: SubjectsProps | undefined = rbac?.[access];
    for (const field of ['groups', 'users'] as const) {
      const names: unknown = subjects?.[field];
      if (names === undefined) continue;
      const where = `rbac.${access}.${field}`;
      if (!Array.isArray(names)) {
        problems.push(`${where}: must be a list of ${field === 'groups' ? 'group' : 'user'} names`);
        continue;
      }
      const seen = new Set<string>();
      names.forEach((name: unknown, i) => {
        if (typeof name !== 'string' || name === '' || /\s/.test(name)) {
          problems.push(
            `${where}[${i}]: ${JSON.stringify(name) ?? String(name)} is not a subject name; give the non-empty name, without whitespace, that the cluster's authenticator reports`,
          );
        } else if (seen.has(name)) {
          problems.push(`${where}[${i}]: '${name}' is listed twice`);
        }
        if (typeof name === 'string') seen.add(name);
      });
    }
  }
  return problems;
}

function subjectsOf(subjects: SubjectsProps | undefined): Subject[] {
  const all: Subject[] = [
    ...(subjects?.groups ?? []).map((name) => ({ kind: 'Group' as const, name })),
    ...(subjects?.users ?? []).map((name) => ({ kind: 'User' as const, name })),
  ];
  // Groups before users, each by name (code-point order, not locale: deterministic output).
  return all.sort((a, b) => (a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function clusterRole(access: Access): Record<string, unknown> {
  const { role, verbs } = ACCESS[access];
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'ClusterRole',
    metadata: { name: role, labels: { ...LABELS } },
    rules: [{ apiGroups: [NNF_GROUP], resources: [PROFILE_RESOURCE], verbs: [...verbs] }],
  };
}

function roleBinding(access: Access, subjects: Subject[], namespace: string): Record<string, unknown> {
  const { role, binding } = ACCESS[access];
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'RoleBinding',
    metadata: { name: binding, namespace, labels: { ...LABELS } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: subjects.map((s) => ({ apiGroup: RBAC_GROUP, kind: s.kind, name: s.name })),
  };
}

/**
 * The RBAC objects of one environment: the ClusterRoles that some subject uses, then their
 * RoleBindings in the profile namespace. No subjects at all → [].
 *
 * @throws Error naming the setting when a subject name is empty, holds whitespace or is repeated.
 */
export function renderRbac(rbac: RbacProps, environment: { readonly profileNamespace: string }): Record<string, unknown>[] {
  const problems = rbacProblems(rbac);
  if (problems.length > 0) throw new Error(`site settings:\n  ${problems.join('\n  ')}`);
  const namespace = environment?.profileNamespace;
  if (typeof namespace !== 'string' || namespace === '') {
    throw new Error(`renderRbac: profileNamespace ${JSON.stringify(namespace)} is not a namespace name`);
  }
  const used = (['viewers', 'editors'] as const)
    .map((access) => ({ access, subjects: subjectsOf(rbac?.[access]) }))
    .filter(({ subjects }) => subjects.length > 0);
  return [...used.map(({ access }) => clusterRole(access)), ...used.map(({ access, subjects }) => roleBinding(access, subjects, namespace))];
}
