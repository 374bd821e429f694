import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OUTPUT_RECORD } from '../../src/output/record';
import { journalPathFor } from '../../src/output/write-output';
import { killableWriter } from '../helpers/killable-writer';
import { makeTempSite, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

const profile = (name: string, image = 'alpine:3.20') => `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', { containers: [{ name: 'app', image: '${image}' }] });
`;

/** Every file below the site but its output and what tools keep there. */
function sources(site: TempSite): Record<string, string> {
  const all = snapshotDir(site.root);
  return Object.fromEntries(Object.entries(all).filter(([file]) => !file.startsWith('dist/') && !file.startsWith('node_modules/')));
}

describe('synth owns only its output', () => {
  let site: TempSite;
  beforeEach(() => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'prod' }, { name: 'old', apiVersion: 'v1alpha6' }]),
      'profiles/good.ts': profile('good'),
      'notes/keep.yaml': 'mine: true\n',
      'kustomization.yaml': 'resources: [dist/prod]\n',
    });
  });
  afterEach(() => site.remove());

  test.each([
    [['--out', ''], {}, '--out "": empty; name the output folder, e.g. --out dist'],
    [['--out', '  '], {}, '--out "  ": empty; name the output folder, e.g. --out dist'],
    [[], { CDK8S_OUTDIR: '' }, 'CDK8S_OUTDIR "": empty; name the output folder, e.g. CDK8S_OUTDIR=dist'],
    [['--out', '/'], {}, '--out "/": is the file system root; name a folder of its own, e.g. dist'],
    [['--out', '.'], {}, '--out ".": is the repository'],
    [['--out', 'profiles/..'], {}, '--out "profiles/..": is the repository'],
    [['--out', '..'], {}, '--out "..": is the repository or a folder above it'],
    [['--out', 'profiles'], {}, `--out "profiles": is inside the repository's profiles/ folder`],
    [['--out', 'node_modules/x'], {}, `--out "node_modules/x": is inside the repository's node_modules/ folder`],
    [['--out', 'site.ts'], {}, '--out "site.ts": is a file, not a folder'],
  ])('fails when the output folder is %j %j, with exit status 2 naming the value, and touches nothing', (args, env, message) => {
    const before = sources(site);
    const run = runCli(['synth', ...args], site.root, env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`nnf-profiles synth: ${message}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(sources(site)).toEqual(before);
    expect(fs.existsSync(path.join(site.root, 'dist'))).toBe(false);
  });

  test('fails when the home folder is the output folder', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-home-'));
    try {
      fs.writeFileSync(path.join(home, 'deployment.yaml'), 'kind: Mine\n');
      const run = runCli(['synth', '--out', home], site.root, { HOME: home });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('is your home folder');
      expect(snapshotDir(home)).toEqual({ 'deployment.yaml': 'kind: Mine\n' });
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test('writes beside unrelated files of a folder and never removes them', () => {
    const out = path.join(site.root, 'deploy');
    fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
    fs.writeFileSync(path.join(out, 'unrelated.yaml'), 'kind: Mine\n');
    fs.writeFileSync(path.join(out, 'prod', 'extra.yaml'), 'kind: AlsoMine\n');
    expect(runCli(['synth', '--out', 'deploy'], site.root).status).toBe(0);
    site.write('profiles/good.ts', profile('good', 'alpine:3.21'));
    fs.rmSync(path.join(site.root, 'profiles/good.ts'));
    site.write('profiles/other.ts', profile('other'));
    const run = runCli(['synth', '--out', 'deploy'], site.root);
    expect(run.status).toBe(0);
    const files = snapshotDir(out);
    expect(files['unrelated.yaml']).toBe('kind: Mine\n');
    expect(files['prod/extra.yaml']).toBe('kind: AlsoMine\n');
    expect(files['prod/nnfcontainerprofile-good.yaml']).toBeUndefined();
    expect(files['prod/nnfcontainerprofile-other.yaml']).toBeDefined();
    expect(files[OUTPUT_RECORD].split('\n')).not.toContain('unrelated.yaml');
  });

  test('fails when a file it did not write stands where it would write, naming it, and writes nothing', () => {
    const out = path.join(site.root, 'deploy');
    fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
    fs.writeFileSync(path.join(out, 'prod', 'kustomization.yaml'), 'resources: [mine.yaml]\n');
    const run = runCli(['synth', '--out', 'deploy'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'synth failed with 2 errors; deploy/ was left as it was:\n' +
        `  ${path.join(out, 'prod', 'kustomization.yaml')} exists and synth did not write it: move it away, or write to an empty folder with --out\n` +
        `  ${out} has no ${OUTPUT_RECORD}: if it holds only output of an earlier synth, remove the folder and synth again\n`,
    );
    expect(snapshotDir(out)).toEqual({ 'prod/kustomization.yaml': 'resources: [mine.yaml]\n' });
  });

  test('fails when a file stands where an environment folder goes, and leaves every environment as it was', () => {
    expect(runCli(['synth'], site.root).status).toBe(0);
    const dist = path.join(site.root, 'dist');
    fs.rmSync(path.join(dist, 'old'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'old'), 'not a folder\n');
    site.write('profiles/good.ts', profile('good', 'alpine:3.21'));
    const before = snapshotDir(dist);
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${path.join(dist, 'old')} is a file where synth needs a folder, and synth did not write it: move it away`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // The other environment was not updated either.
    expect(snapshotDir(dist)).toEqual(before);
  });

  test.each([
    ['a path below a file', '/dev/null/dist'],
    ['a path in a read-only file system', '/proc/nnf-profiles/dist'],
  ])('fails on %s with one line naming the path, exit status 1', (_what, out) => {
    const run = runCli(['synth', '--out', out], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^nnf-profiles synth: \w+ \/(dev|proc)\/.*\((ENOTDIR|ENOENT|EACCES|EROFS)\)/);
  });

  test('completes a synth that was killed after it had decided its change, and says so', () => {
    expect(runCli(['synth'], site.root).status).toBe(0);
    const dist = path.join(site.root, 'dist');
    site.write('profiles/good.ts', profile('good', 'alpine:3.21'));
    site.write('profiles/other.ts', profile('other'));
    // The writer of a synth of this change, killed as it moves the first file into place.
    const fresh = path.join(site.root, 'fresh');
    expect(runCli(['synth', '--out', 'fresh'], site.root).status).toBe(0);
    const files = Object.entries(snapshotDir(fresh)).filter(([file]) => file !== OUTPUT_RECORD);
    const write = killableWriter(site.root, "(name, args) => name === 'renameSync' && !String(args[0]).endsWith('plan.json.tmp')");
    expect(write(dist, new Map(files))).toBe('SIGKILL');
    expect(fs.existsSync(path.join(journalPathFor(dist), 'plan.json'))).toBe(true);

    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('synth: an interrupted synth had begun to change dist/; its change was completed first');
    expect(run.stdout).toContain('(0 written, 0 removed,');
    expect(snapshotDir(dist)).toEqual(snapshotDir(fresh));
    expect(fs.existsSync(journalPathFor(dist))).toBe(false);
  });
});
