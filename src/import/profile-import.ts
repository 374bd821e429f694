import { type ApiVersion, type Era, eraOf } from '../model';
import { argCode } from './args';
import { array, type Code } from './code';

/**
 * What one profile's import shares while it parses: the notes it makes, the names it hands out
 * and the readers that note a value they cannot carry over. The era's parsers
 * (`podspec-era.ts`, `nnfpodspec-era.ts`) and the shared ones (pods, storages, metadata) use it.
 */

/** Something of the input the generated file does not carry over, or carries differently. */
export interface ImportNote {
  /** Where in the input object, e.g. `data.spec.containers[0].ports`. */
  readonly path: string;
  readonly message: string;
  /**
   * `warning`: something of the input is not carried over (or would be refused). `info`: the
   * file renders a value the input leaves out, with the same effect on the cluster.
   */
  readonly severity: 'warning' | 'info';
}

/** Entries of an object literal in the generated file, in order. */
export type Entries = Array<readonly [string, Code]>;

/** An input the generated file cannot be made from at all. */
export class Unimportable extends Error {}

/** One profile's import: the notes it makes and the names it hands out. */
export class ProfileImport {
  readonly notes: ImportNote[] = [];
  readonly era: Era;
  /** Declared storage name → its variable. */
  readonly storageIdentifiers = new Map<string, string>();
  usesArg = false;

  constructor(readonly version: ApiVersion) {
    this.era = eraOf(version);
  }

  note(path: string, message: string, severity: ImportNote['severity'] = 'warning'): void {
    this.notes.push({ path, message, severity });
  }

  /** Notes every key of `value` not in `known`. */
  unknownKeys(value: Record<string, unknown>, known: readonly string[], path: string, why: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.note(`${path}.${key}`, `not carried over: ${why}`);
    }
  }

  integer(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.note(path, `not carried over: ${JSON.stringify(value)} is not an integer`);
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.note(path, `not carried over: ${JSON.stringify(value)} is not true or false`);
    return undefined;
  }

  oneOf(value: unknown, allowed: readonly string[], path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && allowed.includes(value)) return value;
    this.note(path, `not carried over: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  strings(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    this.note(path, 'not carried over: not a list of strings');
    return undefined;
  }

  args(value: unknown, path: string): Code | undefined {
    const list = this.strings(value, path);
    if (list === undefined) return undefined;
    return array(
      list.map((text) => {
        const { code, usesArg } = argCode(text, this.storageIdentifiers);
        if (usesArg) this.usesArg = true;
        return code;
      }),
    );
  }
}
