/**
 * What profile files and `site.ts` import: the constructs, handles and factories authors call,
 * and the props and settings types they write. Everything else is internal and imported from
 * the module that defines it; `test/index.test.ts` pins this list.
 */

// Profiles
export { ContainerProfile, type ContainerProfileProps } from './profile/container-profile';
export {
  MpiContainerProfile,
  type MpiContainerProfileProps,
  type MpiImplementation,
  type RunPolicy,
} from './profile/mpi-container-profile';
export type { Profile, ProfileProps } from './profile/profile';
export type { ContainerProps, ImagePullPolicy, MpiContainerProps, PodProps, PodSpecEraPodFields } from './profile/container';
export { arg, type Arg, type CommandArg } from './profile/arg';
export { Storage, type GlobalStorageOptions, type StorageOptions, type StoragePath } from './profile/storage';
export type { PvcMode } from './model/storage';
export type { PolicyException, PolicyRuleName } from './policy/settings';

// The site
export {
  defineSite,
  type Environment,
  type EnvironmentProps,
  type PortRange,
  type ProfileObjectAllowance,
  type Site,
  type SiteProps,
  type WorkloadManager,
} from './site/settings';
export type { ApiVersion, CrdName } from './model/api-version';
export type { ImageRelocations } from './render/image';
export {
  PullSecret,
  type ExistingSecretProps,
  type ExternalSecretProps,
  type SealedSecretProps,
  type SecretStoreRef,
} from './secrets/pull-secret';
export type { ContainerPolicyProps } from './policy/settings';
export type { RbacProps, SubjectsProps } from './rbac/settings';
export type { ArgoCdProps } from './argocd/settings';
