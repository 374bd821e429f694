import { isObject } from '../../plain-data';
import {
  type ContainerLocation,
  containersOf,
  containersOfPod,
  dataOf,
  envNamesOf,
  listOf,
  NNF_CONTAINER_VARIABLES,
  nnfContainerVariables,
  nonEmptyString,
  parseImageReference,
  podsOf,
  portContainersOf,
  portsVariableFor,
  storagesOf,
  variableReferences,
} from '../../rendered';
import type { Finding } from '../finding';
import type { ProfileObject, ProfileRule, RuleContext } from './context';

/**
 * Reference checks: `$(NAME)` expansions that cannot resolve, container names a pod repeats,
 * malformed image references and images a node may keep stale.
 */

/** The variables of the `kubernetes` service, which the kubelet sets in every container. */
const KUBERNETES_SERVICE_VARIABLE = /^KUBERNETES_(SERVICE|PORT)(_[A-Z0-9_]+)?$/;

/** A name `$(NAME)` can usefully mean: the C-identifier form every variable here takes. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What the profile makes available, computed once per profile. */
interface Scope {
  readonly storages: ReadonlySet<string>;
  readonly numPorts: number;
  /** `NNF_CONTAINER_PORTS_<name>` for each container that gets ports. */
  readonly perContainerPorts: ReadonlySet<string>;
  /** What NNF sets in each container. */
  readonly nnf: readonly string[];
}

function scopeOf(profile: ProfileObject): Scope {
  const ports = dataOf(profile).numPorts;
  const numPorts = typeof ports === 'number' ? ports : 0;
  const storages = new Set(storagesOf(profile).flatMap(({ name }) => nonEmptyString(name) ?? []));
  const portContainers = portContainersOf(profile).flatMap(({ container }) => nonEmptyString(container.name) ?? []);
  return {
    storages,
    numPorts,
    perContainerPorts: new Set(portContainers.map(portsVariableFor)),
    nnf: nnfContainerVariables(storages, numPorts, portContainers),
  };
}

function isNnfFamily(name: string): boolean {
  return (
    (NNF_CONTAINER_VARIABLES.always as readonly string[]).includes(name) ||
    name === NNF_CONTAINER_VARIABLES.ports ||
    name.startsWith(NNF_CONTAINER_VARIABLES.portsPerContainerPrefix)
  );
}

/** Where a reference appears: in command/args (sees all env), or in env[index].value (sees earlier entries). */
type Site = { readonly kind: 'command' } | { readonly kind: 'env'; readonly index: number };

const literally = (name: string) => `Kubernetes leaves '$(${name})' unexpanded and the program receives that text literally`;

/** The finding's message for an unresolved reference, or undefined when it resolves (or may). */
function unresolved(name: string, site: Site, where: ContainerLocation, scope: Scope): string | undefined {
  if (!VARIABLE_NAME.test(name)) return undefined; // e.g. shell `$((RANDOM % 2))`: not a variable name
  const env = envNamesOf(where.container);
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
    if (
      !isStorage &&
      name !== NNF_CONTAINER_VARIABLES.ports &&
      name.startsWith(NNF_CONTAINER_VARIABLES.portsPerContainerPrefix) &&
      !scope.perContainerPorts.has(name)
    ) {
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
  const candidates = [...scope.nnf, ...visible.filter((n): n is string => n !== undefined)];
  const suggestion = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
  // A lower-case `$(hostname)` in a shell script is command substitution Kubernetes leaves alone.
  if (!/[A-Z]/.test(name) && suggestion === undefined && !/^(dw|nnf)_/i.test(name)) return undefined;
  const fix =
    suggestion !== undefined
      ? `did you mean $(${suggestion})?`
      : `declare the storage or env entry, fix the name, or write $$(${name}) for the literal text`;
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
  for (const where of containersOf(profile)) {
    for (const field of ['command', 'args'] as const) {
      listOf(where.container[field]).forEach((text, i) => check(text, `${where.path}.${field}[${i}]`, { kind: 'command' }, where));
    }
    listOf(where.container.env).forEach((entry, i) => {
      if (isObject(entry)) check(entry.value, `${where.path}.env[${i}].value`, { kind: 'env', index: i }, where);
    });
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

function imageFindings(profile: ProfileObject, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { path, container } of containersOf(profile)) {
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
    const how =
      typeof policy === 'string' ? `imagePullPolicy is ${policy}` : `imagePullPolicy is IfNotPresent (the ${context.version} default)`;
    const which = parsed.tag === undefined ? 'has no tag' : 'is tagged :latest';
    findings.push({
      layer: 'lint',
      rule: 'reference/image-pull-policy',
      path: `${path}.image`,
      message: `the image ${which} and ${how}, so a node that pulled it before keeps running that old image after the tag moves; pin a version tag or digest, or set imagePullPolicy: Always`,
    });
  }
  return findings;
}

/** Every reference check over one profile. */
export const referenceRules: ProfileRule = (profile, context) => [
  ...undefinedVariableFindings(profile),
  ...containerNameFindings(profile),
  ...imageFindings(profile, context),
];
