/** The three kinds of storage a profile can ask for, by their `#DW` name prefix. */
export type StorageKind = 'job' | 'persistent' | 'global';

export const STORAGE_PREFIX: Record<StorageKind, string> = {
  job: 'DW_JOB_',
  persistent: 'DW_PERSISTENT_',
  global: 'DW_GLOBAL_',
};

/** Access modes a global Lustre storage may be mounted with. */
export type PvcMode = 'ReadWriteMany' | 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteOncePod';

/** A storage as the profile declares it (version-neutral). */
export interface StorageModel {
  /** Full name with prefix, e.g. `DW_JOB_foo_local_storage`. */
  readonly name: string;
  readonly kind: StorageKind;
  readonly optional: boolean;
  /** Only for global storages. */
  readonly pvcMode?: PvcMode;
}
