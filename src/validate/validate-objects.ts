import { type ApiVersion, apiVersionFromGroupVersion, eraOf } from '../model';
import type { PortRange } from '../site/settings';
import type { Finding, LocatedFinding } from './finding';
import { decodeFindings, duplicateProfileNames, profileRules } from './rules';
import type { ProfileObject, ProfileRule } from './rules/context';
import { checkAgainstSchema, type SchemaRegistry } from './schema';

export interface ValidationInput {
  /** Where the object came from: a profile source or a YAML file. */
  readonly file: string;
  readonly object: unknown;
}

export interface ValidateOptions {
  readonly schemas: SchemaRegistry;
  /** Check every object as this version instead of the one its apiVersion names. */
  readonly apiVersion?: ApiVersion;
  /**
   * The namespace the NNF operator reads profiles from; objects without a namespace are checked
   * as if they were in it.
   * @default 'nnf-system'
   */
  readonly profileNamespace?: string;
  /**
   * The ports the cluster allocates container ports from (an environment's `ports`).
   * @default - not known: `numPorts` is not checked against them
   */
  readonly ports?: readonly PortRange[];
  /** Rules beyond the cluster's, such as the site's container policy. @default - none */
  readonly extraRules?: readonly ProfileRule[];
}

function nameOf(object: unknown): string {
  const name = (object as ProfileObject | undefined)?.metadata?.name;
  return typeof name === 'string' && name !== '' ? name : '(unnamed)';
}

/** What the server and the user add that a profile source never holds. */
function withoutServerFields(object: unknown, namespace: string): ProfileObject {
  const { status: _status, ...rest } = object as ProfileObject & { status?: unknown };
  const metadata = { namespace, ...rest.metadata };
  return { ...rest, metadata };
}

/** One profile's findings, and its identity for the checks across profiles. */
export interface CheckedProfile {
  readonly findings: LocatedFinding[];
  /** Its file and metadata as the API server would store it; absent when its version is unknown. */
  readonly identity?: { readonly file: string; readonly object: ProfileObject };
}

/**
 * The problems of one NnfContainerProfile, as the cluster would see them: defaulted and checked
 * against its version's schema, its integers against the webhook's Go types, then against the NNF
 * admission, DWS and reference rules (and `extraRules`). Pure apart from loading schemas.
 */
export function validateProfileObject({ file, object }: ValidationInput, options: ValidateOptions): CheckedProfile {
  const profile = nameOf(object);
  const locate = (findings: readonly Finding[]) => findings.map((f) => ({ ...f, file, profile }));
  const version = options.apiVersion ?? apiVersionFromGroupVersion(String((object as ProfileObject).apiVersion));
  const source = version && options.schemas.get(version);
  if (!version || !source) {
    return {
      findings: locate([
        { severity: 'error', rule: 'schema/api-version', path: 'apiVersion', message: `${String((object as ProfileObject).apiVersion)} is not a version this check knows` },
      ]),
    };
  }
  const profileNamespace = options.profileNamespace ?? 'nnf-system';
  const served = withoutServerFields(object, profileNamespace);
  const { findings, defaulted } = checkAgainstSchema(served, source.schema, source.check, version);
  // A value the schema already refuses never reaches the webhook.
  const refused = new Set(findings.map((f) => f.path));
  findings.push(...decodeFindings(served, source.schema).filter((f) => !refused.has(f.path)));
  const context = { version, era: eraOf(version), profileNamespace, ports: options.ports };
  const ruleFindings = [...profileRules, ...(options.extraRules ?? [])].flatMap((rule) => rule(defaulted as ProfileObject, context));
  const { metadata } = defaulted as ProfileObject;
  return { findings: locate([...findings, ...ruleFindings]), identity: { file, object: { metadata } as ProfileObject } };
}

/** Problems across a set of checked profiles: two of them that would be one Kubernetes object. */
export function duplicateFindings(identities: ReadonlyArray<{ file: string; object: ProfileObject }>): LocatedFinding[] {
  return duplicateProfileNames(identities).map(({ file, finding }) => ({
    ...finding,
    file,
    profile: nameOf(identities.find((d) => d.file === file)?.object),
  }));
}

/** `validateProfileObject` for each of a set, then the checks across the set. */
export function validateProfileObjects(inputs: readonly ValidationInput[], options: ValidateOptions): LocatedFinding[] {
  const checked = inputs.map((input) => validateProfileObject(input, options));
  return [...checked.flatMap((c) => c.findings), ...duplicateFindings(checked.flatMap((c) => (c.identity ? [c.identity] : [])))];
}
