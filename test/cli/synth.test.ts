import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { makeTempSite, REPO_ROOT, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

const goodProfile = (name: string) => `import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
const scratch = Storage.job('scratch');
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', {
    storages: [scratch],
    containers: [{ name: 'app', image: 'alpine:3.20', args: [scratch.path('out')] }],
  });
`;

const copyOffloadProfile = `import type { Construct } from 'constructs';
import { MpiContainerProfile } from '../src';
export default (scope: Construct) =>
  new MpiContainerProfile(scope, 'offload', {
    image: 'ghcr.io/example/copy-offload:1.0',
    copyOffload: true,
    launcher: { containers: [{ name: 'copy-offload', command: ['mpirun', 'offload'] }] },
  });
`;

describe('nnf-profiles synth', () => {
  let site: TempSite;
  beforeEach(() => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'new' }, { name: 'old', apiVersion: 'v1alpha6' }]),
      'profiles/good.ts': goodProfile('good'),
    });
  });
  afterEach(() => site.remove());

  test('writes dist/<env>/ for every environment and reports what it did', () => {
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('synth: 1 profile × 2 environments → dist/ (7 written, 0 removed, 0 unchanged); 2 rendered, 0 reused\n');
    expect(Object.keys(snapshotDir(path.join(site.root, 'dist'))).sort()).toEqual([
      '.nnf-profiles-output',
      'catalog/index.html',
      'catalog/index.md',
      'catalog/kustomization.yaml',
      'new/kustomization.yaml',
      'new/nnfcontainerprofile-good.yaml',
      'old/kustomization.yaml',
      'old/nnfcontainerprofile-good.yaml',
    ]);
  });

  test('gives byte-identical output run after run, rewriting nothing', () => {
    runCli(['synth'], site.root);
    const first = snapshotDir(path.join(site.root, 'dist'));
    const again = runCli(['synth'], site.root);
    expect(again.stdout).toContain('(0 written, 0 removed, 7 unchanged)');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(first);
  });

  test('fails when a prop cannot be expressed by an environment’s version, naming file, prop and version, and leaves dist/ as it was', () => {
    runCli(['synth'], site.root);
    const before = snapshotDir(path.join(site.root, 'dist'));
    site.write('profiles/offload.ts', copyOffloadProfile);
    site.write('profiles/good.ts', goodProfile('good').replace("image: 'alpine:3.20'", "image: 'alpine:3.21'"));

    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'synth failed with 1 error; dist/ was left as it was:\n' +
        '  [old] job: profiles/offload.ts: offload: copyOffload: v1alpha6 cannot express this field ' +
        '(available in v1alpha7 and later); remove it or render for a version that has it [render/unsupported-field]\n',
    );
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('fails when rendered profiles break the cluster’s or the #DW rules, listing every error, and leaves dist/ as it was', () => {
    runCli(['synth'], site.root);
    const before = snapshotDir(path.join(site.root, 'dist'));
    site.write(
      'profiles/broken-rules.ts',
      `import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
const scratch = Storage.job('scratch');
export default (scope: Construct) =>
  new ContainerProfile(scope, 'broken-rules', {
    storages: [scratch, scratch],
    labels: { team: '-hpc' },
    containers: [{ name: 'app', image: 'alpine:3.20', command: ['ls', '$(DW_JOB_results)'] }],
  });
`,
    );
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('synth failed with 3 errors; dist/ was left as it was:');
    expect(lines.slice(1).map((l) => l.trim())).toEqual([
      expect.stringMatching(/^\[new, old\] job: profiles\/broken-rules\.ts: broken-rules: storages\[1\]: .* \[dws\/storage-unique\]$/),
      expect.stringMatching(
        /^\[new, old\] job: profiles\/broken-rules\.ts: broken-rules: containers\[0\]\.command\[1\]: .*DW_JOB_results.* \[reference\/undefined-variable\]$/,
      ),
      expect.stringMatching(
        /^\[new, old\] cluster: profiles\/broken-rules\.ts: broken-rules: metadata\.labels.*team.* \[metadata\/label-value\]$/,
      ),
    ]);
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('fails when numPorts is more than an environment’s ports setting lists, only for that environment', () => {
    // GIVEN an environment listing 10 ports and one listing none
    site.write(
      'site.ts',
      siteSource([
        { name: 'new', ports: [{ start: 5000, end: 5009 }] },
        { name: 'old', apiVersion: 'v1alpha6' },
      ]),
    );
    const portsProfile = (numPorts: number) => goodProfile('ports').replace('containers: [', `numPorts: ${numPorts},\n    containers: [`);
    // WHEN a profile asks for all 10, THEN synth succeeds
    site.write('profiles/ports.ts', portsProfile(10));
    expect(runCli(['synth'], site.root).status).toBe(0);
    const before = snapshotDir(path.join(site.root, 'dist'));
    // WHEN it asks for 11, THEN synth fails for the environment with the setting only
    site.write('profiles/ports.ts', portsProfile(11));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(
      run.stderr
        .trim()
        .split('\n')
        .map((l) => l.trim()),
    ).toEqual([
      'synth failed with 1 error; dist/ was left as it was:',
      "[new] job: profiles/ports.ts: ports: numPorts: numPorts is 11, more than the 10 ports the environment's ports setting lists (5000-5009); the cluster accepts the profile, but a job selecting it fails: NNF cannot allocate that many ports from the cluster's DWS SystemConfiguration; lower numPorts or widen the environment's ports [job/port-range]",
    ]);
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('reports warnings without failing', () => {
    site.write('profiles/floating.ts', goodProfile('floating').replace("image: 'alpine:3.20'", "image: 'alpine'"));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^\[new\] lint: profiles\/floating\.ts: floating: containers\[0\]\.image: .* \[reference\/image-pull-policy\]\n$/,
    );
    // The catalog shows the advice on the profile, with its layer.
    const catalog = fs.readFileSync(path.join(site.root, 'dist', 'catalog', 'index.md'), 'utf8');
    expect(catalog).toMatch(/^> lint: containers\\\[0\\\]\.image: the image has no tag .* \\\[reference\/image-pull-policy\\\]$/m);
  });

  test('fails on syntax errors and missing imports, all of them, naming file and line, and writes nothing', () => {
    site.write('profiles/broken.ts', 'export default (\n');
    site.write('profiles/lost.ts', "import { nothing } from './missing';\nexport default () => nothing;\n");
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/broken.ts:2:1: Unexpected end of file');
    expect(run.stderr).toContain('profiles/lost.ts:1:25: Could not resolve "./missing"');
    expect(fs.existsSync(path.join(site.root, 'dist'))).toBe(false);
  });

  test('fails when a profile module throws, citing its line', () => {
    site.write('profiles/thrower.ts', "import { Storage } from '../src';\n\nStorage.job('Bad-Name');\nexport default () => undefined;\n");
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "profiles/thrower.ts: loading the module failed: Storage.job('Bad-Name'): 'Bad-Name' must match [a-z][a-z0-9_]+",
    );
    expect(run.stderr).toContain('(profiles/thrower.ts:3)');
  });

  test('picks up an edited profile at once (the bundle is rebuilt when a source changes)', () => {
    runCli(['synth'], site.root);
    site.write('profiles/good.ts', goodProfile('good').replace("image: 'alpine:3.20'", "image: 'alpine:3.21'"));
    const run = runCli(['synth'], site.root);
    // both environments' profile and the catalog's two pages
    expect(run.stdout).toContain('(4 written, 0 removed, 3 unchanged)');
    expect(fs.readFileSync(path.join(site.root, 'dist/new/nnfcontainerprofile-good.yaml'), 'utf8')).toContain('image: alpine:3.21');
  });

  test('--env writes only that environment and keeps the others', () => {
    runCli(['synth'], site.root);
    site.write('profiles/second.ts', goodProfile('second'));
    const run = runCli(['synth', '--env', 'new'], site.root);
    expect(run.status).toBe(0);
    const files = Object.keys(snapshotDir(path.join(site.root, 'dist'))).sort();
    expect(files).toContain('new/nnfcontainerprofile-second.yaml');
    expect(files).not.toContain('old/nnfcontainerprofile-second.yaml');
    expect(files).toContain('old/nnfcontainerprofile-good.yaml');
  });

  test('removes the output of a deleted profile', () => {
    site.write('profiles/second.ts', goodProfile('second'));
    runCli(['synth'], site.root);
    fs.rmSync(path.join(site.root, 'profiles/second.ts'));
    const run = runCli(['synth'], site.root);
    expect(run.stdout).toContain('(4 written, 2 removed, 3 unchanged)');
    expect(yaml.load(fs.readFileSync(path.join(site.root, 'dist/new/kustomization.yaml'), 'utf8'))).toMatchObject({
      resources: ['nnfcontainerprofile-good.yaml'],
    });
  });

  /**
   * The cdk8s CLI in the site, with this repository's cdk8s.yaml (the site has no node_modules of
   * its own). By default node_modules/.bin/cdk8s, what `npx cdk8s` runs in this repository; HOME is
   * a scratch folder whose `.cdk8s-cli.version` (the CLI's cache of the newest version on the npm
   * registry) names an older 0.0.1, so a CLI that checks for a newer version says so, offline.
   */
  const cdk8sSynth = (args: string[] = [], env: NodeJS.ProcessEnv = { CDK8S_CHECK_UPGRADE: undefined }) => {
    fs.writeFileSync(
      path.join(site.root, 'cdk8s.yaml'),
      fs.readFileSync(path.join(REPO_ROOT, 'cdk8s.yaml'), 'utf8').replace(' bin/nnf-profiles.js', ` ${REPO_ROOT}/bin/nnf-profiles.js`),
    );
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-home-'));
    fs.writeFileSync(path.join(home, '.cdk8s-cli.version'), '0.0.1');
    try {
      return spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', ...args], {
        cwd: site.root,
        encoding: 'utf8',
        env: { ...process.env, HOME: home, FORCE_COLOR: '0', ...env },
      });
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  };

  test('npx cdk8s runs the cdk8s CLI without its npm registry update check, which offline prints a stack trace', () => {
    // Install's prepare step links it (scripts/prepare.js).
    expect(fs.realpathSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s'))).toBe(path.join(REPO_ROOT, 'bin', 'cdk8s'));
    const quiet = cdk8sSynth();
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
    // The check is still there for whoever asks for it, by option or by the CLI's own variable.
    for (const run of [cdk8sSynth(['--check-upgrade']), cdk8sSynth([], { CDK8S_CHECK_UPGRADE: 'true' })]) {
      expect(run.status).toBe(0);
      expect(run.stderr).toContain('A new version 0.0.1 of cdk8s-cli is available');
    }
  });

  test('cdk8s synth (the CLI) produces the same dist/', () => {
    runCli(['synth'], site.root);
    const ours = snapshotDir(path.join(site.root, 'dist'));
    const cdk8s = cdk8sSynth();
    expect(cdk8s.status).toBe(0);
    expect(cdk8s.stderr).toBe('');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(ours);
  });

  test('a failing cdk8s synth says the cdk8s CLI had already emptied dist/, not that it was left as it was', () => {
    runCli(['synth'], site.root);
    expect(Object.keys(snapshotDir(path.join(site.root, 'dist')))).not.toEqual([]);
    site.write('profiles/offload.ts', copyOffloadProfile);
    // Only the folder cdk8s emptied is reported so: CDK8S_OUTDIR naming a folder with output in it
    // (set by hand, without the CLI) is left as it was, and said to be.
    const byHand = runCli(['synth'], site.root, { CDK8S_OUTDIR: 'dist' });
    expect(byHand.status).toBe(1);
    expect(byHand.stderr.split('\n')[0]).toBe('synth failed with 1 error; dist/ was left as it was:');

    const cdk8s = cdk8sSynth();
    expect(cdk8s.status).not.toBe(0);
    expect(cdk8s.stderr).toContain(
      'synth failed with 1 error; the cdk8s CLI had already emptied dist/ before synth ran (npm run synth keeps the previous output when synth fails):\n' +
        '  [old] job: profiles/offload.ts: offload: copyOffload: v1alpha6 cannot express this field',
    );
    expect(cdk8s.stderr).not.toContain('left as it was');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual({});
  });
});

describe('nnf-profiles command line', () => {
  test('--help describes the commands', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: nnf-profiles <command> [options]');
    expect(run.stdout).toMatch(/synth\s+render profiles\/ for every environment into dist\//);
  });

  test('synth --help shows options and examples', () => {
    const run = runCli(['synth', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--api-version VERSION');
    expect(run.stdout).toContain('nnf-profiles synth --api-version v1alpha1 --out /tmp/legacy');
  });

  test.each([
    [['frobnicate'], "nnf-profiles: unknown command 'frobnicate'"],
    [['synth', '--colour'], "nnf-profiles synth: Unknown option '--colour'"],
    [['synth', 'extra'], 'nnf-profiles synth: Unexpected argument'],
    [['synth', '--api-version', 'v1alpha6'], 'nnf-profiles synth: --api-version renders a one-off; give --out DIR'],
  ])('fails with exit status 2 on %j', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  test.each([[['--out', '/tmp/nnf-profiles-never-written']], [[]]])(
    'fails when --api-version is unknown, with exit status 2 before any work, listing the supported ones (%j)',
    (more) => {
      const before = snapshotDir(path.join(REPO_ROOT, 'dist'));
      const run = runCli(['synth', '--api-version', 'v9', ...more]);
      expect(run).toEqual({
        status: 2,
        stdout: '',
        stderr:
          'nnf-profiles synth: --api-version v9: not a supported version (supported: v1alpha1, v1alpha6, v1alpha7, v1alpha8, v1alpha10, v1alpha11)\n' +
          "Run 'nnf-profiles synth --help' for usage.\n",
      });
      expect(fs.existsSync('/tmp/nnf-profiles-never-written')).toBe(false);
      expect(snapshotDir(path.join(REPO_ROOT, 'dist'))).toEqual(before);
    },
  );
});
