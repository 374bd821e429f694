import * as fs from 'node:fs';
import * as path from 'node:path';
import { SITE_FILE } from '../synth/discover';
import { UsageError } from './command';

/** The repository a command works on: the nearest directory, from `start` up, holding `site.ts`. */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, SITE_FILE))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `findProjectRoot`, for the commands that need a repository: a usage error outside one. */
export function requireProjectRoot(start: string): string {
  const root = findProjectRoot(start);
  if (!root) throw new UsageError(`no site.ts in ${start} or above it; run from the repository root`);
  return root;
}
