import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, SYNC_WAVES } from '../argocd/sync-options';
import { POLICY_EXCEPTION_ANNOTATION_PREFIX, POLICY_RULES } from '../policy/settings';
import { MANAGED_BY_LABEL, SOURCE_ANNOTATION } from '../profile/profile';

/**
 * Which metadata an imported profile carries over: everything a person wrote, nothing the API
 * server, kubectl, Argo CD or nnf-profiles itself put there.
 */

/** Fields of `metadata` the API server sets; never part of a profile's source. */
export const SERVER_METADATA_FIELDS: readonly string[] = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** Annotations tools write on objects they apply or track. */
export const TOOL_ANNOTATIONS: readonly string[] = ['kubectl.kubernetes.io/last-applied-configuration', 'argocd.argoproj.io/tracking-id'];

/** Labels synth adds to every profile, with the value it gives them. */
export const SYNTH_LABELS: Readonly<Record<string, string>> = { [MANAGED_BY_LABEL]: 'nnf-profiles' };

/** Annotations synth adds to profiles (the sync ones when site.ts configures Argo CD), with their values; undefined: any value. */
export const SYNTH_ANNOTATIONS: Readonly<Record<string, string | undefined>> = {
  [SOURCE_ANNOTATION]: undefined,
  [SYNC_WAVE_ANNOTATION]: SYNC_WAVES.default,
  [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true',
};

/** Whether synth adds this label with this value, so that importing must not carry it. */
export function isSynthLabel(key: string, value: string): boolean {
  return SYNTH_LABELS[key] === value;
}

/** Whether synth, the API server or a deployment tool added this annotation. */
export function isGeneratedAnnotation(key: string, value: string): boolean {
  if (TOOL_ANNOTATIONS.includes(key)) return true;
  if (!(key in SYNTH_ANNOTATIONS)) return false;
  const expected = SYNTH_ANNOTATIONS[key];
  return expected === undefined || expected === value;
}

/** `nnf-profiles/policy-exception.privileged` → `privileged`, for rules the policy knows. */
export function policyExceptionRule(key: string): string | undefined {
  if (!key.startsWith(POLICY_EXCEPTION_ANNOTATION_PREFIX)) return undefined;
  const rule = key.slice(POLICY_EXCEPTION_ANNOTATION_PREFIX.length);
  return (POLICY_RULES as readonly string[]).includes(rule) ? rule : undefined;
}
