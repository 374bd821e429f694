import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { CLI, makeTempSite, REPO_ROOT, runCli, type CliRun, type TempSite } from '../helpers/temp-site';

const fixture = (file: string) => fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures', file), 'utf8');
/** What the CRD defaults the seeds' missing timeouts to, and synth writes out. */
const SCHEMA_DEFAULT_TIMEOUTS = { preRunTimeoutSeconds: 300, postRunTimeoutSeconds: 300 };

/** The CLI with `input` on standard input. */
function runWithInput(args: readonly string[], cwd: string, input: string): CliRun {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const SITE_WITH_SECRET = `import { defineSite, PullSecret } from './src';
export const readonlyRedRockSlushy = PullSecret.existing('readonly-red-rock-slushy');
export default defineSite({ environments: [{ name: 'old', apiVersion: 'v1alpha1' }], pullSecrets: [readonlyRedRockSlushy] });
`;

const SITE_WITHOUT_SECRET = `import { defineSite } from './src';
export default defineSite({ environments: [{ name: 'old', apiVersion: 'v1alpha1' }] });
`;

describe('nnf-profiles import', () => {
  let site: TempSite;
  afterEach(() => site.remove());

  test('writes one file per profile, importing the handles site.ts exports, and they synthesize back to the input', () => {
    site = makeTempSite({
      'site.ts': SITE_WITH_SECRET,
      'in.yaml': `${fixture('seed/red-rock-slushy.yaml')}---\n${fixture('seed/mpi-red-rock-slushy.yaml')}`,
    });
    const run = runCli(['import', 'in.yaml'], site.root);
    expect(run).toEqual({
      status: 0,
      stdout: 'import: 2 profiles written: profiles/red-rock-slushy.ts, profiles/mpi-red-rock-slushy.ts\n',
      stderr: '',
    });
    expect(fs.readFileSync(path.join(site.root, 'profiles/red-rock-slushy.ts'), 'utf8')).toContain(
      "import { readonlyRedRockSlushy } from '../site';",
    );
    const synth = runCli(['synth'], site.root);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    const rendered = yaml.load(fs.readFileSync(path.join(site.root, 'dist/old/nnfcontainerprofile-red-rock-slushy.yaml'), 'utf8')) as any;
    // The seed leaves out the timeouts; synth writes out the CRD's default for them.
    expect(rendered.data).toEqual({ ...(yaml.load(fixture('seed/red-rock-slushy.yaml')) as any).data, ...SCHEMA_DEFAULT_TIMEOUTS });
  });

  test('reads kubectl get -o yaml output from standard input', () => {
    site = makeTempSite({ 'site.ts': SITE_WITHOUT_SECRET });
    const run = runWithInput(['import', '-'], site.root, fixture('import/kubectl-get-list.yaml'));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('import: 2 profiles written: profiles/analyze.ts, profiles/copy-offload.ts\n');
    // No handle in site.ts: the declaration to add is printed.
    expect(run.stderr).toContain(
      'The imported profiles import exampleRegistry, mirrorRegistry from site.ts, which does not export them yet.',
    );
    expect(run.stderr).toContain(
      "  export const exampleRegistry = PullSecret.existing('example-registry');\n  export const mirrorRegistry = PullSecret.existing('mirror-registry');\n",
    );
  });

  test('asks to list a handle site.ts exports but does not list', () => {
    site = makeTempSite({
      'site.ts': `import { defineSite, PullSecret } from './src';
export const readonlyRedRockSlushy = PullSecret.existing('readonly-red-rock-slushy');
export default defineSite({ environments: [{ name: 'old', apiVersion: 'v1alpha1' }] });
`,
      'in.yaml': fixture('seed/red-rock-slushy.yaml'),
    });
    const run = runCli(['import', 'in.yaml'], site.root);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      'site.ts exports readonlyRedRockSlushy but does not list it in defineSite({ pullSecrets: [...] }); add it there.\n',
    );
  });

  test('writes what it cannot carry over as warnings and exits 1', () => {
    const pinned = yaml.load(fixture('seed/red-rock-slushy.yaml')) as any;
    pinned.data.pinned = true;
    pinned.data.spec.containers[0].ports = [{ containerPort: 80 }];
    pinned.apiVersion = 'nnf.cray.hpe.com/v1alpha8';
    site = makeTempSite({ 'site.ts': SITE_WITH_SECRET, 'in.yaml': yaml.dump(pinned) });
    const run = runCli(['import', 'in.yaml'], site.root);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('import: 1 profile written: profiles/red-rock-slushy.ts (2 warnings to review)\n');
    expect(run.stderr).toBe(
      'warning: in.yaml: red-rock-slushy: data.pinned: not carried over: a pinned profile is the copy NNF makes for one workflow; it is imported as a publishable (unpinned) profile\n' +
        'warning: in.yaml: red-rock-slushy: data.spec.containers[0].ports: not carried over: a v1alpha8 container has no such field\n',
    );
  });

  test('fails with status 1 and writes nothing when a file exists, and overwrites with --force', () => {
    site = makeTempSite({
      'site.ts': SITE_WITH_SECRET,
      'profiles/red-rock-slushy.ts': '// mine\n',
      'in.yaml': `${fixture('seed/red-rock-slushy.yaml')}---\n${fixture('seed/mpi-red-rock-slushy.yaml')}`,
    });
    const run = runCli(['import', 'in.yaml'], site.root);
    expect(run).toEqual({
      status: 1,
      stdout: '',
      stderr: 'nnf-profiles import: profiles/red-rock-slushy.ts already exists; nothing was written. Use --force to overwrite.\n',
    });
    expect(fs.readdirSync(path.join(site.root, 'profiles'))).toEqual(['red-rock-slushy.ts']);
    expect(runCli(['import', 'in.yaml', '--force'], site.root).status).toBe(0);
    expect(fs.readFileSync(path.join(site.root, 'profiles/red-rock-slushy.ts'), 'utf8')).toContain(
      "new ContainerProfile(scope, 'red-rock-slushy', {",
    );
  });

  test('writes --into another directory with imports as seen from profiles/, and says to move them there; moved, they synthesize', () => {
    site = makeTempSite({
      'site.ts': SITE_WITH_SECRET,
      'in.yaml': `${fixture('seed/red-rock-slushy.yaml')}---\n${fixture('seed/mpi-red-rock-slushy.yaml')}`,
    });
    const run = runCli(['import', 'in.yaml', '--into', 'review/batch'], site.root);
    expect(run).toEqual({
      status: 0,
      stdout:
        'import: 2 profiles written: review/batch/red-rock-slushy.ts, review/batch/mpi-red-rock-slushy.ts\n' +
        'the files import ../src and ../site as seen from profiles/, the only directory synth reads; move them there before synth: ' +
        'mv -i review/batch/red-rock-slushy.ts review/batch/mpi-red-rock-slushy.ts profiles/\n',
      stderr: '',
    });
    const source = fs.readFileSync(path.join(site.root, 'review/batch/red-rock-slushy.ts'), 'utf8');
    expect(source).toContain("from '../src';");
    expect(source).toContain("from '../site';");
    // WHEN the admin runs the printed move, THEN synth reads them and gives back the input
    const mv = spawnSync('/bin/sh', ['-c', `mkdir -p profiles && ${run.stdout.split(': ').pop()!.trim()}`], {
      cwd: site.root,
      encoding: 'utf8',
    });
    expect(mv.status).toBe(0);
    expect(fs.readdirSync(path.join(site.root, 'review/batch'))).toEqual([]);
    const synth = runCli(['synth'], site.root);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    const rendered = yaml.load(
      fs.readFileSync(path.join(site.root, 'dist/old/nnfcontainerprofile-mpi-red-rock-slushy.yaml'), 'utf8'),
    ) as any;
    expect(rendered.data).toEqual({ ...(yaml.load(fixture('seed/mpi-red-rock-slushy.yaml')) as any).data, ...SCHEMA_DEFAULT_TIMEOUTS });
  });

  test('writes --into a directory outside any site with imports as seen from a site’s profiles/, and says so', () => {
    site = makeTempSite({ 'in.yaml': fixture('seed/red-rock-slushy.yaml') });
    fs.rmSync(path.join(site.root, 'src'));
    const run = runCli(['import', 'in.yaml', '--into', 'out'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'import: 1 profile written: out/red-rock-slushy.ts\n' +
        "the files import ../src and ../site as seen from profiles/, the only directory synth reads; move them into the site's profiles/ before synth\n",
    );
    expect(fs.readFileSync(path.join(site.root, 'out/red-rock-slushy.ts'), 'utf8')).toContain("from '../src';");
  });

  test('fails with status 1 for a profile it cannot import, importing the others', () => {
    const broken = { apiVersion: 'nnf.cray.hpe.com/v1alpha8', kind: 'NnfContainerProfile', metadata: { name: 'broken' }, data: {} };
    site = makeTempSite({ 'site.ts': SITE_WITH_SECRET, 'in.yaml': `${yaml.dump(broken)}---\n${fixture('seed/red-rock-slushy.yaml')}` });
    const run = runCli(['import', 'in.yaml'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('in.yaml: broken: data: has neither spec nor mpiSpec; a profile has exactly one\n');
    expect(run.stdout).toBe('import: 1 profile written: profiles/red-rock-slushy.ts (1 not imported)\n');
  });

  test.each([
    ['not YAML', 'a: [', 'nnf-profiles import: in.yaml: not YAML:'],
    ['no profile', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', 'nnf-profiles import: no NnfContainerProfile in in.yaml'],
    ['anchors and aliases', 'a: &x [1]\nb: *x\n', 'nnf-profiles import: in.yaml: uses YAML anchors and aliases'],
  ])('fails with status 2 on input that is %s', (_what, content, message) => {
    site = makeTempSite({ 'site.ts': SITE_WITH_SECRET, 'in.yaml': content });
    const run = runCli(['import', 'in.yaml'], site.root);
    expect(run.status).toBe(2);
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(fs.existsSync(path.join(site.root, 'profiles'))).toBe(false);
  });

  test('fails with status 2 without a file, or on a missing one', () => {
    site = makeTempSite({ 'site.ts': SITE_WITH_SECRET });
    expect(runCli(['import'], site.root).status).toBe(2);
    const run = runCli(['import', 'missing.yaml'], site.root);
    expect(run).toEqual({ status: 2, stdout: '', stderr: 'nnf-profiles import: missing.yaml: cannot read it (ENOENT)\n' });
  });

  test('--help shows examples', () => {
    site = makeTempSite({ 'site.ts': SITE_WITH_SECRET });
    const run = runCli(['import', '--help'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Examples:\n  kubectl get nnfcontainerprofiles -n nnf-system -o yaml | nnf-profiles import -\n');
  });
});
