import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempSite, REPO_ROOT, runCli, type TempSite } from '../helpers/temp-site';

const profile = (name: string, image = 'docker.io/library/alpine:3.20', extra = '') => `import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
const scratch = Storage.job('scratch');
${extra}
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', {
    storages: [scratch],
    containers: [{ name: 'app', image: '${image}', args: [scratch.path('out')] }],
  });
`;

const site = `import { defineSite } from './src';
export default defineSite({
  environments: [{ name: 'new' }, { name: 'old', apiVersion: 'v1alpha8' }],
  policy: { allowedRegistries: ['docker.io/library'] },
});
`;

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** The check's own summary: its `check:` lines, durations (` 1.7 s`) left out. */
const summary = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('check: '))
    .map((line) => line.replace(/ \d+\.\d s$/, ''));

describe('nnf-profiles check', () => {
  let scratch: TempSite;
  /** A site repository whose dist/ is committed as synth renders it. */
  beforeEach(() => {
    scratch = makeTempSite({ 'site.ts': site, 'profiles/app.ts': profile('app'), '.gitignore': 'node_modules\n' });
    // The type-check resolves packages and @types from the site, as in a site repository.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(scratch.root, 'node_modules'));
    for (const file of ['tsconfig.json', 'tsconfig.profiles.json'])
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(scratch.root, file));
    expect(runCli(['synth'], scratch.root).status).toBe(0);
    git(scratch.root, 'init', '-q');
    git(scratch.root, 'add', '-A');
    git(scratch.root, 'commit', '-q', '-m', 'site');
  });
  afterEach(() => scratch.remove());

  test('passes a good site, one line per step and a verdict', () => {
    const run = runCli(['check'], scratch.root);
    expect(run.stderr).toBe('');
    expect(summary(run.stdout)).toEqual([
      'check: types ok (profiles/, site.ts)',
      'check: synth ok: 1 profile × 2 environments → dist/',
      'check: dist/ up to date',
      'check: validation ok: no findings refused, no lint warnings',
      'check: passed in',
    ]);
    expect(run.status).toBe(0);
    expect(git(scratch.root, 'status', '--porcelain')).toBe('');
  });

  test('fails on a type error in a profile, naming file, line and error, though synth passes', () => {
    scratch.write('profiles/app.ts', profile('app', undefined, "export const retries: number = 'six';"));
    const run = runCli(['check'], scratch.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/profiles\/app\.ts\(4,14\): error TS2322: Type 'string' is not assignable to type 'number'\./);
    expect(summary(run.stdout)).toEqual([
      'check: types FAILED: 1 error in profiles/, site.ts (listed above)',
      'check: synth ok: 1 profile × 2 environments → dist/',
      'check: dist/ up to date',
      'check: validation ok: no findings refused, no lint warnings',
      'check: FAILED (types) in',
    ]);
  });

  test('fails when synth refuses a profile, counting the findings by layer, and goes on with the type-check', () => {
    scratch.write('profiles/app.ts', profile('app', 'ghcr.io/example/app:1.0'));
    scratch.write('profiles/typo.ts', profile('typo', undefined, 'export const oops: string = 1;'));
    const run = runCli(['check'], scratch.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /synth failed with 1 error; dist\/ was left as it was:\n {2}\[new, old\] policy: profiles\/app\.ts: app: .*ghcr\.io\/example\/app:1\.0/,
    );
    expect(run.stderr).toContain("profiles/typo.ts(4,14): error TS2322: Type 'number' is not assignable to type 'string'.");
    expect(summary(run.stdout)).toEqual([
      'check: types FAILED: 1 error in profiles/, site.ts (listed above)',
      'check: synth FAILED: 1 error (listed above)',
      'check: dist/ not checked: synth failed',
      'check: validation FAILED: 1 finding refused (1 policy), no lint warnings',
      'check: FAILED (types, synth, validation) in',
    ]);
  });

  test('fails when a profile module throws, and says validation could not finish', () => {
    scratch.write('profiles/broken.ts', "throw new Error('not ready');\n");
    const run = runCli(['check'], scratch.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not ready');
    expect(summary(run.stdout)).toEqual([
      'check: types ok (profiles/, site.ts)',
      'check: synth FAILED: 1 error (listed above)',
      'check: dist/ not checked: synth failed',
      'check: validation incomplete: no findings refused so far, no lint warnings; synth failed first',
      'check: FAILED (synth) in',
    ]);
  });

  test('fails when the committed dist/ is stale, naming the files and the fix', () => {
    scratch.write('profiles/app.ts', profile('app', 'docker.io/library/alpine:3.21'));
    const run = runCli(['check'], scratch.root);
    expect(run.status).toBe(1);
    expect(summary(run.stdout)).toEqual([
      'check: types ok (profiles/, site.ts)',
      'check: synth ok: 1 profile × 2 environments → dist/',
      'check: dist/ STALE: the committed dist/ is not what synth renders (4 files: dist/catalog/index.html, dist/catalog/index.md, ' +
        "dist/new/nnfcontainerprofile-app.yaml, dist/old/nnfcontainerprofile-app.yaml); run 'npm run synth' and commit dist/",
      'check: validation ok: no findings refused, no lint warnings',
      'check: FAILED (dist/) in',
    ]);
    // Committing what check's synth wrote is the fix.
    git(scratch.root, 'commit', '-q', '-am', 'render');
    expect(runCli(['check'], scratch.root).status).toBe(0);
  });

  test('fails when tsconfig.profiles.json is missing, saying where it comes from', () => {
    fs.rmSync(path.join(scratch.root, 'tsconfig.profiles.json'));
    const run = runCli(['check'], scratch.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tsconfig.profiles.json: not found in');
    expect(summary(run.stdout)[0]).toBe('check: types FAILED: 1 error in profiles/, site.ts (listed above)');
  });

  test('--help says what it runs', () => {
    const run = runCli(['check', '--help'], scratch.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: nnf-profiles check');
    expect(run.stdout).toContain("run 'npm run synth' and commit");
  });
});
