import { isUnderPrefix, qualifiedPrefix, qualifiedRepository, repositoryOf } from '../rendered';

/**
 * Image relocation: rewrite images from a source registry or repository to a site mirror, as
 * air-gapped sites do. Keys and images are compared in their fully qualified form
 * (`dean/app` is `docker.io/dean/app`, `busybox` is `docker.io/library/busybox`).
 */

export type ImageRelocations = Readonly<Record<string, string>>;

/**
 * Returns the image moved to its mirror, or the image unchanged when no key matches.
 * The longest matching key wins; keys match whole path components only.
 */
export function relocateImage(image: string, relocations: ImageRelocations): string {
  const keys = Object.keys(relocations);
  if (keys.length === 0) return image;
  const repository = repositoryOf(image);
  const tag = image.slice(repository.length);
  const qualified = qualifiedRepository(repository);
  // The longest prefix the image is under, with its qualified form.
  let best: { key: string; prefix: string } | undefined;
  for (const key of keys) {
    const prefix = qualifiedPrefix(key);
    if (isUnderPrefix(qualified, prefix) && (best === undefined || prefix.length > best.prefix.length)) best = { key, prefix };
  }
  if (best === undefined) return image;
  const mirror = relocations[best.key].replace(/\/+$/, '');
  return `${mirror}${qualified.slice(best.prefix.length)}${tag}`;
}
