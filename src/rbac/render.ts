import { App, Chart } from 'cdk8s';
import type * as Kplus from 'cdk8s-plus-28';
import { NNF_GROUP } from '../model';
import type { RbacProps, SubjectsProps } from './settings';

/**
 * Who may read and change profiles, as Kubernetes RBAC objects for one environment.
 *
 * Namespaced Roles in the profile namespace hold the verbs (NnfContainerProfile is a namespaced
 * resource) and RoleBindings there grant them: nothing cluster-scoped at all, so the AppProject
 * of an environment needs no cluster-scoped kind for RBAC, and access reaches no further than the
 * profile namespace.
 *
 * Built with cdk8s-plus-28 (`Role`, `RoleBinding`, `Group`, `User`) in a chart of its own and
 * returned as plain objects, so the caller's chart and the renderer's purity are untouched. The
 * editor's verbs are listed rather than taken from `allowReadWrite`, which adds
 * `deletecollection`: one request deleting every profile of the namespace at once is more than an
 * editor needs (`delete` still removes them one by one) and more than this role granted before.
 */

export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
export const PROFILE_RESOURCE = 'nnfcontainerprofiles';
export const VIEWER_ROLE = 'nnf-profiles-viewer';
export const EDITOR_ROLE = 'nnf-profiles-editor';
export const VIEWERS_ROLE_BINDING = 'nnf-profiles-viewers';
export const EDITORS_ROLE_BINDING = 'nnf-profiles-editors';
export const VIEW_VERBS = ['get', 'list', 'watch'] as const;
export const EDIT_VERBS = [...VIEW_VERBS, 'create', 'update', 'patch', 'delete'] as const;

const LABELS = { 'app.kubernetes.io/managed-by': 'nnf-profiles' };

/** cdk8s-plus-28, loaded by the first site that grants access: a tenth of a second of every other run. */
function kplus(): typeof Kplus {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  return require('cdk8s-plus-28') as typeof Kplus;
}

/** NnfContainerProfiles, all of them, as an RBAC rule names them. */
const profiles = (): Kplus.IApiResource => kplus().ApiResource.custom({ apiGroup: NNF_GROUP, resourceType: PROFILE_RESOURCE });

type Access = 'viewers' | 'editors';

const ACCESS: Readonly<Record<Access, { role: string; binding: string; grant: (role: Kplus.Role) => void }>> = {
  viewers: { role: VIEWER_ROLE, binding: VIEWERS_ROLE_BINDING, grant: (role) => role.allowRead(profiles()) },
  editors: { role: EDITOR_ROLE, binding: EDITORS_ROLE_BINDING, grant: (role) => role.allow([...EDIT_VERBS], profiles()) },
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

/** The Role of one kind of access and its RoleBinding to the subjects, in `namespace`. */
function grantTo(chart: Chart, access: Access, subjects: readonly Subject[], namespace: string): void {
  const { role: roleName, binding: bindingName, grant } = ACCESS[access];
  const { Group, Role, RoleBinding, User } = kplus();
  const role = new Role(chart, roleName, { metadata: { name: roleName, namespace, labels: { ...LABELS } } });
  grant(role);
  // A RoleBinding of our own rather than role.bind(…): that one is named after a hash of the subjects.
  const binding = new RoleBinding(chart, bindingName, { metadata: { name: bindingName, namespace, labels: { ...LABELS } }, role });
  binding.addSubjects(
    ...subjects.map((s, i) =>
      s.kind === 'Group' ? Group.fromName(binding, `subject-${i}`, s.name) : User.fromName(binding, `subject-${i}`, s.name),
    ),
  );
}

/**
 * The RBAC objects of one environment, all in the profile namespace: the Roles that some subject
 * uses, then their RoleBindings. No subjects at all → [].
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
  if (used.length === 0) return [];
  const chart = new Chart(new App(), 'rbac');
  for (const { access, subjects } of used) grantTo(chart, access, subjects, namespace);
  const objects = chart.toJson() as Record<string, unknown>[];
  // Roles first, then bindings, each in viewers-then-editors order, whatever order cdk8s keeps.
  const rank = (o: Record<string, unknown>) => (o.kind === 'Role' ? 0 : 1);
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map(({ o }) => o);
}
