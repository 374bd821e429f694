import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceAtomically, writeAtomically } from '../../bin/cached-build';
import { BufferedWriter, WindowedReader } from '../io/buffered-file';

/** A file's content: text, or the pieces of a text too large to hold as one string. */
export type FileContent = string | (() => Iterable<string>);

export interface WriteSummary {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

/** The entries of directory `dir`, or none when there is no such directory. */
function entriesOf(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw error;
  }
}

/** The files below `dir`, as `/`-separated paths that begin with `prefix`. */
function listFiles(dir: string, prefix: string): string[] {
  return entriesOf(dir).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** Removes the empty directories below `dir`, and `dir` itself when it empties and is not `keep`; returns whether it did. */
function removeEmptyDirs(dir: string, keep: string): boolean {
  const entries = entriesOf(dir);
  const left = entries.filter((entry) => !(entry.isDirectory() && removeEmptyDirs(path.join(dir, entry.name), keep))).length;
  if (dir === keep || left > 0 || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return false;
  fs.rmdirSync(dir);
  return true;
}

function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether `file` holds exactly the text `pieces` make, compared a piece at a time. */
function holdsPieces(file: string, pieces: Iterable<string>): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const reader = new WindowedReader(fd);
    let position = 0;
    for (const piece of pieces) {
      const expected = Buffer.from(piece, 'utf8');
      if (!reader.read(position, expected.length).equals(expected)) return false;
      position += expected.length;
    }
    return fs.fstatSync(fd).size === position;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `pieces` to `file` through a temporary file and a rename: the text is never whole in memory. */
function writePieces(file: string, pieces: Iterable<string>): void {
  replaceAtomically(file, (temporary) => {
    const fd = fs.openSync(temporary, 'w');
    try {
      const writer = new BufferedWriter(fd);
      for (const piece of pieces) writer.write(piece);
      writer.flush();
    } finally {
      fs.closeSync(fd);
    }
  });
}

/**
 * Makes `outDir` hold exactly `files` within `scopes` (subdirectories; all of `outDir` when
 * undefined). Only files whose bytes change are written; a replaced file goes through a temporary
 * file and a rename, so a reader never sees half of it. Stale YAML in scope is removed. Files that are not
 * YAML are left alone.
 */
export function writeOutput(outDir: string, files: ReadonlyMap<string, FileContent>, scopes?: readonly string[]): WriteSummary {
  let written = 0;
  let unchanged = 0;
  let removed = 0;
  fs.mkdirSync(outDir, { recursive: true });
  const made = new Set<string>();
  const inside = path.resolve(outDir) + path.sep;
  for (const [relative, content] of files) {
    const target = path.resolve(outDir, relative);
    // Names come from objects: refuse anything that would land outside the output directory.
    if (relative.includes('\0') || !target.startsWith(inside)) {
      throw new Error(`refusing to write ${JSON.stringify(relative)}: it is not a path inside ${outDir}`);
    }
    if (!made.has(path.dirname(target))) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      made.add(path.dirname(target));
    }
    if (typeof content === 'function') {
      if (holdsPieces(target, content())) {
        unchanged++;
      } else {
        writePieces(target, content());
        written++;
      }
      continue;
    }
    const existing = readIfPresent(target);
    if (existing === content) {
      unchanged++;
      continue;
    }
    if (existing === undefined) {
      fs.writeFileSync(target, content);
    } else {
      writeAtomically(target, content);
    }
    written++;
  }
  const roots = scopes ? scopes.map((s) => path.join(outDir, s)) : [outDir];
  for (const root of roots) {
    const prefix = root === outDir ? '' : `${path.relative(outDir, root).split(path.sep).join('/')}/`;
    for (const key of listFiles(root, prefix)) {
      if (/\.ya?ml$/.test(key) && !files.has(key)) {
        fs.rmSync(path.join(outDir, key));
        removed++;
      }
    }
    removeEmptyDirs(root, outDir);
  }
  return { written, unchanged, removed };
}
