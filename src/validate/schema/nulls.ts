import { isPlainObject } from '../../plain-data';
import { isObject, type Json } from './prepare';

/** The schema a value under `key` of an object of this schema follows, if any. */
function fieldSchema(schema: { [key: string]: Json }, key: string): Json | undefined {
  if (isObject(schema.properties) && Object.prototype.hasOwnProperty.call(schema.properties, key)) return schema.properties[key];
  return isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

const nonNullable = (schema: Json | undefined): schema is { [key: string]: Json } => isObject(schema) && schema.nullable !== true;

const copyOf = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/**
 * Treats `null`s as the API server does before defaulting: a null field whose schema is not
 * `nullable` is removed, or replaced by the field's default when it has one; a null list item
 * is replaced by the items' default, if any, and otherwise left for validation to refuse.
 * Changes `value` in place.
 */
export function pruneNulls(value: unknown, schema: Json): void {
  if (!isObject(schema)) return;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!isObject(items)) return;
    value.forEach((item, i) => {
      if (item === null && nonNullable(items) && items.default !== undefined) value[i] = copyOf(items.default);
      else pruneNulls(item, items);
    });
    return;
  }
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    const sub = fieldSchema(schema, key);
    if (value[key] === null && nonNullable(sub)) {
      if (sub.default === undefined) delete value[key];
      else value[key] = copyOf(sub.default);
    } else if (sub !== undefined) {
      pruneNulls(value[key], sub);
    }
  }
}
