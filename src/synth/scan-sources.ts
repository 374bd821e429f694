import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTokens, tokenMessage } from '../secrets/plaintext';
import { PROFILES_DIR, SITE_FILE } from './discover';

function sourceFiles(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(root, relative);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [relative] : [];
  });
}

/**
 * Token-looking text in site.ts and profiles/, as `file:line` messages that never repeat the
 * token. Checked before anything is rendered: a token in a source file is already a leak.
 */
export function scanSources(root: string): string[] {
  // The listing found the profiles; only site.ts may be missing.
  const files = [...(fs.existsSync(path.join(root, SITE_FILE)) ? [SITE_FILE] : []), ...sourceFiles(root, PROFILES_DIR)];
  return files.flatMap((file) => findTokens(fs.readFileSync(path.join(root, file), 'utf8'), file).map(tokenMessage));
}
