import * as fs from 'node:fs';
import * as path from 'node:path';
import { digest } from '../io/digest';
import { writeAtomically } from '../io/write-atomically';

/**
 * The per-profile render cache: what a profile file gave an environment (its objects as YAML,
 * its findings, its catalog entry), reused while every input of that render is unchanged, so an
 * unchanged profile is not evaluated, rendered or checked again.
 *
 * Profile code runs in the seat belt, which keeps the environment, the clock, random numbers,
 * the network, child processes and files outside the repository from it; what it can read is
 * therefore in the key or recorded with the entry:
 * - this tool's code (every module of `src/`), the lock file (package versions), the schemas,
 *   Node.js, the platform and locale, and the root;
 * - the content of the profile module and of every site module it imports (from esbuild's inputs);
 * - the environment and the site's settings (the `context` synth gives each lookup);
 * - the files in the repository the profile's code read while it ran (`reads`, checked on use).
 *
 * Module variables are no input: each profile file's code, with the site modules it imports, is
 * evaluated anew for each environment it renders (see `bundleProject`).
 */

/** Changes when the shape of an entry does. */
const FORMAT = 'nnf-profiles render cache 2';

/**
 * The digest of a value's content, whatever the order of its keys: plain data, class instances
 * (with their class's name), maps, sets, and functions by their source.
 */
export function contentDigest(value: unknown): string {
  return digest(canonical(value, new Set()));
}

function canonical(value: unknown, seen: Set<unknown>): string {
  if (typeof value === 'function') return `function ${Function.prototype.toString.call(value)}`;
  if (value === null || typeof value !== 'object')
    return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  if (seen.has(value)) return '(cycle)';
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((v) => canonical(v, seen)).join(',')}]`;
    if (value instanceof Map) return `Map${canonical([...value.entries()], seen)}`;
    if (value instanceof Set) return `Set${canonical([...value], seen)}`;
    const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    const kind = prototype === null || prototype === Object.prototype ? '' : (prototype.constructor?.name ?? '?');
    const record = value as Record<string, unknown>;
    return `${kind}{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key], seen)}`)
      .join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

/** What a path holds now, as a digest: a file's bytes, a folder's names, or that it is absent. */
function pathDigest(file: string): string {
  try {
    const stat = fs.statSync(file);
    return stat.isDirectory() ? `folder ${digest(fs.readdirSync(file).sort().join('\n'))}` : digest(fs.readFileSync(file));
  } catch (error) {
    return `absent ${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
}

/** Reuse of profile renders across runs; synth sees only this. */
export interface ProfileCache {
  /** Whether `lookup` would give what `file` gave environment `environment` with settings `context`. */
  holds(environment: string, file: string, context: string): boolean;
  /** What `file` gave environment `environment` with settings `context`, when no input changed since. */
  lookup(environment: string, file: string, context: string): unknown;
  /** Keeps what `file` gave, with the files its code read (absolute paths). */
  store(environment: string, file: string, context: string, value: unknown, reads: readonly string[]): void;
}

interface Entry {
  readonly key: string;
  /** Absolute path → its digest when the profile was rendered. */
  readonly reads: ReadonlyArray<readonly [string, string]>;
  readonly value: unknown;
}

export interface RenderCacheOptions {
  /** Where the cache is kept. */
  readonly file: string;
  /**
   * The digest of everything a profile's renders depend on beyond its environment and the site's
   * settings: its modules and the tool's. Undefined when unknown: nothing is reused.
   */
  readonly sourceKey: (file: string) => string | undefined;
}

/** An entry as kept: parsed, and its line of the file, written again as it is when the entry is reused. */
interface Kept {
  readonly entry: Entry;
  readonly line: string;
}

/**
 * The file: the digest of the rest, then the format, then one line per entry, `[slot, entry]` as
 * JSON. A torn or altered file is ignored as a whole: everything is rendered again.
 */
function readEntries(file: string): Map<string, Kept> {
  try {
    // Bytes, digested as they are: decoding and encoding again would double the cost.
    const bytes = fs.readFileSync(file);
    const newline = bytes.indexOf(0x0a);
    if (newline < 0 || bytes.toString('latin1', 0, newline) !== digest(bytes.subarray(newline + 1))) return new Map();
    const [format, ...lines] = bytes.toString('utf8', newline + 1).split('\n');
    if (format !== JSON.stringify(FORMAT)) return new Map();
    return new Map(
      lines.map((line) => {
        const [slot, entry] = JSON.parse(line) as [string, Entry];
        return [slot, { entry, line }];
      }),
    );
  } catch {
    return new Map();
  }
}

/** The render cache of one repository, read once per run and written once after a successful one. */
export class RenderCache implements ProfileCache {
  static open(options: RenderCacheOptions): RenderCache {
    return new RenderCache(options, readEntries(options.file));
  }

  /** Renders made this run, and renders reused. */
  rendered = 0;
  reused = 0;

  /** The lines of the entries this run used or made. */
  private readonly next = new Map<string, string>();
  private stored = false;

  private constructor(
    private readonly options: RenderCacheOptions,
    private readonly previous: ReadonlyMap<string, Kept>,
  ) {}

  private keyOf(file: string, context: string): string | undefined {
    const source = this.options.sourceKey(file);
    // Digests already, joined rather than digested again: a run asks for two thousand.
    return source === undefined ? undefined : `${source}\n${context}`;
  }

  /** `reusable`'s answers: synth asks `holds` first, `lookup` again, and each answer costs digests. */
  private readonly checked = new Map<string, Kept | undefined>();

  private reusable(environment: string, file: string, context: string): Kept | undefined {
    const slot = `${environment}\n${file}`;
    const asked = `${slot}\n${context}`;
    if (this.checked.has(asked)) return this.checked.get(asked);
    const kept = this.previous.get(slot);
    const key = this.keyOf(file, context);
    const reusable =
      key !== undefined && kept?.entry.key === key && kept.entry.reads.every(([read, was]) => pathDigest(read) === was) ? kept : undefined;
    this.checked.set(asked, reusable);
    return reusable;
  }

  holds(environment: string, file: string, context: string): boolean {
    return this.reusable(environment, file, context) !== undefined;
  }

  lookup(environment: string, file: string, context: string): unknown {
    const kept = this.reusable(environment, file, context);
    if (kept) {
      this.next.set(`${environment}\n${file}`, kept.line);
      this.reused++;
      return kept.entry.value;
    }
    this.rendered++;
    return undefined;
  }

  store(environment: string, file: string, context: string, value: unknown, reads: readonly string[]): void {
    const key = this.keyOf(file, context);
    if (key === undefined) return;
    const slot = `${environment}\n${file}`;
    const entry: Entry = { key, reads: reads.map((read) => [read, pathDigest(read)] as const), value };
    this.next.set(slot, JSON.stringify([slot, entry]));
    this.stored = true;
  }

  /**
   * Writes the renders of this run, and keeps those of environments it did not render
   * (`environments`: the ones it did, when not all); everything else is dropped, so the cache
   * holds one render per profile and environment. Never fails: without a cache synth is slower,
   * not wrong.
   */
  save(environments?: readonly string[]): void {
    if (environments) {
      for (const [slot, { line }] of this.previous) {
        if (!environments.includes(slot.slice(0, slot.indexOf('\n'))) && !this.next.has(slot)) this.next.set(slot, line);
      }
    }
    if (!this.stored && this.next.size === this.previous.size) return;
    try {
      const body = Buffer.from([JSON.stringify(FORMAT), ...this.next.values()].join('\n'));
      fs.mkdirSync(path.dirname(this.options.file), { recursive: true });
      writeAtomically(this.options.file, Buffer.concat([Buffer.from(`${digest(body)}\n`), body]));
    } catch {
      // A read-only checkout works too; it only renders every time.
    }
  }
}
