import * as path from 'node:path';
import type { Construct } from 'constructs';
import { loadedProfile } from '../helpers/shipped-site';
import { profileScope, validationErrors } from '../helpers/environment';
import { API_VERSIONS, type ApiVersion, eraOf } from '../../src/model';
import { ContainerProfile, MpiContainerProfile, Profile } from '../../src/profile';
import { discoverProfileFiles } from '../../src/synth/discover';
import { checkAgainstSchema, SchemaRegistry } from '../../src/validate/schema';

/*
 * The API server fills in a CRD's defaults while decoding; a default not written in Git shows as
 * drift in Argo CD's server-side diff. So defaulting a rendered profile, as the validator does
 * with the generated schemas, must change nothing.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const schemas = SchemaRegistry.fromArtifacts();

type Factory = (scope: Construct) => unknown;

/** The profiles a factory renders for `version`; undefined when the version cannot express them. */
function rendered(factory: Factory, file: string, version: ApiVersion): Record<string, unknown>[] | undefined {
  const scope = profileScope(file, version);
  factory(scope);
  const errors = validationErrors(scope);
  if (errors.length > 0 && errors.every((e) => e.includes('[render/unsupported-field]'))) return undefined;
  expect(errors).toEqual([]);
  return scope.node
    .findAll()
    .filter((c): c is Profile => c instanceof Profile)
    .map((p) => p.apiObject.toJson() as Record<string, unknown>);
}

/** The object as the API server stores it, after filling in the version's schema defaults. */
function defaulted(object: Record<string, unknown>, version: ApiVersion): unknown {
  const { schema, check } = schemas.get(version)!;
  return checkAgainstSchema(object, schema, check, version).defaulted;
}

describe.each(discoverProfileFiles(ROOT))('%s', (file) => {
  const factory = (loadedProfile(ROOT, file).load() as { default: Factory }).default;

  test.each([...API_VERSIONS])('%s: defaulting the rendered profile changes nothing', (version) => {
    for (const object of rendered(factory, file, version) ?? []) expect(defaulted(object, version)).toEqual(object);
  });

  test('renders for at least one version', () => {
    expect(API_VERSIONS.filter((v) => rendered(factory, file, v) !== undefined)).not.toEqual([]);
  });
});

describe('defaults inside author-supplied pod fields', () => {
  const grpcProbe = { grpc: { port: 9000 } };
  const podSpecEra = {
    podSpecEraFields: { ports: [{ containerPort: 8080 }], readinessProbe: grpcProbe },
  };

  test.each([...API_VERSIONS])('%s: probes, ports and pull policies are written as the schema defaults them', (version) => {
    const era = eraOf(version);
    const factory: Factory = (scope) =>
      new ContainerProfile(scope, 'probed', {
        containers: [{ name: 'app', image: 'app:1.0', livenessProbe: grpcProbe, ...(era === 'PodSpec' ? podSpecEra : {}) }],
        initContainers: [{ name: 'init', image: 'init:1.0', startupProbe: grpcProbe }],
        ...(era === 'PodSpec'
          ? { podSpecEraFields: { ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36', ports: [{ containerPort: 1 }] }] } }
          : {}),
      });
    const [object] = rendered(factory, 'profiles/probed.ts', version)!;
    expect(defaulted(object, version)).toEqual(object);
    const spec = (object.data as { spec: { containers: Array<Record<string, unknown>> } }).spec;
    expect(spec.containers[0].livenessProbe).toEqual({ grpc: { port: 9000, service: '' } });
    expect(spec.containers[0].imagePullPolicy).toBe(era === 'NnfPodSpec' ? 'IfNotPresent' : undefined);
    if (era === 'PodSpec') expect(spec.containers[0].ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
  });

  test.each(API_VERSIONS.filter((v) => eraOf(v) === 'NnfPodSpec'))('%s: an MPI profile writes copyOffload false', (version) => {
    const factory: Factory = (scope) =>
      new MpiContainerProfile(scope, 'mpi', {
        image: 'mpi:1.0',
        launcher: { containers: [{ name: 'launcher', command: ['mpirun', 'hostname'] }] },
      });
    const [object] = rendered(factory, 'profiles/mpi.ts', version)!;
    expect((object.data as { mpiSpec: Record<string, unknown> }).mpiSpec.copyOffload).toBe(false);
    expect(defaulted(object, version)).toEqual(object);
  });

  test('fails when a default is left out: the check sees the difference', () => {
    const factory: Factory = (scope) => new ContainerProfile(scope, 'plain', { containers: [{ name: 'app', image: 'app:1.0' }] });
    const [object] = rendered(factory, 'profiles/plain.ts', 'v1alpha11')!;
    const { preRunTimeoutSeconds: _dropped, ...data } = object.data as Record<string, unknown>;
    expect(defaulted({ ...object, data }, 'v1alpha11')).not.toEqual({ ...object, data });
  });
});
