import * as fs from 'node:fs';
import * as path from 'node:path';

export const PROFILES_DIR = 'profiles';
export const SITE_FILE = 'site.ts';

/** Profile modules under `profiles/`, as sorted repository-relative paths: adding a file adds a profile. */
export function discoverProfileFiles(root: string): string[] {
  const dir = path.join(root, PROFILES_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name) && !/\.(d|test|spec)\.ts$/.test(entry.name))
    .map((entry) => `${PROFILES_DIR}/${entry.name}`)
    .sort();
}
