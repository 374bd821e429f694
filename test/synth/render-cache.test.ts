import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentDigest, RenderCache } from '../../src/synth/render-cache';

describe('contentDigest', () => {
  test('does not depend on the order of keys', () => {
    expect(contentDigest({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(contentDigest({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  });

  test('tells apart values JSON would not: undefined, class instances, maps, sets and functions', () => {
    class Handle {
      constructor(readonly name: string) {}
    }
    const digests = [
      { a: undefined },
      {},
      { a: null },
      { name: 'x' },
      new Handle('x'),
      new Map([['a', 1]]),
      new Map([['a', 2]]),
      new Set(['a']),
      { f: () => 1 },
      { f: () => 2 },
    ].map(contentDigest);
    expect(new Set(digests).size).toBe(digests.length);
  });
});

describe('RenderCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-render-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = (sources: Record<string, string>) =>
    RenderCache.open({ file: path.join(dir, 'renders.json'), sourceKey: (file) => sources[file] });

  test('reuses a render while its sources, its context and the files it read are as they were', () => {
    const read = path.join(dir, 'data.txt');
    fs.writeFileSync(read, 'one');
    const first = open({ 'p.ts': 's1' });
    expect(first.lookup('prod', 'p.ts', 'c1')).toBeUndefined();
    first.store('prod', 'p.ts', 'c1', { yaml: 'a: 1\n' }, [read]);
    first.save();
    expect(open({ 'p.ts': 's1' }).lookup('prod', 'p.ts', 'c1')).toEqual({ yaml: 'a: 1\n' });
    expect(open({ 'p.ts': 's2' }).lookup('prod', 'p.ts', 'c1')).toBeUndefined();
    expect(open({ 'p.ts': 's1' }).lookup('prod', 'p.ts', 'c2')).toBeUndefined();
    expect(open({ 'p.ts': 's1' }).lookup('test', 'p.ts', 'c1')).toBeUndefined();
    expect(open({}).lookup('prod', 'p.ts', 'c1')).toBeUndefined();
    fs.writeFileSync(read, 'two');
    expect(open({ 'p.ts': 's1' }).lookup('prod', 'p.ts', 'c1')).toBeUndefined();
  });

  test('keeps only the renders a run used, and counts what it rendered and reused', () => {
    const first = open({ 'a.ts': 'a', 'b.ts': 'b' });
    first.lookup('prod', 'a.ts', 'c');
    first.lookup('prod', 'b.ts', 'c');
    first.store('prod', 'a.ts', 'c', 'A', []);
    first.store('prod', 'b.ts', 'c', 'B', []);
    first.save();
    const second = open({ 'a.ts': 'a', 'b.ts': 'b' });
    expect(second.lookup('prod', 'a.ts', 'c')).toBe('A');
    second.save();
    expect([second.rendered, second.reused]).toEqual([0, 1]);
    expect(open({ 'a.ts': 'a', 'b.ts': 'b' }).lookup('prod', 'b.ts', 'c')).toBeUndefined();
  });

  test('ignores a cache file that is not what it wrote, and never throws over one', () => {
    const cache = open({ 'p.ts': 's' });
    cache.store('prod', 'p.ts', 'c', 'kept', []);
    cache.save();
    const file = path.join(dir, 'renders.json');
    const text = fs.readFileSync(file, 'utf8');
    for (const bad of [text.replace('kept', 'kapt'), text.slice(0, 20), '', '\n{}']) {
      fs.writeFileSync(file, bad);
      expect(open({ 'p.ts': 's' }).lookup('prod', 'p.ts', 'c')).toBeUndefined();
    }
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(open({ 'p.ts': 's' }).lookup('prod', 'p.ts', 'c')).toBeUndefined();
  });
});
