import { DW_PROFILE_NAME, storagesOf } from '../../rendered';
import type { Finding } from '../finding';
import type { ProfileObject, ProfileRule } from './context';

/**
 * What the DWS `#DW container` directive rules make unusable: Kubernetes accepts these
 * profiles, but no job can select them or tell their storages apart. Storage names no directive
 * can supply are `job/storage-unsuppliable` (job.ts), as an optional one only warns.
 */

function profileNameFindings(name: unknown): Finding[] {
  if (typeof name !== 'string' || DW_PROFILE_NAME.test(name)) return []; // a missing name is metadata/name's
  return [
    {
      layer: 'job',
      rule: 'dws/profile-name',
      path: 'metadata.name',
      message: `profile name '${name}' does not match ${DW_PROFILE_NAME.source}, so no #DW container directive can select it although Kubernetes accepts it; use lower-case letters, digits and -, starting with a letter (at least 2 characters)`,
    },
  ];
}

function storageFindings(profile: ProfileObject): Finding[] {
  const findings: Finding[] = [];
  const first = new Map<string, string>();
  for (const { name, path } of storagesOf(profile)) {
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, path);
    } else {
      // By its entry, not its path: a profile source calls the list `storages`, YAML `data.storages`.
      const entry = /\[(\d+)\]$/.exec(earlier)?.[1] ?? earlier;
      findings.push({
        layer: 'job',
        rule: 'dws/storage-unique',
        path: `${path}.name`,
        message: `storage '${name}' is already declared as entry ${entry} of the storages, and a #DW container directive supplies each storage once, so the second entry is ambiguous; remove one`,
      });
    }
  }
  return findings;
}

/** Every DWS directive rule over one profile. */
export const dwsRules: ProfileRule = (profile) => [...profileNameFindings(profile?.metadata?.name), ...storageFindings(profile)];
