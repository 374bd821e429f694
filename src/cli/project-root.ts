import * as fs from 'node:fs';
import * as path from 'node:path';
import { SITE_FILE } from '../synth/discover';

/** The repository a command works on: the nearest directory, from `start` up, holding `site.ts`. */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, SITE_FILE))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
