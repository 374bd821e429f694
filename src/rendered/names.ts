import { STORAGE_PREFIX, type StorageKind } from '../model';

/**
 * The names a `#DW container` directive reads, as the DWS rules define them: a profile it can
 * select and the storage arguments it can supply. Messages print these patterns from `.source`.
 */

/** `profile=` and `name=` of `#DW` directives: what makes a profile selectable. */
export const DW_PROFILE_NAME = /^[a-z][a-z0-9-]+$/;

/** What follows a storage's prefix; it becomes part of an environment variable's name. */
export const DW_STORAGE_SUFFIX = /^[a-z][a-z0-9_]+$/;

/** A storage argument of `#DW container`: `^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$`. */
export const DW_STORAGE_NAME = new RegExp(`^(${Object.values(STORAGE_PREFIX).join('|')})${unanchored(DW_STORAGE_SUFFIX)}$`);

/** A pattern's text without its `^` and `$`, for messages that quote part of a name. */
export function unanchored(pattern: RegExp): string {
  return pattern.source.replace(/^\^|\$$/g, '');
}

/** The kind a storage name's prefix says, or undefined when it has none of the three. */
export function storageKindOf(name: string): StorageKind | undefined {
  return (Object.keys(STORAGE_PREFIX) as StorageKind[]).find((kind) => name.startsWith(STORAGE_PREFIX[kind]));
}
