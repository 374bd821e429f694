import { type ApiVersion, apiVersionFromGroupVersion, eraOf } from '../model';
import { propPathOf, renderedFrom } from '../rendered';
import type { PortRange } from '../site/settings';
import type { Finding, LocatedFinding } from './finding';
import { decodeFindings, duplicateProfileNames, profileRules } from './rules';
import { convertToStorage } from './conversion';
import type { ProfileObject, ProfileRule, RuleContext } from './rules/context';
import { checkAgainstSchema, type SchemaRegistry, type StoringCrd } from './schema';

export interface ValidationInput {
  /**
   * Where the object came from: a profile source or a YAML file. When it is the source the
   * object's `nnf-profiles/source` annotation names, findings are at the prop paths of that
   * source (`launcher.containers[0].command[1]`); otherwise at the object's own paths.
   */
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
  /**
   * The CRD that serves an API version on the cluster: an object in a version that is not the
   * CRD's storage version is judged after the conversion to it, as the cluster judges it.
   * @default - no conversion: each object is judged in its own version
   */
  readonly crdFor?: (version: ApiVersion) => StoringCrd | undefined;
  /** Report fields the conversion drops as lint, not job findings. @default false */
  readonly allowLossyConversion?: boolean;
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
  // Rendered from a profile source, a finding is the source's: at the prop path its author wrote.
  const atProps = renderedFrom(object, file);
  const locate = (findings: readonly Finding[]) =>
    findings.map((f) => ({ ...f, path: atProps ? (propPathOf(f.path) ?? f.path) : f.path, file, profile }));
  const version = options.apiVersion ?? apiVersionFromGroupVersion(String((object as ProfileObject).apiVersion));
  const source = version && options.schemas.get(version);
  if (!version || !source) {
    return {
      findings: locate([
        {
          layer: 'cluster',
          rule: 'schema/api-version',
          path: 'apiVersion',
          message: `${String((object as ProfileObject).apiVersion)} is not a version this check knows`,
        },
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
  // The site's rules judge the object as written; the cluster's, the object as it stores it.
  findings.push(...(options.extraRules ?? []).flatMap((rule) => rule(defaulted as ProfileObject, context)));
  findings.push(...storedProfileFindings(served, defaulted as ProfileObject, version, options, context));
  const { metadata } = defaulted as ProfileObject;
  return { findings: locate(findings), identity: { file, object: { metadata } as ProfileObject } };
}

/**
 * The cluster's rules on the object as stored: the object itself, or, when its CRD stores another
 * version, the object converted to that one, plus what the conversion drops or fails on.
 */
function storedProfileFindings(
  sent: ProfileObject,
  defaulted: ProfileObject,
  version: ApiVersion,
  options: ValidateOptions,
  context: RuleContext,
): Finding[] {
  const crd = options.crdFor?.(version);
  const judge = (object: ProfileObject, ruleContext: RuleContext) => profileRules.flatMap((rule) => rule(object, ruleContext));
  if (crd === undefined || crd.storage === version) return judge(defaulted, context);
  const storageSchema = options.schemas.schema(crd.storage);
  if (storageSchema === undefined) {
    const message = `no schema for ${crd.storage}, the storage version of CRD ${crd.name}: cannot tell what converting ${version} to it keeps`;
    return [{ layer: 'job', rule: 'conversion/lossy', path: '', message }];
  }
  const findings: Finding[] = [];
  // What the user wrote and the conversion drops, not the defaults the server added to it.
  for (const path of convertToStorage(sent, version, crd.storage, storageSchema).dropped) {
    findings.push(droppedFieldFinding(path, version, crd, options.allowLossyConversion === true));
  }
  const converted = convertToStorage(defaulted, version, crd.storage, storageSchema);
  if (converted.failure) return [...findings, { layer: 'cluster', rule: 'conversion/failed', ...converted.failure }];
  const asStored = ` (the cluster judges this ${version} object as the ${crd.storage} it converts it to)`;
  const storedContext = { ...context, version: crd.storage, era: eraOf(crd.storage) };
  for (const finding of judge(converted.object!, storedContext)) {
    findings.push({ ...finding, path: converted.sentPath(finding.path), message: `${finding.message}${asStored}` });
  }
  return findings;
}

function droppedFieldFinding(path: string, version: ApiVersion, crd: StoringCrd, allowed: boolean): Finding {
  const what = `CRD ${crd.name} stores ${crd.storage}, and converting ${version} to ${crd.storage} drops this field: the cluster stores the profile without it, silently, so no job gets it`;
  const consequence = allowed
    ? 'allowLossyConversion is set, so the profile is rendered and stays OutOfSync in Argo CD'
    : `Argo CD reads it back without the field and keeps the profile OutOfSync (self-heal re-applies it); write the profile as ${crd.storage} (in site.ts, omit the environment's apiVersion), remove the field, or set allowLossyConversion: true`;
  return { layer: allowed ? 'lint' : 'job', rule: 'conversion/lossy', path, message: `${what}; ${consequence}` };
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
