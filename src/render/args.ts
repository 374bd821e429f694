import type { ArgModel, StorageRef } from '../model';

/** `$(DW_JOB_x)` or `$(DW_JOB_x)/sub/path`: how a container sees a storage's mount path. */
export function storagePathText(ref: StorageRef): string {
  const variable = `$(${ref.storageName})`;
  return ref.subPath ? `${variable}/${ref.subPath}` : variable;
}

/** The storage references an argument makes. */
export function storageRefsOf(arg: ArgModel): StorageRef[] {
  return typeof arg === 'string' ? [] : arg.parts.filter((p): p is StorageRef => typeof p !== 'string');
}

export function renderArg(arg: ArgModel): string {
  if (typeof arg === 'string') return arg;
  return arg.parts.map((p) => (typeof p === 'string' ? p : storagePathText(p))).join('');
}
