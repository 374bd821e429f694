import { duplicateProfileNames, type ProfileObject } from '../../../src/validate/rules';

const item = (file: string, name: unknown, namespace: unknown = 'nnf-system') => ({
  file,
  object: { metadata: { name, namespace }, data: {} } as ProfileObject,
});

describe('reference/duplicate-profile', () => {
  test('accepts distinct names, and one name in different namespaces', () => {
    expect(duplicateProfileNames([item('a.ts', 'one'), item('b.ts', 'two'), item('c.ts', 'one', 'other')])).toEqual([]);
  });

  test('fails when two profiles share a name in one namespace, on each, naming the other file', () => {
    const result = duplicateProfileNames([item('profiles/a.ts', 'same'), item('profiles/ok.ts', 'fine'), item('profiles/b.ts', 'same')]);
    expect(result).toEqual([
      {
        file: 'profiles/a.ts',
        finding: {
          layer: 'job',
          rule: 'reference/duplicate-profile',
          path: 'metadata.name',
          message: expect.stringContaining('also defined in profiles/b.ts'),
        },
      },
      {
        file: 'profiles/b.ts',
        finding: {
          layer: 'job',
          rule: 'reference/duplicate-profile',
          path: 'metadata.name',
          message: expect.stringContaining('also defined in profiles/a.ts'),
        },
      },
    ]);
    expect(result[0].finding.message).toContain("profile 'same' in namespace 'nnf-system'");
  });

  test('fails for every one of three, naming both others', () => {
    const result = duplicateProfileNames([item('a.yaml', 'x'), item('b.yaml', 'x'), item('c.yaml', 'x')]);
    expect(result.map((r) => r.file)).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(result[1].finding.message).toContain('also defined in a.yaml, c.yaml');
  });

  test('fails when one file holds the name twice, and when neither has a namespace', () => {
    const same = duplicateProfileNames([item('all.yaml', 'x'), item('all.yaml', 'x')]);
    expect(same).toHaveLength(2);
    expect(same[0].finding.message).toContain('all.yaml (the same file)');
    const bare = duplicateProfileNames([item('a.yaml', 'x', null), item('b.yaml', 'x', null)]);
    expect(bare.map((r) => r.finding.message)).toEqual([
      expect.stringContaining('with no namespace'),
      expect.stringContaining('with no namespace'),
    ]);
  });

  test('skips objects without a name and odd shapes', () => {
    const odd = [
      { file: 'a', object: {} },
      { file: 'b', object: { metadata: { name: '' } } },
      { file: 'c', object: null as unknown as ProfileObject },
      item('d', 5),
      item('e', 5),
    ];
    expect(duplicateProfileNames(odd)).toEqual([]);
  });
});
