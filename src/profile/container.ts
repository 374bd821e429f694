import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { ContainerModel, PodModel } from '../model';
import { type Arg, toArgModel } from './arg';

/** When the kubelet pulls a container's image. */
export type ImagePullPolicy = 'Always' | 'Never' | 'IfNotPresent';

/**
 * A container, with the fields every API version can express (the NnfPodSpec container
 * fields); Kubernetes fields beyond them go in `podSpecEraFields`.
 */
export interface ContainerProps {
  /** Container name, a DNS label; NNF exposes `NNF_CONTAINER_PORTS_<name>` by it. */
  readonly name: string;
  /** Image reference, e.g. `ghcr.io/org/app:1.2`; the site's image relocations apply. */
  readonly image: string;
  /**
   * Entrypoint; storage paths are written as `storage.path()` or with {@link arg}.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: readonly Arg[];
  /**
   * Arguments to the entrypoint, written like `command`.
   * @default - the image's CMD
   */
  readonly args?: readonly Arg[];
  /**
   * Environment variables; NNF adds one per storage (`DW_JOB_<name>` …) and the port variables.
   * @default - none
   */
  readonly env?: readonly IEnvVar[];
  /** Variables taken from config maps or secrets. @default - none */
  readonly envFrom?: readonly IEnvFromSource[];
  /** Mounts of the pod's `volumes`; NNF mounts the storages itself. @default - none */
  readonly volumeMounts?: readonly IVolumeMount[];
  /** @default - the image's working directory */
  readonly workingDir?: string;
  /** @default - no liveness probe */
  readonly livenessProbe?: IProbe;
  /** @default - no readiness probe */
  readonly readinessProbe?: IProbe;
  /** @default - no startup probe */
  readonly startupProbe?: IProbe;
  /** @default - IfNotPresent from v1alpha7 on (the CRD's default); before, Kubernetes' rule by tag */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Container restart policy (init containers as sidecars: `Always`). @default - none */
  readonly restartPolicy?: string;
  /** @default - Kubernetes' default, /dev/termination-log */
  readonly terminationMessagePath?: string;
  /** @default - Kubernetes' default, File */
  readonly terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  /**
   * Kubernetes container fields only the PodSpec era (v1alpha1–v1alpha6) has, such as
   * `securityContext` or `resources`. Rendering for a later version with these set fails.
   * @default - none
   */
  readonly podSpecEraFields?: Partial<IContainer>;
}

/** An MPI launcher or worker container: a container whose image may come from the profile. */
export interface MpiContainerProps extends Omit<ContainerProps, 'image'> {
  /** @default - the MPI profile's `image` */
  readonly image?: string;
}

/** Fields of a full PodSpec beyond those `PodProps` has; PodSpec era only. */
export type PodSpecEraPodFields = Omit<
  Partial<IPodSpec>,
  | 'containers'
  | 'initContainers'
  | 'volumes'
  | 'imagePullSecrets'
  | 'terminationGracePeriodSeconds'
  | 'shareProcessNamespace'
  | 'automountServiceAccountToken'
>;

/**
 * A pod template: its containers and the pod fields every API version can express.
 * Pull secrets are set once for the profile (`pullSecrets`).
 *
 * @typeParam C the container props: `ContainerProps`, or `MpiContainerProps` in an MPI profile
 */
export interface PodProps<C> {
  /** The containers, run side by side; at least one. */
  readonly containers: readonly C[];
  /** Containers run to completion, in order, before `containers` start. @default - none */
  readonly initContainers?: readonly C[];
  /** Volumes for the containers' `volumeMounts`; NNF adds the storages' own. @default - none */
  readonly volumes?: readonly IVolume[];
  /** @default - Kubernetes' default, 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** @default false */
  readonly shareProcessNamespace?: boolean;
  /** @default - Kubernetes' default, true */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Pod fields only the PodSpec era (v1alpha1–v1alpha6) has, such as `nodeSelector` or
   * `securityContext`. Rendering for a later version with these set fails.
   * @default - none
   */
  readonly podSpecEraFields?: PodSpecEraPodFields;
}

export function toContainerModel(props: ContainerProps): ContainerModel {
  return {
    ...props,
    command: props.command?.map(toArgModel),
    args: props.args?.map(toArgModel),
  };
}

export function toPodModel(props: PodProps<ContainerProps>, pullSecrets: readonly string[]): PodModel {
  return {
    containers: props.containers.map(toContainerModel),
    initContainers: props.initContainers?.map(toContainerModel),
    volumes: props.volumes,
    pullSecrets,
    terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
    shareProcessNamespace: props.shareProcessNamespace,
    automountServiceAccountToken: props.automountServiceAccountToken,
    podSpecEraFields: props.podSpecEraFields,
  };
}
