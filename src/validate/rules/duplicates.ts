import type { Finding } from '../finding';
import type { ProfileObject } from './context';

/**
 * Two profiles with one name in one namespace are one Kubernetes object: whichever is applied
 * last silently replaces the other. Reported on each of them, naming the other files.
 */
export function duplicateProfileNames(
  items: ReadonlyArray<{ file: string; object: ProfileObject }>,
): Array<{ file: string; finding: Finding }> {
  const groups = new Map<string, Array<{ file: string; name: string; namespace: string }>>();
  for (const item of items) {
    const metadata = item?.object?.metadata;
    const name = metadata?.name;
    if (typeof name !== 'string' || name === '') continue;
    const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : '';
    const key = JSON.stringify([namespace, name]);
    groups.set(key, [...(groups.get(key) ?? []), { file: item.file, name, namespace }]);
  }
  const out: Array<{ file: string; finding: Finding }> = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.forEach((entry, i) => {
      const others = group
        .filter((_, j) => j !== i)
        .map((other) => (other.file === entry.file ? `${other.file} (the same file)` : other.file));
      const where = entry.namespace === '' ? 'with no namespace' : `in namespace '${entry.namespace}'`;
      out.push({
        file: entry.file,
        finding: {
          layer: 'job',
          rule: 'reference/duplicate-profile',
          path: 'metadata.name',
          message: `profile '${entry.name}' ${where} is also defined in ${[...new Set(others)].join(', ')}, and the later one applied would silently replace the other; rename one of them`,
        },
      });
    });
  }
  return out;
}
