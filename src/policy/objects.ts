import { isObject } from '../plain-data';
import type { Finding } from '../validate/finding';
import type { PodLocation } from '../rendered';
import { podPolicyViolations, policyRuleId } from './rules';
import type { ContainerPolicyProps } from './settings';

/**
 * The site's container policy on objects other than NnfContainerProfiles: a Deployment, a
 * DaemonSet, a CronJob or a custom resource of any kind that carries a pod template runs
 * containers in the cluster just as a profile does, and the same rules hold for them.
 */

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function childPath(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * Every pod spec in an object, at any depth: whatever holds a `containers` list. A Pod's `spec`,
 * a Deployment's `spec.template.spec` and a CronJob's `spec.jobTemplate.spec.template.spec` are
 * found alike, and so is the pod template of a custom resource this code has never heard of.
 * Depth-first in document order; iterative, so a deeply nested object cannot exhaust the stack.
 */
export function podSpecsIn(object: unknown): PodLocation[] {
  const pods: PodLocation[] = [];
  const stack: Array<{ path: string; value: unknown }> = [{ path: '', value: object }];
  while (stack.length > 0) {
    const { path, value } = stack.pop()!;
    const children: Array<{ path: string; value: unknown }> = [];
    if (Array.isArray(value)) {
      value.forEach((item, i) => children.push({ path: `${path}[${i}]`, value: item }));
    } else if (isObject(value)) {
      if (Array.isArray(value.containers)) pods.push({ path, spec: value, role: 'other' });
      for (const [key, item] of Object.entries(value)) children.push({ path: childPath(path, key), value: item });
    }
    for (let i = children.length - 1; i >= 0; i--) {
      if (children[i].value !== null && typeof children[i].value === 'object') stack.push(children[i]);
    }
  }
  return pods;
}

/**
 * The container policy on every pod spec an object holds, as errors. Exceptions
 * (`policyExceptions`) are for NnfContainerProfiles only, where the reason is reviewed on the
 * profile; nothing excepts another object from a rule.
 *
 * @param policy the site's `policy` setting, already checked with `policyProblems`
 */
export function objectPolicyFindings(object: unknown, policy: ContainerPolicyProps): Finding[] {
  const exceptable = new Set<string>(policy?.exceptionsAllowed ?? []);
  return podSpecsIn(object).flatMap((pod) =>
    podPolicyViolations(pod, policy).map((v) => ({
      layer: 'policy' as const,
      rule: policyRuleId(v.rule),
      path: v.path,
      message: `${v.what}. To fix: ${v.fix}${exceptable.has(v.rule) ? '; policy exceptions are for NnfContainerProfiles only' : ''}.`,
    })),
  );
}
