import * as yaml from 'js-yaml';
import { fileNameFor, kustomizationYaml, toYaml } from '../../src/output/serialize';

describe('toYaml', () => {
  test('puts apiVersion, kind, metadata first and sorts everything else', () => {
    const text = toYaml({ data: { b: 1, a: [{ z: 1, y: 2 }] }, metadata: { name: 'm' }, kind: 'K', apiVersion: 'v1' });
    expect(text).toBe("apiVersion: v1\nkind: K\nmetadata:\n  name: m\ndata:\n  a:\n    - 'y': 2\n      z: 1\n  b: 1\n");
  });

  test('writes shared objects out in full, without anchors, and does not fold long lines', () => {
    const shared = { name: 'regcred' };
    const long = 'x'.repeat(200);
    const text = toYaml({ a: [shared], b: [shared], c: long });
    expect(text).not.toContain('&');
    expect(text).toContain(long);
    expect(yaml.load(text)).toEqual({ a: [shared], b: [shared], c: long });
  });

  test('keeps strings that look like other types as strings', () => {
    const object = { values: ['true', '1', '0755', 'null', '$(DW_JOB_x)/0', 'a: b'] };
    expect(yaml.load(toYaml(object))).toEqual(object);
  });
});

describe('file names', () => {
  test('come from kind and name', () => {
    expect(fileNameFor({ kind: 'NnfContainerProfile', metadata: { name: 'red-rock-slushy' } })).toBe(
      'nnfcontainerprofile-red-rock-slushy.yaml',
    );
  });

  test('kustomization lists resources sorted', () => {
    expect(yaml.load(kustomizationYaml(['b.yaml', 'a.yaml']))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['a.yaml', 'b.yaml'],
    });
  });
});
