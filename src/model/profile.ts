import type { ContainerProps, PodProps } from '../profile/container';
import type { MpiContainerProfileProps } from '../profile/mpi-container-profile';
import type { ProfileProps } from '../profile/profile';
import type { StorageModel } from './storage';

/**
 * The version-neutral description of a profile that renderers turn into an
 * NnfContainerProfile of a given API version. Plain data: no constructs, no I/O.
 *
 * Derived from the props authors write (src/profile), so that a field is documented once, where
 * authors see it; the model only resolves what the props leave to the constructs: handles
 * become names, storage paths references, defaults values. (Type imports only: the model
 * loads nothing.)
 */

/** A reference to a declared storage's mount path, optionally below it. */
export interface StorageRef {
  readonly storageName: string;
  /** Path below the mount point, without a leading slash. */
  readonly subPath?: string;
}

/** One command or args element: literal text and storage references, concatenated. */
export type ArgModel = string | { readonly parts: ReadonlyArray<string | StorageRef> };

/** A container as both eras can express it: its props with `command` and `args` resolved. */
export interface ContainerModel extends Omit<ContainerProps, 'command' | 'args'> {
  readonly command?: readonly ArgModel[];
  readonly args?: readonly ArgModel[];
}

/** A pod template as both eras can express it, with the profile's pull secrets by name. */
export interface PodModel extends PodProps<ContainerModel> {
  /** Names of `kubernetes.io/dockerconfigjson` secrets in the container namespace. */
  readonly pullSecrets: readonly string[];
}

export interface SingleWorkload {
  readonly kind: 'single';
  readonly pod: PodModel;
}

export interface MpiWorkload extends Pick<
  MpiContainerProfileProps,
  'copyOffload' | 'runPolicy' | 'sshAuthMountPath' | 'mpiImplementation'
> {
  readonly kind: 'mpi';
  readonly launcher: PodModel;
  readonly worker: PodModel;
  readonly slotsPerWorker: number;
}

/** Profile settings both eras express as written, emitted only when set. */
export type ProfileSettings = Pick<
  ProfileProps,
  'preRunTimeoutSeconds' | 'postRunTimeoutSeconds' | 'userID' | 'groupID' | 'numPorts' | 'createContainer'
>;

export interface ProfileModel extends ProfileSettings {
  /** metadata.name: what users write as `profile=` in `#DW container`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly storages: readonly StorageModel[];
  readonly retryLimit: number;
  readonly workload: SingleWorkload | MpiWorkload;
}
