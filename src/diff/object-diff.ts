import { byCodePoint } from '../plain-data';
/**
 * The differences between two plain values (parsed YAML), by path, in a fixed order: object keys
 * in code-point order, list items by index. Pure and deterministic.
 */

export type Change =
  | { readonly kind: 'added'; readonly path: string; readonly after: unknown }
  | { readonly kind: 'removed'; readonly path: string; readonly before: unknown }
  | { readonly kind: 'changed'; readonly path: string; readonly before: unknown; readonly after: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isScalar = (value: unknown) => value === null || typeof value !== 'object';

/** Deep equality of JSON-like values; key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `data.spec` + `containers` → `data.spec.containers`; odd keys are quoted: `labels["app.kubernetes.io/name"]`. */
export function childPath(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * Every difference from `before` to `after`. A list of plain values (a command, say) that
 * changed is one change of the whole list; lists of objects are compared item by item.
 */
export function diffValues(before: unknown, after: unknown, path = ''): Change[] {
  if (deepEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byCodePoint);
    return keys.flatMap((key): Change[] => {
      const at = childPath(path, key);
      if (!(key in before)) return [{ kind: 'added', path: at, after: after[key] }];
      if (!(key in after)) return [{ kind: 'removed', path: at, before: before[key] }];
      return diffValues(before[key], after[key], at);
    });
  }
  if (Array.isArray(before) && Array.isArray(after) && !(before.every(isScalar) && after.every(isScalar))) {
    const changes: Change[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= before.length) changes.push({ kind: 'added', path: at, after: after[i] });
      else if (i >= after.length) changes.push({ kind: 'removed', path: at, before: before[i] });
      else changes.push(...diffValues(before[i], after[i], at));
    }
    return changes;
  }
  return [{ kind: 'changed', path, before, after }];
}
