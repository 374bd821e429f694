import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolCacheDir } from '../build/cached-build';
import { digest } from '../io/digest';
import { unchangedSince } from '../io/file-stamp';
import { writeAtomically } from '../io/write-atomically';
import { toolCodeDigest } from '../tool-code';

/**
 * The source files earlier runs found clean, so that a run reads and scans only those that
 * changed since. Each record holds the file's content digest, size and mtime. A file with a
 * problem is never recorded: its problems are found again on every run. Kept for one version
 * of the scanner only: a scanner that finds more must look at every file again.
 */

const FORMAT = 'nnf-profiles scanned sources 1';

type CleanRecord = readonly [hash: string, size: number, mtimeMs: number];

/** The stamp of a file as `fs.fstatSync` gives it. */
type Stamp = Pick<fs.Stats, 'size' | 'mtimeMs'> & { isFile(): boolean };

const isRecord = (value: unknown): value is CleanRecord =>
  Array.isArray(value) &&
  value.length === 3 &&
  typeof value[0] === 'string' &&
  typeof value[1] === 'number' &&
  typeof value[2] === 'number';

/** The records kept in `file`, with when they were saved; none when it is unreadable, torn, garbled or another scanner's. */
function load(file: string): { records: Map<string, CleanRecord>; savedMs: number } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    // The save time of the very content read: a rewrite in between cannot lend it a later one.
    const savedMs = fs.fstatSync(fd).mtimeMs;
    const parsed = JSON.parse(fs.readFileSync(fd, 'utf8')) as { format?: unknown; code?: unknown; files?: unknown };
    if (parsed.format === FORMAT && parsed.code === toolCodeDigest() && typeof parsed.files === 'object' && parsed.files !== null) {
      const records = Object.entries(parsed.files);
      // One record that is not one makes the whole file suspect.
      if (records.every(([, record]) => isRecord(record))) return { records: new Map(records as [string, CleanRecord][]), savedMs };
    }
  } catch {
    // No cache yet, or not one this scanner can trust: every file is read.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return { records: new Map(), savedMs: 0 };
}

export class ScanCache {
  /** The cache of the site at `root`, in this tool's cache directory. */
  static open(root: string): ScanCache {
    return new ScanCache(path.join(toolCacheDir(root), 'scanned.json'));
  }

  private readonly records: Map<string, CleanRecord>;
  private readonly savedMs: number;
  /** The records of the files found clean this run, the only ones kept. */
  private readonly clean = new Map<string, CleanRecord>();
  private changed = false;

  private constructor(private readonly file: string) {
    ({ records: this.records, savedMs: this.savedMs } = load(file));
  }

  /**
   * Whether `file`, opened and found with `stamp`, is as it was when found clean, without reading
   * it (Git's racy rule: its size and mtime as recorded, that mtime well before the save). As
   * with Git, content rewritten to the same size with its mtime set back is not seen.
   */
  unchanged(file: string, stamp: Stamp): boolean {
    const record = this.records.get(file);
    if (!record || !stamp.isFile() || !unchangedSince(stamp, record[1], record[2], this.savedMs)) return false;
    this.clean.set(file, record);
    return true;
  }

  /** Whether `file`, read as `bytes`, has the content found clean before; if so it is recorded with its new `stamp`. */
  sameContent(file: string, stamp: Stamp, bytes: Uint8Array): boolean {
    const record = this.records.get(file);
    if (!record || record[0] !== digest(bytes)) return false;
    this.add(file, [record[0], stamp.size, stamp.mtimeMs]);
    // Saved again even with the same stamp: a later save time lets the next run trust a stamp too recent for this one.
    this.changed = true;
    return true;
  }

  /** Records `file`, read as `bytes` with `stamp`, as found clean. */
  foundClean(file: string, stamp: Stamp, bytes: Uint8Array): void {
    this.add(file, [digest(bytes), stamp.size, stamp.mtimeMs]);
  }

  private add(file: string, record: CleanRecord): void {
    const old = this.records.get(file);
    if (!old || old.some((value, i) => value !== record[i])) this.changed = true;
    this.clean.set(file, record);
  }

  /**
   * Writes the records of the files found clean this run, when they differ from those read;
   * any other record (a file with problems now, or no longer listed) is dropped. Never fails.
   */
  save(): void {
    if (!this.changed && this.clean.size === this.records.size) return;
    try {
      const files = Object.fromEntries([...this.clean].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      writeAtomically(this.file, JSON.stringify({ format: FORMAT, code: toolCodeDigest(), files }));
    } catch {
      // A read-only checkout works too; it only scans every file every time.
    }
  }
}
