import { storagePathText } from '../render/args';
import { type PvcMode, STORAGE_PREFIX, type StorageKind, type StorageModel, type StorageRef } from '../model';
import { DW_STORAGE_SUFFIX, unanchored } from '../rendered';
import { factoryError, type FieldsOf, propProblems, propProblemText, type PropsShape } from '../validate/props';

/** Options of every storage factory (`Storage.job`, `Storage.persistent`, `Storage.global`). */
export interface StorageOptions {
  /**
   * Whether users may leave this storage out of their `#DW container` directive.
   * @default false
   */
  readonly optional?: boolean;
}

/** Options of `Storage.global`: a Lustre file system the cluster mounts through a claim. */
export interface GlobalStorageOptions extends StorageOptions {
  /**
   * Access mode of the global Lustre file system's claim; must match its LustreFilesystem.
   * @default - the operator's default, ReadWriteMany
   */
  readonly pvcMode?: PvcMode;
}

const STORAGE_OPTION_FIELDS = { optional: 'boolean' } satisfies FieldsOf<StorageOptions>;
const STORAGE_OPTIONS: PropsShape = { of: 'Storage.job and Storage.persistent', noun: 'option', fields: STORAGE_OPTION_FIELDS };
const GLOBAL_STORAGE_OPTIONS: PropsShape = {
  of: 'Storage.global',
  noun: 'option',
  fields: { ...STORAGE_OPTION_FIELDS, pvcMode: 'string' } satisfies FieldsOf<GlobalStorageOptions>,
};

/** A path below a storage's mount point, usable as a whole `command` / `args` element. */
export class StoragePath implements StorageRef {
  constructor(
    readonly storageName: string,
    readonly subPath?: string,
  ) {}

  /** `$(DW_JOB_x)/sub`: the text the container's runtime expands. */
  toString(): string {
    return storagePathText(this);
  }
}

/**
 * A storage a profile declares, named as users name it in `#DW container` arguments.
 *
 * @example
 * const scratch = Storage.job('scratch');
 * new ContainerProfile(scope, 'app', { storages: [scratch], containers: [{ ..., args: [scratch.path('out')] }] });
 */
export class Storage {
  /** Storage from a `#DW jobdw` directive of the same job (`DW_JOB_<name>`). */
  static job(name: string, options: StorageOptions = {}): Storage {
    return new Storage('job', name, options);
  }

  /** Storage from a `#DW persistentdw` directive (`DW_PERSISTENT_<name>`). */
  static persistent(name: string, options: StorageOptions = {}): Storage {
    return new Storage('persistent', name, options);
  }

  /** A global Lustre file system given by path (`DW_GLOBAL_<name>`). */
  static global(name: string, options: GlobalStorageOptions = {}): Storage {
    return new Storage('global', name, options);
  }

  /** Full name, e.g. `DW_JOB_scratch`: the `#DW container` argument and the container's variable. */
  readonly name: string;

  readonly optional: boolean;
  readonly pvcMode?: PvcMode;

  private constructor(
    readonly kind: StorageKind,
    name: string,
    options: GlobalStorageOptions,
  ) {
    const prefix = STORAGE_PREFIX[kind];
    // Accept the name with or without its prefix; a different prefix is a mistake.
    const bare = name.startsWith(prefix) ? name.slice(prefix.length) : name;
    const shape = kind === 'global' ? GLOBAL_STORAGE_OPTIONS : STORAGE_OPTIONS;
    const problems = propProblems(options, shape, 'options', [STORAGE_OPTIONS, GLOBAL_STORAGE_OPTIONS]).map(propProblemText);
    if (/^DW_/i.test(bare)) {
      problems.unshift(`a ${kind} storage's name starts with ${prefix}; give the part after it`);
    } else if (!DW_STORAGE_SUFFIX.test(bare)) {
      problems.unshift(
        `'${bare}' must match ${unanchored(DW_STORAGE_SUFFIX)} (lower case, digits, underscores; it becomes an environment variable and a #DW argument)`,
      );
    }
    if (problems.length > 0) throw factoryError(`Storage.${kind}('${name}')`, problems);
    this.name = `${prefix}${bare}`;
    this.optional = options.optional ?? false;
    this.pvcMode = options.pvcMode;
  }

  /** The storage's mount path, or a path below it, for `command` and `args`. */
  path(subPath?: string): StoragePath {
    const trimmed = subPath?.replace(/^\/+/, '');
    return new StoragePath(this.name, trimmed || undefined);
  }

  /** @internal */
  toModel(): StorageModel {
    return { name: this.name, kind: this.kind, optional: this.optional, pvcMode: this.pvcMode };
  }
}
