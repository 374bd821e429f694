'use strict';
// JavaScript: the bundle cache (src/build/cached-build.js) writes with it before any TypeScript runs.
const fs = require('node:fs');

/**
 * Writes `file` through a temporary file and a rename, so a reader never sees half of it; the
 * temporary file is removed when writing fails.
 */
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

module.exports = { writeAtomically };
