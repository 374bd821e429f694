/**
 * Turns a CRD's structural schema into a JSON Schema that ajv checks the way the API server does:
 * unknown fields refused (the server would prune them, or refuse them under strict field
 * validation), objects without properties closed (the server keeps nothing under them),
 * int-or-string as "integer or string", list-type=set unique. `format` is dropped: the API server
 * does not enforce int32/int64 on integers (what the webhook's Go types hold is the decode check's
 * business). Defaults stay in place; the validator applies them, as the server does on create.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = { [key: string]: Json };

export const isObject = (value: unknown): value is { [key: string]: Json } =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Bumped whenever prepareSchema changes what it produces, so cached validators are rebuilt. */
export const PREPARE_REVISION = 3;

/** Keywords whose value is a map of name → schema, a schema, or a list of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

/** Whether the API server keeps fields under this node that its `properties` do not name. */
const isOpen = (schema: Schema): boolean => schema['x-kubernetes-preserve-unknown-fields'] === true || 'additionalProperties' in schema;

export function prepareSchema(schema: Json, top = true): Json {
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key.startsWith('x-kubernetes-') || key === 'format') continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, prepareSchema(sub, false)]));
    } else if (SCHEMA_VALUES.has(key) && isObject(value)) {
      out[key] = prepareSchema(value, false);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => prepareSchema(sub, false));
    } else {
      out[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  // ObjectMeta at the top is the API server's own business; everything else is closed, including
  // an object that lists no properties at all (pruning empties it).
  if (!top && !isOpen(schema) && (isObject(schema.properties) || schema.type === 'object')) out.additionalProperties = false;
  if (top && isObject(out.properties) && isObject(out.properties.metadata)) {
    out.properties = { ...out.properties, metadata: { type: 'object' } };
    out.additionalProperties = false;
  }
  return out;
}

const mapListsBelow = new WeakMap<object, boolean>();

/** Whether a list-type=map list sits anywhere in this schema, so walks can skip the rest. */
function hasMapLists(schema: Schema): boolean {
  let known = mapListsBelow.get(schema);
  if (known === undefined) {
    const children = [
      ...(isObject(schema.properties) ? Object.values(schema.properties) : []),
      ...(isObject(schema.items) ? [schema.items] : []),
      ...(isObject(schema.additionalProperties) ? [schema.additionalProperties] : []),
    ];
    known = schema['x-kubernetes-list-type'] === 'map' || children.some((child) => isObject(child) && hasMapLists(child));
    mapListsBelow.set(schema, known);
  }
  return known;
}

/** `[index]` paths of list-type=map entries whose keys repeat, which the API server refuses. */
export function duplicateMapKeys(value: Json, schema: Json, at: string, found: Array<{ path: string; keys: string }>): void {
  if (!isObject(schema) || !hasMapLists(schema)) return;
  if (Array.isArray(value)) {
    const keys = schema['x-kubernetes-list-map-keys'];
    if (schema['x-kubernetes-list-type'] === 'map' && Array.isArray(keys)) {
      const seen = new Set<string>();
      value.forEach((item, i) => {
        if (!isObject(item)) return;
        const values = keys.map((k) => item[String(k)] ?? null);
        const identity = JSON.stringify(values);
        if (seen.has(identity))
          found.push({ path: `${at}[${i}]`, keys: keys.map((k, j) => `${k}=${JSON.stringify(values[j])}`).join(', ') });
        seen.add(identity);
      });
    }
    value.forEach((item, i) => duplicateMapKeys(item, schema.items ?? null, `${at}[${i}]`, found));
    return;
  }
  if (!isObject(value) || !isObject(schema.properties)) return;
  for (const [key, child] of Object.entries(value)) {
    duplicateMapKeys(child, schema.properties[key] ?? null, at ? `${at}.${key}` : key, found);
  }
}
