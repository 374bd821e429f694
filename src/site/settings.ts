import { API_VERSIONS, type ApiVersion, DEFAULT_API_VERSION, isApiVersion } from '../model';
import type { ArgoCdProps } from '../argocd/settings';
import type { ContainerPolicyProps } from '../policy/settings';
import type { RbacProps } from '../rbac/settings';
import type { ImageRelocations } from '../render/image';
import type { PullSecret } from '../secrets/pull-secret';

/** One cluster the site publishes profiles to. */
export interface EnvironmentProps {
  /** Directory name under `dist/` and the name users pass to `--env`. */
  readonly name: string;
  /**
   * The NnfContainerProfile version the cluster serves and profiles are rendered for.
   * @default 'v1alpha11'
   */
  readonly apiVersion?: ApiVersion;
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
}

export interface SiteProps {
  readonly environments: readonly EnvironmentProps[];
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
  readonly profileNamespace: string;
  readonly containerNamespace: string;
  readonly imageRelocations: ImageRelocations;
  readonly cluster: string;
  readonly crdFile?: string;
}

export interface Site {
  readonly environments: readonly Environment[];
  readonly pullSecrets: readonly PullSecret[];
  readonly rbac: RbacProps;
  readonly policy: ContainerPolicyProps;
  readonly argocd?: ArgoCdProps;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with the site settings, each naming the environment and the setting. */
export function siteProblems(props: SiteProps): string[] {
  const problems: string[] = [];
  if (!Array.isArray(props?.environments) || props.environments.length === 0) {
    return ['environments: declare at least one environment'];
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
  return problems;
}

/**
 * The site's settings: which clusters it has and how profiles render for each. The default
 * export of `site.ts` at the repository root.
 */
export function defineSite(props: SiteProps): Site {
  const problems = siteProblems(props);
  if (problems.length > 0) throw new Error(`site settings:\n  ${problems.join('\n  ')}`);
  return {
    environments: props.environments.map((env) => ({
      name: env.name,
      apiVersion: env.apiVersion ?? DEFAULT_API_VERSION,
      profileNamespace: env.profileNamespace ?? 'nnf-system',
      containerNamespace: env.containerNamespace ?? 'default',
      imageRelocations: { ...env.imageRelocations },
      cluster: env.cluster ?? 'https://kubernetes.default.svc',
      crdFile: env.crdFile,
    })),
    pullSecrets: [...(props.pullSecrets ?? [])],
    rbac: props.rbac ?? {},
    policy: props.policy ?? {},
    argocd: props.argocd,
  };
}
