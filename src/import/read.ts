import { PROFILE_KIND } from '../model';
import { parseDocuments } from '../yaml/read-documents';

export interface ReadProfiles {
  /** The NnfContainerProfile objects, in document order, `kind: List` items flattened. */
  readonly profiles: unknown[];
  /** How many other objects there were. */
  readonly skipped: number;
}

/**
 * The profiles among YAML documents: single documents, multi-document streams and `kind: List`
 * (what `kubectl get -o yaml` prints), in any mix.
 */
export function profilesOf(documents: readonly unknown[]): ReadProfiles {
  const objects = documents.flatMap((doc) => {
    const object = doc as { kind?: unknown; items?: unknown };
    return object?.kind === 'List' && Array.isArray(object.items) ? object.items : [doc];
  });
  const profiles = objects.filter((o) => (o as { kind?: unknown } | null)?.kind === PROFILE_KIND);
  return { profiles, skipped: objects.length - profiles.length };
}

/**
 * The profiles in YAML text. Hostile YAML (anchors and aliases, absurd nesting) and text that
 * is not YAML throw `UnusableYamlError`, naming `file`.
 */
export function readProfiles(text: string, file = '(input)'): ReadProfiles {
  return profilesOf(parseDocuments(text, file));
}
