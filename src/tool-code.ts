import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolRoot } from './tool-root';

/**
 * Set by `src/build/load-tool.js`: the digest of the CLI bundle it runs, which holds every module
 * of `src/`; and the function that returns the bundle's instance of one of them.
 */
export const TOOL_CODE_DIGEST = Symbol.for('nnf-profiles.toolCodeDigest');
export const TOOL_MODULES = Symbol.for('nnf-profiles.toolModules');

let fromSources: string | undefined;

/** Every file below `folder`, relative to it, sorted. */
function filesBelow(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true, withFileTypes: false }) as string[])
    .filter((file) => fs.statSync(path.join(folder, file)).isFile())
    .sort();
}

/**
 * What this tool's code is, as a digest: it changes whenever a module of `src/` does. Running
 * from the CLI bundle, the bundle's digest; from source (tests), that of the files themselves.
 */
export function toolCodeDigest(): string {
  const set = (globalThis as Record<symbol, unknown>)[TOOL_CODE_DIGEST];
  if (typeof set === 'string') return set;
  if (fromSources === undefined) {
    const src = path.join(toolRoot(), 'src');
    const hash = crypto.createHash('sha256');
    for (const file of filesBelow(src))
      hash
        .update(`${file}\0`)
        .update(fs.readFileSync(path.join(src, file)))
        .update('\0');
    fromSources = hash.digest('hex');
  }
  return fromSources;
}

type ToolModules = (file: string) => unknown;

/**
 * The instance of this tool's module `file` (its path below the tool's root, `src/index.ts`) that
 * the running code uses, or undefined when there is no such module. Site code compiled on its own
 * requires the tool through this, so its constructs are the classes synth checks against.
 */
export function toolModule(file: string): unknown {
  const modules = (globalThis as Record<symbol, unknown>)[TOOL_MODULES] as ToolModules | undefined;
  if (modules) return modules(file);
  // Running from source: Node's (or the test runner's) own instance.
  const absolute = path.join(toolRoot(), file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module named at run time
  return fs.statSync(absolute, { throwIfNoEntry: false })?.isFile() ? require(absolute) : undefined;
}
