import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/temp-site';

// Install's prepare step (scripts/prepare.js, package.json's "prepare", which `npm ci` runs) makes
// what the first synth would otherwise make: the CLI and site bundles and the compiled schema
// checks. Each test works on a copy of this repository whose node_modules links to this one's
// packages but has a cache of its own, as a fresh clone after `npm ci --ignore-scripts` would.

const COPY_SKIP = new Set(['node_modules', '.git', 'coverage']);

function freshInstall(): { root: string; cache: string; remove(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-install-'));
  for (const entry of fs.readdirSync(REPO_ROOT)) {
    if (!COPY_SKIP.has(entry)) fs.cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true });
  }
  fs.mkdirSync(path.join(root, 'node_modules'));
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry !== '.cache') fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(root, 'node_modules', entry));
  }
  return {
    root,
    cache: path.join(root, 'node_modules', '.cache', 'nnf-profiles'),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A module preloaded into the CLI that refuses to load what compiling a schema check (ajv's
 * compiler) or bundling (esbuild) needs, when this tool's own code asks for it. The compiled checks'
 * runtime helpers (`ajv/dist/runtime/…`) stay allowed.
 */
function writeGuard(dir: string): string {
  const file = path.join(dir, 'no-compiling.js');
  fs.writeFileSync(
    file,
    `const Module = require('node:module');
const { sep } = require('node:path');
const load = Module._load;
const forbidden = new Set(['ajv', 'ajv/dist/standalone', 'esbuild']);
Module._load = function (request, parent, isMain) {
  const ownCode = !parent || !parent.filename || !parent.filename.split(sep).includes('node_modules') || parent.filename.includes('.cache');
  if (forbidden.has(request) && ownCode) throw new Error('no-compiling: ' + request + ' was loaded');
  return load.apply(this, arguments);
};
`,
  );
  return file;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const compiledChecks = (cache: string) =>
  fs.existsSync(path.join(cache, 'schemas'))
    ? fs
        .readdirSync(path.join(cache, 'schemas'))
        .filter((f) => f.endsWith('.js'))
        .sort()
    : [];

describe('install prepares the first synth (npm run prepare)', () => {
  let install: ReturnType<typeof freshInstall>;
  let guard: string;
  let out: string;

  beforeAll(() => {
    install = freshInstall();
    guard = writeGuard(install.root);
    out = path.join(install.root, 'out');
  });
  afterAll(() => install.remove());

  const guardedSynth = () =>
    run(process.execPath, ['bin/nnf-profiles.js', 'synth', '--out', out], install.root, { NODE_OPTIONS: `--require ${guard}` });

  test('before it, a synth would bundle and compile (the guard notices)', () => {
    const synth = guardedSynth();
    expect(synth.status).not.toBe(0);
    expect(synth.stderr).toContain('no-compiling: esbuild was loaded');
  });

  test("it compiles the storage versions' checks and bundles the CLI and the site, and exits 0", () => {
    const prepare = run('npm', ['run', '--silent', 'prepare'], install.root);
    expect(prepare.status).toBe(0);
    expect(prepare.stderr).toContain(
      'nnf-profiles prepare: compiled the schema checks of v1alpha1, v1alpha8, v1alpha11; CLI and site bundled',
    );
    expect(prepare.stderr).not.toContain('left to the first synth');
    // v1alpha1, v1alpha8 and v1alpha11 have three distinct schemas.
    expect(compiledChecks(install.cache)).toHaveLength(3);
    expect(fs.readdirSync(path.join(install.cache, 'bundles'))).toEqual(expect.arrayContaining(['cli.js', 'site.js']));
  }, 180_000);

  test('the first synth after it compiles nothing and bundles nothing', () => {
    const before = compiledChecks(install.cache);
    const synth = guardedSynth();
    expect(synth.stderr).not.toContain('no-compiling');
    expect(synth.status).toBe(0);
    expect(fs.readdirSync(out)).toEqual(expect.arrayContaining(['production', 'legacy']));
    expect(compiledChecks(install.cache)).toEqual(before);
  }, 60_000);

  test('running it again finds everything prepared, and needs neither ajv nor esbuild', () => {
    // After a synth that kept its renders, the next one bundles the site without its profiles:
    // prepare makes that bundle once.
    expect(run(process.execPath, ['scripts/prepare.js'], install.root).status).toBe(0);
    const again = run(process.execPath, ['scripts/prepare.js'], install.root, { NODE_OPTIONS: `--require ${guard}` });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('schema checks already compiled');
    expect(again.stderr).not.toContain('left to the first synth');
  });

  test('without the compiled checks, synth compiles them again (the guard notices)', () => {
    for (const file of compiledChecks(install.cache)) fs.rmSync(path.join(install.cache, 'schemas', file));
    // Renders kept from the last synth need no check at all.
    fs.rmSync(path.join(install.cache, 'renders.json'), { force: true });
    const synth = guardedSynth();
    expect(synth.status).not.toBe(0);
    expect(synth.stderr).toContain('no-compiling: ajv was loaded');
  });
});

describe('install is not failed by the prepare step', () => {
  test('an unwritable cache directory: it says so, exits 0, and synth compiles on first use', () => {
    const install = freshInstall();
    try {
      // A file where the cache directory would be: no one, root included, can create it.
      fs.writeFileSync(path.join(install.root, 'node_modules', '.cache'), '');
      const prepare = run(process.execPath, ['scripts/prepare.js'], install.root);
      expect(prepare.status).toBe(0);
      expect(prepare.stderr).toBe(
        'nnf-profiles prepare: skipped: cannot write node_modules/.cache/nnf-profiles (ENOTDIR); the first synth compiles and bundles instead\n',
      );
      const synth = run(
        process.execPath,
        ['bin/nnf-profiles.js', 'synth', '--env', 'production', '--out', path.join(install.root, 'out')],
        install.root,
      );
      expect(synth.stderr).toBe('');
      expect(synth.status).toBe(0);
    } finally {
      install.remove();
    }
  }, 120_000);

  test('a site that does not bundle: it exits 0 and leaves the site to the first synth', () => {
    const install = freshInstall();
    try {
      fs.writeFileSync(path.join(install.root, 'site.ts'), 'export default {\n');
      const prepare = run(process.execPath, ['scripts/prepare.js'], install.root);
      expect(prepare.status).toBe(0);
      expect(prepare.stderr).toMatch(/^nnf-profiles prepare: left to the first synth: site: .*site\.ts/m);
    } finally {
      install.remove();
    }
  }, 180_000);
});
