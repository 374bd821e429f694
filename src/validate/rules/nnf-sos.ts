import type { ProfileRule } from './context';

/**
 * Names nnf-sos takes: it publishes example NnfContainerProfiles of these names into the profile
 * namespace (its `config/examples`), deployed by the site's `nnf-sos` Argo CD Application with
 * self-heal on. A profile of ours with one of them would be a resource two Applications manage.
 */
export const NNF_SOS_PROFILE_NAMES: readonly string[] = [
  'example-success',
  'example-fail',
  'example-randomly-fail',
  'example-forever',
  'example-forever-nowait',
  'example-mpi',
  'example-mpi-fail',
  'example-mpi-webserver',
];

const TAKEN = new Set(NNF_SOS_PROFILE_NAMES);

/** Why `name` must not be used for a profile of this repository, or undefined when it may. */
export function nnfSosNameProblem(name: string): string | undefined {
  if (!TAKEN.has(name)) return undefined;
  return (
    `nnf-sos ships a profile named '${name}': its nnf-sos Argo CD Application deploys one of that name in nnf-system, ` +
    `so this one would fail the sync (FailOnSharedResource) or the two would overwrite each other; ` +
    `choose another name, e.g. with a site prefix ('mysite-${name}')`
  );
}

/**
 * Synth's refusal of the names nnf-sos ships. Not one of `profileRules`: `nnf-profiles validate`
 * reads a cluster's profiles, and nnf-sos's own examples are rightly among them.
 */
export const nnfSosNameRules: ProfileRule = (profile) => {
  const name = profile?.metadata?.name;
  const problem = typeof name === 'string' ? nnfSosNameProblem(name) : undefined;
  return problem === undefined ? [] : [{ layer: 'cluster', rule: 'nnf-sos/profile-name', path: 'metadata.name', message: problem }];
};
