import type { ArgModel, ContainerModel, PodModel } from '../model';
import { renderArg, storageRefsOf } from './args';
import { compact, nonEmpty, plainJson } from './compact';
import { type RenderContext, PODSPEC_ERA_VERSIONS } from './context';
import { containerWithDefaults, SCHEMA_DEFAULTS } from './defaults';
import { relocateImage } from './image';

function renderArgs(args: readonly ArgModel[] | undefined, path: string, ctx: RenderContext): string[] | undefined {
  if (!args) return undefined;
  args.forEach((arg, i) => {
    for (const ref of storageRefsOf(arg)) {
      if (!ctx.declaredStorages.has(ref.storageName)) {
        ctx.problems.push({
          rule: 'render/undeclared-storage',
          path: `${path}[${i}]`,
          message: `refers to storage ${ref.storageName}, which the profile does not declare; add it to storages`,
        });
      }
    }
  });
  return args.map(renderArg);
}

/** Fields only a full Kubernetes spec has: merged in the PodSpec era, refused in the NnfPodSpec era. */
function podSpecEraFields(fields: object | undefined, path: string, ctx: RenderContext): Record<string, unknown> {
  if (!fields) return {};
  if (ctx.era === 'PodSpec') return plainJson({ ...fields });
  for (const key of Object.keys(fields).sort()) ctx.unsupported(`${path}.${key}`, PODSPEC_ERA_VERSIONS);
  return {};
}

export function renderContainer(container: ContainerModel, path: string, ctx: RenderContext): Record<string, unknown> {
  const defaultPullPolicy = ctx.era === 'NnfPodSpec' ? SCHEMA_DEFAULTS.nnfPodSpecImagePullPolicy : undefined;
  return containerWithDefaults({
    ...podSpecEraFields(container.podSpecEraFields, path, ctx),
    ...compact({
      name: container.name,
      image: relocateImage(container.image, ctx.imageRelocations),
      command: renderArgs(container.command, `${path}.command`, ctx),
      args: renderArgs(container.args, `${path}.args`, ctx),
      env: plainJson(nonEmpty(container.env)),
      envFrom: plainJson(nonEmpty(container.envFrom)),
      volumeMounts: plainJson(nonEmpty(container.volumeMounts)),
      workingDir: container.workingDir,
      livenessProbe: plainJson(container.livenessProbe),
      readinessProbe: plainJson(container.readinessProbe),
      startupProbe: plainJson(container.startupProbe),
      imagePullPolicy: container.imagePullPolicy ?? defaultPullPolicy,
      restartPolicy: container.restartPolicy,
      terminationMessagePath: container.terminationMessagePath,
      terminationMessagePolicy: container.terminationMessagePolicy,
    }),
  });
}

function renderContainers(
  containers: readonly ContainerModel[] | undefined,
  path: string,
  ctx: RenderContext,
): Record<string, unknown>[] | undefined {
  return nonEmpty(containers)?.map((c, i) => renderContainer(c, `${path}[${i}]`, ctx));
}

/** A pod spec: the full PodSpec in the PodSpec era, the NnfPodSpec subset after it. */
export function renderPod(pod: PodModel, path: string, ctx: RenderContext): Record<string, unknown> {
  const fields = podSpecEraFields(pod.podSpecEraFields, path, ctx);
  if (Array.isArray(fields.ephemeralContainers)) {
    fields.ephemeralContainers = fields.ephemeralContainers.map((c: unknown) =>
      c !== null && typeof c === 'object' ? containerWithDefaults(c as Record<string, unknown>) : c,
    );
  }
  return {
    ...fields,
    ...compact({
      containers: renderContainers(pod.containers, `${path}.containers`, ctx) ?? [],
      initContainers: renderContainers(pod.initContainers, `${path}.initContainers`, ctx),
      volumes: plainJson(nonEmpty(pod.volumes)),
      imagePullSecrets: nonEmpty(pod.pullSecrets)?.map((name) => ({ name })),
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
      shareProcessNamespace: pod.shareProcessNamespace,
      automountServiceAccountToken: pod.automountServiceAccountToken,
    }),
  };
}
