import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ApiVersion } from '../../src/model';
import { checkAgainstSchema, pointerToPath, SchemaRegistry, SchemaSourceError } from '../../src/validate/schema';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-schema-cache-'));
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
const registry = SchemaRegistry.fromArtifacts(undefined, cacheDir);

function check(object: unknown, version: ApiVersion) {
  const entry = registry.get(version)!;
  return checkAgainstSchema(object, entry.schema, entry.check, version);
}

const profile = (version: ApiVersion, data: Record<string, unknown>) => ({
  apiVersion: `nnf.cray.hpe.com/${version}`,
  kind: 'NnfContainerProfile',
  metadata: { name: 'p', namespace: 'nnf-system' },
  data,
});
const spec = (container: Record<string, unknown> = {}) => ({ containers: [{ name: 'app', image: 'a:1', ...container }] });

describe('schema check with defaulting', () => {
  test('accepts a minimal profile and fills in the defaults the API server would', () => {
    const { findings, defaulted } = check(profile('v1alpha11', { spec: spec(), storages: [{ name: 'DW_JOB_x' }] }), 'v1alpha11');
    expect(findings).toEqual([]);
    expect((defaulted as { data: unknown }).data).toEqual({
      createContainer: true,
      pinned: false,
      retryLimit: 6,
      preRunTimeoutSeconds: 300,
      postRunTimeoutSeconds: 300,
      storages: [{ name: 'DW_JOB_x', optional: false }],
      spec: { containers: [{ name: 'app', image: 'a:1', imagePullPolicy: 'IfNotPresent' }] },
    });
  });

  test('does not modify its input', () => {
    const input = profile('v1alpha6', { spec: spec() });
    const copy = structuredClone(input);
    check(input, 'v1alpha6');
    expect(input).toEqual(copy);
  });

  test('fails when a field is not part of the version, saying it would be dropped', () => {
    const { findings } = check(profile('v1alpha11', { spec: { ...spec(), activeDeadlineSeconds: 10 } }), 'v1alpha11');
    expect(findings).toEqual([
      {
        layer: 'cluster',
        rule: 'schema/unknown-field',
        path: 'data.spec.activeDeadlineSeconds',
        message:
          'data.spec.activeDeadlineSeconds is not part of v1alpha11 and would be dropped by the API server; check its spelling and place, or remove it',
      },
    ]);
  });

  test('fails when spec sits at the top, where there is no spec', () => {
    const { findings } = check({ ...profile('v1alpha1', { spec: spec() }), spec: spec() }, 'v1alpha1');
    expect(findings.map((f) => [f.rule, f.path])).toEqual([['schema/unknown-field', 'spec']]);
  });

  test('accepts any metadata, which the API server checks itself', () => {
    const object = profile('v1alpha11', { spec: spec() });
    const withServerFields = { ...object, metadata: { ...object.metadata, uid: 'u', resourceVersion: '1', managedFields: [{}] } };
    expect(check(withServerFields, 'v1alpha11').findings).toEqual([]);
  });

  test.each<[string, ApiVersion, Record<string, unknown>, string, string]>([
    ['a wrong type', 'v1alpha11', { spec: spec(), retryLimit: 'six' }, 'schema/type', 'data.retryLimit'],
    ['a value below the minimum', 'v1alpha6', { spec: spec(), retryLimit: -1 }, 'schema/minimum', 'data.retryLimit'],
    [
      'a null where the schema has no default and a field is required',
      'v1alpha11',
      { spec: { containers: [{ name: 'app', image: null }] } },
      'schema/required',
      'data.spec.containers[0].image',
    ],
    [
      'a null list item (only fields are dropped)',
      'v1alpha11',
      { spec: spec({ args: ['a', null] }) },
      'schema/type',
      'data.spec.containers[0].args[1]',
    ],
    [
      'a value outside the enum',
      'v1alpha10',
      { spec: spec({ imagePullPolicy: 'Sometimes' }) },
      'schema/enum',
      'data.spec.containers[0].imagePullPolicy',
    ],
    [
      'a container name off the pattern',
      'v1alpha7',
      { spec: spec({ name: 'Bad_Name' }) },
      'schema/pattern',
      'data.spec.containers[0].name',
    ],
    [
      'a missing required field',
      'v1alpha11',
      { spec: { containers: [{ name: 'app' }] } },
      'schema/required',
      'data.spec.containers[0].image',
    ],
    ['no containers where at least one is required', 'v1alpha11', { spec: { containers: [] } }, 'schema/minItems', 'data.spec.containers'],
    [
      'an int-or-string that is neither',
      'v1alpha11',
      { spec: spec({ livenessProbe: { httpGet: { port: true } } }) },
      'schema/int-or-string',
      'data.spec.containers[0].livenessProbe.httpGet.port',
    ],
    [
      'a list-type=map entry repeated (after defaulting protocol to TCP)',
      'v1alpha6',
      { spec: spec({ ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }] }) },
      'schema/list-map-keys',
      'data.spec.containers[0].ports[1]',
    ],
    ['MPI without its replica specs (PodSpec era)', 'v1alpha1', { mpiSpec: {} }, 'schema/required', 'data.mpiSpec.mpiReplicaSpecs'],
    ['MPI without a worker (NnfPodSpec era)', 'v1alpha8', { mpiSpec: { launcher: spec() } }, 'schema/required', 'data.mpiSpec.worker'],
  ])('fails on %s', (_name, version, data, rule, at) => {
    const { findings } = check(profile(version, data), version);
    expect(findings.map((f) => [f.rule, f.path])).toEqual([[rule, at]]);
  });

  test('does not enforce format on integers, as the API server does not', () => {
    const data = { spec: spec(), userID: 2 ** 31, groupID: -1, numPorts: 2 ** 40, preRunTimeoutSeconds: 2 ** 64 };
    expect(check(profile('v1alpha8', data), 'v1alpha8').findings).toEqual([]);
  });

  test('drops non-nullable nulls before defaulting, so the default takes their place', () => {
    const data = {
      spec: spec({ imagePullPolicy: null, command: null }),
      mpiSpec: null,
      retryLimit: null,
      createContainer: null,
      userID: null,
    };
    const { findings, defaulted } = check(profile('v1alpha11', data), 'v1alpha11');
    expect(findings).toEqual([]);
    expect((defaulted as { data: unknown }).data).toEqual({
      createContainer: true,
      pinned: false,
      retryLimit: 6,
      preRunTimeoutSeconds: 300,
      postRunTimeoutSeconds: 300,
      spec: { containers: [{ name: 'app', image: 'a:1', imagePullPolicy: 'IfNotPresent' }] },
    });
  });

  test('fails when content sits under an object without properties, saying it would be dropped', () => {
    const launcher = { template: { metadata: { labels: { app: 'x' } }, spec: spec() } };
    const data = { mpiSpec: { mpiReplicaSpecs: { Launcher: launcher, Worker: launcher } } };
    expect(check(profile('v1alpha6', data), 'v1alpha6').findings).toEqual(
      ['Launcher', 'Worker'].map((role) => ({
        layer: 'cluster',
        rule: 'schema/unknown-field',
        path: `data.mpiSpec.mpiReplicaSpecs.${role}.template.metadata.labels`,
        message: `data.mpiSpec.mpiReplicaSpecs.${role}.template.metadata.labels is not part of v1alpha6 and would be dropped by the API server; check its spelling and place, or remove it`,
      })),
    );
  });

  test('accepts an object without properties when it is empty', () => {
    const launcher = { template: { metadata: {}, spec: spec() } };
    const data = { mpiSpec: { mpiReplicaSpecs: { Launcher: launcher, Worker: launcher } } };
    expect(check(profile('v1alpha1', data), 'v1alpha1').findings).toEqual([]);
  });

  test('an int-or-string accepts both an integer and a string', () => {
    for (const port of [8080, 'http']) {
      expect(check(profile('v1alpha11', { spec: spec({ livenessProbe: { httpGet: { port } } }) }), 'v1alpha11').findings).toEqual([]);
    }
  });
});

describe('compiled checks', () => {
  test('are cached by schema content and load from the cache the next time', () => {
    registry.get('v1alpha11');
    const cached = fs.readdirSync(cacheDir).filter((f) => f.endsWith('.js'));
    expect(cached.length).toBeGreaterThan(0);
    const again = SchemaRegistry.fromArtifacts(undefined, cacheDir).get('v1alpha11')!;
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.js'))).toEqual(cached);
    const bad = profile('v1alpha11', { spec: spec(), retryLimit: -1 });
    expect(checkAgainstSchema(bad, again.schema, again.check, 'v1alpha11').findings.map((f) => f.rule)).toEqual(['schema/minimum']);
  });

  test('versions not asked for are not loaded', () => {
    const fresh = SchemaRegistry.fromArtifacts(undefined, cacheDir);
    expect((fresh as unknown as { checks: Map<string, unknown> }).checks.size).toBe(0);
    fresh.get('v1alpha6');
    expect([...(fresh as unknown as { checks: Map<string, unknown> }).checks.keys()]).toEqual(['v1alpha6']);
  });

  test('fails when a CRD file is not one', () => {
    const file = path.join(cacheDir, 'not-a-crd.yaml');
    fs.writeFileSync(file, 'kind: ConfigMap\n');
    expect(() => SchemaRegistry.fromCrdFiles([file], cacheDir)).toThrow(SchemaSourceError);
    expect(() => SchemaRegistry.fromCrdFiles([file], cacheDir)).toThrow('holds no served version of the NnfContainerProfile CRD');
  });
});

test('pointerToPath writes list indices in brackets', () => {
  expect(pointerToPath('/data/spec/containers/0/name')).toBe('data.spec.containers[0].name');
  expect(pointerToPath('/metadata/labels', 'a~1b')).toBe('metadata.labels.a~1b');
  expect(pointerToPath('/metadata/labels/a~1b')).toBe('metadata.labels.a/b');
});
