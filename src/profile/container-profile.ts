import type { Construct } from 'constructs';
import { type ContainerProps, type PodProps, toPodModel } from './container';
import { Profile, type ProfileProps } from './profile';
import { CONTAINER_PROFILE_PROPS } from './props-shapes';

/** A non-MPI profile: the profile settings and the one pod template NNF runs on each node. */
export interface ContainerProfileProps extends ProfileProps, PodProps<ContainerProps> {}

/**
 * A non-MPI container profile: one pod template run on each NNF node of the job.
 *
 * @example
 * const scratch = Storage.job('scratch');
 * export default (scope: Construct) =>
 *   new ContainerProfile(scope, 'my-app', {
 *     storages: [scratch],
 *     containers: [{ name: 'app', image: 'ghcr.io/org/app:1.0', args: [scratch.path()] }],
 *   });
 */
export class ContainerProfile extends Profile {
  /** @param name the profile's name, which must match its file name */
  constructor(scope: Construct, name: string, props: ContainerProfileProps) {
    const pullSecrets = (props.pullSecrets ?? []).map((s) => s.name);
    super(scope, name, props, CONTAINER_PROFILE_PROPS, { kind: 'single', pod: toPodModel(props, pullSecrets) });
  }
}
