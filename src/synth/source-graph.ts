import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BundleInput } from '../build/cached-build';
import { unchangedSince } from '../io/file-stamp';
import { writeAtomically } from '../io/write-atomically';
import { digest } from '../io/digest';

/**
 * The site's modules as the compilations of earlier runs found them: each file's digest, size,
 * mtime and the files it imports. It tells, before anything is compiled, which profiles' modules are
 * unchanged, so that a run compiles only the profiles it has to render, and gives each profile's
 * source digest for the render cache.
 */

const FORMAT = 'nnf-profiles source graph 2';

type SourceRecord = readonly [hash: string, size: number, mtimeMs: number, imports: readonly string[]];

export class SourceGraph {
  /** The graph kept in `file`; an unreadable one is empty. Paths are relative to `root`. */
  static open(file: string, root: string): SourceGraph {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; files?: Record<string, SourceRecord> };
      if (parsed.format === FORMAT && parsed.files)
        return new SourceGraph(file, root, new Map(Object.entries(parsed.files)), fs.statSync(file).mtimeMs);
    } catch {
      // No graph yet: every profile is compiled.
    }
    return new SourceGraph(file, root, new Map(), 0);
  }

  /** Files whose content is known to be as recorded (undefined: changed or gone). */
  private readonly verified = new Map<string, string | undefined>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly root: string,
    private readonly records: Map<string, SourceRecord>,
    private readonly savedMs: number,
  ) {}

  /** The digest of `file` when it still has the recorded content, checked once per run. */
  private current(file: string): string | undefined {
    if (this.verified.has(file)) return this.verified.get(file);
    const record = this.records.get(file);
    let hash: string | undefined;
    try {
      const stat = fs.statSync(path.resolve(this.root, file));
      // As Git's index does: a file with the recorded size and mtime, well before the save, is unchanged.
      const untouched = record && unchangedSince(stat, record[1], record[2], this.savedMs);
      if (untouched) hash = record[0];
      else if (record && digest(fs.readFileSync(path.resolve(this.root, file))) === record[0]) {
        // Only its times moved (a checkout): recorded anew, so the next run need not read it.
        hash = record[0];
        this.records.set(file, [hash, stat.size, stat.mtimeMs, record[3]]);
        this.changed = true;
      }
    } catch {
      hash = undefined;
    }
    this.verified.set(file, hash);
    return hash;
  }

  /** `file` and what it imports, transitively; undefined when one is unknown or changed. */
  private closure(file: string): Map<string, string> | undefined {
    const found = new Map<string, string>();
    const visit = (current: string): boolean => {
      if (found.has(current)) return true;
      const hash = this.current(current);
      if (hash === undefined) return false;
      found.set(current, hash);
      return this.records.get(current)![3].every(visit);
    };
    return visit(file) ? found : undefined;
  }

  /** The digest of `file` and its imports, or undefined when one is unknown or changed. */
  digestOf(file: string): string | undefined {
    const found = this.closure(file);
    return (
      found &&
      digest(
        [...found]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([f, hash]) => `${f}\0${hash}`)
          .join('\n'),
      )
    );
  }

  /** The files reachable from `entries` through their recorded imports, as recorded (not checked). */
  private reachable(entries: readonly string[]): Set<string> {
    const found = new Set<string>();
    const visit = (file: string) => {
      if (found.has(file) || !this.records.has(file)) return;
      found.add(file);
      this.records.get(file)![3].forEach(visit);
    };
    entries.forEach(visit);
    return found;
  }

  /** Records the inputs of a compilation just made, as they are now. */
  add(inputs: readonly BundleInput[]): void {
    for (const [file, hash, imports] of inputs) {
      try {
        const { size, mtimeMs } = fs.statSync(path.resolve(this.root, file));
        this.records.set(file, [hash, size, mtimeMs, imports]);
        this.verified.set(file, hash);
        this.changed = true;
      } catch {
        // Gone since the build: unknown next time.
      }
    }
  }

  /** Writes the graph, keeping only files reachable from `entries`; never fails. */
  save(entries: readonly string[]): void {
    const keep = this.reachable(entries);
    if (!this.changed && keep.size === this.records.size) return;
    try {
      const files = Object.fromEntries([...keep].sort().map((file) => [file, this.records.get(file)!]));
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      writeAtomically(this.file, JSON.stringify({ format: FORMAT, files }));
    } catch {
      // A read-only checkout works too; it only compiles every profile every time.
    }
  }
}
