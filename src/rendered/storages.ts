import { STORAGE_PREFIX, type StorageKind } from '../model';
import { isObject } from '../plain-data';
import { DW_STORAGE_NAME, storageKindOf } from './names';
import { dataOf, listOf, nonEmptyString, type ProfileObject } from './pods';

/** One entry of `data.storages` that has a name, as a job sees it. */
export interface RenderedStorage {
  /** `data.storages[i]`. */
  readonly path: string;
  /** The full name, e.g. `DW_JOB_foo_local_storage`: the `#DW container` argument and the variable. */
  readonly name: string;
  /** From the prefix; undefined when the name has none of the three. */
  readonly kind?: StorageKind;
  /** The part after the prefix (`foo_local_storage`); the whole name when it has no prefix. */
  readonly suffix: string;
  readonly optional: boolean;
  readonly pvcMode?: string;
  /** The name matches `DW_STORAGE_NAME`: a `#DW container` directive can supply it. */
  readonly usable: boolean;
}

/** The storages of a profile whose name is a string (possibly empty), in order. */
export function storagesOf(profile: ProfileObject): RenderedStorage[] {
  const out: RenderedStorage[] = [];
  listOf(dataOf(profile).storages).forEach((storage, i) => {
    if (!isObject(storage) || typeof storage.name !== 'string') return;
    const { name } = storage;
    const kind = storageKindOf(name);
    out.push({
      path: `data.storages[${i}]`,
      name,
      kind,
      suffix: kind ? name.slice(STORAGE_PREFIX[kind].length) : name,
      optional: storage.optional === true,
      pvcMode: nonEmptyString(storage.pvcMode),
      usable: DW_STORAGE_NAME.test(name),
    });
  });
  return out;
}
