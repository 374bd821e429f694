import type { Finding } from '../validate/finding';
import { isObject } from '../plain-data';
import {
  containersOfPod,
  DOCKER_HUB,
  isUnderPrefix,
  listOf,
  type PodLocation,
  podsOf,
  qualifiedPrefix,
  qualifiedRepository,
  repositoryOf,
} from '../rendered';
import type { ProfileObject, ProfileRule, RuleContext } from '../validate/rules/context';
import {
  type ContainerPolicyProps,
  POLICY_EXCEPTION_ANNOTATION_PREFIX,
  POLICY_RULES,
  type PolicyException,
  type PolicyRuleName,
} from './settings';

/**
 * The site's container policy, checked on each rendered profile (both eras).
 *
 * Profile containers run on the Rabbit (NNF) nodes, next to the storage of every job placed
 * there; a PodSpec-era profile (v1alpha1–v1alpha6) carries a whole Kubernetes PodSpec, so
 * whatever it asks for (privileges, host namespaces, host paths) reaches the node as written.
 * A violation is an error unless the profile carries a reasoned exception annotation for the
 * rule and the site allows exceptions from it.
 */

/** `policy/<rule>`, as every finding of the container policy cites it. */
export const policyRuleId = (rule: PolicyRuleName) => `policy/${rule}`;
export const EXCEPTION_NOT_ALLOWED_RULE = 'policy/exception-not-allowed';
export const EXCEPTION_REASON_RULE = 'policy/exception-reason';
export const UNUSED_EXCEPTION_RULE = 'policy/unused-exception';

const HOST_NAMESPACES = { hostNetwork: 'network', hostPID: 'process (PID)', hostIPC: 'IPC' } as const;

/** `nnf-profiles/policy-exception.<rule>` for each exception, as the profile constructs render them. */
export function policyExceptionAnnotations(exceptions: readonly PolicyException[]): Record<string, string> {
  return Object.fromEntries(exceptions.map((e) => [`${POLICY_EXCEPTION_ANNOTATION_PREFIX}${e.rule}`, e.reason]));
}

function isRuleName(value: string): value is PolicyRuleName {
  return (POLICY_RULES as readonly string[]).includes(value);
}

/** Problems with the `policy` site setting, each naming the setting; [] when it is valid. */
export function policyProblems(policy: ContainerPolicyProps | undefined): string[] {
  const problems: string[] = [];
  const registries: unknown = policy?.allowedRegistries;
  if (registries !== undefined) {
    if (!Array.isArray(registries)) {
      problems.push('policy.allowedRegistries: must be a list of registries or repository prefixes');
    } else if (registries.length === 0) {
      problems.push('policy.allowedRegistries: an empty list would refuse every image; omit the setting to allow any registry');
    } else {
      registries.forEach((entry: unknown, i) => {
        if (typeof entry !== 'string' || entry.replace(/\/+$/, '') === '' || /[\s@]/.test(entry) || entry.startsWith('/')) {
          problems.push(
            `policy.allowedRegistries[${i}]: ${JSON.stringify(entry) ?? String(entry)} is not a registry or repository prefix (e.g. 'docker.io', 'ghcr.io/nearnodeflash', 'dean')`,
          );
        }
      });
    }
  }
  const allowed: unknown = policy?.exceptionsAllowed;
  if (allowed !== undefined) {
    if (!Array.isArray(allowed)) {
      problems.push(`policy.exceptionsAllowed: must be a list of rule names (${POLICY_RULES.join(', ')})`);
    } else {
      allowed.forEach((rule: unknown, i) => {
        if (typeof rule !== 'string' || !isRuleName(rule)) {
          problems.push(
            `policy.exceptionsAllowed[${i}]: ${JSON.stringify(rule) ?? String(rule)} is not a policy rule; use one of ${POLICY_RULES.join(', ')}`,
          );
        }
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Registries

/** Lower-cases the registry host (DNS names are case-insensitive) and folds Docker Hub's aliases. */
function normalizeHost(qualified: string): string {
  const slash = qualified.indexOf('/');
  const host = (slash < 0 ? qualified : qualified.slice(0, slash)).toLowerCase();
  const rest = slash < 0 ? '' : qualified.slice(slash);
  return `${host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host}${rest}`;
}

/** An allowed entry names a registry (`docker.io`) or a repository prefix (`ghcr.io/org`, `dean` = `docker.io/dean`). */
export function qualifiedRegistryPrefix(entry: string): string {
  return normalizeHost(qualifiedPrefix(entry));
}

/** The image's repository, fully qualified: `dean/app:1` → `docker.io/dean/app`. */
export function qualifiedImageRepository(image: string): string {
  return normalizeHost(qualifiedRepository(repositoryOf(image)));
}

/** True when the image lies under one of the prefixes, matching whole path components only. */
export function imageAllowed(image: string, allowedRegistries: readonly string[]): boolean {
  const repository = qualifiedImageRepository(image);
  return allowedRegistries.some((entry) => isUnderPrefix(repository, qualifiedRegistryPrefix(entry)));
}

// ---------------------------------------------------------------------------------------------
// Violations

/** One breach of the container policy in one pod spec. */
export interface PolicyViolation {
  readonly rule: PolicyRuleName;
  readonly path: string;
  /** What is wrong and why, without the remedy (added with the exception state). */
  readonly what: string;
  /** What to change instead. */
  readonly fix: string;
}

const where = (path: string, init: boolean) => `${init ? 'init container' : 'container'} at ${path}`;

/**
 * The container policy on one pod spec, wherever it sits: in a profile (`data.spec`, an MPI
 * launcher) or in any other object synth emits (a Deployment's `spec.template.spec`). The one
 * place the policy's rules are written.
 */
export function podPolicyViolations(pod: PodLocation, policy: ContainerPolicyProps): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const registries = policy?.allowedRegistries ?? [];
  for (const [field, namespace] of Object.entries(HOST_NAMESPACES)) {
    if (pod.spec[field] === true) {
      out.push({
        rule: 'host-namespaces',
        path: `${pod.path}.${field}`,
        what: `${pod.path}.${field} is true: the pod would share the Rabbit node's ${namespace} namespace, and with it the node's view of other jobs and of the storage services`,
        fix: `remove ${field}`,
      });
    }
  }
  listOf(pod.spec.volumes).forEach((volume, i) => {
    if (isObject(volume) && volume.hostPath !== undefined && volume.hostPath !== null) {
      const hostPath = isObject(volume.hostPath) && typeof volume.hostPath.path === 'string' ? ` (${volume.hostPath.path})` : '';
      out.push({
        rule: 'host-path',
        path: `${pod.path}.volumes[${i}].hostPath`,
        what: `volume ${pod.path}.volumes[${i}] mounts a host path${hostPath} of the Rabbit node, outside the storage NNF gives the job`,
        fix: 'use a #DW storage (profile storages) instead',
      });
    }
  });
  for (const { path, container, init } of containersOfPod(pod)) {
    const security = isObject(container.securityContext) ? container.securityContext : {};
    for (const field of ['privileged', 'allowPrivilegeEscalation'] as const) {
      if (security[field] === true) {
        out.push({
          rule: 'privileged',
          path: `${path}.securityContext.${field}`,
          what: `${where(path, init)} sets securityContext.${field}: true; ${field === 'privileged' ? 'a privileged container has every device and capability' : 'it lets the process gain more privileges than it started with'} on the Rabbit node, which holds the storage of every job placed there`,
          fix: `remove securityContext.${field}`,
        });
      }
    }
    const add = isObject(security.capabilities) ? listOf(security.capabilities.add) : [];
    if (add.length > 0) {
      out.push({
        rule: 'capabilities',
        path: `${path}.securityContext.capabilities.add`,
        what: `${where(path, init)} adds Linux capabilities (${add.map(String).join(', ')}), beyond what a container on a Rabbit node next to other jobs' storage gets by default`,
        fix: 'remove securityContext.capabilities.add',
      });
    }
    const image = container.image;
    if (registries.length > 0 && typeof image === 'string' && image !== '' && !imageAllowed(image, registries)) {
      out.push({
        rule: 'registry',
        path: `${path}.image`,
        what: `${where(path, init)} uses image '${image}' (${qualifiedImageRepository(image)}), which is not from a registry the site allows (${registries.join(', ')}); code from it would run on the Rabbit nodes next to the jobs' storage`,
        fix: 'use an image from an allowed registry (or add its registry to policy.allowedRegistries in site.ts)',
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Exceptions

interface ExceptionAnnotation {
  readonly key: string;
  readonly suffix: string;
  readonly reason: unknown;
}

function exceptionAnnotations(profile: ProfileObject): ExceptionAnnotation[] {
  const annotations = profile.metadata?.annotations;
  if (!isObject(annotations)) return [];
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(POLICY_EXCEPTION_ANNOTATION_PREFIX))
    .map(([key, reason]) => ({ key, suffix: key.slice(POLICY_EXCEPTION_ANNOTATION_PREFIX.length), reason }));
}

const annotationPath = (key: string) => `metadata.annotations[${JSON.stringify(key)}]`;
const hasReason = (reason: unknown): reason is string => typeof reason === 'string' && reason.trim() !== '';

/**
 * The container policy as a rule set. A profile object's exceptions are its
 * `nnf-profiles/policy-exception.<rule>: <reason>` annotations.
 *
 * @throws Error naming the setting when the policy itself is invalid (see `policyProblems`).
 */
export function policyRules(policy: ContainerPolicyProps): ProfileRule {
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new Error(`site settings:\n  ${problems.join('\n  ')}`);
  const allowed = new Set<PolicyRuleName>(policy?.exceptionsAllowed ?? []);
  const settings: ContainerPolicyProps = policy ?? {};

  return (profile: ProfileObject, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    const podSpecEra =
      context.era === 'PodSpec'
        ? ` This ${context.version} profile carries a whole Kubernetes PodSpec, so the field reaches the pod on the Rabbit node as written.`
        : '';

    // Valid exceptions, by rule; the others are reported here.
    const excepted = new Map<PolicyRuleName, string>();
    for (const { key, suffix, reason } of exceptionAnnotations(profile)) {
      const path = annotationPath(key);
      if (!isRuleName(suffix)) {
        findings.push({
          layer: 'policy',
          rule: EXCEPTION_NOT_ALLOWED_RULE,
          path,
          message: `annotation ${key} names no policy rule '${suffix}'; exceptions exist for ${POLICY_RULES.join(', ')}: fix or remove the annotation`,
        });
      } else if (!allowed.has(suffix)) {
        findings.push({
          layer: 'policy',
          rule: EXCEPTION_NOT_ALLOWED_RULE,
          path,
          message: `annotation ${key} asks for an exception from policy rule '${suffix}', which the site does not let profiles be excepted from; remove the exception (and what needs it), or have the site allow it with policy.exceptionsAllowed: ['${suffix}'] in site.ts`,
        });
      } else if (!hasReason(reason)) {
        findings.push({
          layer: 'policy',
          rule: EXCEPTION_REASON_RULE,
          path,
          message: `annotation ${key} gives no reason, and an exception from policy rule '${suffix}' counts only with one; write why the profile needs it (reviewers read it on the rendered object)`,
        });
      } else {
        excepted.set(suffix, key);
      }
    }

    const violations = podsOf(profile).flatMap((pod) => podPolicyViolations(pod, settings));
    for (const v of violations) {
      if (excepted.has(v.rule)) continue;
      const exception = `${POLICY_EXCEPTION_ANNOTATION_PREFIX}${v.rule}`;
      const remedy = allowed.has(v.rule)
        ? `${v.fix}, or, if the profile truly needs it, give it the exception with a reason (policyExceptions: [{ rule: '${v.rule}', reason: '…' }], the annotation ${exception})`
        : `${v.fix}; the site allows no exception from '${v.rule}' (policy.exceptionsAllowed in site.ts)`;
      const eraNote = v.rule === 'registry' ? '' : podSpecEra;
      findings.push({ layer: 'policy', rule: policyRuleId(v.rule), path: v.path, message: `${v.what}.${eraNote} To fix: ${remedy}.` });
    }

    const violated = new Set(violations.map((v) => v.rule));
    for (const [rule, key] of excepted) {
      if (violated.has(rule)) continue;
      findings.push({
        layer: 'lint',
        rule: UNUSED_EXCEPTION_RULE,
        path: annotationPath(key),
        message: `annotation ${key} excepts the profile from policy rule '${rule}', which it does not violate; remove the exception so it cannot cover a later change unreviewed`,
      });
    }
    return findings;
  };
}
