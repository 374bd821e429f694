import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OUTPUT_RECORD } from '../../src/output/record';
import { journalPathFor, writeOutput } from '../../src/output/write-output';
import { snapshotDir } from '../helpers/temp-site';

describe('writeOutput', () => {
  let out: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-out-'));
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  const files = (entries: Record<string, string>) => new Map(Object.entries(entries));
  /** The folder's files but synth's record of them. */
  const outputOf = (dir: string) => {
    const { [OUTPUT_RECORD]: _record, ...rest } = snapshotDir(dir);
    return rest;
  };

  test('writes the files, then rewrites only what changed', () => {
    expect(writeOutput(out, files({ 'e/a.yaml': 'a: 1\n', 'e/b.yaml': 'b: 1\n' }))).toEqual({ written: 2, unchanged: 0, removed: 0 });
    const inodeOfA = fs.statSync(path.join(out, 'e/a.yaml')).ino;
    expect(writeOutput(out, files({ 'e/a.yaml': 'a: 1\n', 'e/b.yaml': 'b: 2\n' }))).toEqual({ written: 1, unchanged: 1, removed: 0 });
    expect(fs.statSync(path.join(out, 'e/a.yaml')).ino).toBe(inodeOfA);
    expect(outputOf(out)).toEqual({ 'e/a.yaml': 'a: 1\n', 'e/b.yaml': 'b: 2\n' });
  });

  test('removes stale YAML and emptied directories, and leaves other files alone', () => {
    writeOutput(out, files({ 'old/a.yaml': 'a\n', 'e/a.yaml': 'a\n' }));
    fs.writeFileSync(path.join(out, 'README.md'), 'notes\n');
    expect(writeOutput(out, files({ 'e/a.yaml': 'a\n' }))).toEqual({ written: 0, unchanged: 1, removed: 1 });
    expect(outputOf(out)).toEqual({ 'README.md': 'notes\n', 'e/a.yaml': 'a\n' });
    expect(fs.existsSync(path.join(out, 'old'))).toBe(false);
  });

  test('with scopes, touches only the named environments', () => {
    writeOutput(out, files({ 'a/x.yaml': 'x\n', 'b/x.yaml': 'x\n' }));
    writeOutput(out, files({ 'a/y.yaml': 'y\n' }), ['a']);
    expect(outputOf(out)).toEqual({ 'a/y.yaml': 'y\n', 'b/x.yaml': 'x\n' });
  });

  test('leaves nothing behind but the files and its record of them', () => {
    writeOutput(out, files({ 'e/a.yaml': 'a\n' }));
    expect(Object.keys(snapshotDir(out)).sort()).toEqual([OUTPUT_RECORD, 'e/a.yaml']);
    expect(fs.existsSync(journalPathFor(out))).toBe(false);
  });

  test('records the files it wrote, and removes only recorded ones', () => {
    writeOutput(out, files({ 'e/a.yaml': 'a\n', 'e/b.yaml': 'b\n' }));
    const record = snapshotDir(out)[OUTPUT_RECORD];
    expect(record.split('\n').filter((line) => !line.startsWith('#'))).toEqual(['e/a.yaml', 'e/b.yaml', '']);
    fs.writeFileSync(path.join(out, 'e/mine.yaml'), 'mine\n');
    expect(writeOutput(out, files({ 'e/a.yaml': 'a\n' }))).toEqual({ written: 0, unchanged: 1, removed: 1 });
    expect(outputOf(out)).toEqual({ 'e/a.yaml': 'a\n', 'e/mine.yaml': 'mine\n' });
  });

  test('takes over an unrecorded file only when it already holds what synth writes', () => {
    fs.mkdirSync(path.join(out, 'e'));
    fs.writeFileSync(path.join(out, 'e/a.yaml'), 'a\n');
    fs.writeFileSync(path.join(out, 'e/b.yaml'), 'not b\n');
    expect(() => writeOutput(out, files({ 'e/a.yaml': 'a\n', 'e/b.yaml': 'b\n' }))).toThrow(
      `${path.join(out, 'e/b.yaml')} exists and synth did not write it`,
    );
    expect(snapshotDir(out)).toEqual({ 'e/a.yaml': 'a\n', 'e/b.yaml': 'not b\n' });
    fs.rmSync(path.join(out, 'e/b.yaml'));
    expect(writeOutput(out, files({ 'e/a.yaml': 'a\n', 'e/b.yaml': 'b\n' }))).toEqual({ written: 1, unchanged: 1, removed: 0 });
  });
});
