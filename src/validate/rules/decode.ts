import { exactIntegerAt } from '../../yaml/exact-integers';
import type { Finding } from '../finding';
import { isObject, type Json } from '../schema/prepare';

/**
 * The NNF webhook decodes a profile into its Go types, and answers HTTP 400 when an integer does
 * not fit its field. The API server itself does not enforce `format` on integers, so this is the
 * only place such a value is refused.
 */

type GoInteger = 'int32' | 'int64' | 'uint32';

const GO_RANGES: Record<GoInteger, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
};

/** Fields whose Go type the CRD's `format` does not give: controller-gen writes int32 for a uint32. */
const GO_TYPES_BY_PATH: Readonly<Record<string, GoInteger>> = { 'data.userID': 'uint32', 'data.groupID': 'uint32' };

function goTypeOf(schema: { [key: string]: Json }, path: string): GoInteger | undefined {
  const byPath = GO_TYPES_BY_PATH[path];
  if (byPath) return byPath;
  return schema.type === 'integer' && (schema.format === 'int32' || schema.format === 'int64') ? schema.format : undefined;
}

/** The integer as written: exact when the input held one beyond 2^53. */
function exactValue(value: number, container: object, key: string | number): bigint | undefined {
  return exactIntegerAt(container, key) ?? (Number.isInteger(value) ? BigInt(value) : undefined);
}

function walk(value: unknown, schema: Json | undefined, path: string, container: object, key: string | number, out: Finding[]): void {
  if (!isObject(schema)) return;
  if (typeof value === 'number') {
    const type = goTypeOf(schema, path);
    const exact = type && exactValue(value, container, key);
    if (type === undefined || exact === undefined) return;
    const [min, max] = GO_RANGES[type];
    if (exact < min || exact > max) {
      out.push({
        layer: 'cluster',
        rule: 'nnf-admission/decode',
        path,
        message: `is ${exact}, which does not fit the Go type ${type} (${min} … ${max}) the NNF webhook decodes ${path} into; the webhook would refuse to decode the profile (HTTP 400)`,
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, isObject(schema.items) ? schema.items : undefined, `${path}[${i}]`, value, i, out));
    return;
  }
  if (!isObject(value)) return;
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, child] of Object.entries(value)) {
    const sub = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : schema.additionalProperties;
    walk(child, sub, path ? `${path}.${name}` : name, value, name, out);
  }
}

/**
 * Integers that do not fit the Go type they decode into, read from the object as written (a
 * YAML integer beyond 2^53 keeps its exact value); `schema` is the version's raw CRD schema,
 * whose `format` names the Go type.
 */
export function decodeFindings(object: unknown, schema: Json): Finding[] {
  const out: Finding[] = [];
  if (!isObject(object) || !isObject(schema)) return out;
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, child] of Object.entries(object)) {
    if (Object.prototype.hasOwnProperty.call(properties, name)) walk(child, properties[name], name, object, name, out);
  }
  return out;
}
