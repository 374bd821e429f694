import {
  array,
  call,
  flat,
  object,
  print,
  PRINT_WIDTH,
  propertyKey,
  raw,
  stringLiteral,
  templateText,
  valueCode,
} from '../../src/import/code';

describe('the code printer', () => {
  test('quotes strings with single quotes and escapes what would end or break them', () => {
    expect(stringLiteral(`it's a\\b\n\u2028`)).toBe(`'it\\'s a\\\\b\\n\\u2028'`);
    expect(templateText('`${x}` \\ $(Y)')).toBe('\\`\\${x}\\` \\\\ $(Y)');
  });

  test('quotes only keys that are not identifiers', () => {
    expect(propertyKey('name')).toBe('name');
    expect(propertyKey('app.kubernetes.io/name')).toBe("'app.kubernetes.io/name'");
  });

  test('prints on one line what fits and breaks open, with trailing commas, what does not', () => {
    const small = object([
      ['a', raw('1')],
      ['b', array([raw("'x'")])],
    ]);
    expect(print(small, 0, 0)).toBe("{ a: 1, b: ['x'] }");
    const long = object([['items', array(Array.from({ length: 30 }, (_, i) => raw(`'item-${i}'`)))]]);
    const printed = print(long, 1, 4);
    expect(printed.split('\n')[0]).toBe('{');
    expect(printed).toContain("\n    items: [\n      'item-0',\n");
    expect(printed.endsWith("      'item-29',\n    ],\n  }")).toBe(true);
    for (const line of printed.split('\n')) expect(line.length).toBeLessThanOrEqual(PRINT_WIDTH);
  });

  test('hugs a last object argument of a call', () => {
    const construct = call('new ContainerProfile', [raw('scope'), raw("'x'"), object([['retryLimit', raw('1')]])]);
    expect(print(construct, 1, 2, 1, true)).toBe("new ContainerProfile(scope, 'x', {\n    retryLimit: 1,\n  })");
  });

  test('writes long multi-line text as lines joined', () => {
    const text = 'echo "starting..."\nsleep 10\nx=$((RANDOM % 2))\nexit $x';
    expect(flat(valueCode(text))).toBe(`['echo "starting..."', 'sleep 10', 'x=$((RANDOM % 2))', 'exit $x'].join('\\n')`);
    expect(flat(valueCode('a\nb'))).toBe("'a\\nb'");
  });
});
