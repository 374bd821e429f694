import type { MpiWorkload, ProfileModel } from '../model';
import { type RenderContext, NNFPODSPEC_ERA_VERSIONS } from './context';
import { renderPod } from './pod';

/** What mpi-operator needs and the seed documents show; the NnfPodSpec era leaves them to the operator. */
export const PODSPEC_ERA_MPI_DEFAULTS = {
  mpiImplementation: 'OpenMPI',
  runPolicy: { cleanPodPolicy: 'Running', suspend: false },
  sshAuthMountPath: '/root/.ssh',
} as const;

function renderMpiJobSpec(mpi: MpiWorkload, ctx: RenderContext): Record<string, unknown> {
  if (mpi.copyOffload !== undefined) ctx.unsupported('data.mpiSpec.copyOffload', NNFPODSPEC_ERA_VERSIONS);
  return {
    mpiImplementation: mpi.mpiImplementation ?? PODSPEC_ERA_MPI_DEFAULTS.mpiImplementation,
    mpiReplicaSpecs: {
      Launcher: { template: { spec: renderPod(mpi.launcher, 'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec', ctx) } },
      Worker: { template: { spec: renderPod(mpi.worker, 'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec', ctx) } },
    },
    runPolicy: { ...PODSPEC_ERA_MPI_DEFAULTS.runPolicy, ...mpi.runPolicy },
    slotsPerWorker: mpi.slotsPerWorker,
    sshAuthMountPath: mpi.sshAuthMountPath ?? PODSPEC_ERA_MPI_DEFAULTS.sshAuthMountPath,
  };
}

/** `data` for v1alpha1–v1alpha6: a full PodSpec, or an mpi-operator v2beta1 MPIJobSpec. */
export function renderPodSpecEraWorkload(model: ProfileModel, ctx: RenderContext): Record<string, unknown> {
  const workload = model.workload;
  return workload.kind === 'single' ? { spec: renderPod(workload.pod, 'data.spec', ctx) } : { mpiSpec: renderMpiJobSpec(workload, ctx) };
}
