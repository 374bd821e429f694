import { isClusterScoped } from '../argocd/kinds';
import {
  API_VERSIONS,
  type ApiVersion,
  type CrdName,
  DEFAULT_API_VERSION,
  isApiVersion,
  isCrdName,
  NNF_CRDS,
  NNF_GROUP,
  nnfCrd,
  PROFILE_KIND,
} from '../model';
import type { ArgoCdProps } from '../argocd/settings';
import type { ContainerPolicyProps } from '../policy/settings';
import type { RbacProps, SubjectsProps } from '../rbac/settings';
import type { ImageRelocations } from '../render/image';
import type { PullSecret } from '../secrets/pull-secret';
import { type FieldsOf, propProblems, propProblemText, type PropsShape } from '../validate/props';
import { deepFreeze } from '../plain-data';

/** One cluster the site publishes profiles to. */
export interface EnvironmentProps {
  /** Directory name under `dist/` and the name users pass to `--env`. */
  readonly name: string;
  /**
   * The NnfContainerProfile CRD the cluster runs, named by its lowest and highest declared
   * version (`imports/nnfcontainerprofile/crds.json`): `'v1alpha1'`, `'v1alpha6-v1alpha8'` or
   * `'v1alpha9-v1alpha11'`. The cluster stores profiles in that CRD's storage version and
   * Argo CD reads them back through conversion, so profiles render in the storage version unless
   * `apiVersion` says otherwise, and a served version whose conversion would drop a field the
   * rendered profile sets fails synth.
   * @default - not known: `apiVersion` is rendered as given, without the conversion check
   */
  readonly crd?: CrdName;
  /**
   * The NnfContainerProfile version profiles are rendered for; with `crd`, one it serves.
   * @default - the storage version of `crd`; without `crd`, 'v1alpha11'
   */
  readonly apiVersion?: ApiVersion;
  /**
   * With `crd` and an `apiVersion` that is not its storage version: render even when converting
   * to the storage version drops fields a profile sets, warning instead of failing. The cluster
   * then keeps those profiles OutOfSync in Argo CD (self-heal re-applies them forever).
   * @default false
   */
  readonly allowLossyConversion?: boolean;
  /**
   * Namespace the NNF operator reads profiles from (its NNF_CONTAINER_PROFILE_NAMESPACE).
   * @default 'nnf-system'
   */
  readonly profileNamespace?: string;
  /**
   * Namespace user containers run in; pull secrets must live there.
   * @default 'default'
   */
  readonly containerNamespace?: string;
  /**
   * Source registry or repository → site mirror, applied to every image at render.
   * @example { 'docker.io': 'mirror.example.com/dockerhub', 'ghcr.io/nearnodeflash': 'mirror.example.com/nnf' }
   * @default - images are used as written
   */
  readonly imageRelocations?: ImageRelocations;
  /**
   * The cluster's API server, as Argo CD names it in an Application's destination.
   * @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in)
   */
  readonly cluster?: string;
  /**
   * Path (from the repository root) of the site's NnfContainerProfile CRD file, to deploy it with
   * the profiles: for a test cluster that has no NNF operator installing it.
   * @default - the CRD is installed by the NNF software, not by this repository
   */
  readonly crdFile?: string;
  /**
   * The ports NNF allocates container ports from, as the cluster's DWS SystemConfiguration lists
   * them (`spec.ports`): inclusive ranges, a single port as `{ start: 5000, end: 5000 }`. A
   * profile whose `numPorts` exceeds their total fails synth for this environment.
   * @example [{ start: 5000, end: 5999 }]
   * @default - not known: `numPorts` is not checked against the cluster's ports
   */
  readonly ports?: readonly PortRange[];
  /**
   * The workload manager users submit jobs with on this cluster. It decides the form in which
   * `nnf-profiles directives` and the catalog give a profile's `#DW` directives: `'flux'`, the
   * job's dw attribute as Flux batch directives (`#FLUX: --setattr=dw="""` ... `#FLUX: """`),
   * with a `flux batch --setattr=dw="..."` command line as well; `'slurm'`, bare `#DW` lines in
   * the script's header, as the NNF documentation shows them. `lint-job` reads both forms.
   * @default 'slurm'
   */
  readonly workloadManager?: WorkloadManager;
}

/** A workload manager jobs are submitted with, as `EnvironmentProps.workloadManager` names it. */
export type WorkloadManager = 'flux' | 'slurm';

export const WORKLOAD_MANAGERS: readonly WorkloadManager[] = ['flux', 'slurm'];

/** An inclusive range of TCP ports. */
export interface PortRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A kind of object profile modules may create besides NnfContainerProfiles, e.g. a ConfigMap a
 * profile's containers read. Only what a site lists here leaves a profile module; the Argo CD
 * project permits exactly these kinds and namespaces besides the site's own.
 */
export interface ProfileObjectAllowance {
  /** API group; `''` is the core group. @example 'apps' */
  readonly apiGroup: string;
  /** @example 'ConfigMap' */
  readonly kind: string;
  /**
   * Namespaces objects of this kind may be in; cluster-scoped kinds are never allowed.
   * @default - the environment's profile namespace only
   */
  readonly namespaces?: readonly string[];
}

export interface SiteProps {
  readonly environments: readonly EnvironmentProps[];
  /**
   * Kinds other than NnfContainerProfile that profile modules may create. Every object synth
   * emits still passes the container policy and the RBAC guard.
   * @default - none: profile modules create NnfContainerProfiles only
   */
  readonly allowedProfileObjects?: readonly ProfileObjectAllowance[];
  /** Registry credentials profiles may reference; each is provisioned as its source says. @default - none */
  readonly pullSecrets?: readonly PullSecret[];
  /** Who may see and change profiles in the profile namespace. @default - no bindings */
  readonly rbac?: RbacProps;
  /** What containers may do on the Rabbit nodes. @default - no restrictions */
  readonly policy?: ContainerPolicyProps;
  /** Render the Argo CD objects that deploy `dist/` into `dist/argocd/`. @default - none */
  readonly argocd?: ArgoCdProps;
}

/** An environment with its defaults resolved. */
export interface Environment {
  readonly name: string;
  readonly apiVersion: ApiVersion;
  /** The CRD the cluster runs, when the site names it. */
  readonly crd?: CrdName;
  /** The version the cluster stores profiles in: the storage version of `crd`. */
  readonly storageVersion?: ApiVersion;
  readonly allowLossyConversion?: boolean;
  readonly profileNamespace: string;
  readonly containerNamespace: string;
  readonly imageRelocations: ImageRelocations;
  readonly cluster: string;
  readonly crdFile?: string;
  /** The ports NNF allocates container ports from, when the site lists them. */
  readonly ports?: readonly PortRange[];
  /** The workload manager whose form of directives users are shown. */
  readonly workloadManager: WorkloadManager;
}

export interface Site {
  readonly environments: readonly Environment[];
  readonly allowedProfileObjects: readonly ProfileObjectAllowance[];
  readonly pullSecrets: readonly PullSecret[];
  readonly rbac: RbacProps;
  readonly policy: ContainerPolicyProps;
  readonly argocd?: ArgoCdProps;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

const isNamespaceName = (ns: unknown): ns is string => typeof ns === 'string' && DNS_LABEL.test(ns) && ns.length <= 63;

function allowanceProblems(allowances: unknown): string[] {
  // Anything but a list is reported by the check of the settings' shape.
  if (!Array.isArray(allowances)) return [];
  const problems: string[] = [];
  allowances.forEach((entry: Partial<ProfileObjectAllowance> | null, i) => {
    const { apiGroup, kind, namespaces } = entry ?? {};
    const where = `allowedProfileObjects[${i}]${typeof kind === 'string' ? ` (${kind})` : ''}`;
    if (typeof apiGroup !== 'string' || (apiGroup !== '' && !DNS_SUBDOMAIN.test(apiGroup))) {
      problems.push(
        `${where}.apiGroup: ${JSON.stringify(apiGroup) ?? String(apiGroup)} is not an API group (e.g. 'apps'; '' for the core group)`,
      );
    }
    if (typeof kind !== 'string' || !KIND.test(kind)) {
      problems.push(`${where}.kind: ${JSON.stringify(kind) ?? String(kind)} is not a kind (e.g. 'ConfigMap')`);
    }
    if (typeof apiGroup !== 'string' || typeof kind !== 'string') return;
    if (apiGroup === NNF_GROUP && kind === PROFILE_KIND) {
      problems.push(`${where}: profile modules always create NnfContainerProfiles, in the profile namespace only; remove this entry`);
    } else if (isClusterScoped({ apiVersion: apiGroup === '' ? 'v1' : `${apiGroup}/v1`, kind })) {
      problems.push(
        `${where}: ${kind} is cluster-scoped, and profile modules may never create cluster-scoped objects: ` +
          'they would reach past every namespace the site gives its profiles; remove this entry',
      );
    }
    if (namespaces === undefined) return;
    if (!Array.isArray(namespaces) || namespaces.length === 0) {
      problems.push(`${where}.namespaces: must be a non-empty list of namespaces (omit it for the profile namespace)`);
      return;
    }
    namespaces.forEach((ns: unknown, j) => {
      if (!isNamespaceName(ns)) problems.push(`${where}.namespaces[${j}]: '${String(ns)}' is not a valid namespace name`);
    });
  });
  return problems;
}

const SUBJECTS: PropsShape = {
  of: 'viewers or editors',
  noun: 'setting',
  fields: { groups: 'any', users: 'any' } satisfies FieldsOf<SubjectsProps>,
};

/**
 * The keys site.ts may use, checked because synth does not type-check. Their values are checked
 * below and by the settings' own modules (rbac, policy, argocd), so only keys are checked here.
 */
const SITE_PROPS: PropsShape = {
  of: 'the site',
  noun: 'setting',
  fields: {
    environments: {
      arrayOf: {
        of: 'an environment',
        noun: 'setting',
        fields: {
          name: 'any',
          crd: 'any',
          apiVersion: 'any',
          allowLossyConversion: 'any',
          profileNamespace: 'any',
          containerNamespace: 'any',
          imageRelocations: 'any',
          cluster: 'any',
          crdFile: 'any',
          ports: 'any',
          workloadManager: 'any',
        } satisfies FieldsOf<EnvironmentProps>,
      },
    },
    allowedProfileObjects: {
      arrayOf: {
        of: 'an allowedProfileObjects entry',
        noun: 'setting',
        fields: { apiGroup: 'any', kind: 'any', namespaces: 'any' } satisfies FieldsOf<ProfileObjectAllowance>,
      },
    },
    pullSecrets: 'any',
    rbac: { of: 'rbac', noun: 'setting', fields: { viewers: SUBJECTS, editors: SUBJECTS } satisfies FieldsOf<RbacProps> },
    policy: {
      of: 'policy',
      noun: 'setting',
      fields: { allowedRegistries: 'any', exceptionsAllowed: 'any' } satisfies FieldsOf<ContainerPolicyProps>,
    },
    argocd: {
      of: 'argocd',
      noun: 'setting',
      fields: {
        repoURL: 'any',
        targetRevision: 'any',
        namespace: 'any',
        project: 'any',
        rootProject: 'any',
        syncServiceAccount: 'any',
        prune: 'any',
        selfHeal: 'any',
        applicationSet: 'any',
      } satisfies FieldsOf<ArgoCdProps>,
    },
  } satisfies FieldsOf<SiteProps>,
};

/** Problems with an environment's `crd`, its `apiVersion` under that CRD and `allowLossyConversion`. */
function crdProblems(env: EnvironmentProps | undefined, where: string): string[] {
  const problems: string[] = [];
  const { crd, apiVersion, allowLossyConversion } = env ?? ({} as Partial<EnvironmentProps>);
  if (allowLossyConversion !== undefined && typeof allowLossyConversion !== 'boolean') {
    problems.push(`${where}.allowLossyConversion: must be true or false`);
  }
  if (crd === undefined) {
    if (allowLossyConversion !== undefined)
      problems.push(`${where}.allowLossyConversion: has no effect without crd; name the CRD the cluster runs`);
    return problems;
  }
  if (!isCrdName(crd)) {
    problems.push(`${where}.crd: ${JSON.stringify(crd) ?? String(crd)} is not one of ${NNF_CRDS.map((c) => c.name).join(', ')}`);
    return problems;
  }
  const { served, storage } = nnfCrd(crd);
  if (apiVersion !== undefined && isApiVersion(apiVersion) && !served.includes(apiVersion)) {
    problems.push(
      `${where}.apiVersion: CRD ${crd} does not serve ${apiVersion} (it serves ${served.join(', ')} and stores ${storage}); omit apiVersion to render ${storage}`,
    );
  }
  return problems;
}

const isPort = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;

/** Problems with an environment's `ports`: a non-empty list of ranges of ports, none overlapping. */
function portProblems(ports: unknown, where: string): string[] {
  if (ports === undefined) return [];
  if (!Array.isArray(ports) || ports.length === 0) {
    return [`${where}.ports: must be a non-empty list of { start, end } port ranges (omit it when the cluster's ports are not known)`];
  }
  const problems: string[] = [];
  const ranges: Array<PortRange & { index: number }> = [];
  ports.forEach((range: unknown, i) => {
    const { start, end } = (range ?? {}) as Partial<Record<keyof PortRange, unknown>>;
    if (!isPort(start) || !isPort(end)) {
      problems.push(
        `${where}.ports[${i}]: ${JSON.stringify(range) ?? String(range)} is not { start, end } with both ports integers from 1 to 65535`,
      );
    } else if (start > end) {
      problems.push(`${where}.ports[${i}]: start ${start} is above end ${end}; write the lower port as start`);
    } else {
      ranges.push({ start, end, index: i });
    }
  });
  for (const [k, range] of ranges.entries()) {
    const overlapped = ranges.slice(0, k).find((other) => range.start <= other.end && other.start <= range.end);
    if (overlapped !== undefined) {
      problems.push(
        `${where}.ports[${range.index}]: ${range.start}-${range.end} overlaps ports[${overlapped.index}] (${overlapped.start}-${overlapped.end}); list each port once`,
      );
    }
  }
  return problems;
}

/** Problems with the site settings, each naming the environment and the setting. */
export function siteProblems(props: SiteProps): string[] {
  // Only unknown keys: the values have checks of their own, below and in the settings' modules.
  const problems = propProblems(props, SITE_PROPS)
    .filter((p) => p.rule === 'props/unknown')
    .map(propProblemText);
  if (!Array.isArray(props?.environments) || props.environments.length === 0) {
    return [...problems, 'environments: declare at least one environment'];
  }
  const seen = new Set<string>();
  props.environments.forEach((env, i) => {
    const where = `environments[${i}]${typeof env?.name === 'string' ? ` (${env.name})` : ''}`;
    if (typeof env?.name !== 'string' || !DNS_LABEL.test(env.name) || env.name.length > 63) {
      problems.push(`${where}.name: must be a lower-case DNS label (it names a directory under dist/)`);
    } else if (env.name === 'argocd' || env.name === 'catalog') {
      problems.push(`${where}.name: '${env.name}' is reserved for generated output under dist/`);
    } else if (seen.has(env.name)) {
      problems.push(`${where}.name: environment '${env.name}' is declared twice`);
    }
    seen.add(env?.name);
    if (env?.apiVersion !== undefined && !isApiVersion(env.apiVersion)) {
      problems.push(`${where}.apiVersion: '${env.apiVersion}' is not one of ${API_VERSIONS.join(', ')}`);
    }
    problems.push(...crdProblems(env, where));
    problems.push(...portProblems(env?.ports, where));
    const manager: unknown = env?.workloadManager;
    if (manager !== undefined && !(WORKLOAD_MANAGERS as readonly unknown[]).includes(manager)) {
      problems.push(
        `${where}.workloadManager: ${JSON.stringify(manager) ?? String(manager)} is not one of ${WORKLOAD_MANAGERS.join(', ')} (omit it for bare #DW lines, as with 'slurm')`,
      );
    }
    for (const key of ['profileNamespace', 'containerNamespace'] as const) {
      const ns = env?.[key];
      if (ns !== undefined && (typeof ns !== 'string' || !DNS_LABEL.test(ns) || ns.length > 63)) {
        problems.push(`${where}.${key}: '${String(ns)}' is not a valid namespace name`);
      }
    }
  });
  const secretNames = new Set<string>();
  for (const secret of props.pullSecrets ?? []) {
    if (secretNames.has(secret.name)) problems.push(`pullSecrets: '${secret.name}' is declared twice`);
    secretNames.add(secret.name);
  }
  problems.push(...allowanceProblems(props.allowedProfileObjects));
  return problems;
}

/**
 * The site's settings: which clusters it has and how profiles render for each. The default
 * export of `site.ts` at the repository root.
 */
export function defineSite(props: SiteProps): Site {
  const problems = siteProblems(props);
  if (problems.length > 0) throw new Error(`site settings:\n  ${problems.join('\n  ')}`);
  // Profile modules can import site.ts: frozen, its settings cannot be widened from there.
  return deepFreeze({
    environments: props.environments.map((env) => ({
      name: env.name,
      apiVersion: env.apiVersion ?? (env.crd ? nnfCrd(env.crd).storage : DEFAULT_API_VERSION),
      crd: env.crd,
      storageVersion: env.crd ? nnfCrd(env.crd).storage : undefined,
      allowLossyConversion: env.allowLossyConversion,
      profileNamespace: env.profileNamespace ?? 'nnf-system',
      containerNamespace: env.containerNamespace ?? 'default',
      imageRelocations: { ...env.imageRelocations },
      cluster: env.cluster ?? 'https://kubernetes.default.svc',
      crdFile: env.crdFile,
      ports: env.ports?.map(({ start, end }) => ({ start, end })),
      workloadManager: env.workloadManager ?? 'slurm',
    })),
    allowedProfileObjects: [...(props.allowedProfileObjects ?? [])],
    pullSecrets: [...(props.pullSecrets ?? [])],
    rbac: props.rbac ?? {},
    policy: props.policy ?? {},
    argocd: props.argocd,
  });
}
