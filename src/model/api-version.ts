/**
 * The NnfContainerProfile API versions this project renders, and the two shapes they come in.
 *
 * The list is every version served by the upstream CRDs; `test/model/api-version.test.ts`
 * checks it against them.
 */

export const NNF_GROUP = 'nnf.cray.hpe.com';
export const PROFILE_KIND = 'NnfContainerProfile';

export const API_VERSIONS = ['v1alpha1', 'v1alpha6', 'v1alpha7', 'v1alpha8', 'v1alpha10', 'v1alpha11'] as const;

export type ApiVersion = (typeof API_VERSIONS)[number];

export const DEFAULT_API_VERSION: ApiVersion = 'v1alpha11';

/**
 * `PodSpec`: `data.spec` is a full Kubernetes PodSpec and `data.mpiSpec` an mpi-operator MPIJobSpec.
 * `NnfPodSpec`: slimmed pod specs, MPI as `launcher` / `worker`.
 */
export type Era = 'PodSpec' | 'NnfPodSpec';

export function isApiVersion(value: string): value is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(value);
}

export function versionNumber(version: ApiVersion): number {
  return Number(version.slice('v1alpha'.length));
}

export function eraOf(version: ApiVersion): Era {
  return versionNumber(version) <= 6 ? 'PodSpec' : 'NnfPodSpec';
}

/** `nnf.cray.hpe.com/v1alpha11` → `v1alpha11`; undefined for anything else. */
export function apiVersionFromGroupVersion(groupVersion: string): ApiVersion | undefined {
  const [group, version] = groupVersion.split('/');
  return group === NNF_GROUP && version !== undefined && isApiVersion(version) ? version : undefined;
}
