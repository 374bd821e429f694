import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, makeTempSite, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

const profile = (name: string, before = '', inFactory = '') => `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
${before}
export default (scope: Construct) => {
  ${inFactory}
  return new ContainerProfile(scope, '${name}', { containers: [{ name: 'app', image: 'alpine:3.20' }] });
};
`;

describe('hostile profile modules', () => {
  let site: TempSite;
  let before: Record<string, string>;
  beforeEach(() => {
    site = makeTempSite({ 'site.ts': siteSource([{ name: 'prod' }]), 'profiles/good.ts': profile('good') });
    expect(runCli(['synth'], site.root).status).toBe(0);
    before = snapshotDir(site.root);
  });
  afterEach(() => site.remove());

  const expectUntouched = () => {
    const after = snapshotDir(site.root);
    const changed = Object.keys({ ...before, ...after }).filter(
      (f) => !f.startsWith('node_modules/') && !f.startsWith('profiles/') && before[f] !== after[f],
    );
    expect(changed).toEqual([]);
  };

  test.each([
    ['at load', profile('loop', 'while (true) {}')],
    ['when creating the profile', profile('loop', '', 'for (;;) {}')],
  ])('fails when a module never returns (%s), naming the file, within the time limit', (_when, source) => {
    site.write('profiles/loop.ts', source);
    const started = Date.now();
    const run = runCli(['synth', '--timeout', '2'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/loop.ts: did not finish within 2 s (an endless loop?); synth was stopped');
    expect(Date.now() - started).toBeLessThan(15000);
    expectUntouched();
  });

  test('fails when a module exports the wrong thing', () => {
    site.write('profiles/wrong.ts', "export default { name: 'wrong' };\n");
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/wrong.ts: the default export must be a function that creates the profile');
    expectUntouched();
  });

  test.each([
    ['a slash', 'a/b'],
    ['dot-dot', '../../escaped'],
    ['a NUL', 'nul\\u0000name'],
  ])('fails on a profile name with %s, writing nothing anywhere', (_what, name) => {
    site.write('profiles/odd.ts', profile(name));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/odd.ts: profile name ');
    expect(run.stderr).toContain('is not a valid Kubernetes object name');
    expectUntouched();
    for (const escaped of ['escaped', 'escaped.yaml', 'dist/escaped.yaml', '../escaped.yaml']) {
      expect(fs.existsSync(path.join(site.root, escaped))).toBe(false);
    }
  });

  test('fails when --timeout is not a number of seconds', () => {
    expect(runCli(['synth', '--timeout', 'soon'], site.root).status).toBe(2);
  });
});

describe('hostile YAML for validate', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-hostile-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('refuses a YAML bomb quickly, with exit status 2', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      levels.push(`${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const file = path.join(dir, 'bomb.yaml');
    fs.writeFileSync(file, `${levels.join('\n')}\nkind: NnfContainerProfile\n`);
    const started = Date.now();
    const run = runCli(['validate', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('uses YAML anchors and aliases, which Kubernetes manifests do not need');
    expect(Date.now() - started).toBeLessThan(10000);
  });

  test('refuses a 100 MB file without reading it, with exit status 2', () => {
    const file = path.join(dir, 'huge.yaml');
    const handle = fs.openSync(file, 'w');
    fs.ftruncateSync(handle, 100 * 1024 * 1024);
    fs.closeSync(handle);
    const run = runCli(['validate', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('larger than 16 MiB');
  });
});

describe('two synths at once', () => {
  let site: TempSite;
  afterEach(() => site.remove());

  const synthAsync = (cwd: string) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'synth'], { cwd, stdio: 'ignore' });
      child.on('exit', resolve);
    });

  test('end with dist/ equal to one complete run, never a mix, and neither crashes', async () => {
    const profiles = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`profiles/p${i}.ts`, profile(`p${i}`)]));
    site = makeTempSite({ 'site.ts': siteSource([{ name: 'prod' }]), ...profiles });
    // The two complete outputs the runs can produce: before and after every profile changes.
    const outputOf = (image: string) => {
      for (let i = 0; i < 30; i++) site.write(`profiles/p${i}.ts`, profile(`p${i}`).replace('alpine:3.20', image));
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-expected-'));
      expect(runCli(['synth', '--out', out], site.root).status).toBe(0);
      const snapshot = snapshotDir(out);
      fs.rmSync(out, { recursive: true });
      return snapshot;
    };
    const first = outputOf('alpine:3.20');
    const second = outputOf('alpine:3.21');
    outputOf('alpine:3.20');

    const a = synthAsync(site.root);
    for (let i = 0; i < 30; i++) site.write(`profiles/p${i}.ts`, profile(`p${i}`).replace('alpine:3.20', 'alpine:3.21'));
    const b = synthAsync(site.root);
    expect(await Promise.all([a, b])).toEqual([0, 0]);

    const final = snapshotDir(path.join(site.root, 'dist'));
    expect([first, second]).toContainEqual(final);
    expect(fs.readdirSync(site.root).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });
});
