import * as fs from 'node:fs';
import * as path from 'node:path';

export const PROFILES_DIR = 'profiles';
export const SITE_FILE = 'site.ts';

/**
 * Profile modules under `profiles/`, as sorted repository-relative paths: adding a file adds a profile.
 * Only regular files count; anything else there (a symbolic link, dangling or not) is left to
 * `listSourceFiles`, which refuses it, so listing never fails on it.
 */
export function discoverProfileFiles(root: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, PROFILES_DIR), { withFileTypes: true });
  } catch {
    return []; // missing, not a directory or unreadable: `listSourceFiles` says which, when it matters
  }
  return entries
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name) && !/\.(d|test|spec)\.ts$/.test(entry.name))
    .map((entry) => `${PROFILES_DIR}/${entry.name}`)
    .sort();
}

/** The source files of a site and what keeps the rest of its sources from being read. */
export interface SourceListing {
  /** `site.ts`, then every regular file below `profiles/` (directory by directory, by name), repository-relative. */
  readonly files: readonly string[];
  /** One message per entry that is not a regular file (or cannot be listed), naming it. */
  readonly problems: readonly string[];
}

/** `fs.stat` (or `fs.lstat`) that answers undefined instead of throwing: a link loop, a vanished entry. */
function statOf(file: string, follow: boolean): fs.Stats | undefined {
  try {
    return follow ? fs.statSync(file) : fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

function describeKind(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFile()) return 'a regular file';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * A symbolic link is refused rather than followed: what synth would read is then not what Git
 * shows reviewers (a link can point outside the repository, or nowhere). Named pipes and devices
 * are refused before anything tries to read them.
 */
function entryProblem(root: string, relative: string, stats: fs.Stats, rule: string): string {
  if (stats.isSymbolicLink()) {
    const target = statOf(path.join(root, relative), true);
    const link = target ? 'a symbolic link' : 'a dangling symbolic link';
    return `${relative} is ${link}; ${rule}: copy the ${target?.isDirectory() ? 'directory' : 'file'} in instead`;
  }
  return `${relative} is ${describeKind(stats)}; ${rule}: remove it`;
}

const PROFILES_RULE = `${PROFILES_DIR}/ holds regular files only`;

function walkProfiles(root: string, relative: string, files: string[], problems: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch (error) {
    problems.push(`${relative}/ cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = `${relative}/${entry.name}`;
    if (entry.isDirectory()) walkProfiles(root, child, files, problems);
    else if (entry.isFile()) files.push(child);
    else {
      const stats = statOf(path.join(root, child), false);
      if (stats) problems.push(entryProblem(root, child, stats, PROFILES_RULE));
    }
  }
}

/**
 * Every file synth reads from the site, for the checks that run on sources before anything is
 * rendered. Never follows a link and never throws on what it finds: each entry that is not a
 * regular file becomes a problem naming it. A missing `site.ts` or `profiles/` is not a problem
 * here.
 */
export function listSourceFiles(root: string): SourceListing {
  const files: string[] = [];
  const problems: string[] = [];
  const site = statOf(path.join(root, SITE_FILE), false);
  if (site?.isFile()) files.push(SITE_FILE);
  else if (site) problems.push(entryProblem(root, SITE_FILE, site, `${SITE_FILE} must be a regular file`));
  const profiles = statOf(path.join(root, PROFILES_DIR), false);
  if (profiles?.isDirectory()) walkProfiles(root, PROFILES_DIR, files, problems);
  else if (profiles) problems.push(entryProblem(root, PROFILES_DIR, profiles, `${PROFILES_DIR}/ must be a directory in the repository`));
  return { files, problems };
}
