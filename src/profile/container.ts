import type { IEnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { ContainerModel, ImagePullPolicy, PodModel, PodSpecEraPodFields } from '../model';
import { type Arg, toArgModel } from './arg';

/** A container, with the fields every API version can express. */
export interface ContainerProps {
  /** Container name, a DNS label; NNF exposes `NNF_CONTAINER_PORTS_<name>` by it. */
  readonly name: string;
  /** Image reference, e.g. `ghcr.io/org/app:1.2`; site image relocations apply. */
  readonly image: string;
  /** Entrypoint; storage paths are written as `storage.path()` or with {@link arg}. @default - the image's ENTRYPOINT */
  readonly command?: readonly Arg[];
  /** Arguments to the entrypoint. @default - the image's CMD */
  readonly args?: readonly Arg[];
  /** @default - none */
  readonly env?: readonly IEnvVar[];
  /** @default - none */
  readonly envFrom?: readonly IEnvFromSource[];
  /** @default - none */
  readonly volumeMounts?: readonly IVolumeMount[];
  /** @default - the image's working directory */
  readonly workingDir?: string;
  readonly livenessProbe?: IProbe;
  readonly readinessProbe?: IProbe;
  readonly startupProbe?: IProbe;
  /** @default - Kubernetes' rule: Always for `:latest` or untagged images, IfNotPresent otherwise */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Container restart policy (init containers as sidecars: `Always`). @default - none */
  readonly restartPolicy?: string;
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  /**
   * Kubernetes container fields only the PodSpec era (v1alpha1–v1alpha6) has, such as
   * `securityContext` or `resources`. Rendering for a later version with these set fails.
   * @default - none
   */
  readonly podSpecEraFields?: Partial<IContainer>;
}

/** An MPI launcher or worker container; its image defaults to the profile's `image`. */
export interface MpiContainerProps extends Omit<ContainerProps, 'image'> {
  /** @default - the MPI profile's `image` */
  readonly image?: string;
}

/** A pod template: containers and the pod-level fields every API version can express. */
export interface PodProps<C> {
  readonly containers: readonly C[];
  /** @default - none */
  readonly initContainers?: readonly C[];
  /** @default - none */
  readonly volumes?: readonly IVolume[];
  readonly terminationGracePeriodSeconds?: number;
  readonly shareProcessNamespace?: boolean;
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
