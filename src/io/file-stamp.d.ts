/**
 * Whether a file with `stat` is as recorded (`size`, `mtimeMs`) without reading it: Git's racy
 * rule, trusting only an mtime well before `savedMs`, when the record was saved.
 */
export function unchangedSince(
  stat: { readonly size: number; readonly mtimeMs: number },
  size: number,
  mtimeMs: number,
  savedMs: number,
): boolean;
