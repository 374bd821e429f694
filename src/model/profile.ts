import type { IEnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { StorageModel } from './storage';

/**
 * The version-neutral description of a profile that renderers turn into an
 * NnfContainerProfile of a given API version. Plain data: no constructs, no I/O.
 */

/** A reference to a declared storage's mount path, optionally below it. */
export interface StorageRef {
  readonly storageName: string;
  /** Path below the mount point, without a leading slash. */
  readonly subPath?: string;
}

/** One command or args element: literal text and storage references, concatenated. */
export type ArgModel = string | { readonly parts: ReadonlyArray<string | StorageRef> };

export type ImagePullPolicy = 'Always' | 'Never' | 'IfNotPresent';

/** A container as both eras can express it (the NnfPodSpec container fields). */
export interface ContainerModel {
  /** Container name, a DNS label; NNF exposes `NNF_CONTAINER_PORTS_<name>` by it. */
  readonly name: string;
  /** Image reference, e.g. `ghcr.io/org/app:1.2`; site image relocations apply. */
  readonly image: string;
  /** Entrypoint. @default - the image's ENTRYPOINT */
  readonly command?: readonly ArgModel[];
  /** Arguments to the entrypoint. @default - the image's CMD */
  readonly args?: readonly ArgModel[];
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

/** Fields of a full PodSpec beyond those modelled here; PodSpec era only. */
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

/** A pod template as both eras can express it. */
export interface PodModel {
  readonly containers: readonly ContainerModel[];
  /** @default - none */
  readonly initContainers?: readonly ContainerModel[];
  /** @default - none */
  readonly volumes?: readonly IVolume[];
  /** Names of `kubernetes.io/dockerconfigjson` secrets in the container namespace. */
  readonly pullSecrets: readonly string[];
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

export type MpiImplementation = 'OpenMPI' | 'Intel';

/** mpi-operator v2beta1 RunPolicy; PodSpec era only. */
export interface RunPolicy {
  readonly cleanPodPolicy?: 'None' | 'Running' | 'All';
  readonly suspend?: boolean;
  readonly backoffLimit?: number;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
  readonly schedulingPolicy?: Record<string, unknown>;
}

export interface SingleWorkload {
  readonly kind: 'single';
  readonly pod: PodModel;
}

export interface MpiWorkload {
  readonly kind: 'mpi';
  readonly launcher: PodModel;
  readonly worker: PodModel;
  readonly slotsPerWorker: number;
  readonly copyOffload?: boolean;
  /** Set only when the author chose them; renderers supply era defaults. */
  readonly runPolicy?: RunPolicy;
  readonly sshAuthMountPath?: string;
  readonly mpiImplementation?: MpiImplementation;
}

/** Profile settings both eras express, emitted only when set. */
export interface ProfileSettings {
  /**
   * Seconds the containers may take to start; 0 disables the limit.
   * @default - the operator's default, 300
   */
  readonly preRunTimeoutSeconds?: number;
  /**
   * Seconds the containers may take to finish after the job's compute phase; 0 disables the
   * limit (and exit codes are then ignored).
   * @default - the operator's default, 300
   */
  readonly postRunTimeoutSeconds?: number;
  /** Only workflows of this user ID may use the profile. @default - any user */
  readonly userID?: number;
  /** Only workflows of this group ID may use the profile. @default - any group */
  readonly groupID?: number;
  /** Ports reserved per container on the NNF node, exposed as `NNF_CONTAINER_PORTS`. @default - none */
  readonly numPorts?: number;
  /**
   * false: NNF mounts the storages but starts no containers. v1alpha11 only.
   * @default - the operator's default, true
   */
  readonly createContainer?: boolean;
}

export interface ProfileModel extends ProfileSettings {
  /** metadata.name: what users write as `profile=` in `#DW container`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly storages: readonly StorageModel[];
  readonly retryLimit: number;
  readonly workload: SingleWorkload | MpiWorkload;
}
