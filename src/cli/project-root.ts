import * as fs from 'node:fs';
import * as path from 'node:path';
import { SITE_FILE } from '../synth/discover';
import { UsageError } from './command';

/**
 * The repository a command works on: the nearest directory, from `start` up, holding `site.ts`.
 * A dangling link named site.ts marks it too, so that synth can say what is wrong with it.
 */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.lstatSync(path.join(dir, SITE_FILE), { throwIfNoEntry: false })) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `findProjectRoot`, for the commands that need a repository: a usage error outside one. */
export function requireProjectRoot(start: string): string {
  const root = findProjectRoot(start);
  if (!root) throw new UsageError(`no site.ts in ${start} or above it; run from the repository root`);
  return root;
}
