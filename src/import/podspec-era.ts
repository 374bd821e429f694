import { isObject } from '../plain-data';
import { PODSPEC_ERA_MPI_DEFAULTS } from '../render/podspec-era';
import { object, raw, stringLiteral, valueCode } from './code';
import { importPod, type MpiPlan, type PodPlan } from './pod';
import { type Entries, type ProfileImport, Unimportable } from './profile-import';

const CLEAN_POD_POLICIES = ['None', 'Running', 'All'];
const RUN_POLICY_FIELDS = [
  'cleanPodPolicy',
  'suspend',
  'backoffLimit',
  'activeDeadlineSeconds',
  'ttlSecondsAfterFinished',
  'schedulingPolicy',
];
const MPI_IMPLEMENTATIONS = ['OpenMPI', 'Intel'];

/**
 * `data.mpiSpec` of v1alpha1–v1alpha6, an mpi-operator MPIJobSpec: the Launcher and Worker
 * replicas' pod templates, and the settings MpiContainerProfile can express; values equal to
 * what the renderer writes by default are left implicit.
 */
export function importPodSpecEraMpi(mpi: Record<string, unknown>, imp: ProfileImport): MpiPlan {
  const settings: Entries = [];
  imp.unknownKeys(
    mpi,
    ['mpiReplicaSpecs', 'runPolicy', 'slotsPerWorker', 'sshAuthMountPath', 'mpiImplementation'],
    'data.mpiSpec',
    'MpiContainerProfile cannot express it',
  );
  const implementation = mpi.mpiImplementation;
  if (implementation !== undefined && implementation !== PODSPEC_ERA_MPI_DEFAULTS.mpiImplementation) {
    const known = imp.oneOf(implementation, MPI_IMPLEMENTATIONS, 'data.mpiSpec.mpiImplementation');
    if (known !== undefined) settings.push(['mpiImplementation', raw(stringLiteral(known))]);
  }
  const runPolicy = mpi.runPolicy;
  if (isObject(runPolicy)) {
    imp.unknownKeys(runPolicy, RUN_POLICY_FIELDS, 'data.mpiSpec.runPolicy', 'MpiContainerProfile runPolicy cannot express it');
    const entries: Entries = [];
    const clean = imp.oneOf(runPolicy.cleanPodPolicy, CLEAN_POD_POLICIES, 'data.mpiSpec.runPolicy.cleanPodPolicy');
    if (clean === undefined && runPolicy.cleanPodPolicy === undefined) {
      imp.note(
        'data.mpiSpec.runPolicy.cleanPodPolicy',
        'not set here; the file renders Running (what the NNF operator sets anyway)',
        'info',
      );
    }
    if (clean !== undefined && clean !== PODSPEC_ERA_MPI_DEFAULTS.runPolicy.cleanPodPolicy)
      entries.push(['cleanPodPolicy', raw(stringLiteral(clean))]);
    if (imp.boolean(runPolicy.suspend, 'data.mpiSpec.runPolicy.suspend') === true) entries.push(['suspend', raw('true')]);
    for (const key of ['backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) {
      const n = imp.integer(runPolicy[key], `data.mpiSpec.runPolicy.${key}`);
      if (n !== undefined) entries.push([key, valueCode(n)]);
    }
    if (isObject(runPolicy.schedulingPolicy)) entries.push(['schedulingPolicy', valueCode(runPolicy.schedulingPolicy)]);
    if (entries.length > 0) settings.push(['runPolicy', object(entries)]);
  } else {
    imp.note(
      'data.mpiSpec.runPolicy',
      'not set here; the file renders { cleanPodPolicy: Running, suspend: false } (what the NNF operator sets anyway)',
      'info',
    );
  }
  const ssh = mpi.sshAuthMountPath;
  if (ssh !== undefined && ssh !== PODSPEC_ERA_MPI_DEFAULTS.sshAuthMountPath) {
    if (typeof ssh === 'string') settings.push(['sshAuthMountPath', raw(stringLiteral(ssh))]);
    else imp.note('data.mpiSpec.sshAuthMountPath', 'not carried over: not a string');
  }

  const replicas = mpi.mpiReplicaSpecs;
  if (!isObject(replicas)) throw new Unimportable('data.mpiSpec.mpiReplicaSpecs: missing');
  imp.unknownKeys(replicas, ['Launcher', 'Worker'], 'data.mpiSpec.mpiReplicaSpecs', 'an MPI profile has a Launcher and a Worker only');
  const replica = (role: 'Launcher' | 'Worker'): PodPlan => {
    const path = `data.mpiSpec.mpiReplicaSpecs.${role}`;
    const spec = replicas[role];
    if (!isObject(spec) || !isObject(spec.template) || !isObject(spec.template.spec))
      throw new Unimportable(`${path}.template.spec: missing`);
    imp.unknownKeys(spec, ['template'], path, 'the NNF operator sets replicas and restart policy itself');
    imp.unknownKeys(spec.template, ['spec'], `${path}.template`, 'a pod template here has its spec only');
    return importPod(spec.template.spec, `${path}.template.spec`, imp);
  };
  return { launcher: replica('Launcher'), worker: replica('Worker'), settings };
}
