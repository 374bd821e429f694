import * as yaml from 'js-yaml';
import { byCodePoint, isPlainObject } from '../plain-data';

/** Keys Kubernetes users expect first; everything else follows in code-point order. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

/** No anchors, no line folding, every mapping's keys in code-point order. */
const DUMP_OPTIONS: yaml.DumpOptions = { noRefs: true, lineWidth: -1, sortKeys: byCodePoint };

/**
 * One Kubernetes object as YAML, with a stable key order and no anchors, line folding or
 * timestamps. js-yaml's key order is one comparator for every mapping, so the object's own keys
 * are written one at a time, the leading ones first: a block mapping is its entries' lines.
 */
export function toYaml(object: unknown): string {
  if (!isPlainObject(object)) return yaml.dump(object, DUMP_OPTIONS);
  const record = object as Record<string, unknown>;
  const leading = LEADING_KEYS.filter((key) => key in record);
  const keys = [
    ...leading,
    ...Object.keys(record)
      .filter((key) => !leading.includes(key))
      .sort(byCodePoint),
  ];
  return keys
    .filter((key) => record[key] !== undefined)
    .map((key) => yaml.dump(Object.fromEntries([[key, record[key]]]), DUMP_OPTIONS))
    .join('');
}

interface NamedObject {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
}

/** `NnfContainerProfile` `red-rock-slushy` → `nnfcontainerprofile-red-rock-slushy.yaml`. */
export function fileNameFor(object: NamedObject): string {
  return `${String(object.kind).toLowerCase()}-${String(object.metadata?.name)}.yaml`;
}

export function kustomizationYaml(resources: readonly string[]): string {
  return toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources].sort(),
  });
}
