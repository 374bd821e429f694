import type { Finding } from '../finding';
import type { ProfileObject, ProfileRule, RuleContext } from './context';
import { type ContainerLocation, containersOfPod, isObject, listOf, nonEmptyString, podsOf } from './pod-walk';

/**
 * Reference checks: `$(NAME)` expansions that cannot resolve, container names a pod repeats,
 * malformed image references and images a node may keep stale.
 */

/**
 * The variables NNF sets inside the user containers, per the NNF operator: appended to the `env`
 * of each container of the pod (after the profile's own entries), never to init containers.
 */
export const NNF_CONTAINER_VARIABLES = {
  /** Set in every container. */
  always: ['NNF_CONTAINER_HOSTNAMES', 'NNF_CONTAINER_DOMAIN', 'NNF_CONTAINER_SUBDOMAIN', 'NNF_NODE_NAME'],
  /** The comma list of reserved ports; set only when `data.numPorts` is above 0. */
  ports: 'NNF_CONTAINER_PORTS',
  /**
   * Followed by a container name with `-` as `_`: that container's ports, set only when
   * `data.numPorts` is above 0, for each container that gets ports (the containers of `spec`,
   * or of the MPI launcher).
   */
  portsPerContainerPrefix: 'NNF_CONTAINER_PORTS_',
  /** Set on compute nodes only (MPI), never inside the containers. */
  computeNodeOnly: ['NNF_CONTAINER_LAUNCHER'],
} as const;

/** The variables of the `kubernetes` service, which the kubelet sets in every container. */
const KUBERNETES_SERVICE_VARIABLE = /^KUBERNETES_(SERVICE|PORT)(_[A-Z0-9_]+)?$/;

/** A name `$(NAME)` can usefully mean: the C-identifier form every variable here takes. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The names `$(...)` references in `text`, as Kubernetes' expansion reads them
 * (k8s.io/kubernetes third_party/forked/golang/expansion): `$$` is an escaped `$`; `$(`
 * starts a reference whose name runs to the next `)`; an unclosed `$(` and any other `$x` are
 * literal text. The names are returned as read, valid identifiers or not.
 */
export function variableReferences(text: string): string[] {
  const names: string[] = [];
  for (let cursor = 0; cursor < text.length; cursor++) {
    if (text[cursor] !== '$' || cursor + 1 >= text.length) continue;
    const next = text[cursor + 1];
    if (next === '(') {
      const close = text.indexOf(')', cursor + 2);
      if (close === -1) {
        cursor += 1;
        continue;
      }
      names.push(text.slice(cursor + 2, close));
      cursor = close;
      continue;
    }
    // `$$` (escape) and `$x` both consume the next character.
    cursor += 1;
  }
  return names;
}

/** What the profile makes available, computed once per profile. */
interface Scope {
  readonly storages: ReadonlySet<string>;
  readonly numPorts: number;
  /** `NNF_CONTAINER_PORTS_<name>` for each container that gets ports. */
  readonly perContainerPorts: ReadonlySet<string>;
}

function scopeOf(profile: ProfileObject): Scope {
  const data = isObject(profile?.data) ? profile.data : {};
  const storages = new Set<string>();
  for (const storage of listOf(data.storages)) {
    const name = isObject(storage) ? nonEmptyString(storage.name) : undefined;
    if (name !== undefined) storages.add(name);
  }
  const numPorts = typeof data.numPorts === 'number' ? data.numPorts : 0;
  const pods = podsOf(profile);
  const portPods = pods.some((p) => p.role === 'single') ? pods.filter((p) => p.role === 'single') : pods.filter((p) => p.role === 'launcher');
  const perContainerPorts = new Set<string>();
  for (const pod of portPods) {
    for (const { container, init } of containersOfPod(pod)) {
      const name = nonEmptyString(container.name);
      if (!init && name !== undefined) perContainerPorts.add(NNF_CONTAINER_VARIABLES.portsPerContainerPrefix + name.replace(/-/g, '_'));
    }
  }
  return { storages, numPorts, perContainerPorts };
}

function isNnfFamily(name: string): boolean {
  return (NNF_CONTAINER_VARIABLES.always as readonly string[]).includes(name) || name === NNF_CONTAINER_VARIABLES.ports || name.startsWith(NNF_CONTAINER_VARIABLES.portsPerContainerPrefix);
}

/** Where a reference appears: in command/args (sees all env), or in env[index].value (sees earlier entries). */
type Site = { readonly kind: 'command' } | { readonly kind: 'env'; readonly index: number };

function envNames(container: Record<string, unknown>): Array<string | undefined> {
  return listOf(container.env).map((entry) => (isObject(entry) ? nonEmptyString(entry.name) : undefined));
}

const literally = (name: string) => `Kubernetes leaves '$(${name})' unexpanded and the program receives that text literally`;

/** The finding's message for an unresolved reference, or undefined when it resolves (or may). */
function unresolved(name: string, site: Site, where: ContainerLocation, scope: Scope): string | undefined {
  if (!VARIABLE_NAME.test(name)) return undefined; // e.g. shell `$((RANDOM % 2))`: not a variable name
  const env = envNames(where.container);
  const visible = site.kind === 'env' ? env.slice(0, site.index) : env;
  if (visible.includes(name) || KUBERNETES_SERVICE_VARIABLE.test(name)) return undefined;

  if ((NNF_CONTAINER_VARIABLES.computeNodeOnly as readonly string[]).includes(name)) {
    return `NNF sets ${name} on the compute nodes only, not inside the containers, so ${literally(name)}; read it in the job on the compute node instead`;
  }
  const isStorage = scope.storages.has(name);
  if (isStorage || isNnfFamily(name)) {
    const what = isStorage ? `storage variable ${name}` : name;
    if (where.init) {
      return `NNF sets ${what} only in the pod's containers, not in its init containers, so ${literally(name)}; use it in a container or define it in this init container's env`;
    }
    if (site.kind === 'env') {
      return `NNF appends ${what} after this container's own env entries and Kubernetes expands an env value only with entries before it, so ${literally(name)}; use it in command or args instead`;
    }
    if (!isStorage && name !== NNF_CONTAINER_VARIABLES.ports && name.startsWith(NNF_CONTAINER_VARIABLES.portsPerContainerPrefix) && !scope.perContainerPorts.has(name)) {
      const known = [...scope.perContainerPorts].sort().join(', ') || 'none';
      return `NNF sets ${NNF_CONTAINER_VARIABLES.portsPerContainerPrefix}<name> only for containers that get ports (those of spec, or of the MPI launcher), with '-' in the name as '_' (here: ${known}), so ${literally(name)}; fix the name`;
    }
    if (!isStorage && scope.numPorts <= 0 && name.startsWith(NNF_CONTAINER_VARIABLES.ports)) {
      return `NNF sets ${name} only when data.numPorts is above 0, which it is not here, so ${literally(name)}; set numPorts or drop the reference`;
    }
    return undefined;
  }
  // Names an envFrom ConfigMap or Secret may define cannot be known here.
  if (listOf(where.container.envFrom).length > 0) return undefined;
  if (site.kind === 'env') {
    const later = env.indexOf(name, site.index + 1);
    if (later >= 0) {
      return `$(${name}) is defined only by a later entry, env[${later}], and Kubernetes expands an env value only with entries before it, so ${literally(name)}; move env[${later}] above this one`;
    }
  }
  const candidates = [...scope.storages, ...NNF_CONTAINER_VARIABLES.always, ...(scope.numPorts > 0 ? [NNF_CONTAINER_VARIABLES.ports, ...scope.perContainerPorts] : []), ...visible.filter((n): n is string => n !== undefined)];
  const suggestion = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
  // A lower-case `$(hostname)` in a shell script is command substitution Kubernetes leaves alone.
  if (!/[A-Z]/.test(name) && suggestion === undefined && !/^(dw|nnf)_/i.test(name)) return undefined;
  const fix = suggestion !== undefined ? `did you mean $(${suggestion})?` : `declare the storage or env entry, fix the name, or write $$(${name}) for the literal text`;
  return `$(${name}) is not a storage of this profile, a variable NNF sets in this container, or an env entry of it, so ${literally(name)}; ${fix}`;
}

function undefinedVariableFindings(profile: ProfileObject): Finding[] {
  const scope = scopeOf(profile);
  const findings: Finding[] = [];
  const check = (text: unknown, path: string, site: Site, where: ContainerLocation) => {
    if (typeof text !== 'string') return;
    const seen = new Set<string>();
    for (const name of variableReferences(text)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const message = unresolved(name, site, where, scope);
      if (message !== undefined) findings.push({ layer: 'job', rule: 'reference/undefined-variable', path, message });
    }
  };
  for (const pod of podsOf(profile)) {
    for (const where of containersOfPod(pod)) {
      for (const field of ['command', 'args'] as const) {
        listOf(where.container[field]).forEach((text, i) => check(text, `${where.path}.${field}[${i}]`, { kind: 'command' }, where));
      }
      listOf(where.container.env).forEach((entry, i) => {
        if (isObject(entry)) check(entry.value, `${where.path}.env[${i}].value`, { kind: 'env', index: i }, where);
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Container names

function containerNameFindings(profile: ProfileObject): Finding[] {
  const findings: Finding[] = [];
  for (const pod of podsOf(profile)) {
    const first = new Map<string, string>();
    for (const { path, container } of containersOfPod(pod)) {
      const name = nonEmptyString(container.name);
      if (name === undefined) continue;
      const earlier = first.get(name);
      if (earlier === undefined) {
        first.set(name, `${path}.name`);
        continue;
      }
      findings.push({
        layer: 'job',
        rule: 'reference/container-name-unique',
        path: `${path}.name`,
        message: `container name '${name}' is already used by ${earlier}, and Kubernetes refuses a pod whose containers and init containers share a name; rename one of them`,
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Images

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
  if (components.length > 1 && (/[.:]/.test(head) || head === 'localhost' || head !== head.toLowerCase())) {
    registry = components.shift();
    if (!REGISTRY.test(head)) return { problem: 'has a registry that is not a valid host[:port]' };
  }
  for (const component of components) {
    if (component === '') return { problem: 'has an empty path component (a doubled, leading or trailing /)' };
    if (component !== component.toLowerCase()) return { problem: 'has upper-case letters in its repository path, which must be lower case' };
    if (!PATH_COMPONENT.test(component)) {
      return { problem: 'has a path component that is not lower-case letters and digits joined by single ., _, __ or - separators' };
    }
  }
  return { registry, path: components.join('/'), tag, digest };
}

function imageFindings(profile: ProfileObject, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const pod of podsOf(profile)) {
    for (const { path, container } of containersOfPod(pod)) {
      const image = container.image;
      if (typeof image !== 'string') continue; // a missing image is the schema's to report
      const parsed = parseImageReference(image);
      if ('problem' in parsed) {
        findings.push({
          layer: 'job',
          rule: 'reference/image',
          path: `${path}.image`,
          message: `the image reference ${parsed.problem}, so the node cannot pull it; write it as [registry[:port]/]path[:tag][@algorithm:hex]`,
        });
        continue;
      }
      const floating = parsed.digest === undefined && (parsed.tag === undefined || parsed.tag === 'latest');
      if (!floating) continue;
      const policy = container.imagePullPolicy;
      // Kubernetes defaults an untagged or :latest image to Always; the NnfPodSpec-era CRD
      // defaults imagePullPolicy to IfNotPresent before Kubernetes sees it.
      const effective = typeof policy === 'string' ? policy : context.era === 'NnfPodSpec' ? 'IfNotPresent' : 'Always';
      if (effective === 'Always') continue;
      const how = typeof policy === 'string' ? `imagePullPolicy is ${policy}` : `imagePullPolicy is IfNotPresent (the ${context.version} default)`;
      const which = parsed.tag === undefined ? 'has no tag' : 'is tagged :latest';
      findings.push({
        layer: 'lint',
        rule: 'reference/image-pull-policy',
        path: `${path}.image`,
        message: `the image ${which} and ${how}, so a node that pulled it before keeps running that old image after the tag moves; pin a version tag or digest, or set imagePullPolicy: Always`,
      });
    }
  }
  return findings;
}

/** Every reference check over one profile. */
export const referenceRules: ProfileRule = (profile, context) => [
  ...undefinedVariableFindings(profile),
  ...containerNameFindings(profile),
  ...imageFindings(profile, context),
];
