import { containersOf, nonEmptyString, type ProfileObject } from './pods';

/** The image references a rendered profile's containers name, and their grammar. */

/** An image reference split into its parts: `[registry[:port]/]path[:tag][@digest]`. */
export interface ImageReference {
  readonly registry?: string;
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const REGISTRY = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Parses an image reference by the grammar of distribution/reference (what container runtimes
 * pull by); returns the parts, or what is wrong as a phrase.
 */
export function parseImageReference(image: string): ImageReference | { readonly problem: string } {
  if (image === '') return { problem: 'is empty' };
  if (/\s/.test(image)) return { problem: 'contains whitespace' };
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { problem: 'has a digest that is not algorithm:hex (e.g. sha256: and 64 hex digits)' };
    const [algorithm, hex] = digest.split(':');
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length !== undefined && !new RegExp(`^[a-f0-9]{${length}}$`).test(hex)) {
      return { problem: `has a ${algorithm} digest that is not ${length} lower-case hex digits` };
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag.length > 128) return { problem: 'has a tag longer than 128 characters' };
    if (!TAG.test(tag)) return { problem: 'has a tag that is not letters, digits, _, . and - (not starting with . or -)' };
  }
  if (rest === '') return { problem: 'has no repository name' };
  if (rest.length > 255) return { problem: 'has a repository name longer than 255 characters' };
  const components = rest.split('/');
  let registry: string | undefined;
  const head = components[0];
  if (components.length > 1 && (isRegistryHost(head) || head !== head.toLowerCase())) {
    registry = components.shift();
    if (!REGISTRY.test(head)) return { problem: 'has a registry that is not a valid host[:port]' };
  }
  for (const component of components) {
    if (component === '') return { problem: 'has an empty path component (a doubled, leading or trailing /)' };
    if (component !== component.toLowerCase())
      return { problem: 'has upper-case letters in its repository path, which must be lower case' };
    if (!PATH_COMPONENT.test(component)) {
      return { problem: 'has a path component that is not lower-case letters and digits joined by single ., _, __ or - separators' };
    }
  }
  return { registry, path: components.join('/'), tag, digest };
}

/** Docker Hub, the registry of a reference that names none. */
export const DOCKER_HUB = 'docker.io';

/** Whether a reference's first path component names a registry host, not a Docker Hub account. */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** The image without its tag and digest: `dean/app:1@sha256:…` → `dean/app`. */
export function repositoryOf(image: string): string {
  const at = image.indexOf('@');
  const beforeDigest = at < 0 ? image : image.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  return colon > beforeDigest.lastIndexOf('/') ? beforeDigest.slice(0, colon) : beforeDigest;
}

/** `dean/app` → `docker.io/dean/app`; `busybox` → `docker.io/library/busybox`. */
export function qualifiedRepository(repository: string): string {
  const slash = repository.indexOf('/');
  if (slash >= 0 && isRegistryHost(repository.slice(0, slash))) return repository;
  return slash >= 0 ? `${DOCKER_HUB}/${repository}` : `${DOCKER_HUB}/library/${repository}`;
}

/** A registry (`docker.io`) or repository prefix (`ghcr.io/org`; `dean` is `docker.io/dean`), qualified, without trailing `/`. */
export function qualifiedPrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return isRegistryHost(trimmed.split('/')[0]) ? trimmed : `${DOCKER_HUB}/${trimmed}`;
}

/** Whether a qualified repository lies under a qualified prefix, matching whole path components only. */
export function isUnderPrefix(repository: string, prefix: string): boolean {
  return repository === prefix || repository.startsWith(`${prefix}/`);
}

/** The distinct images a profile's containers and init containers name, in the order the pods name them. */
export function imagesOf(profile: ProfileObject): string[] {
  return [...new Set(containersOf(profile).flatMap(({ container }) => nonEmptyString(container.image) ?? []))];
}
