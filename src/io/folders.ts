import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `mkdir -p`, one folder at a time from the deepest one that exists. Node's own recursive mkdir
 * never returns on some file systems (a path below /proc spins forever); this fails at once.
 */
export function makeFolders(dir: string, io: Pick<typeof fs, 'mkdirSync' | 'statSync'> = fs): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stat = io.statSync(current, { throwIfNoEntry: false });
    if (stat) break;
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) {
    try {
      io.mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process: as good.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
