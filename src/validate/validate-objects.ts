import { type ApiVersion, apiVersionFromGroupVersion, eraOf } from '../model';
import type { Finding, LocatedFinding } from './finding';
import { duplicateProfileNames, profileRules } from './rules';
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

/**
 * Every problem of a set of NnfContainerProfiles, as the cluster would see them: each object is
 * defaulted and checked against its version's schema, then against the NNF admission, DWS and
 * reference rules, and the set against duplicate names. Pure apart from loading schemas.
 */
export function validateProfileObjects(inputs: readonly ValidationInput[], options: ValidateOptions): LocatedFinding[] {
  const profileNamespace = options.profileNamespace ?? 'nnf-system';
  const located: LocatedFinding[] = [];
  const defaultedObjects: Array<{ file: string; object: ProfileObject }> = [];
  for (const { file, object } of inputs) {
    const profile = nameOf(object);
    const add = (findings: readonly Finding[]) => located.push(...findings.map((f) => ({ ...f, file, profile })));
    const version = options.apiVersion ?? apiVersionFromGroupVersion(String((object as ProfileObject).apiVersion));
    const source = version && options.schemas.get(version);
    if (!version || !source) {
      add([{ severity: 'error', rule: 'schema/api-version', path: 'apiVersion', message: `${String((object as ProfileObject).apiVersion)} is not a version this check knows` }]);
      continue;
    }
    const input = withoutServerFields(object, profileNamespace);
    const { findings, defaulted } = checkAgainstSchema(input, source.schema, source.check, version);
    add(findings);
    const context = { version, era: eraOf(version), profileNamespace };
    for (const rule of [...profileRules, ...(options.extraRules ?? [])]) add(rule(defaulted as ProfileObject, context));
    defaultedObjects.push({ file, object: defaulted as ProfileObject });
  }
  for (const { file, finding } of duplicateProfileNames(defaultedObjects)) {
    located.push({ ...finding, file, profile: nameOf(defaultedObjects.find((d) => d.file === file)?.object) });
  }
  return located;
}
