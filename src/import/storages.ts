import { STORAGE_PREFIX } from '../model';
import { isObject } from '../plain-data';
import { DW_STORAGE_SUFFIX, storageKindOf, unanchored } from '../rendered';
import { call, type Code, object, print, raw, stringLiteral } from './code';
import { identifierFor } from './identifiers';
import type { Entries, ProfileImport } from './profile-import';

const PVC_MODES = ['ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteOncePod'];

/** A storage the file declares: its variable and the `const` that declares it. */
export interface StoragePlan {
  readonly identifier: string;
  readonly declaration: string;
}

/** `data.storages` as `Storage.job(...)`, `Storage.persistent(...)` and `Storage.global(...)` declarations. */
export function importStorages(value: unknown, imp: ProfileImport, taken: Set<string>): StoragePlan[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    imp.note('data.storages', 'not carried over: not a list');
    return [];
  }
  const plans: StoragePlan[] = [];
  value.forEach((storage, i) => {
    const path = `data.storages[${i}]`;
    const name = isObject(storage) ? storage.name : undefined;
    if (!isObject(storage) || typeof name !== 'string') {
      imp.note(path, 'not carried over: a storage needs a name');
      return;
    }
    const kind = storageKindOf(name);
    const bare = kind ? name.slice(STORAGE_PREFIX[kind].length) : '';
    if (!kind || !DW_STORAGE_SUFFIX.test(bare)) {
      imp.note(
        `${path}.name`,
        `not carried over: '${name}' is not DW_JOB_, DW_PERSISTENT_ or DW_GLOBAL_ followed by ${unanchored(DW_STORAGE_SUFFIX)}, so no #DW directive could supply it and Storage cannot declare it`,
      );
      return;
    }
    if (imp.storageIdentifiers.has(name)) {
      imp.note(`${path}.name`, `not carried over: storage ${name} is declared twice`);
      return;
    }
    imp.unknownKeys(storage, ['name', 'optional', 'pvcMode'], path, 'a storage has only name, optional and pvcMode');
    const options: Entries = [];
    if (imp.boolean(storage.optional, `${path}.optional`) === true) options.push(['optional', raw('true')]);
    const pvcMode = imp.oneOf(storage.pvcMode, PVC_MODES, `${path}.pvcMode`);
    if (pvcMode !== undefined) {
      if (kind === 'global') options.push(['pvcMode', raw(stringLiteral(pvcMode))]);
      else imp.note(`${path}.pvcMode`, 'not carried over: only DW_GLOBAL_ storages take a pvcMode (the NNF operator refuses it elsewhere)');
    }
    const identifier = identifierFor(bare, taken, kind.charAt(0).toUpperCase() + kind.slice(1));
    taken.add(identifier);
    imp.storageIdentifiers.set(name, identifier);
    const args: Code[] = [raw(stringLiteral(bare)), ...(options.length > 0 ? [object(options)] : [])];
    plans.push({
      identifier,
      declaration: `const ${identifier} = ${print(call(`Storage.${kind}`, args), 0, `const ${identifier} = `.length, 1)};`,
    });
  });
  return plans;
}
