import { API_VERSIONS, NNF_GROUP } from '../model';
import { PROFILE_RESOURCE } from '../rbac/render';
import { EXCEPTION_NOT_ALLOWED_RULE, EXCEPTION_REASON_RULE, policyRuleId, qualifiedRegistryPrefix } from './rules';
import { type ContainerPolicyProps, POLICY_EXCEPTION_ANNOTATION_PREFIX, type PolicyRuleName } from './settings';

/**
 * The site's container policy as the cluster enforces it: a ValidatingAdmissionPolicy
 * (`admissionregistration.k8s.io/v1`, Kubernetes 1.30 and later) over NnfContainerProfiles and
 * its binding to the profile namespace. A profile changed with `kubectl edit` meets the rules
 * synth checks (src/policy/rules.ts), with the same exceptions, instead of bypassing them.
 *
 * The CEL restates `podsOf`, `podPolicyViolations`, `imageAllowed` and the exception annotations
 * of `policyRules`; test/policy/admission-policy.test.ts evaluates it on a case table and
 * requires synth's verdict, rule by rule. Pure: policy + environment → plain objects.
 */

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
export const ADMISSION_API_VERSION = `${ADMISSION_GROUP}/v1`;
export const ADMISSION_POLICY_KINDS = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'] as const;
export const ADMISSION_POLICY_NAME = 'nnf-profiles-container-policy';

const LABELS = { 'app.kubernetes.io/managed-by': 'nnf-profiles' };

/**
 * Whether the site asks for its policy in the cluster too: its `policy` setting names
 * `allowedRegistries` or `exceptionsAllowed` (`policy: { exceptionsAllowed: [] }` enforces just
 * the rules that always hold). A site without the setting gets no admission policy, so that a
 * cluster older than Kubernetes 1.30, which serves no `admissionregistration.k8s.io/v1`
 * policies, keeps syncing.
 */
export function declaresContainerPolicy(policy: ContainerPolicyProps | undefined): boolean {
  return policy?.allowedRegistries !== undefined || policy?.exceptionsAllowed !== undefined;
}

/** A CEL string literal, single-quoted. */
function celString(text: string): string {
  const escaped = text
    .replace(/[\\']/g, (c) => `\\${c}`)
    // eslint-disable-next-line no-control-regex -- control characters are what it escapes
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${escaped}'`;
}

const celList = (items: readonly string[]) => `[${items.map(celString).join(', ')}]`;

/**
 * An RE2 pattern matching exactly the strings JavaScript's `String.prototype.trim` leaves empty
 * (its WhiteSpace and LineTerminator characters), so that "an exception counts only with a
 * reason" means the same in the cluster as in synth. CEL's `trim()` uses Unicode's White_Space
 * set, which differs (U+0085, U+FEFF).
 */
export const BLANK_PATTERN =
  '^[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]*$';

/** A named CEL expression under `spec.variables`. */
export interface AdmissionVariable {
  readonly name: string;
  readonly expression: string;
}

/** One entry of `spec.validations`: the expression is true for an admissible profile. */
export interface AdmissionValidation {
  readonly expression: string;
  readonly message: string;
  readonly messageExpression?: string;
}

/**
 * The repository an image comes from, as `qualifiedImageRepository` computes it (digest and tag
 * cut off, `docker.io/` or `docker.io/library/` added as Docker does, the host lower-cased and
 * Docker Hub's aliases folded), tested against the qualified prefixes as `imageAllowed` does:
 * whole path components only. Each `[value].all(name, …)` binds one intermediate value.
 */
function imageAllowedCel(image: string, prefixes: readonly string[]): string {
  return [
    `[${image}.split('@')[0]].all(b,`,
    `  [b.lastIndexOf(':') > b.lastIndexOf('/') ? b.substring(0, b.lastIndexOf(':')) : b].all(r,`,
    `  [r.contains('/') && [r.split('/')[0]].all(f, f.contains('.') || f.contains(':') || f == 'localhost')`,
    `    ? r : (r.contains('/') ? 'docker.io/' + r : 'docker.io/library/' + r)].all(q,`,
    `  [q.substring(0, q.indexOf('/')).lowerAscii()].all(h,`,
    `  [(h == 'index.docker.io' || h == 'registry-1.docker.io' ? 'docker.io' : h) + q.substring(q.indexOf('/'))].all(n,`,
    `  ${celList(prefixes)}.exists(p, n == p || n.startsWith(p + '/')))))))`,
  ].join('\n');
}

const exceptionKey = (rule: string) => `${POLICY_EXCEPTION_ANNOTATION_PREFIX}${rule}`;

/** The variables the validations share, in dependency order (each may use those before it). */
export function admissionVariables(policy: ContainerPolicyProps): AdmissionVariable[] {
  const allowed = policy.exceptionsAllowed ?? [];
  const registries = policy.allowedRegistries ?? [];
  const variables: AdmissionVariable[] = [
    { name: 'mpi', expression: 'has(object.data) && has(object.data.mpiSpec) ? dyn(object.data.mpiSpec) : dyn({})' },
    {
      // Every pod spec: data.spec in both eras, launcher and worker of the NnfPodSpec era, and
      // each mpiReplicaSpecs.*.template.spec of the PodSpec era.
      name: 'pods',
      expression: [
        '(has(object.data) && has(object.data.spec) ? [dyn(object.data.spec)] : [])',
        '+ (has(variables.mpi.launcher) ? [variables.mpi.launcher] : [])',
        '+ (has(variables.mpi.worker) ? [variables.mpi.worker] : [])',
        '+ (has(variables.mpi.mpiReplicaSpecs)',
        '  ? variables.mpi.mpiReplicaSpecs',
        '    .filter(k, has(variables.mpi.mpiReplicaSpecs[k].template) && has(variables.mpi.mpiReplicaSpecs[k].template.spec))',
        '    .map(k, variables.mpi.mpiReplicaSpecs[k].template.spec)',
        '  : [])',
      ].join('\n'),
    },
    {
      // The containers of each pod, then its init containers: a list of lists.
      name: 'containers',
      expression:
        'variables.pods.map(p, has(p.containers) ? p.containers : []) + variables.pods.map(p, has(p.initContainers) ? p.initContainers : [])',
    },
    { name: 'annotations', expression: 'has(object.metadata.annotations) ? object.metadata.annotations : {}' },
  ];
  if (allowed.length > 0) {
    variables.push({
      // The rules the profile carries an exception from that counts: allowed, with a reason.
      name: 'excepted',
      expression: [
        `${celList(allowed)}.filter(r, (${celString(POLICY_EXCEPTION_ANNOTATION_PREFIX)} + r) in variables.annotations`,
        `  && !variables.annotations[${celString(POLICY_EXCEPTION_ANNOTATION_PREFIX)} + r].matches(${celString(BLANK_PATTERN)}))`,
      ].join('\n'),
    });
  }
  if (registries.length > 0) {
    const prefixes = registries.map(qualifiedRegistryPrefix);
    variables.push({
      // Per container list, the images from no allowed registry or repository.
      name: 'refusedImages',
      expression: [
        "variables.containers.map(l, l.filter(c, has(c.image) && c.image != '' && !(",
        imageAllowedCel('c.image', prefixes),
        ')).map(c, c.image))',
      ].join('\n'),
    });
  }
  return variables;
}

/** One validation per check, tagged with the rule its message cites. */
export interface RuleValidation extends AdmissionValidation {
  /** `policy/privileged`, `policy/exception-reason`, … as synth's findings cite them. */
  readonly rule: string;
}

const DENIED = 'NnfContainerProfile refused by the site container policy:';

/**
 * The checks, each naming its rule as synth's findings do (`[policy/registry]`). A rule the
 * site allows exceptions from is skipped for a profile with a reasoned exception annotation.
 */
export function admissionValidations(policy: ContainerPolicyProps): RuleValidation[] {
  const allowed = new Set<PolicyRuleName>(policy.exceptionsAllowed ?? []);
  const registries = policy.allowedRegistries ?? [];
  const check = (rule: PolicyRuleName, expression: string, what: string, messageExpression?: string): RuleValidation => {
    const exceptable = allowed.has(rule);
    const how = exceptable ? ` (or give the profile the annotation ${exceptionKey(rule)} with the reason)` : '';
    return {
      rule: policyRuleId(rule),
      expression: exceptable ? `${celString(rule)} in variables.excepted || ${expression}` : expression,
      message: `${DENIED} ${what}${how} [${policyRuleId(rule)}]`,
      ...(messageExpression ? { messageExpression } : {}),
    };
  };
  const everyContainer = (condition: string) => `variables.containers.all(l, l.all(c, ${condition}))`;
  const validations: RuleValidation[] = [
    check(
      'privileged',
      everyContainer('!(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged == true)'),
      'a container or init container sets securityContext.privileged: true',
    ),
    check(
      'privileged',
      everyContainer(
        '!(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == true)',
      ),
      'a container or init container sets securityContext.allowPrivilegeEscalation: true',
    ),
    check(
      'capabilities',
      everyContainer(
        '!(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add) > 0)',
      ),
      'a container or init container adds Linux capabilities (securityContext.capabilities.add)',
    ),
    check(
      'host-namespaces',
      'variables.pods.all(p, ' +
        ['hostNetwork', 'hostPID', 'hostIPC'].map((field) => `!(has(p.${field}) && p.${field} == true)`).join(' && ') +
        ')',
      "a pod shares the Rabbit node's namespaces (hostNetwork, hostPID or hostIPC is true)",
    ),
    check(
      'host-path',
      'variables.pods.all(p, !has(p.volumes) || p.volumes.all(v, !has(v.hostPath)))',
      'a volume mounts a host path of the Rabbit node (hostPath); use a #DW storage instead',
    ),
  ];
  if (registries.length > 0) {
    const what = `an image is from no registry the site allows (${registries.join(', ')})`;
    validations.push(
      check(
        'registry',
        'variables.refusedImages.all(l, size(l) == 0)',
        what,
        `${celString(`${DENIED} images from no registry the site allows (${registries.join(', ')}): `)} + ` +
          `variables.refusedImages.filter(l, size(l) > 0).map(l, l.join(', ')).join(', ') + ${celString(` [${policyRuleId('registry')}]`)}`,
      ),
    );
  }
  const allowedKeys = [...allowed].map(exceptionKey);
  validations.push({
    rule: EXCEPTION_NOT_ALLOWED_RULE,
    expression: `variables.annotations.all(k, !k.startsWith(${celString(POLICY_EXCEPTION_ANNOTATION_PREFIX)}) || k in ${celList(allowedKeys)})`,
    message:
      `${DENIED} an annotation ${POLICY_EXCEPTION_ANNOTATION_PREFIX}<rule> asks for an exception the site does not allow` +
      `${allowedKeys.length > 0 ? ` (allowed: ${[...allowed].join(', ')})` : ' (it allows none)'} [${EXCEPTION_NOT_ALLOWED_RULE}]`,
  });
  if (allowedKeys.length > 0) {
    validations.push({
      rule: EXCEPTION_REASON_RULE,
      expression: `${celList(allowedKeys)}.all(k, !(k in variables.annotations) || !variables.annotations[k].matches(${celString(BLANK_PATTERN)}))`,
      message: `${DENIED} a policy exception annotation gives no reason; an exception counts only with one [${EXCEPTION_REASON_RULE}]`,
    });
  }
  return validations;
}

/** Where the policy applies: the environment's profile namespace. */
export interface AdmissionPolicyTarget {
  readonly profileNamespace: string;
}

/**
 * The ValidatingAdmissionPolicy and its binding. The policy matches NnfContainerProfiles in
 * every version this project knows (a version the cluster does not serve matches nothing; with
 * `matchPolicy: Equivalent` a request in any other served version is converted to one of them
 * and checked too), on create and update; the binding denies in the profile namespace only.
 */
export function renderAdmissionPolicy(policy: ContainerPolicyProps, target: AdmissionPolicyTarget): Record<string, unknown>[] {
  const validations = admissionValidations(policy).map(({ rule: _rule, ...validation }) => validation);
  return [
    {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: ADMISSION_POLICY_NAME, labels: LABELS },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          matchPolicy: 'Equivalent',
          resourceRules: [
            { apiGroups: [NNF_GROUP], apiVersions: [...API_VERSIONS], operations: ['CREATE', 'UPDATE'], resources: [PROFILE_RESOURCE] },
          ],
        },
        variables: admissionVariables(policy),
        validations,
      },
    },
    {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: ADMISSION_POLICY_NAME, labels: LABELS },
      spec: {
        policyName: ADMISSION_POLICY_NAME,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': target.profileNamespace } } },
      },
    },
  ];
}
