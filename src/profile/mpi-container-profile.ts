import type { Construct } from 'constructs';
import { type ContainerProps, type MpiContainerProps, type PodProps, toPodModel } from './container';
import { Profile, type ProfileProps } from './profile';
import { MPI_CONTAINER_PROFILE_PROPS } from './props-shapes';

/** Which MPI the launcher's `mpirun` is. */
export type MpiImplementation = 'OpenMPI' | 'Intel';

/** mpi-operator's (v2beta1) run policy for the MPIJob; PodSpec era only. */
export interface RunPolicy {
  /** Which pods are deleted when the job finishes. @default 'Running' */
  readonly cleanPodPolicy?: 'None' | 'Running' | 'All';
  /** @default false */
  readonly suspend?: boolean;
  /** @default - mpi-operator's default */
  readonly backoffLimit?: number;
  /** @default - no deadline */
  readonly activeDeadlineSeconds?: number;
  /** @default - finished jobs are kept */
  readonly ttlSecondsAfterFinished?: number;
  /** Gang scheduling settings, passed on as written. @default - none */
  readonly schedulingPolicy?: Record<string, unknown>;
}

/** An MPI profile: a launcher pod, worker pods and how mpi-operator runs them. */
export interface MpiContainerProfileProps extends ProfileProps {
  /**
   * Image for every launcher and worker container that names none: MPI images carry Open MPI,
   * an ssh server and nslookup, and launcher and worker usually share one.
   * @default - each container names its image
   */
  readonly image?: string;
  /** The launcher pod: it runs `mpirun`, so its container has the command. */
  readonly launcher: PodProps<MpiContainerProps>;
  /**
   * The worker pod; workers run sshd, so they need no command.
   * @default - one container named `worker` running `image`
   */
  readonly worker?: PodProps<MpiContainerProps>;
  /** MPI slots (processes) per worker, the `slots=` of the hostfile. @default 1 */
  readonly slotsPerWorker?: number;
  /** Marks a copy-offload launcher (container named `copy-offload`). v1alpha7 and later. @default - not set */
  readonly copyOffload?: boolean;
  /**
   * mpi-operator run policy. PodSpec era (v1alpha1–v1alpha6) only; later the operator sets it.
   * @default { cleanPodPolicy: 'Running', suspend: false } in the PodSpec era
   */
  readonly runPolicy?: RunPolicy;
  /**
   * PodSpec era only; later the operator sets it.
   * @default '/root/.ssh' in the PodSpec era
   */
  readonly sshAuthMountPath?: string;
  /**
   * PodSpec era only; later the operator sets it.
   * @default 'OpenMPI' in the PodSpec era
   */
  readonly mpiImplementation?: MpiImplementation;
}

export const DEFAULT_SLOTS_PER_WORKER = 1;

/**
 * An MPI container profile: a launcher and workers run through mpi-operator, the launcher
 * reaching the workers over ssh.
 *
 * @example
 * new MpiContainerProfile(scope, 'my-mpi-app', {
 *   image: 'ghcr.io/org/mpi-app:1.0',
 *   storages: [scratch],
 *   launcher: { containers: [{ name: 'launcher', command: ['mpirun', 'app', scratch.path()] }] },
 * });
 */
export class MpiContainerProfile extends Profile {
  /** @param name the profile's name, which must match its file name */
  constructor(scope: Construct, name: string, props: MpiContainerProfileProps) {
    const pullSecrets = (props.pullSecrets ?? []).map((s) => s.name);
    const worker = props.worker ?? { containers: [{ name: 'worker' }] };
    const withImage = (pod: PodProps<MpiContainerProps>, role: string): PodProps<ContainerProps> => {
      const fill = (c: MpiContainerProps, field: string): ContainerProps => {
        const image = c.image ?? props.image;
        if (image === undefined) {
          throw new Error(`profile '${name}': ${role}.${field} container '${c.name}' has no image and the profile sets no image`);
        }
        return { ...c, image };
      };
      return {
        ...pod,
        containers: pod.containers.map((c) => fill(c, 'containers')),
        initContainers: pod.initContainers?.map((c) => fill(c, 'initContainers')),
      };
    };
    super(scope, name, props, MPI_CONTAINER_PROFILE_PROPS, {
      kind: 'mpi',
      launcher: toPodModel(withImage(props.launcher, 'launcher'), pullSecrets),
      worker: toPodModel(withImage(worker, 'worker'), pullSecrets),
      slotsPerWorker: props.slotsPerWorker ?? DEFAULT_SLOTS_PER_WORKER,
      copyOffload: props.copyOffload,
      runPolicy: props.runPolicy,
      sshAuthMountPath: props.sshAuthMountPath,
      mpiImplementation: props.mpiImplementation,
    });
  }
}
