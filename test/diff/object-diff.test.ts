import { childPath, deepEqual, diffValues } from '../../src/diff';

describe('diffValues', () => {
  test('finds nothing between equal values, whatever their key order', () => {
    expect(diffValues({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 })).toEqual([]);
    expect(deepEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
  });

  test('reports added, removed and changed fields by path, keys in code-point order', () => {
    expect(diffValues({ data: { retryLimit: 6, userID: 1, b: 1 } }, { data: { retryLimit: 3, numPorts: 1, b: 1 } })).toEqual([
      { kind: 'added', path: 'data.numPorts', after: 1 },
      { kind: 'changed', path: 'data.retryLimit', before: 6, after: 3 },
      { kind: 'removed', path: 'data.userID', before: 1 },
    ]);
  });

  test('walks lists of objects by index and reports a list of plain values whole', () => {
    const before = { containers: [{ name: 'a', image: 'x:1', command: ['run', 'it'] }] };
    const after = {
      containers: [
        { name: 'a', image: 'x:2', command: ['run', 'now', 'it'] },
        { name: 'b', image: 'y:1' },
      ],
    };
    expect(diffValues(before, after, 'data.spec')).toEqual([
      { kind: 'changed', path: 'data.spec.containers[0].command', before: ['run', 'it'], after: ['run', 'now', 'it'] },
      { kind: 'changed', path: 'data.spec.containers[0].image', before: 'x:1', after: 'x:2' },
      { kind: 'added', path: 'data.spec.containers[1]', after: { name: 'b', image: 'y:1' } },
    ]);
  });

  test('quotes keys that are not plain names', () => {
    expect(childPath('metadata.labels', 'app.kubernetes.io/name')).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(childPath('', 'kind')).toBe('kind');
  });

  test('reports a change of type as a change of the value', () => {
    expect(diffValues({ a: { b: 1 } }, { a: [1] })).toEqual([{ kind: 'changed', path: 'a', before: { b: 1 }, after: [1] }]);
  });
});
