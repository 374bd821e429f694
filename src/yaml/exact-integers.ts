import * as yaml from 'js-yaml';

/**
 * Integers written beyond Number.MAX_SAFE_INTEGER, kept exact. Parsed YAML holds plain numbers
 * (every consumer reads JSON-like data), so the exact value of such an integer is recorded
 * beside it, keyed by the object or array that holds it and its key there.
 */
const exact = new WeakMap<object, Map<string, bigint>>();

/** The exact value written at `container[key]`, when it was an integer a number cannot hold. */
export function exactIntegerAt(container: object, key: string | number): bigint | undefined {
  return exact.get(container)?.get(String(key));
}

/** `0x1F`, `-0o17`, `+12`: the integer syntaxes js-yaml's core schema reads, as a bigint. */
function bigIntOf(text: string): bigint {
  const magnitude = BigInt(/^[-+]/.test(text) ? text.slice(1) : text);
  return text.startsWith('-') ? -magnitude : magnitude;
}

/** js-yaml's own int type (present at runtime, missing from its type declarations). */
const intType = (yaml as unknown as { types: { int: yaml.Type } }).types.int;

/** js-yaml's int type, except that an integer beyond 2^53 becomes an exact bigint. */
const exactIntType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => intType.resolve(data),
  construct: (data: string): number | bigint => {
    const value = intType.construct(data) as number;
    return Number.isSafeInteger(value) ? value : bigIntOf(data);
  },
});

/** The default schema with exactIntType in place of its int type; for loading only. */
export const EXACT_INTEGER_SCHEMA = yaml.DEFAULT_SCHEMA.extend({ implicit: [exactIntType] });

/**
 * Replaces `value`, a bigint that EXACT_INTEGER_SCHEMA made at `container[key]`, by the nearest
 * number, recording the exact value for exactIntegerAt.
 */
export function settleBigInt(container: object, key: string, value: bigint): void {
  // defineProperty, as an own '__proto__' key must stay a key.
  Object.defineProperty(container, key, { value: Number(value), enumerable: true, writable: true, configurable: true });
  let values = exact.get(container);
  if (!values) exact.set(container, (values = new Map()));
  values.set(String(key), value);
}
