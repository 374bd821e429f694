import { dwsRules, type ProfileObject, type RuleContext } from '../../../src/validate/rules';

const NEW: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };
const OLD: RuleContext = { version: 'v1alpha1', era: 'PodSpec', profileNamespace: 'nnf-system' };

function profile(name: unknown, storages: string[] = []): ProfileObject {
  return {
    metadata: { name, namespace: 'nnf-system' },
    data: {
      pinned: false,
      retryLimit: 6,
      storages: storages.map((s) => ({ name: s, optional: false })),
      spec: { containers: [{ name: 'a', image: 'a:1' }] },
    },
  };
}

describe('dws/profile-name', () => {
  test('accepts names a #DW container directive can select', () => {
    for (const name of ['red-rock-slushy', 'ab', 'a1-', 'example-mpi']) expect(dwsRules(profile(name), NEW)).toEqual([]);
  });

  test('fails when the name cannot be selected, although Kubernetes accepts it', () => {
    for (const name of ['a', '1abc', 'red.rock', 'Red-rock', '-abc']) {
      for (const context of [NEW, OLD]) {
        expect(dwsRules(profile(name), context)).toEqual([
          {
            layer: 'job',
            rule: 'dws/profile-name',
            path: 'metadata.name',
            message: expect.stringContaining('no #DW container directive can select it'),
          },
        ]);
      }
    }
  });

  test('leaves a missing name to metadata/name', () => {
    expect(dwsRules(profile(undefined), NEW)).toEqual([]);
  });
});

describe('dws/storage-unique', () => {
  test('fails when a storage name repeats, on the later entry', () => {
    expect(dwsRules(profile('pp', ['DW_JOB_a1', 'DW_JOB_b1', 'DW_JOB_a1']), NEW)).toEqual([
      {
        layer: 'job',
        rule: 'dws/storage-unique',
        path: 'data.storages[2].name',
        message: expect.stringContaining('already declared as entry 0 of the storages'),
      },
    ]);
  });

  test('accepts distinct names', () => {
    expect(dwsRules(profile('pp', ['DW_JOB_a1', 'DW_PERSISTENT_a1']), NEW)).toEqual([]);
  });
});
