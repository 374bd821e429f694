/**
 * Image relocation: rewrite images from a source registry or repository to a site mirror, as
 * air-gapped sites do. Keys and images are compared in their fully qualified form
 * (`dean/app` is `docker.io/dean/app`, `busybox` is `docker.io/library/busybox`).
 */

export type ImageRelocations = Readonly<Record<string, string>>;

const DEFAULT_REGISTRY = 'docker.io';

function hasRegistry(reference: string): boolean {
  const slash = reference.indexOf('/');
  if (slash < 0) return false;
  const first = reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/** Splits `repo[:tag][@digest]` into the repository and the rest (`:tag`, `@sha256:…`). */
function splitTag(image: string): [string, string] {
  const at = image.indexOf('@');
  const beforeDigest = at < 0 ? image : image.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  const cut = colon > beforeDigest.lastIndexOf('/') ? colon : at < 0 ? image.length : at;
  return [image.slice(0, cut), image.slice(cut)];
}

/** `dean/app` → `docker.io/dean/app`; `busybox` → `docker.io/library/busybox`. */
export function qualifiedRepository(repository: string): string {
  if (hasRegistry(repository)) return repository;
  return repository.includes('/') ? `${DEFAULT_REGISTRY}/${repository}` : `${DEFAULT_REGISTRY}/library/${repository}`;
}

/** A relocation key names a registry (`docker.io`) or a repository prefix (`ghcr.io/org`, `dean`). */
function qualifiedKey(key: string): string {
  const trimmed = key.replace(/\/+$/, '');
  const first = trimmed.split('/')[0];
  if (first.includes('.') || first.includes(':') || first === 'localhost') return trimmed;
  return `${DEFAULT_REGISTRY}/${trimmed}`;
}

/**
 * Returns the image moved to its mirror, or the image unchanged when no key matches.
 * The longest matching key wins; keys match whole path components only.
 */
export function relocateImage(image: string, relocations: ImageRelocations): string {
  const keys = Object.keys(relocations);
  if (keys.length === 0) return image;
  const [repository, tag] = splitTag(image);
  const qualified = qualifiedRepository(repository);
  let best: string | undefined;
  for (const key of keys) {
    const k = qualifiedKey(key);
    const matches = qualified === k || qualified.startsWith(`${k}/`);
    if (matches && (best === undefined || k.length > qualifiedKey(best).length)) best = key;
  }
  if (best === undefined) return image;
  const mirror = relocations[best].replace(/\/+$/, '');
  return `${mirror}${qualified.slice(qualifiedKey(best).length)}${tag}`;
}
