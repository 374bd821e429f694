import * as path from 'node:path';

/**
 * This tool's repository, where its generated schema artifacts and its cache live. Run through
 * `bin/nnf-profiles.js` the code is bundled, so the entry script tells; run from source (tests),
 * this file's own location does.
 */
export function toolRoot(): string {
  const main = require.main?.filename;
  if (main && path.basename(main) === 'nnf-profiles.js' && path.basename(path.dirname(main)) === 'bin') {
    return path.dirname(path.dirname(main));
  }
  return path.resolve(__dirname, '..');
}
