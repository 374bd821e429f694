import type { MpiWorkload, ProfileModel } from '../model';
import { compact } from './compact';
import { type RenderContext, PODSPEC_ERA_VERSIONS } from './context';
import { SCHEMA_DEFAULTS } from './defaults';
import { renderPod } from './pod';

function renderNnfMpiSpec(mpi: MpiWorkload, ctx: RenderContext): Record<string, unknown> {
  // The operator builds the MPIJob itself in this era; these have no field to go to.
  if (mpi.runPolicy !== undefined) ctx.unsupported('data.mpiSpec.runPolicy', PODSPEC_ERA_VERSIONS);
  if (mpi.sshAuthMountPath !== undefined) ctx.unsupported('data.mpiSpec.sshAuthMountPath', PODSPEC_ERA_VERSIONS);
  if (mpi.mpiImplementation !== undefined) ctx.unsupported('data.mpiSpec.mpiImplementation', PODSPEC_ERA_VERSIONS);
  return compact({
    launcher: renderPod(mpi.launcher, 'data.mpiSpec.launcher', ctx),
    worker: renderPod(mpi.worker, 'data.mpiSpec.worker', ctx),
    slotsPerWorker: mpi.slotsPerWorker,
    copyOffload: mpi.copyOffload ?? SCHEMA_DEFAULTS.copyOffload,
  });
}

/** `data` for v1alpha7 and later: NnfPodSpec, or launcher and worker NnfPodSpecs. */
export function renderNnfPodSpecEraWorkload(model: ProfileModel, ctx: RenderContext): Record<string, unknown> {
  const workload = model.workload;
  return workload.kind === 'single' ? { spec: renderPod(workload.pod, 'data.spec', ctx) } : { mpiSpec: renderNnfMpiSpec(workload, ctx) };
}
