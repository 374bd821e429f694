import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedBuild, NODE_BUNDLE_OPTIONS } from '../../src/build/cached-build';
import { evaluateModule } from '../../src/build/evaluate-module';
import { REPO_ROOT } from '../helpers/temp-site';

/** esbuild, counting its builds. */
function countingEsbuild() {
  const counter = { builds: 0 };
  const wrapped = {
    ...esbuild,
    buildSync: ((options: esbuild.BuildOptions) => {
      counter.builds++;
      return esbuild.buildSync(options);
    }) as typeof esbuild.buildSync,
  } as typeof esbuild;
  return { esbuild: wrapped, counter };
}

describe('cachedBuild', () => {
  let dir: string;
  const file = () => path.join(dir, 'input.ts');
  const cacheFile = () => path.join(dir, 'cache', 'out.js');
  const setBack = (seconds: number) => {
    const then = new Date(Date.now() - seconds * 1000);
    fs.utimesSync(file(), then, then);
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-cached-build-'));
    fs.writeFileSync(file(), 'export const value: string = "one";\n');
    setBack(60);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const build = (builder: typeof esbuild) =>
    cachedBuild({ entryPoints: ['input.ts'], absWorkingDir: dir, ...NODE_BUNDLE_OPTIONS }, cacheFile(), () => builder);

  test('builds once, then reuses the bundle while the input is untouched', () => {
    const { esbuild: builder, counter } = countingEsbuild();
    const first = build(builder);
    expect(build(builder)).toBe(first);
    expect(counter.builds).toBe(1);
  });

  test('rebuilds when the content changes, even at the same size', () => {
    const { esbuild: builder, counter } = countingEsbuild();
    expect(build(builder)).toContain('"one"');
    fs.writeFileSync(file(), 'export const value: string = "two";\n');
    expect(build(builder)).toContain('"two"');
    expect(counter.builds).toBe(2);
  });

  test('a touched file with the same content is hashed, not rebuilt, and the manifest takes its new time', () => {
    const { esbuild: builder, counter } = countingEsbuild();
    build(builder);
    setBack(30);
    const manifest = () => JSON.parse(fs.readFileSync(`${cacheFile()}.json`, 'utf8')).inputs[0];
    const before = manifest();
    build(builder);
    expect(counter.builds).toBe(1);
    expect(manifest()[3]).toBe(fs.statSync(file()).mtimeMs);
    expect(manifest()[3]).not.toBe(before[3]);
  });

  test('an edit within a second of the manifest is caught though its size and time look unchanged', () => {
    const { esbuild: builder, counter } = countingEsbuild();
    // Whole seconds, which file times hold exactly; the next one, so it is surely that recent.
    const recent = Math.ceil(Date.now() / 1000);
    fs.utimesSync(file(), recent, recent);
    build(builder);
    fs.writeFileSync(file(), 'export const value: string = "two";\n');
    fs.utimesSync(file(), recent, recent);
    expect(build(builder)).toContain('"two"');
    expect(counter.builds).toBe(2);
  });
});

describe('evaluateModule', () => {
  test('evaluates CommonJS code as a module, resolving packages along the paths given', () => {
    const loaded = evaluateModule("exports.dump = require('js-yaml').dump({ a: 1 });", {
      filename: path.join(REPO_ROOT, 'bundle.js'),
      paths: [path.join(REPO_ROOT, 'node_modules')],
    });
    expect(loaded.exports.dump).toBe('a: 1\n');
  });
});
