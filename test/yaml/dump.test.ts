import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { DUMP_OPTIONS, dumpYaml, type KeyOrder } from '../../src/yaml/dump';
import { REPO_ROOT } from '../helpers/temp-site';

/** Runs per property; PROPERTY_RUNS=20000 for a soak. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

const jsYaml = (value: unknown) => yaml.dump(value, DUMP_OPTIONS);

// Strings near every rule that decides how js-yaml writes one: indicators and quotes, spaces at
// either end, line breaks, control and astral characters, and words YAML reads as other types.
const tricky = fc.constantFrom(
  ...['', ' ', 'a', 'y', 'No', 'off', 'null', 'Null', '~', 'true', 'FALSE', '<<', '=', '0', '-1', '1.5', '1e3', '0x1F', '0o17', '.inf', '.NaN'],
  ...['12:30', '1:2:3', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '+1', '1_000', 'a:', 'a: b', 'a :b', 'a#b', 'a #b', '#a', '-a', '- a', '?a'],
  ...['a\nb', 'a\n', '\n', ' a\nb', 'a\n\n', 'a\n\nb\n', '\ta', 'a\r\nb', 'é', '→', '😀', '\u0000', '\u0085', '\ufeffa', "it's", '"q"', '|', '>', '@x', '`x`'],
);
const word = fc.oneof(
  tricky,
  fc.string({ unit: fc.constantFrom(...'aZ09-_./:@=+# \'"\n\t,[]{}&*!|>%`?~'.split('')), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    word,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(word, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('dumpYaml writes what js-yaml writes', () => {
  test('for random JSON values, strings chosen near the rules', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(dumpYaml(value)).toBe(jsYaml(value));
      }),
      { numRuns: RUNS },
    );
  });

  test('for values with undefined in mappings and sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.option(word, { nil: undefined })), fc.dictionary(word, fc.option(word, { nil: undefined })), (list, record) => {
        expect(dumpYaml({ list, record })).toBe(jsYaml({ list, record }));
      }),
      { numRuns: RUNS / 4 },
    );
  });

  test('for timestamps, multi-line keys and keys long enough for an explicit pair', () => {
    const value = { when: new Date(0), [`multi\nline`]: 1, [`k${'x'.repeat(1100)}`]: { nested: [2] }, list: [{ [`k${'y'.repeat(1100)}`]: null }] };
    expect(dumpYaml(value)).toBe(jsYaml(value));
  });

  test('for values beyond those, which it leaves to js-yaml', () => {
    const value = { bytes: Buffer.from('binary'), when: new Date(0) };
    expect(dumpYaml(value)).toBe(jsYaml(value));
    expect(dumpYaml(value)).toContain('!!binary');
  });

  test('with mappings in a given key order, as js-yaml sorts them', () => {
    const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
    const order: KeyOrder = (record) => Object.keys(record).sort(descending);
    fc.assert(
      fc.property(json, (value) => {
        expect(dumpYaml(value, order)).toBe(yaml.dump(value, { ...DUMP_OPTIONS, sortKeys: descending }));
      }),
      { numRuns: RUNS / 4 },
    );
  });

  test('for every manifest under dist/', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
        else if (entry.name.endsWith('.yaml')) files.push(path.join(dir, entry.name));
      }
    };
    walk(path.join(REPO_ROOT, 'dist'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const value = yaml.load(fs.readFileSync(file, 'utf8'));
      expect(dumpYaml(value)).toBe(jsYaml(value));
    }
  });
});
