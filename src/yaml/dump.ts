import * as yaml from 'js-yaml';
import { isPlainObject } from '../plain-data';

/**
 * A YAML writer for JSON data that gives exactly what `js-yaml`'s `dump` gives with
 * `DUMP_OPTIONS`, in under half its time on thousands of manifests. It follows js-yaml's block
 * layout and asks js-yaml itself how to write each string it cannot tell is plain at a glance
 * (once per distinct string). Anything beyond JSON and YAML timestamps (a Buffer, a class
 * instance, …) is left to js-yaml. `test/yaml/dump.test.ts` holds the two to the same bytes.
 */

/** How every YAML file of the project is written: no anchors, no line folding, keys as given. */
export const DUMP_OPTIONS: yaml.DumpOptions = { noRefs: true, lineWidth: -1, sortKeys: false };

/** The order to write a mapping's keys in; `top` is true for the document's own mapping. */
export type KeyOrder = (record: Readonly<Record<string, unknown>>, top: boolean) => readonly string[];

const INDENT = 2;
const LINE_FEED = 10;
const COLON = 58;
/** js-yaml writes a key longer than this as an explicit `? key` pair. */
const MAX_IMPLICIT_KEY = 1024;

/**
 * Starts with a letter and holds only characters that are plain anywhere after the first (a
 * colon not last): js-yaml writes these as they are, unless they read as another type.
 */
const PLAIN_AT_A_GLANCE = /^[A-Za-z][A-Za-z0-9_./:@=+-]*$/;
/** The strings of that shape YAML would read as null or a boolean (YAML 1.1 ones included). */
const READ_AS_OTHER_TYPE = new Set(
  ['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'].concat(
    ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'],
  ),
);

function isPlainAtAGlance(value: string): boolean {
  return PLAIN_AT_A_GLANCE.test(value) && value.charCodeAt(value.length - 1) !== COLON && !READ_AS_OTHER_TYPE.has(value);
}

/** Something js-yaml writes in a way this writer does not follow. */
class BeyondJson extends Error {}

/** js-yaml's own writing of a string, reduced to what does not depend on its place. */
interface StringStyle {
  /** A block scalar: `text` is its header (`|-`, `|2+`, …), the lines follow indented. */
  readonly block: boolean;
  readonly text: string;
}

const MAX_REMEMBERED = 100_000;

/** `compute(key)`, remembered: a run writes the same strings thousands of times. */
function remembered<T>(memory: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = memory.get(key);
  if (value === undefined) {
    value = compute(key);
    if (memory.size >= MAX_REMEMBERED) memory.clear();
    memory.set(key, value);
  }
  return value;
}

const styles = new Map<string, StringStyle>();

function styleOf(value: string): StringStyle {
  return remembered(styles, value, () => {
    const written = yaml.dump(value, DUMP_OPTIONS);
    if (written.startsWith('>')) throw new BeyondJson('folded scalar');
    const block = written.startsWith('|');
    return { block, text: block ? written.slice(0, written.indexOf('\n') + 1) : written.slice(0, -1) };
  });
}

/** js-yaml's indentString: every line that is not empty gets the indentation. */
function indentLines(text: string, spaces: number): string {
  const indentation = ' '.repeat(spaces);
  let out = '';
  let position = 0;
  while (position < text.length) {
    const next = text.indexOf('\n', position);
    const end = next === -1 ? text.length : next + 1;
    const line = text.slice(position, end);
    if (line !== '\n') out += indentation;
    out += line;
    position = end;
  }
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}

function stringText(value: string, level: number): string {
  if (value.length === 0) return "''";
  if (isPlainAtAGlance(value)) return value;
  const style = styleOf(value);
  return style.block ? style.text + indentLines(value, INDENT * Math.max(1, level)) : style.text;
}

const keyStyles = new Map<string, string>();

/** A key is never a block scalar: js-yaml writes keys as if in flow style. */
function keyText(key: string): string {
  if (isPlainAtAGlance(key)) return key;
  return remembered(keyStyles, key, () => yaml.dump(key, { ...DUMP_OPTIONS, flowLevel: 0 }).slice(0, -1));
}

function numberText(value: number): string {
  // An integer is written as JavaScript prints it; anything else as js-yaml's float type does.
  return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : yaml.dump(value, DUMP_OPTIONS).slice(0, -1);
}

const nextLine = (level: number) => `\n${' '.repeat(INDENT * level)}`;

class Writer {
  constructor(private readonly order: KeyOrder) {}

  /** js-yaml's writeNode for JSON values in block style; undefined where it writes nothing. */
  node(value: unknown, level: number, compact: boolean): string | undefined {
    if (value === null) return 'null';
    switch (typeof value) {
      case 'string':
        return stringText(value, level);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        return numberText(value);
      case 'undefined':
        return undefined;
      case 'object':
        if (Array.isArray(value)) return value.length === 0 ? '[]' : this.sequence(value, level, compact);
        if (isPlainObject(value)) return Object.keys(value).length === 0 ? '{}' : this.mapping(value, level, compact);
        // A YAML timestamp, as js-yaml represents one; a Date is what it reads one as.
        if (value instanceof Date) return value.toISOString();
    }
    throw new BeyondJson(typeof value);
  }

  private sequence(items: readonly unknown[], level: number, compact: boolean): string {
    let out = '';
    for (const item of items) {
      // js-yaml writes null for an item it cannot write.
      const text = this.node(item, level + 1, true) ?? 'null';
      if (!compact || out !== '') out += nextLine(level);
      out += text.charCodeAt(0) === LINE_FEED ? '-' : '- ';
      out += text;
    }
    return out;
  }

  private mapping(record: Record<string, unknown>, level: number, compact: boolean): string {
    let out = '';
    for (const key of this.order(record, level === 0)) {
      const keyed = keyText(key);
      // A long key makes an explicit pair: `? key`, then `: value` on the next line.
      const explicit = keyed.length > MAX_IMPLICIT_KEY;
      const text = this.node(record[key], level + 1, explicit);
      if (text === undefined) continue;
      let pair = !compact || out !== '' ? nextLine(level) : '';
      pair += explicit ? `? ${keyed}${nextLine(level)}` : keyed;
      pair += text.charCodeAt(0) === LINE_FEED ? ':' : ': ';
      out += pair + text;
    }
    return out || '{}';
  }
}

const insertionOrder: KeyOrder = (record) => Object.keys(record);

/**
 * `value` as a YAML document, byte for byte what `yaml.dump(value, DUMP_OPTIONS)` writes for it
 * with its mappings' keys put in `order` (as given, by default).
 */
export function dumpYaml(value: unknown, order: KeyOrder = insertionOrder): string {
  try {
    const text = new Writer(order).node(value, 0, true);
    return text === undefined ? '' : `${text}\n`;
  } catch (error) {
    if (!(error instanceof BeyondJson)) throw error;
    return yaml.dump(reordered(value, order, true), DUMP_OPTIONS);
  }
}

/**
 * A copy of `value` whose mappings hold their keys in `order`, for js-yaml to write. (JavaScript
 * lists integer-like keys first whatever the order: only this fallback is subject to that.)
 */
function reordered(value: unknown, order: KeyOrder, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => reordered(v, order, false));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of order(value, top)) {
    if (value[key] !== undefined) Object.defineProperty(out, key, { value: reordered(value[key], order, false), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
