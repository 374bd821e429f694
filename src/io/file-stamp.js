'use strict';
// JavaScript: the bundle cache (src/build/cached-build.js) judges its inputs with it before any
// TypeScript runs.

/** A file changed this close before its record was saved may change again within one mtime tick. */
const RACY_MS = 1000;

/**
 * Whether a file is as recorded without reading it, as Git's index judges: `stat` (the file now)
 * has the recorded `size` and `mtimeMs`, and that mtime is well before `savedMs`, when the record
 * was saved. A file written in the same tick as it was recorded could have changed unseen since.
 */
function unchangedSince(stat, size, mtimeMs, savedMs) {
  return stat.size === size && stat.mtimeMs === mtimeMs && mtimeMs < savedMs - RACY_MS;
}

module.exports = { unchangedSince };
