import { isObject } from '../../plain-data';
import type { ProfileObject } from './context';

/** Reading profiles as plain data, for the rule files: nothing here throws on odd shapes. */

export { isObject };

/** The array, or [] for anything else. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export type PodRole = 'single' | 'launcher' | 'worker' | 'other';

/** One pod spec of a profile and where it sits. */
export interface PodLocation {
  readonly path: string;
  readonly spec: Record<string, unknown>;
  readonly role: PodRole;
}

/**
 * Every pod spec a profile holds, in either era: `data.spec`, `data.mpiSpec.launcher` /
 * `worker` (NnfPodSpec era) and `data.mpiSpec.mpiReplicaSpecs.*.template.spec` (PodSpec era).
 */
export function podsOf(profile: ProfileObject): PodLocation[] {
  const data = isObject(profile?.data) ? profile.data : {};
  const pods: PodLocation[] = [];
  if (isObject(data.spec)) pods.push({ path: 'data.spec', spec: data.spec, role: 'single' });
  const mpi = data.mpiSpec;
  if (!isObject(mpi)) return pods;
  for (const role of ['launcher', 'worker'] as const) {
    const spec = mpi[role];
    if (isObject(spec)) pods.push({ path: `data.mpiSpec.${role}`, spec, role });
  }
  if (isObject(mpi.mpiReplicaSpecs)) {
    for (const [key, replica] of Object.entries(mpi.mpiReplicaSpecs)) {
      const template = isObject(replica) ? replica.template : undefined;
      const spec = isObject(template) ? template.spec : undefined;
      if (!isObject(spec)) continue;
      const role: PodRole = key === 'Launcher' ? 'launcher' : key === 'Worker' ? 'worker' : 'other';
      pods.push({ path: `data.mpiSpec.mpiReplicaSpecs.${key}.template.spec`, spec, role });
    }
  }
  return pods;
}

/** One container of a pod spec and where it sits. */
export interface ContainerLocation {
  readonly path: string;
  readonly container: Record<string, unknown>;
  readonly init: boolean;
}

/** The containers, then the init containers, of one pod spec. */
export function containersOfPod(pod: PodLocation): ContainerLocation[] {
  const out: ContainerLocation[] = [];
  for (const [field, init] of [
    ['containers', false],
    ['initContainers', true],
  ] as const) {
    listOf(pod.spec[field]).forEach((container, i) => {
      if (isObject(container)) out.push({ path: `${pod.path}.${field}[${i}]`, container, init });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Variables
