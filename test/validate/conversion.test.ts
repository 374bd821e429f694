import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiVersion, MpiWorkload, ProfileModel } from '../../src/model';
import { renderProfile } from '../../src/render';
import { SchemaRegistry, validateProfileObject, type ValidateOptions } from '../../src/validate';
import { CONVERSION_DATA_ANNOTATION, convertToStorage, COPY_OFFLOAD_SERVICE_ACCOUNT } from '../../src/validate/conversion';
import type { ProfileObject } from '../../src/validate/rules/context';
import { mpiModel, podModel, profileModel } from '../helpers/profile-models';

// The storage schemas come from the generated imports/ (committed), so this needs no ../shared.
const IMPORTS = path.resolve(__dirname, '..', '..', 'imports', 'nnfcontainerprofile');
const schemaOf = (version: ApiVersion) =>
  JSON.parse(fs.readFileSync(path.join(IMPORTS, `${version}.schema.json`), 'utf8')) as Record<string, unknown>;

const pod = podModel;
const profile = profileModel;
const mpi = (overrides: Partial<MpiWorkload> = {}): MpiWorkload => mpiModel({ slotsPerWorker: 2, ...overrides });

const LAUNCHER_SPEC = 'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec';
const WORKER_SPEC = 'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec';

const rendered = (model: ProfileModel, apiVersion: ApiVersion): ProfileObject => {
  const { object, problems } = renderProfile(model, { apiVersion, namespace: 'nnf-system', imageRelocations: {} });
  expect(problems).toEqual([]);
  return object as ProfileObject;
};

const convert = (object: ProfileObject, from: ApiVersion, to: ApiVersion) => convertToStorage(object, from, to, schemaOf(to));
const convertModel = (model: ProfileModel, from: ApiVersion, to: ApiVersion) => convert(rendered(model, from), from, to);
const dropped = (model: ProfileModel, from: ApiVersion, to: ApiVersion) => convertModel(model, from, to).dropped;

/** A v1alpha6 MPI profile whose launcher runs as `serviceAccountName`, with a launcher container named `containerName`. */
const withLauncherAccount = (serviceAccountName: string, containerName = 'copy-offload') =>
  profile({
    workload: mpi({ launcher: pod({ containers: [{ name: containerName, image: 'mpi:1' }], podSpecEraFields: { serviceAccountName } }) }),
  });

/** The rendered v1alpha6 MPI profile's mpiSpec, to edit. */
type MpiJobSpec = { mpiReplicaSpecs: Record<string, Record<string, unknown>> } & Record<string, unknown>;
const mpiJobSpecOf = (object: ProfileObject) => (object.data as { mpiSpec: MpiJobSpec }).mpiSpec;

describe('convertToStorage: v1alpha6 to the v1alpha8 storage version', () => {
  test('drops the MPIJobSpec fields an NnfMPISpec has no place for, and keeps slotsPerWorker', () => {
    const result = convertModel(profile({ workload: mpi() }), 'v1alpha6', 'v1alpha8');
    expect(result.failure).toBeUndefined();
    expect(result.dropped).toEqual(['data.mpiSpec.mpiImplementation', 'data.mpiSpec.runPolicy', 'data.mpiSpec.sshAuthMountPath']);
    const mpiSpec = (result.object!.data as { mpiSpec: Record<string, unknown> }).mpiSpec;
    expect(mpiSpec.slotsPerWorker).toBe(2);
    expect(Object.keys(mpiSpec).sort()).toEqual(['launcher', 'slotsPerWorker', 'worker']);
    expect(mpiSpec.launcher).toEqual({ containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'] }] });
    expect(mpiSpec.worker).toEqual({ containers: [{ name: 'worker', image: 'mpi:1' }] });
  });

  test('gives the converted object the storage apiVersion and keeps its metadata and other data', () => {
    const sent = rendered(profile({ workload: mpi() }), 'v1alpha6');
    const result = convert(sent, 'v1alpha6', 'v1alpha8');
    expect(result.object!.apiVersion).toBe('nnf.cray.hpe.com/v1alpha8');
    expect(result.object!.metadata).toEqual(sent.metadata);
    const { mpiSpec: _sent, ...sentRest } = sent.data as Record<string, unknown>;
    const { mpiSpec: _stored, ...storedRest } = result.object!.data as Record<string, unknown>;
    expect(storedRest).toEqual(sentRest);
    // The sent object is not modified.
    expect(mpiJobSpecOf(sent).mpiImplementation).toBe('OpenMPI');
  });

  test('keeps a profile whose pod spec is within the NnfPodSpec subset', () => {
    const sent = rendered(profile(), 'v1alpha6');
    const result = convert(sent, 'v1alpha6', 'v1alpha8');
    expect(result.dropped).toEqual([]);
    expect(result.object!.data).toEqual(sent.data);
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
    const result = convertModel(model, 'v1alpha6', 'v1alpha8');
    expect(result.dropped).toEqual(['data.spec.nodeSelector', 'data.spec.containers[0].securityContext']);
    const spec = (result.object!.data as { spec: Record<string, unknown> }).spec;
    expect(spec.nodeSelector).toBeUndefined();
    expect(spec.containers).toEqual([{ name: 'app', image: 'alpine:3.20' }]);
  });

  test('drops PodSpec fields outside the subset from the launcher and worker pods too', () => {
    const launcher = pod({ containers: [{ name: 'launcher', image: 'mpi:1', podSpecEraFields: { securityContext: { runAsUser: 0 } } }] });
    const worker = pod({ containers: [{ name: 'worker', image: 'mpi:1' }], podSpecEraFields: { nodeSelector: { disk: 'ssd' } } });
    expect(dropped(profile({ workload: mpi({ launcher, worker }) }), 'v1alpha6', 'v1alpha8')).toEqual(
      expect.arrayContaining([`${LAUNCHER_SPEC}.containers[0].securityContext`, `${WORKER_SPEC}.nodeSelector`]),
    );
  });

  test(`converts the launcher's ${COPY_OFFLOAD_SERVICE_ACCOUNT} service account to copyOffload: true`, () => {
    expect(COPY_OFFLOAD_SERVICE_ACCOUNT).toBe('nnf-dm-copy-offload');
    const result = convertModel(withLauncherAccount('nnf-dm-copy-offload'), 'v1alpha6', 'v1alpha8');
    expect(result.dropped.filter((p) => p.includes('Launcher'))).toEqual([]);
    const mpiSpec = (result.object!.data as { mpiSpec: Record<string, unknown> }).mpiSpec;
    expect(mpiSpec.copyOffload).toBe(true);
    expect(mpiSpec.launcher).toEqual({ containers: [{ name: 'copy-offload', image: 'mpi:1' }] });
  });

  test('drops any other launcher service account, and sets no copyOffload', () => {
    const result = convertModel(withLauncherAccount('builder'), 'v1alpha6', 'v1alpha8');
    expect(result.dropped.filter((p) => p.includes('Launcher'))).toEqual([`${LAUNCHER_SPEC}.serviceAccountName`]);
    const mpiSpec = (result.object!.data as { mpiSpec: Record<string, unknown> }).mpiSpec;
    expect(mpiSpec).not.toHaveProperty('copyOffload');
    expect(mpiSpec.launcher).not.toHaveProperty('serviceAccountName');
  });

  test("drops the worker's service account, even the copy-offload one", () => {
    const worker = pod({
      containers: [{ name: 'worker', image: 'mpi:1' }],
      podSpecEraFields: { serviceAccountName: COPY_OFFLOAD_SERVICE_ACCOUNT },
    });
    const result = convertModel(profile({ workload: mpi({ worker }) }), 'v1alpha6', 'v1alpha8');
    expect(result.dropped).toContain(`${WORKER_SPEC}.serviceAccountName`);
    expect((result.object!.data as { mpiSpec: Record<string, unknown> }).mpiSpec).not.toHaveProperty('copyOffload');
  });

  test('drops replica fields and pod template metadata', () => {
    const object = rendered(profile({ workload: mpi() }), 'v1alpha6');
    const replicas = mpiJobSpecOf(object).mpiReplicaSpecs;
    const worker = replicas.Worker as { template: Record<string, unknown> };
    replicas.Worker = {
      ...worker,
      replicas: 2,
      restartPolicy: 'Never',
      template: { ...worker.template, metadata: { labels: { a: 'b' } } },
    };
    const result = convert(object, 'v1alpha6', 'v1alpha8');
    expect(result.dropped).toEqual([
      'data.mpiSpec.mpiImplementation',
      'data.mpiSpec.runPolicy',
      'data.mpiSpec.sshAuthMountPath',
      'data.mpiSpec.mpiReplicaSpecs.Worker.replicas',
      'data.mpiSpec.mpiReplicaSpecs.Worker.restartPolicy',
      'data.mpiSpec.mpiReplicaSpecs.Worker.template.metadata',
    ]);
    expect((result.object!.data as { mpiSpec: Record<string, unknown> }).mpiSpec.worker).toEqual({
      containers: [{ name: 'worker', image: 'mpi:1' }],
    });
  });

  test('drops replica types other than Launcher and Worker', () => {
    const object = rendered(profile({ workload: mpi() }), 'v1alpha6');
    mpiJobSpecOf(object).mpiReplicaSpecs.Helper = { template: { spec: { containers: [{ name: 'h', image: 'h:1' }] } } };
    expect(convert(object, 'v1alpha6', 'v1alpha8').dropped).toContain('data.mpiSpec.mpiReplicaSpecs.Helper');
  });

  test('does not report empty objects and lists as dropped', () => {
    const object = rendered(profile({ workload: mpi() }), 'v1alpha6');
    const spec = mpiJobSpecOf(object);
    delete spec.mpiImplementation;
    delete spec.sshAuthMountPath;
    spec.runPolicy = {};
    const worker = spec.mpiReplicaSpecs.Worker as { template: Record<string, unknown> };
    spec.mpiReplicaSpecs.Worker = { ...worker, template: { ...worker.template, metadata: {} } };
    (spec.mpiReplicaSpecs.Launcher as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = {};
    (spec.mpiReplicaSpecs.Launcher as { template: { spec: Record<string, unknown> } }).template.spec.tolerations = [];
    expect(convert(object, 'v1alpha6', 'v1alpha8').dropped).toEqual([]);
  });

  test('fails for an mpiSpec without a Launcher, as the conversion webhook does', () => {
    const object = rendered(profile({ workload: mpi() }), 'v1alpha6');
    delete mpiJobSpecOf(object).mpiReplicaSpecs.Launcher;
    const result = convert(object, 'v1alpha6', 'v1alpha8');
    expect(result.object).toBeUndefined();
    expect(result.failure).toEqual({ path: 'data.mpiSpec.mpiReplicaSpecs', message: expect.stringContaining('mpiSpec has no Launcher') });
    expect(result.failure!.message).toContain("v1alpha8's copyOffload");
  });

  test('gives an empty worker when there is no Worker', () => {
    const object = rendered(profile({ workload: mpi() }), 'v1alpha6');
    delete mpiJobSpecOf(object).mpiReplicaSpecs.Worker;
    const result = convert(object, 'v1alpha6', 'v1alpha8');
    expect(result.failure).toBeUndefined();
    const mpiSpec = (result.object!.data as { mpiSpec: Record<string, unknown> }).mpiSpec;
    expect(mpiSpec.worker).toEqual({});
    expect(mpiSpec.launcher).toEqual({ containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'] }] });
  });

  test("maps the stored object's launcher, worker and copyOffload paths back to the sent object's", () => {
    const { sentPath } = convertModel(profile({ workload: mpi() }), 'v1alpha6', 'v1alpha8');
    expect(sentPath('data.mpiSpec.launcher.containers[0].name')).toBe(`${LAUNCHER_SPEC}.containers[0].name`);
    expect(sentPath('data.mpiSpec.worker.containers[0].image')).toBe(`${WORKER_SPEC}.containers[0].image`);
    expect(sentPath('data.mpiSpec.worker')).toBe(WORKER_SPEC);
    expect(sentPath('data.mpiSpec.copyOffload')).toBe(`${LAUNCHER_SPEC}.serviceAccountName`);
    expect(sentPath('data.mpiSpec.slotsPerWorker')).toBe('data.mpiSpec.slotsPerWorker');
    expect(sentPath('data.spec.containers[0].name')).toBe('data.spec.containers[0].name');
    expect(sentPath('metadata.namespace')).toBe('metadata.namespace');
  });
});

describe('convertToStorage within one era', () => {
  test.each([
    ['v1alpha7', 'v1alpha8'],
    ['v1alpha10', 'v1alpha11'],
  ] as const)('%s to %s keeps every field, at the same paths', (from, to) => {
    for (const model of [profile({ workload: mpi({ copyOffload: true }) }), profile({ numPorts: 2, preRunTimeoutSeconds: 10 })]) {
      const sent = rendered(model, from);
      const result = convert(sent, from, to);
      expect(result.dropped).toEqual([]);
      expect(result.failure).toBeUndefined();
      expect(result.object!.apiVersion).toBe(`nnf.cray.hpe.com/${to}`);
      const { createContainer: _, ...data } = result.object!.data as Record<string, unknown>;
      expect(data).toEqual(sent.data);
    }
    const { sentPath } = convertModel(profile({ workload: mpi() }), from, to);
    expect(sentPath('data.mpiSpec.launcher.containers[0].name')).toBe('data.mpiSpec.launcher.containers[0].name');
    expect(sentPath('data.mpiSpec.copyOffload')).toBe('data.mpiSpec.copyOffload');
  });

  test('v1alpha7 to v1alpha8 sets no createContainer', () => {
    expect(convertModel(profile(), 'v1alpha7', 'v1alpha8').object!.data).not.toHaveProperty('createContainer');
  });

  test('v1alpha10 to v1alpha11 sets createContainer: true, what v1alpha10 always did', () => {
    expect((convertModel(profile(), 'v1alpha10', 'v1alpha11').object!.data as Record<string, unknown>).createContainer).toBe(true);
  });

  describe('v1alpha10 to v1alpha11 with a conversion-data annotation', () => {
    const annotated = (text: string) => {
      const object = rendered(profile(), 'v1alpha10');
      return {
        ...object,
        metadata: {
          ...object.metadata,
          annotations: { ...(object.metadata?.annotations as Record<string, string> | undefined), [CONVERSION_DATA_ANNOTATION]: text },
        },
      } as ProfileObject;
    };
    const createContainer = (text: string) =>
      (convert(annotated(text), 'v1alpha10', 'v1alpha11').object!.data as Record<string, unknown>).createContainer;

    test('restores createContainer from it', () => {
      expect(CONVERSION_DATA_ANNOTATION).toBe('nearnodeflash.github.io/conversion-data');
      expect(createContainer('{"data":{"createContainer":false}}')).toBe(false);
      expect(createContainer('{"data":{"createContainer":true}}')).toBe(true);
    });

    test('reads a missing createContainer in the annotation as false, as Go decodes it', () => {
      expect(createContainer('{"spec":{}}')).toBe(false);
      expect(createContainer('{"data":{}}')).toBe(false);
    });

    test('fails the conversion on an annotation that does not decode as the v1alpha11 object', () => {
      for (const text of ['{not json', '{"data":{"createContainer":"no"}}', '[]', '{"data":3}']) {
        const result = convert(annotated(text), 'v1alpha10', 'v1alpha11');
        expect(result.object).toBeUndefined();
        expect(result.failure?.path).toBe('metadata.annotations["nearnodeflash.github.io/conversion-data"]');
      }
    });

    test('drops nothing for it', () => {
      expect(convert(annotated('{"data":{"createContainer":false}}'), 'v1alpha10', 'v1alpha11').dropped).toEqual([]);
    });
  });
});

describe('validateProfileObject on a version its CRD converts', () => {
  const schemas = SchemaRegistry.fromArtifacts();
  const crdFor: ValidateOptions['crdFor'] = () => ({ name: 'v1alpha6-v1alpha8', storage: 'v1alpha8' });
  const file = 'profiles/example.ts';
  const findingsOf = (object: ProfileObject, options: Partial<ValidateOptions> = {}) =>
    validateProfileObject({ file, object }, { schemas, ...options }).findings;
  const conversionFindings = (object: ProfileObject, options: Partial<ValidateOptions> = {}) =>
    findingsOf(object, options).filter((f) => f.rule.startsWith('conversion/'));
  const object = rendered(profile({ workload: mpi() }), 'v1alpha6');

  test('the profile is valid as v1alpha6 on its own', () => {
    expect(findingsOf(object).filter((f) => f.layer !== 'lint')).toEqual([]);
  });

  test('fails when conversion to the storage version drops a field, naming the profile, the field and the versions', () => {
    const findings = conversionFindings(object, { crdFor });
    expect(findings.map((f) => [f.layer, f.rule, f.profile, f.path])).toEqual([
      ['job', 'conversion/lossy', 'example', 'data.mpiSpec.mpiImplementation'],
      ['job', 'conversion/lossy', 'example', 'data.mpiSpec.runPolicy'],
      ['job', 'conversion/lossy', 'example', 'data.mpiSpec.sshAuthMountPath'],
    ]);
    expect(findings.every((f) => f.file === file)).toBe(true);
    expect(findings[1].message).toBe(
      'CRD v1alpha6-v1alpha8 stores v1alpha8, and converting v1alpha6 to v1alpha8 drops this field: the cluster stores the profile without it, silently, so no job gets it; ' +
        'Argo CD reads it back without the field and keeps the profile OutOfSync (self-heal re-applies it); ' +
        "write the profile as v1alpha8 (in site.ts, omit the environment's apiVersion), remove the field, or set allowLossyConversion: true",
    );
  });

  test('reports them as lint with allowLossyConversion', () => {
    const findings = conversionFindings(object, { crdFor, allowLossyConversion: true });
    expect(findings.map((f) => [f.layer, f.rule, f.path])).toEqual([
      ['lint', 'conversion/lossy', 'data.mpiSpec.mpiImplementation'],
      ['lint', 'conversion/lossy', 'data.mpiSpec.runPolicy'],
      ['lint', 'conversion/lossy', 'data.mpiSpec.sshAuthMountPath'],
    ]);
    expect(findings[0].message).toContain('allowLossyConversion is set, so the profile is rendered and stays OutOfSync in Argo CD');
    expect(findings[0].message).not.toContain('set allowLossyConversion: true');
  });

  test('checks no conversion without crdFor, for a CRD that does not name one, or for the storage version itself', () => {
    expect(conversionFindings(object)).toEqual([]);
    expect(conversionFindings(object, { crdFor: () => undefined })).toEqual([]);
    expect(conversionFindings(object, { crdFor: () => ({ name: 'v1alpha6-only', storage: 'v1alpha6' }) })).toEqual([]);
    const stored = rendered(profile({ workload: mpi() }), 'v1alpha8');
    expect(conversionFindings(stored, { crdFor })).toEqual([]);
  });

  test('does not report the defaults the server adds as dropped', () => {
    // The server defaults the v1alpha6 object before converting it (its schema defaults
    // mpiImplementation and sshAuthMountPath); only what was sent counts.
    const sent = rendered(profile({ workload: mpi() }), 'v1alpha6');
    const spec = mpiJobSpecOf(sent);
    delete spec.mpiImplementation;
    delete spec.runPolicy;
    delete spec.sshAuthMountPath;
    expect(conversionFindings(sent, { crdFor })).toEqual([]);
  });

  test('fails the sync when the conversion webhook would fail on an mpiSpec without a Launcher', () => {
    const sent = rendered(profile({ workload: mpi() }), 'v1alpha6');
    delete mpiJobSpecOf(sent).mpiReplicaSpecs.Launcher;
    const failed = findingsOf(sent, { crdFor }).filter((f) => f.rule === 'conversion/failed');
    expect(failed.map((f) => [f.layer, f.path])).toEqual([['cluster', 'data.mpiSpec.mpiReplicaSpecs']]);
    expect(failed[0].message).toContain('mpiSpec has no Launcher');
  });

  test('fails when the storage version has no schema', () => {
    const findings = conversionFindings(object, { crdFor: () => ({ name: 'v1alpha6-v1alpha99', storage: 'v1alpha99' as ApiVersion }) });
    expect(findings.map((f) => [f.layer, f.rule, f.path, f.message])).toEqual([
      [
        'job',
        'conversion/lossy',
        '',
        'no schema for v1alpha99, the storage version of CRD v1alpha6-v1alpha99: cannot tell what converting v1alpha6 to it keeps',
      ],
    ]);
  });

  describe("judges the converted object by the storage version's rules, at the sent object's paths", () => {
    const suffix = ' (the cluster judges this v1alpha6 object as the v1alpha8 it converts it to)';
    const copyOffloadFindings = (model: ProfileModel, options: Partial<ValidateOptions> = { crdFor }) =>
      findingsOf(rendered(model, 'v1alpha6'), options).filter((f) => f.rule === 'nnf-admission/copy-offload');

    test('a copy-offload launcher whose container is not named for it', () => {
      const findings = copyOffloadFindings(withLauncherAccount(COPY_OFFLOAD_SERVICE_ACCOUNT, 'launcher'));
      expect(findings.map((f) => [f.layer, f.profile, f.path])).toEqual([['cluster', 'example', `${LAUNCHER_SPEC}.containers[0].name`]]);
      expect(findings[0].message).toMatch(/^mpiSpec\.copyOffload is true but launcher container name 'launcher' does not match/);
      expect(findings[0].message.endsWith(suffix)).toBe(true);
    });

    test('a launcher container named for copy offload without the copy-offload service account', () => {
      const findings = copyOffloadFindings(withLauncherAccount('builder', 'copy-offload'));
      expect(findings.map((f) => [f.layer, f.path])).toEqual([['cluster', `${LAUNCHER_SPEC}.containers[0].name`]]);
      expect(findings[0].message).toContain("launcher container name 'copy-offload' marks a copy offload container");
      expect(findings[0].message.endsWith(suffix)).toBe(true);
    });

    test('a copy-offload launcher named for it is fine', () => {
      expect(copyOffloadFindings(withLauncherAccount(COPY_OFFLOAD_SERVICE_ACCOUNT, 'copy-offload'))).toEqual([]);
    });

    test('without crdFor the v1alpha6 object is judged as v1alpha6, which has no copy-offload rule', () => {
      expect(copyOffloadFindings(withLauncherAccount(COPY_OFFLOAD_SERVICE_ACCOUNT, 'launcher'), {})).toEqual([]);
      expect(copyOffloadFindings(withLauncherAccount('builder', 'copy-offload'), {})).toEqual([]);
    });
  });
});
