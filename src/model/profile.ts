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
  readonly name: string;
  readonly image: string;
  readonly command?: readonly ArgModel[];
  readonly args?: readonly ArgModel[];
  readonly env?: readonly IEnvVar[];
  readonly envFrom?: readonly IEnvFromSource[];
  readonly volumeMounts?: readonly IVolumeMount[];
  readonly workingDir?: string;
  readonly livenessProbe?: IProbe;
  readonly readinessProbe?: IProbe;
  readonly startupProbe?: IProbe;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly restartPolicy?: string;
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  /** Full Kubernetes container fields that only the PodSpec era (v1alpha1–v1alpha6) can carry. */
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
  readonly initContainers?: readonly ContainerModel[];
  readonly volumes?: readonly IVolume[];
  /** Names of `kubernetes.io/dockerconfigjson` secrets in the container namespace. */
  readonly pullSecrets: readonly string[];
  readonly terminationGracePeriodSeconds?: number;
  readonly shareProcessNamespace?: boolean;
  readonly automountServiceAccountToken?: boolean;
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

export interface ProfileModel {
  /** metadata.name: what users write as `profile=` in `#DW container`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly storages: readonly StorageModel[];
  readonly retryLimit: number;
  readonly preRunTimeoutSeconds?: number;
  readonly postRunTimeoutSeconds?: number;
  readonly userID?: number;
  readonly groupID?: number;
  readonly numPorts?: number;
  readonly createContainer?: boolean;
  readonly workload: SingleWorkload | MpiWorkload;
}
