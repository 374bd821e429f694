import { exactIntegerAt } from '../../src/yaml/exact-integers';
import { parseDocuments } from '../../src/yaml/read-documents';

describe('parseDocuments', () => {
  test('keeps the exact value of integers beyond 2^53 beside the nearest number', () => {
    const [doc] = parseDocuments('a: 9223372036854775807\nb: [1, -0x8000000000000001, +18446744073709551616]\n', 'x.yaml') as Array<{
      a: number;
      b: number[];
    }>;
    expect(doc).toEqual({ a: 2 ** 63, b: [1, -(2 ** 63), 2 ** 64] });
    expect(exactIntegerAt(doc, 'a')).toBe(9223372036854775807n);
    expect(exactIntegerAt(doc.b, 1)).toBe(-9223372036854775809n);
    expect(exactIntegerAt(doc.b, 2)).toBe(18446744073709551616n);
  });

  test('records nothing for integers a number holds, floats, or strings', () => {
    const [doc] = parseDocuments("a: 9007199254740991\nb: 1.0e19\nc: '9223372036854775808'\n", 'x.yaml') as Array<Record<string, unknown>>;
    expect(doc).toEqual({ a: Number.MAX_SAFE_INTEGER, b: 1e19, c: '9223372036854775808' });
    for (const key of ['a', 'b', 'c']) expect(exactIntegerAt(doc, key)).toBeUndefined();
  });

  test('reads JSON integers beyond 2^53 exactly too', () => {
    const [doc] = parseDocuments('{"data": {"userID": 18446744073709551615}}', 'x.json') as Array<{ data: object }>;
    expect(exactIntegerAt(doc.data, 'userID')).toBe(18446744073709551615n);
  });
});
