import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, SYNC_WAVES } from '../argocd/sync-options';
import { POLICY_EXCEPTION_ANNOTATION_PREFIX, POLICY_RULES } from '../policy/settings';
import { isObject } from '../plain-data';
import { DESCRIPTION_ANNOTATION, descriptionProblems, normalizedDescription } from '../profile/description';
import { DW_PROFILE_NAME, MANAGED_BY_LABEL, SOURCE_ANNOTATION } from '../rendered';
import { array, type Code, object, raw, stringLiteral, valueCode } from './code';
import { type Entries, type ProfileImport, Unimportable } from './profile-import';

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

/** A profile name that can be a file name; the `#DW` rule is stricter and only noted. */
const FILE_SAFE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** What the file takes from `metadata`. */
export interface MetadataPlan {
  readonly name: string;
  /** The `description` prop, from the annotation synth writes it to. */
  readonly description: Entries;
  readonly entries: Entries;
}

/** The name, and the labels, annotations, description and policy exceptions a person wrote. */
export function importMetadata(profile: Record<string, unknown>, imp: ProfileImport, namespaces: readonly string[]): MetadataPlan {
  const meta = profile.metadata;
  if (!isObject(meta)) throw new Unimportable('metadata: missing');
  const name = meta.name;
  if (typeof name !== 'string' || name === '') throw new Unimportable('metadata.name: missing');
  if (!FILE_SAFE_NAME.test(name) || name.length > 253) throw new Unimportable(`metadata.name: '${name}' is not a Kubernetes object name`);
  if (!DW_PROFILE_NAME.test(name)) {
    imp.note(
      'metadata.name',
      `'${name}' does not match ${DW_PROFILE_NAME.source}, so no #DW container directive can select it (synth refuses it); rename the profile and its file`,
    );
  }
  if (meta.namespace !== undefined && !namespaces.includes(String(meta.namespace))) {
    imp.note(
      'metadata.namespace',
      `not carried over: each environment's profileNamespace decides it (${namespaces.join(', ')}), not the profile`,
    );
  }
  imp.unknownKeys(
    meta,
    ['name', 'namespace', 'labels', 'annotations', ...SERVER_METADATA_FIELDS],
    'metadata',
    'a profile carries only name, labels and annotations',
  );

  const entries: Entries = [];
  const record = (key: 'labels' | 'annotations'): Array<[string, string]> => {
    const value = meta[key];
    if (value === undefined || value === null) return [];
    if (!isObject(value)) {
      imp.note(`metadata.${key}`, 'not carried over: not a map');
      return [];
    }
    return Object.entries(value).flatMap(([k, v]): Array<[string, string]> => {
      if (typeof v === 'string') return [[k, v]];
      imp.note(`metadata.${key}.${k}`, 'not carried over: not a string');
      return [];
    });
  };
  const labels = record('labels').filter(([k, v]) => !isSynthLabel(k, v));
  const exceptions: Code[] = [];
  const description: Entries = [];
  const annotations = record('annotations').filter(([k, v]) => {
    if (isGeneratedAnnotation(k, v)) return false;
    if (k === DESCRIPTION_ANNOTATION) {
      const path = `metadata.annotations.${k}`;
      description.push(['description', raw(stringLiteral(v))]);
      const problems = descriptionProblems(v);
      for (const problem of problems) imp.note(path, `carried over as description, but synth refuses it: it ${problem.message}`);
      if (problems.length === 0 && normalizedDescription(v) !== v) {
        imp.note(path, 'the profile renders it with its white space collapsed and trimmed', 'info');
      }
      return false;
    }
    const rule = policyExceptionRule(k);
    if (rule === undefined) return true;
    exceptions.push(
      object([
        ['rule', raw(stringLiteral(rule))],
        ['reason', raw(stringLiteral(v))],
      ]),
    );
    return false;
  });
  if (labels.length > 0) entries.push(['labels', valueCode(Object.fromEntries(labels))]);
  if (annotations.length > 0) entries.push(['annotations', valueCode(Object.fromEntries(annotations))]);
  if (exceptions.length > 0) entries.push(['policyExceptions', array(exceptions)]);
  return { name, description, entries };
}
