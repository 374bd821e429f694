import { closest, editDistance } from '../../src/suggest';
import { factoryError, propProblems, propProblemText, type PropsShape } from '../../src/validate/props';

const ITEM: PropsShape = { of: 'an item', noun: 'prop', fields: { name: 'string', size: 'number', tags: 'array', extra: 'any' } };
const ROOT: PropsShape = {
  of: 'the root',
  noun: 'prop',
  fields: { items: { arrayOf: ITEM }, retryLimit: 'number', enabled: 'boolean', nested: ITEM, a: 'any', b: 'any', c: 'any', d: 'any' },
};

describe('propProblems', () => {
  test('finds nothing in props that fit the shape, whatever any-typed values hold', () => {
    const props = {
      items: [{ name: 'x', size: 1, tags: [], extra: { anything: [1, { goes: true }] } }],
      retryLimit: 2,
      enabled: false,
      nested: { name: 'y' },
    };
    expect(propProblems(props, ROOT)).toEqual([]);
  });

  test('fails when a key belongs to another level of the family, saying where', () => {
    expect(propProblems({ items: [{ name: 'x' }, { retryLimit: 3 }], size: 2 }, ROOT)).toEqual([
      { rule: 'props/unknown', path: 'items[1].retryLimit', message: 'retryLimit is a prop of the root, not of an item' },
      { rule: 'props/unknown', path: 'size', message: 'size is a prop of an item, not of the root' },
    ]);
  });

  test('fails when a key is misspelt, suggesting the nearest within two edits or by case', () => {
    const messages = propProblems({ retryLimt: 1, enalbed: true, RETRYLIMIT: 2, nested: { nmae: 'x' } }, ROOT).map(propProblemText);
    expect(messages).toEqual([
      "retryLimt: unknown prop; did you mean 'retryLimit'?",
      "enalbed: unknown prop; did you mean 'enabled'?",
      "RETRYLIMIT: unknown prop; did you mean 'retryLimit'?",
      "nested.nmae: unknown prop; did you mean 'name'?",
    ]);
  });

  test('lists the known keys only when there are few', () => {
    expect(propProblems({ nested: { colour: 'red' } }, ROOT).map(propProblemText)).toEqual([
      'nested.colour: unknown prop (known: name, size, tags, extra)',
    ]);
    expect(propProblems({ bogusProp: 1 }, ROOT).map(propProblemText)).toEqual(['bogusProp: unknown prop']);
  });

  test('fails when a value is of the wrong kind, and does not look into it further', () => {
    expect(propProblems({ items: { name: 'x' }, retryLimit: '3', enabled: 'yes', nested: [], a: 1 }, ROOT).map(propProblemText)).toEqual([
      'items: must be an array, not an object',
      'retryLimit: must be a number, not a string',
      'enabled: must be a boolean, not a string',
      'nested: must be an object, not an array',
    ]);
    expect(propProblems({ items: [null, 'x'] }, ROOT).map(propProblemText)).toEqual([
      'items[0]: must be an object, not null',
      'items[1]: must be an object, not a string',
    ]);
  });

  test('leaves undefined and null values alone, but not unknown keys holding them', () => {
    expect(propProblems({ retryLimit: undefined, nested: null }, ROOT)).toEqual([]);
    expect(propProblems({ bogusProp: undefined }, ROOT).map((p) => p.path)).toEqual(['bogusProp']);
  });

  test('reads props without a prototype, and takes no Object.prototype member for a key', () => {
    const bare = Object.assign(Object.create(null), { retryLimit: 1, toString: 'x' });
    expect(propProblems(bare, ROOT).map((p) => p.path)).toEqual(['toString']);
    expect(propProblems(JSON.parse('{"__proto__": {}, "constructor": 1}'), ROOT).map((p) => p.path)).toEqual(['__proto__', 'constructor']);
  });

  test('prefixes the given path and uses the given family', () => {
    const other: PropsShape = { of: 'the other', noun: 'option', fields: { size: 'number' } };
    const mine: PropsShape = { of: 'mine', noun: 'option', fields: { name: 'string' } };
    expect(propProblems({ size: 1 }, mine, 'options', [mine, other]).map(propProblemText)).toEqual([
      'options.size: size is an option of the other, not of mine',
    ]);
    expect(propProblems(true, mine, 'options').map(propProblemText)).toEqual(['options: must be an object, not a boolean']);
  });
});

describe('factoryError', () => {
  test('puts one problem on the line, several below it', () => {
    expect(factoryError("Storage.job('x')", ['a: one']).message).toBe("Storage.job('x'): a: one");
    expect(factoryError("Storage.job('x')", ['a: one', 'b: two']).message).toBe("Storage.job('x'):\n  a: one\n  b: two");
  });
});

describe('closest', () => {
  test('counts a swap of neighbours as one edit', () => {
    expect(editDistance('retryLimit', 'retryLimt')).toBe(1);
    expect(editDistance('enabled', 'enalbed')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('suggests the nearest candidate within the distance, or none', () => {
    expect(closest('optinal', ['optional', 'pvcMode'])).toBe('optional');
    expect(closest('APIVERSION', ['apiVersion', 'name'])).toBe('apiVersion');
    expect(closest('bogusProp', ['optional', 'pvcMode'])).toBeUndefined();
  });
});
