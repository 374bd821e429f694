/**
 * The values the NnfContainerProfile CRDs default, written out by the renderers. The API server
 * fills in a schema's defaults while decoding, so a field left out in Git is present in the
 * cluster: Argo CD's server-side diff (and Application-level server-side apply) shows it as
 * drift. With these written, defaulting a rendered profile changes nothing
 * (`test/schema/defaulting.test.ts` checks every shipped profile in every version).
 */

import { isObject } from '../plain-data';

export const SCHEMA_DEFAULTS = {
  /** `data.preRunTimeoutSeconds` and `data.postRunTimeoutSeconds`, every version. */
  timeoutSeconds: 300,
  /** `data.createContainer`, v1alpha11. */
  createContainer: true,
  /** `data.mpiSpec.copyOffload`, v1alpha7 and later. */
  copyOffload: false,
  /** A container's `imagePullPolicy`, v1alpha7 and later (the PodSpec era leaves it to Kubernetes). */
  nnfPodSpecImagePullPolicy: 'IfNotPresent',
  /** A probe's `grpc.service`, every version. */
  grpcService: '',
  /** A container port's `protocol`, PodSpec era (NnfContainers have no ports). */
  portProtocol: 'TCP',
} as const;

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function probeWithDefaults(probe: unknown): unknown {
  if (!isObject(probe) || !isObject(probe.grpc)) return probe;
  return { ...probe, grpc: { ...probe.grpc, service: probe.grpc.service ?? SCHEMA_DEFAULTS.grpcService } };
}

/**
 * A rendered container with the defaults the schema declares inside author-supplied fields:
 * gRPC probes' `service` and ports' `protocol`. Other fields are returned as they are.
 */
export function containerWithDefaults(container: Record<string, unknown>): Record<string, unknown> {
  const out = { ...container };
  for (const probe of PROBES) if (out[probe] !== undefined) out[probe] = probeWithDefaults(out[probe]);
  if (Array.isArray(out.ports)) {
    out.ports = out.ports.map((port: unknown) =>
      isObject(port) ? { ...port, protocol: port.protocol ?? SCHEMA_DEFAULTS.portProtocol } : port,
    );
  }
  return out;
}
