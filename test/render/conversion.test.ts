import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiVersion, MpiWorkload, ProfileModel } from '../../src/model';
import { renderProfile } from '../../src/render';
import { mpiModel, podModel, profileModel } from '../helpers/profile-models';
import { conversionLosses, lossyConversionFindings } from '../../src/render/conversion';

// The storage schemas come from the generated imports/ (committed), so this needs no ../shared.
const IMPORTS = path.resolve(__dirname, '..', '..', 'imports', 'nnfcontainerprofile');
const schemaOf = (version: ApiVersion) => JSON.parse(fs.readFileSync(path.join(IMPORTS, `${version}.schema.json`), 'utf8')) as Record<string, unknown>;

const pod = podModel;
const profile = profileModel;
const mpi = (overrides: Partial<MpiWorkload> = {}): MpiWorkload => mpiModel({ slotsPerWorker: 2, ...overrides });

const rendered = (model: ProfileModel, apiVersion: ApiVersion) => {
  const { object, problems } = renderProfile(model, { apiVersion, namespace: 'nnf-system', imageRelocations: {} });
  expect(problems).toEqual([]);
  return object;
};

const losses = (model: ProfileModel, from: ApiVersion, to: ApiVersion) => conversionLosses(rendered(model, from), to, schemaOf(to));

describe('conversionLosses: v1alpha6 to the v1alpha8 storage version', () => {
  test('drops the MPIJobSpec fields an NnfMPISpec has no place for, and keeps slotsPerWorker', () => {
    expect(losses(profile({ workload: mpi() }), 'v1alpha6', 'v1alpha8')).toEqual([
      'data.mpiSpec.mpiImplementation',
      'data.mpiSpec.runPolicy',
      'data.mpiSpec.sshAuthMountPath',
    ]);
  });

  test('keeps a profile whose pod spec is within the NnfPodSpec subset', () => {
    expect(losses(profile(), 'v1alpha6', 'v1alpha8')).toEqual([]);
  });

  test('drops PodSpec fields outside the NnfPodSpec subset, at the path the profile renders them', () => {
    const model = profile({
      workload: {
        kind: 'single',
        pod: pod({
          containers: [{ name: 'app', image: 'alpine:3.20', podSpecEraFields: { securityContext: { runAsNonRoot: true } } }],
          podSpecEraFields: { nodeSelector: { disk: 'ssd' } },
        }),
      },
    });
    expect(losses(model, 'v1alpha6', 'v1alpha8')).toEqual(['data.spec.nodeSelector', 'data.spec.containers[0].securityContext']);
  });

  test("converts the launcher's copy-offload service account to copyOffload, and drops any other", () => {
    const withAccount = (serviceAccountName: string) =>
      profile({ workload: mpi({ launcher: pod({ containers: [{ name: 'copy-offload', image: 'mpi:1' }], podSpecEraFields: { serviceAccountName } }) }) });
    const launcherLosses = (model: ProfileModel) => losses(model, 'v1alpha6', 'v1alpha8').filter((p) => p.includes('Launcher'));
    expect(launcherLosses(withAccount('nnf-dm-copy-offload'))).toEqual([]);
    expect(launcherLosses(withAccount('builder'))).toEqual(['data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.serviceAccountName']);
  });

  test('drops replica fields and pod template metadata', () => {
    const object = rendered(profile({ workload: mpi() }), 'v1alpha6');
    const data = object.data as { mpiSpec: { mpiReplicaSpecs: { Worker: Record<string, unknown> } } };
    const worker = data.mpiSpec.mpiReplicaSpecs.Worker as { template: Record<string, unknown> };
    data.mpiSpec.mpiReplicaSpecs.Worker = { ...worker, replicas: 2, template: { ...worker.template, metadata: { labels: { a: 'b' } } } };
    expect(conversionLosses(object, 'v1alpha8', schemaOf('v1alpha8'))).toEqual(
      expect.arrayContaining(['data.mpiSpec.mpiReplicaSpecs.Worker.template.metadata', 'data.mpiSpec.mpiReplicaSpecs.Worker.replicas']),
    );
  });
});

describe('conversionLosses within one era', () => {
  test.each([
    ['v1alpha7', 'v1alpha8'],
    ['v1alpha10', 'v1alpha11'],
  ] as const)('%s to %s keeps every field', (from, to) => {
    expect(losses(profile({ workload: mpi({ copyOffload: true }) }), from, to)).toEqual([]);
    expect(losses(profile({ numPorts: 2, preRunTimeoutSeconds: 10 }), from, to)).toEqual([]);
  });
});

describe('lossyConversionFindings', () => {
  const object = rendered(profile({ workload: mpi() }), 'v1alpha6');
  const located = { file: 'profiles/example.ts', object };
  const setting = { apiVersion: 'v1alpha6', crd: 'v1alpha6-v1alpha8', storageVersion: 'v1alpha8' } as const;

  test('fails when conversion to the storage version drops a field, naming the profile, the field and the versions', () => {
    const findings = lossyConversionFindings(located, setting, schemaOf);
    expect(findings.map((f) => [f.severity, f.rule, f.profile, f.path])).toEqual([
      ['error', 'conversion/lossy', 'example', 'data.mpiSpec.mpiImplementation'],
      ['error', 'conversion/lossy', 'example', 'data.mpiSpec.runPolicy'],
      ['error', 'conversion/lossy', 'example', 'data.mpiSpec.sshAuthMountPath'],
    ]);
    expect(findings[1].message).toBe(
      'CRD v1alpha6-v1alpha8 stores v1alpha8, and converting v1alpha6 to v1alpha8 drops this field: Argo CD reads it back without the field ' +
        'and keeps the profile OutOfSync forever (self-heal re-applies it); omit apiVersion to render v1alpha8, remove the field, or set allowLossyConversion: true',
    );
  });

  test('warns instead with allowLossyConversion', () => {
    const findings = lossyConversionFindings(located, { ...setting, allowLossyConversion: true }, schemaOf);
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(findings[0].message).toContain('allowLossyConversion is set');
  });

  test('checks nothing for the storage version itself, or without a named CRD', () => {
    const stored = { file: 'profiles/example.ts', object: rendered(profile({ workload: mpi() }), 'v1alpha8') };
    expect(lossyConversionFindings(stored, { apiVersion: 'v1alpha8', crd: 'v1alpha6-v1alpha8', storageVersion: 'v1alpha8' }, schemaOf)).toEqual([]);
    expect(lossyConversionFindings(located, { apiVersion: 'v1alpha6' }, schemaOf)).toEqual([]);
  });

  test('fails when the storage version has no schema', () => {
    expect(lossyConversionFindings(located, setting, () => undefined).map((f) => f.message)).toEqual([
      'no schema for v1alpha8, the storage version of CRD v1alpha6-v1alpha8: cannot tell what converting v1alpha6 to it keeps',
    ]);
  });
});
