import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Folders of the repository that hold its own files: synth output never goes into them. */
const SOURCE_FOLDERS = ['.git', '.github', 'node_modules', 'profiles', 'src', 'imports', 'test', 'bin', 'scripts'];

export interface OutputFolderContext {
  /** The folder relative paths are taken from. */
  readonly cwd: string;
  /** The repository root (the folder holding site.ts). */
  readonly root: string;
  /** @default - the user's home folder */
  readonly home?: string;
}

/**
 * Why `value` (from `source`, e.g. `--out`) cannot be synth's output folder, or undefined when it
 * can. Synth replaces and removes files in its output folder, so a value that would make it the
 * file system root, a home folder, the repository itself or one of its source folders is refused
 * before any work, whatever the folder holds.
 */
export function outputFolderProblem(value: string, source: string, context: OutputFolderContext): string | undefined {
  const named = `${source} ${JSON.stringify(value)}`;
  if (value.trim() === '') return `${named}: empty; name the output folder, e.g. ${source === '--out' ? '--out dist' : `${source}=dist`}`;
  if (value.includes('\0')) return `${named}: not a path`;
  const folder = path.resolve(context.cwd, value);
  const root = path.resolve(context.root);
  const home = path.resolve(context.home ?? os.homedir());
  if (folder === path.parse(folder).root) return `${named}: is the file system root; name a folder of its own, e.g. dist`;
  if (folder === home) return `${named}: is your home folder; name a folder of its own, e.g. dist`;
  if (folder === root || root.startsWith(folder + path.sep)) {
    return `${named}: is the repository${folder === root ? '' : ' or a folder above it'} (${folder}); name a folder of its own, e.g. dist`;
  }
  const top = SOURCE_FOLDERS.find((name) => {
    const source = path.join(root, name);
    return folder === source || folder.startsWith(source + path.sep);
  });
  if (top) return `${named}: is inside the repository's ${top}/ folder; name a folder of its own, e.g. dist`;
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) return `${named}: is a file, not a folder`;
  return undefined;
}
