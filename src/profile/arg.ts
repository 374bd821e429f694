import type { ArgModel } from '../model';
import { StoragePath } from './storage';

/** A `command` / `args` element built from text and storage paths; see {@link arg}. */
export class CommandArg {
  constructor(readonly parts: ReadonlyArray<string | StoragePath>) {}

  toString(): string {
    return this.parts.join('');
  }
}

/** What `command` and `args` accept: text, a storage path, or a mix of both made with {@link arg}. */
export type Arg = string | StoragePath | CommandArg;

/**
 * Tagged template for an argument that embeds storage paths, checked against the profile's
 * storages at synth.
 *
 * @example arg`--output=${scratch.path('results')}`
 */
export function arg(strings: TemplateStringsArray, ...values: Array<StoragePath | string | number>): CommandArg {
  const parts: Array<string | StoragePath> = [];
  strings.forEach((text, i) => {
    if (text) parts.push(text);
    if (i < values.length) {
      const value = values[i];
      parts.push(value instanceof StoragePath ? value : String(value));
    }
  });
  return new CommandArg(parts);
}

export function toArgModel(value: Arg): ArgModel {
  if (typeof value === 'string') return value;
  if (value instanceof StoragePath) return { parts: [value] };
  return { parts: value.parts };
}
