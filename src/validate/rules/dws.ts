import type { Finding } from '../finding';
import type { ProfileRule } from './context';
import { isObject, listOf } from './pod-walk';

/**
 * What the DWS `#DW container` directive rules make unusable: Kubernetes accepts these
 * profiles, but no job can select them or tell their storages apart. Storage names no directive
 * can supply are `job/storage-unsuppliable` (job.ts), as an optional one only warns.
 */

/** `profile=` of `#DW container`. */
export const DW_PROFILE_NAME = /^[a-z][a-z0-9-]+$/;
/** A storage argument of `#DW container`. */
export const DW_STORAGE_NAME = /^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$/;

function profileNameFindings(name: unknown): Finding[] {
  if (typeof name !== 'string' || DW_PROFILE_NAME.test(name)) return []; // a missing name is metadata/name's
  return [
    {
      layer: 'job',
      rule: 'dws/profile-name',
      path: 'metadata.name',
      message: `profile name '${name}' does not match ^[a-z][a-z0-9-]+$, so no #DW container directive can select it although Kubernetes accepts it; use lower-case letters, digits and -, starting with a letter (at least 2 characters)`,
    },
  ];
}

function storageFindings(storages: unknown): Finding[] {
  const findings: Finding[] = [];
  const first = new Map<string, number>();
  listOf(storages).forEach((storage, i) => {
    const name = isObject(storage) ? storage.name : undefined;
    if (typeof name !== 'string') return; // the schema requires a string name
    const path = `data.storages[${i}].name`;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
    } else {
      findings.push({
        layer: 'job',
        rule: 'dws/storage-unique',
        path,
        message: `storage '${name}' is already declared as data.storages[${earlier}], and a #DW container directive supplies each storage once, so the second entry is ambiguous; remove one`,
      });
    }
  });
  return findings;
}

/** Every DWS directive rule over one profile. */
export const dwsRules: ProfileRule = (profile) => {
  const data = isObject(profile?.data) ? profile.data : {};
  return [...profileNameFindings(profile?.metadata?.name), ...storageFindings(data.storages)];
};
