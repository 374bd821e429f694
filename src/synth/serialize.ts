import * as yaml from 'js-yaml';

/** Keys Kubernetes users expect first; everything else follows in code-point order. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

function ordered(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, false));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const leading = top ? LEADING_KEYS.filter((k) => k in record) : [];
  const out: Record<string, unknown> = {};
  for (const key of [...leading, ...keys.filter((k) => !leading.includes(k))]) {
    if (record[key] !== undefined) out[key] = ordered(record[key], false);
  }
  return out;
}

/** One Kubernetes object as YAML, with a stable key order and no anchors, line folding or timestamps. */
export function toYaml(object: unknown): string {
  return yaml.dump(ordered(object, true), { noRefs: true, lineWidth: -1, sortKeys: false });
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
