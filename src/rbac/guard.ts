import { groupOf } from '../argocd/kinds';
import { isObject } from '../plain-data';
import type { Finding } from '../validate/finding';

/**
 * The RBAC every object synth emits is held to, the site's own included. Not a setting: these are
 * grants no repository of profiles has a use for, and each one hands a cluster to whoever holds
 * it (a binding of `cluster-admin` to `system:authenticated` gives it to every signed-in user).
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'];
const ROLE_KINDS = ['Role', 'ClusterRole'];

export const RBAC_GUARD_RULES = {
  clusterAdmin: 'rbac/cluster-admin',
  builtInRole: 'rbac/built-in-role',
  systemSubject: 'rbac/system-subject',
  wildcard: 'rbac/wildcard',
  escalationVerb: 'rbac/escalation-verb',
  aggregation: 'rbac/aggregation',
} as const;

/** Built-in ClusterRoles a binding may not name, besides `cluster-admin` and every `system:` role. */
const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  admin: 'it lets the subjects manage nearly everything in a namespace, its Roles and RoleBindings included',
  edit: 'it lets the subjects change nearly everything in a namespace, workloads and Secrets included',
};

const SYSTEM_SUBJECTS: Readonly<Record<string, string>> = {
  'system:authenticated': 'every signed-in user and service account',
  'system:unauthenticated': 'every anonymous request',
  'system:masters': 'the cluster administrators, whom no RBAC rule restricts',
  'system:serviceaccounts': 'every service account in every namespace',
};

const ESCALATION_VERBS: Readonly<Record<string, string>> = {
  escalate: 'create or change roles granting permissions the subjects do not hold',
  bind: 'bind roles granting permissions the subjects do not hold',
  impersonate: 'act as any other user, group or service account',
};

const RULE_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['apiGroups', 'API group'],
  ['resources', 'resource'],
  ['verbs', 'verb'],
  ['nonResourceURLs', 'non-resource URL'],
];

const AGGREGATE_LABEL = /^rbac\.authorization\.k8s\.io\/aggregate-to-(.+)$/;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const error = (rule: string, path: string, message: string): Finding => ({ layer: 'policy', rule, path, message });

function bindingFindings(object: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const roleRef = isObject(object.roleRef) ? object.roleRef : {};
  const role = typeof roleRef.name === 'string' ? roleRef.name : '';
  const fix = 'To fix: bind a role of your own that grants only the verbs and resources needed';
  if (roleRef.kind === 'ClusterRole') {
    const namespace = isObject(object.metadata) && typeof object.metadata.namespace === 'string' ? object.metadata.namespace : undefined;
    const reach =
      object.kind === 'ClusterRoleBinding'
        ? 'in every namespace and on the cluster itself'
        : `in namespace ${namespace ?? '(the destination namespace)'}`;
    if (role === 'cluster-admin') {
      findings.push(
        error(RBAC_GUARD_RULES.clusterAdmin, '', `binds cluster-admin: that role allows every verb on every resource ${reach}. ${fix}`),
      );
    } else if (role in BUILT_IN_ROLES || role.startsWith('system:')) {
      const why = BUILT_IN_ROLES[role] ?? "the cluster's system: roles are for its own components";
      findings.push(error(RBAC_GUARD_RULES.builtInRole, '', `binds the built-in ClusterRole ${role}: ${why}, ${reach}. ${fix}`));
    }
  }
  (Array.isArray(object.subjects) ? object.subjects : []).forEach((subject: unknown, i) => {
    if (!isObject(subject) || (subject.kind !== 'Group' && subject.kind !== 'User')) return;
    const name = typeof subject.name === 'string' ? subject.name : '';
    if (!name.startsWith('system:')) return;
    const who = subject.kind === 'Group' ? 'group' : 'user';
    const known = SYSTEM_SUBJECTS[name] ? ` (${name} is ${SYSTEM_SUBJECTS[name]})` : '';
    findings.push(
      error(
        RBAC_GUARD_RULES.systemSubject,
        `subjects[${i}]`,
        `binds ${who} ${name}: system: ${who}s are identities the cluster assigns itself${known}, not the site's people. To fix: bind the site's own groups or users`,
      ),
    );
  });
  return findings;
}

function roleFindings(object: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  (Array.isArray(object.rules) ? object.rules : []).forEach((rule: unknown, i) => {
    if (!isObject(rule)) return;
    for (const [field, what] of RULE_FIELDS) {
      const wild = strings(rule[field]).find((entry) => entry.includes('*'));
      if (wild !== undefined) {
        findings.push(
          error(
            RBAC_GUARD_RULES.wildcard,
            `rules[${i}].${field}`,
            `grants '${wild}': a wildcard matches every ${what}, those the cluster gains later included. To fix: list the ${what}s the role needs`,
          ),
        );
      }
    }
    for (const verb of strings(rule.verbs)) {
      const why = ESCALATION_VERBS[verb.toLowerCase()];
      if (why) {
        findings.push(
          error(RBAC_GUARD_RULES.escalationVerb, `rules[${i}].verbs`, `grants '${verb}': it lets the subjects ${why}. To fix: remove it`),
        );
      }
    }
  });
  if (object.kind === 'ClusterRole') {
    if (object.aggregationRule !== undefined && object.aggregationRule !== null) {
      findings.push(
        error(
          RBAC_GUARD_RULES.aggregation,
          'aggregationRule',
          'aggregates other ClusterRoles: what it grants is whatever any ClusterRole with matching labels grants, decided outside this object. To fix: list its rules',
        ),
      );
    }
    const labels = isObject(object.metadata) && isObject(object.metadata.labels) ? object.metadata.labels : {};
    for (const [key, value] of Object.entries(labels)) {
      const target = AGGREGATE_LABEL.exec(key)?.[1];
      if (target === undefined || String(value) !== 'true') continue;
      findings.push(
        error(
          RBAC_GUARD_RULES.aggregation,
          `metadata.labels[${JSON.stringify(key)}]`,
          `folds its rules into the ClusterRole ${target}, for everyone bound to that role in every namespace. To fix: remove the label and bind this role where it is needed`,
        ),
      );
    }
  }
  return findings;
}

/** What the built-in RBAC guard refuses in one object; [] for every object that is not RBAC. */
export function rbacGuardFindings(object: unknown): Finding[] {
  if (!isObject(object) || groupOf(String(object.apiVersion)) !== RBAC_GROUP) return [];
  if (BINDING_KINDS.includes(String(object.kind))) return bindingFindings(object);
  if (ROLE_KINDS.includes(String(object.kind))) return roleFindings(object);
  return [];
}
