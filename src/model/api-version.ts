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

/**
 * The NnfContainerProfile CRDs NNF releases install, named by their lowest and highest declared
 * version: the versions each serves and the one it stores. A cluster converts every object to
 * its CRD's storage version and reads it back through the operator's conversion webhook.
 * `test/model/api-version.test.ts` checks this against `imports/nnfcontainerprofile/crds.json`.
 */
export const NNF_CRDS = [
  { name: 'v1alpha1', served: ['v1alpha1'], storage: 'v1alpha1' },
  { name: 'v1alpha6-v1alpha8', served: ['v1alpha6', 'v1alpha7', 'v1alpha8'], storage: 'v1alpha8' },
  { name: 'v1alpha9-v1alpha11', served: ['v1alpha10', 'v1alpha11'], storage: 'v1alpha11' },
] as const satisfies ReadonlyArray<{ name: string; served: readonly ApiVersion[]; storage: ApiVersion }>;

export type CrdName = (typeof NNF_CRDS)[number]['name'];

export interface NnfCrd {
  readonly name: CrdName;
  readonly served: readonly ApiVersion[];
  readonly storage: ApiVersion;
}

export function isCrdName(value: unknown): value is CrdName {
  return NNF_CRDS.some((crd) => crd.name === value);
}

/** The CRD of that name. */
export function nnfCrd(name: CrdName): NnfCrd {
  return NNF_CRDS.find((crd) => crd.name === name)!;
}
