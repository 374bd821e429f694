import type { ContainerModel, PodModel } from '../model';
import { type Arg, toArgModel } from './arg';

/** A container, with the fields every API version can express. */
export interface ContainerProps extends Omit<ContainerModel, 'command' | 'args'> {
  /** Entrypoint; storage paths are written as `storage.path()` or with {@link arg}. @default - the image's ENTRYPOINT */
  readonly command?: readonly Arg[];
  /** Arguments to the entrypoint. @default - the image's CMD */
  readonly args?: readonly Arg[];
}

/** An MPI launcher or worker container; its image defaults to the profile's `image`. */
export interface MpiContainerProps extends Omit<ContainerProps, 'image'> {
  /** @default - the MPI profile's `image` */
  readonly image?: string;
}

/** A pod template: containers and the pod-level fields every API version can express. */
export interface PodProps<C> extends Omit<PodModel, 'containers' | 'initContainers' | 'pullSecrets'> {
  readonly containers: readonly C[];
  /** @default - none */
  readonly initContainers?: readonly C[];
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
