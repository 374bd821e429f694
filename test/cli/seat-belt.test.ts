import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTempSite, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

/** A profile module with `before` at its top level and `inFactory` run when it makes the profile. */
const profile = (name: string, before = '', inFactory = '') => `import type { Construct } from 'constructs';
import * as fs from 'node:fs';
import * as childProcess from 'node:child_process';
import { ContainerProfile } from '../src';
${before}
export default (scope: Construct) => {
  ${inFactory}
  return new ContainerProfile(scope, '${name}', { containers: [{ name: 'app', image: 'alpine:3.20' }] });
};
`;

describe('the seat belt: profile code runs without the environment, the clock, programs, the network or writes', () => {
  let site: TempSite;
  let scratch: string;
  let before: Record<string, string>;
  beforeEach(() => {
    site = makeTempSite({ 'site.ts': siteSource([{ name: 'prod' }]), 'profiles/good.ts': profile('good') });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-seat-belt-'));
    expect(runCli(['synth'], site.root).status).toBe(0);
    before = snapshotDir(path.join(site.root, 'dist'));
  });
  afterEach(() => {
    site.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const marker = () => JSON.stringify(path.join(scratch, 'written'));

  test.each([
    ['reads an environment variable at load', profile('sneaky', 'const home = process.env.HOME;'), 'process.env.HOME', 'environment'],
    ['lists the environment', profile('sneaky', '', 'Object.keys(process.env);'), 'process.env', 'environment'],
    ['reads the clock', profile('sneaky', '', 'Date.now();'), 'Date.now()', 'clock'],
    ['makes a Date of now', profile('sneaky', '', 'new Date();'), 'new Date()', 'clock'],
    ['draws a random number', profile('sneaky', '', 'Math.random();'), 'Math.random()', 'random'],
    ['writes a file', profile('sneaky', '', `fs.writeFileSync(MARKER, 'x');`), 'fs.writeFileSync()', 'file-write'],
    ['runs a program', profile('sneaky', '', `childProcess.execSync('touch ' + MARKER);`), 'child_process.execSync()', 'process'],
    [
      'reads outside the repository',
      profile('sneaky', '', "fs.readFileSync('/etc/hostname');"),
      'fs.readFileSync() outside the repository',
      'file-read',
    ],
    ['sets a timer', profile('sneaky', '', `setTimeout(() => fs.writeFileSync(MARKER, 'x'), 0);`), 'setTimeout()', 'timers'],
    ['fetches', profile('sneaky', '', "void fetch('http://127.0.0.1:9/');"), 'fetch()', 'network'],
    ["asks for the machine's name", profile('sneaky', "import * as os from 'node:os';", 'os.hostname();'), 'os.hostname()', 'environment'],
    ['reads its memory use', profile('sneaky', '', 'process.memoryUsage();'), 'process.memoryUsage()', 'clock'],
  ])('fails when profile code %s, naming the file and the API, and writes nothing', (_what, source, api, rule) => {
    site.write('profiles/sneaky.ts', source.replace(/MARKER/g, marker()));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`profiles/sneaky.ts: `);
    expect(run.stderr).toMatch(
      new RegExp(`profiles/sneaky\\.ts: .*${api.replace(/[().]/g, '\\$&')} is not available to profile code .*\\[seat-belt/${rule}\\]`),
    );
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('fails when profile code catches the refusal and carries on: the attempt is reported all the same', () => {
    site.write('profiles/sneaky.ts', profile('sneaky', '', `try { fs.writeFileSync(${marker()}, 'x'); } catch {}`));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'profiles/sneaky.ts: fs.writeFileSync() is not available to profile code (synth writes its output itself) [seat-belt/file-write]',
    );
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  test('fails when profile code leaves a promise to write later, before anything is written', () => {
    site.write('profiles/sneaky.ts', profile('sneaky', '', `Promise.resolve().then(() => fs.writeFileSync(${marker()}, 'x'));`));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '(code a profile module or site.ts left to run later): fs.writeFileSync() is not available to profile code',
    );
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('fails when site.ts reads the environment, naming site.ts', () => {
    site.write(
      'site.ts',
      siteSource([{ name: 'prod' }]).replace(
        'defineSite({ environments: [',
        "defineSite({ environments: [process.env.X ? { name: 'x' } : ",
      ),
    );
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('site.ts: process.env.X is not available to profile code');
  });

  test('fails when profile code redefines a built-in, undoing the change before synth checks the output', () => {
    site.write(
      'site.ts',
      siteSource([{ name: 'prod' }]).replace('environments:', "policy: { allowedRegistries: ['docker.io/library'] }, environments:"),
    );
    site.write(
      'profiles/sneaky.ts',
      profile('sneaky', 'Array.prototype.includes = function () { return true; };').replace(
        "image: 'alpine:3.20'",
        "image: 'evil.example.com/miner:1.0'",
      ),
    );
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/sneaky.ts: changing Array.prototype.includes is not available to profile code');
    // The registry check ran with the real Array.prototype.includes.
    expect(run.stderr).toContain("uses image 'evil.example.com/miner:1.0'");
    expect(run.stderr).toContain('[policy/registry]');
  });

  test('fails when profile code replaces a global, and puts it back', () => {
    site.write(
      'profiles/sneaky.ts',
      profile('sneaky', '(globalThis as Record<string, unknown>).Set = class extends Set { has() { return true; } };'),
    );
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/sneaky.ts: changing globalThis.Set is not available to profile code');
  });

  test('fails when a profile module widens the site settings it imports: they are frozen', () => {
    site.write(
      'site.ts',
      siteSource([{ name: 'prod' }]).replace('environments:', "policy: { allowedRegistries: ['docker.io/library'] }, environments:"),
    );
    site.write(
      'profiles/sneaky.ts',
      profile('sneaky', "import site from '../site';\n(site.policy.allowedRegistries as string[]).push('evil.example.com');").replace(
        "image: 'alpine:3.20'",
        "image: 'evil.example.com/miner:1.0'",
      ),
    );
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/profiles\/sneaky\.ts: loading the module failed: Cannot add property 1, object is not extensible/);
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('lets profile code log to the console', () => {
    site.write('profiles/chatty.ts', profile('chatty', "console.log('loading chatty');", "console.error('making chatty');"));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('loading chatty');
    expect(run.stderr).toContain('making chatty');
  });

  test('lets profile code read files of the repository', () => {
    site.write('profiles/data/app.txt', 'ghcr.io/nearnodeflash/app:1.0\n');
    site.write(
      'profiles/reader.ts',
      profile('reader').replace("image: 'alpine:3.20'", "image: fs.readFileSync('profiles/data/app.txt', 'utf8').trim()"),
    );
    const run = runCli(['synth'], site.root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(site.root, 'dist/prod/nnfcontainerprofile-reader.yaml'), 'utf8')).toContain(
      'ghcr.io/nearnodeflash/app:1.0',
    );
  });
});
