import type { ApiVersion } from '../../../src/model';
import { SchemaRegistry, validateProfileObject } from '../../../src/validate';
import { decodeFindings } from '../../../src/validate/rules';
import { parseDocuments } from '../../../src/yaml/read-documents';

const schemas = SchemaRegistry.fromArtifacts();

const profile = (version: ApiVersion, data: Record<string, unknown>) => ({
  apiVersion: `nnf.cray.hpe.com/${version}`,
  kind: 'NnfContainerProfile',
  metadata: { name: 'p', namespace: 'nnf-system' },
  data: { spec: { containers: [{ name: 'app', image: 'a:1' }] }, ...data },
});

const decode = (version: ApiVersion, data: Record<string, unknown>) => decodeFindings(profile(version, data), schemas.get(version)!.schema);

describe('nnf-admission/decode', () => {
  test('fails when userID does not fit uint32, naming the Go type, its range and the HTTP 400', () => {
    expect(decode('v1alpha11', { userID: 2 ** 32 })).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/decode',
        path: 'data.userID',
        message:
          'is 4294967296, which does not fit the Go type uint32 (0 … 4294967295) the NNF webhook decodes data.userID into; the webhook would refuse to decode the profile (HTTP 400)',
      },
    ]);
  });

  test.each<[string, ApiVersion, Record<string, unknown>, string[]]>([
    ['uint32 ids at both ends', 'v1alpha8', { userID: 0, groupID: 2 ** 32 - 1 }, []],
    ['uint32 ids outside', 'v1alpha1', { userID: -1, groupID: 2 ** 32 }, ['data.userID', 'data.groupID']],
    ['int32 fields at both ends', 'v1alpha10', { retryLimit: 2 ** 31 - 1, numPorts: -(2 ** 31) }, []],
    ['int32 fields outside', 'v1alpha6', { retryLimit: 2 ** 31, numPorts: -(2 ** 31) - 1 }, ['data.retryLimit', 'data.numPorts']],
    [
      'int64 timeouts as a number holds them',
      'v1alpha7',
      { preRunTimeoutSeconds: Number.MAX_SAFE_INTEGER, postRunTimeoutSeconds: 2 ** 62 },
      [],
    ],
    ['an int64 timeout as a rendered number of 2^63', 'v1alpha11', { postRunTimeoutSeconds: 2 ** 63 }, ['data.postRunTimeoutSeconds']],
    ['a non-integer, which is the schema check’s to refuse', 'v1alpha11', { retryLimit: 1.5e10 + 0.5 }, []],
    [
      'an int32 deep in a pod spec',
      'v1alpha6',
      { spec: { containers: [{ name: 'app', image: 'a:1', ports: [{ containerPort: 80 }, { containerPort: 2 ** 31 }] }] } },
      ['data.spec.containers[0].ports[1].containerPort'],
    ],
  ])('%s', (_name, version, data, paths) => {
    expect(decode(version, data).map((f) => f.path)).toEqual(paths);
  });

  test('reads integers beyond 2^53 as written, not as the number nearest them', () => {
    const text = (value: string) =>
      `apiVersion: nnf.cray.hpe.com/v1alpha11\nkind: NnfContainerProfile\nmetadata: {name: p}\ndata: {numPorts: 1, preRunTimeoutSeconds: ${value}, spec: {containers: [{name: app, image: 'a:1'}]}}\n`;
    const findingsFor = (value: string) =>
      decodeFindings(parseDocuments(text(value), 'p.yaml')[0], schemas.get('v1alpha11')!.schema).map((f) => f.message.split(',')[0]);
    expect(findingsFor('9223372036854775807')).toEqual([]);
    expect(findingsFor('9223372036854775808')).toEqual(['is 9223372036854775808']);
    expect(findingsFor('-9223372036854775808')).toEqual([]);
    expect(findingsFor('-9223372036854775809')).toEqual(['is -9223372036854775809']);
  });

  test('leaves a value the schema already refuses to the schema check', () => {
    const { findings } = validateProfileObject(
      { file: 'p.yaml', object: profile('v1alpha11', { retryLimit: -(2 ** 31) - 1 }) },
      { schemas },
    );
    expect(findings.filter((f) => f.path === 'data.retryLimit').map((f) => f.rule)).toEqual(['schema/minimum']);
  });
});
