import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import { EXACT_INTEGER_SCHEMA, settleBigInt } from './exact-integers';

/** Larger inputs are refused: a cluster's whole profile list is a few megabytes at most. */
export const MAX_YAML_BYTES = 16 * 1024 * 1024;
/** Deeper nesting than any Kubernetes object has; our checks walk objects recursively. */
export const MAX_YAML_DEPTH = 64;

/** Input that cannot be checked: unreadable, too large, not YAML, or hostile. */
export class UnusableYamlError extends Error {}

/**
 * Refuses documents that reuse a node (YAML anchors and aliases: how a "billion laughs" bomb
 * stays small on disk and explodes once walked) or nest absurdly deep. Kubernetes manifests and
 * `kubectl get -o yaml` output use neither.
 */
function checkShape(value: unknown, file: string, seen: Set<object>, depth: number): void {
  if (value === null || typeof value !== 'object') return;
  if (seen.has(value))
    throw new UnusableYamlError(`${file}: uses YAML anchors and aliases, which Kubernetes manifests do not need; expand them`);
  if (depth > MAX_YAML_DEPTH) throw new UnusableYamlError(`${file}: nests deeper than ${MAX_YAML_DEPTH} levels`);
  seen.add(value);
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'bigint') settleBigInt(value, key, child);
    else checkShape(child, file, seen, depth + 1);
  }
}

/**
 * The YAML documents of `text`, empty ones dropped. Integers beyond 2^53 are numbers here too;
 * their exact value is kept for exactIntegerAt.
 */
export function parseDocuments(text: string, file: string): unknown[] {
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text, undefined, { schema: EXACT_INTEGER_SCHEMA });
  } catch (error) {
    throw new UnusableYamlError(`${file}: not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const seen = new Set<object>();
  checkShape(documents, file, seen, -1);
  return documents.filter((doc) => doc !== null && doc !== undefined);
}

/** Reads a YAML file (`-` for standard input) no larger than MAX_YAML_BYTES. */
export function readDocuments(file: string): unknown[] {
  let text: string;
  try {
    if (file !== '-' && fs.statSync(file).size > MAX_YAML_BYTES) {
      throw new UnusableYamlError(`${file}: larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB; a profile list is never that big`);
    }
    const buffer = fs.readFileSync(file === '-' ? 0 : file);
    if (buffer.length > MAX_YAML_BYTES) {
      throw new UnusableYamlError(`${file}: larger than ${MAX_YAML_BYTES / 1024 / 1024} MiB; a profile list is never that big`);
    }
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof UnusableYamlError) throw error;
    throw new UnusableYamlError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseDocuments(text, file);
}
