import { dumpYaml, type KeyOrder } from '../yaml/dump';
import { byCodePoint } from '../plain-data';

/** Keys Kubernetes users expect first; everything else follows in code-point order. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];


const manifestOrder: KeyOrder = (record, top) => {
  const keys = Object.keys(record).sort(byCodePoint);
  if (!top) return keys;
  const leading = LEADING_KEYS.filter((k) => k in record);
  return [...leading, ...keys.filter((k) => !leading.includes(k))];
};

/** One Kubernetes object as YAML, with a stable key order and no anchors, line folding or timestamps. */
export function toYaml(object: unknown): string {
  return dumpYaml(object, manifestOrder);
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
