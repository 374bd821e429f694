/** Drops keys whose value is undefined, so only what a profile sets is emitted. */
export function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<T>;
}

/** undefined for an empty or missing list, so empty lists are not emitted. */
export function nonEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}

/**
 * A deep copy of author-supplied Kubernetes fields as plain JSON data: ordinary objects (cdk8s
 * treats objects of other prototypes as tokens), no undefined, no functions.
 */
export function plainJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
