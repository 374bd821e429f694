/** Writes `file` through a temporary file and a rename, so a reader never sees half of it. */
export function writeAtomically(file: string, content: string | Uint8Array): void;
