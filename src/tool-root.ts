import * as path from 'node:path';

/** Set by `src/build/load-tool.js`, which starts the tool: bundled code cannot tell. */
export const TOOL_ROOT = Symbol.for('nnf-profiles.toolRoot');

/**
 * This tool's repository, where its generated schema artifacts and its cache live: as the entry
 * script set it, or, running from source (tests), this file's own location.
 */
export function toolRoot(): string {
  const set = (globalThis as Record<symbol, unknown>)[TOOL_ROOT];
  return typeof set === 'string' ? set : path.resolve(__dirname, '..');
}
