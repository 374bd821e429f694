import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempSite, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

/** A profile; with `shared`, its image tag comes from profiles/common/image.ts. */
const profile = (name: string, shared: boolean) => `import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
${shared ? "import { tag } from './common/image';" : "const tag = '3.20';"}
const scratch = Storage.job('scratch');
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', {
    storages: [scratch],
    containers: [{ name: 'app', image: \`alpine:\${tag}\`, args: [scratch.path('out')] }],
  });
`;

const ENVIRONMENTS = [
  { name: 'one', apiVersion: 'v1alpha11' },
  { name: 'two', apiVersion: 'v1alpha11' },
];

/** `(… unchanged); 4 rendered, 2 reused` → { rendered: 4, reused: 2 }. */
function renders(stdout: string): { rendered: number; reused: number } {
  const match = /; (\d+) rendered, (\d+) reused$/m.exec(stdout);
  if (!match) throw new Error(`no render counts in: ${stdout}`);
  return { rendered: Number(match[1]), reused: Number(match[2]) };
}

function synth(site: TempSite, args: string[] = []): { rendered: number; reused: number } {
  const run = runCli(['synth', ...args], site.root);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return renders(run.stdout);
}

const read = (site: TempSite, file: string) => fs.readFileSync(path.join(site.root, 'dist', file), 'utf8');
const cacheFile = (site: TempSite) => path.join(site.root, 'node_modules', '.cache', 'nnf-profiles', 'renders.json');

describe('synth reuses the renders of unchanged profiles', () => {
  let site: TempSite;
  beforeEach(() => {
    site = makeTempSite({
      'site.ts': siteSource(ENVIRONMENTS),
      'profiles/alpha.ts': profile('alpha', true),
      'profiles/beta.ts': profile('beta', true),
      'profiles/gamma.ts': profile('gamma', false),
      'profiles/common/image.ts': "export const tag = '3.20';\n",
    });
    expect(synth(site)).toEqual({ rendered: 6, reused: 0 });
  });
  afterEach(() => site.remove());

  test('renders nothing when nothing changed, and writes the same bytes as without the cache', () => {
    const first = snapshotDir(path.join(site.root, 'dist'));
    expect(synth(site)).toEqual({ rendered: 0, reused: 6 });
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(first);
    fs.rmSync(path.join(site.root, 'dist'), { recursive: true });
    const run = runCli(['synth', '--no-cache'], site.root);
    expect(run.stdout).toContain('; 6 rendered, cache off');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(first);
  });

  test('renders again exactly the profiles that import a changed shared module', () => {
    site.write('profiles/common/image.ts', "export const tag = '3.21';\n");
    expect(synth(site)).toEqual({ rendered: 4, reused: 2 });
    for (const environment of ['one', 'two']) {
      expect(read(site, `${environment}/nnfcontainerprofile-alpha.yaml`)).toContain('image: alpine:3.21');
      expect(read(site, `${environment}/nnfcontainerprofile-beta.yaml`)).toContain('image: alpine:3.21');
      expect(read(site, `${environment}/nnfcontainerprofile-gamma.yaml`)).toContain('image: alpine:3.20');
    }
    expect(synth(site)).toEqual({ rendered: 0, reused: 6 });
  });

  test('renders again an edited profile alone', () => {
    site.write('profiles/gamma.ts', profile('gamma', false).replace("'3.20'", "'3.22'"));
    expect(synth(site)).toEqual({ rendered: 2, reused: 4 });
    expect(read(site, 'one/nnfcontainerprofile-gamma.yaml')).toContain('image: alpine:3.22');
  });

  // A module's state carries from one environment's renders to the next, so a render made again
  // in one environment is made again in all of them, with the same state as a run without cache.
  test("renders every profile again, in every environment, when one environment's settings change", () => {
    site.write(
      'site.ts',
      siteSource([{ ...ENVIRONMENTS[0], imageRelocations: { 'docker.io': 'mirror.example.com/hub' } }, ENVIRONMENTS[1]]),
    );
    expect(synth(site)).toEqual({ rendered: 6, reused: 0 });
    expect(read(site, 'one/nnfcontainerprofile-gamma.yaml')).toContain('image: mirror.example.com/hub/library/alpine:3.20');
    expect(read(site, 'two/nnfcontainerprofile-gamma.yaml')).toContain('image: alpine:3.20');
  });

  test("renders every profile again, in every environment, when one environment's target version changes", () => {
    site.write('site.ts', siteSource([ENVIRONMENTS[0], { ...ENVIRONMENTS[1], apiVersion: 'v1alpha10' }]));
    expect(synth(site)).toEqual({ rendered: 6, reused: 0 });
    expect(read(site, 'two/nnfcontainerprofile-alpha.yaml')).toContain('apiVersion: nnf.cray.hpe.com/v1alpha10');
    expect(read(site, 'one/nnfcontainerprofile-alpha.yaml')).toContain('apiVersion: nnf.cray.hpe.com/v1alpha11');
  });

  test('renders everything again, with the same output, when the cache is corrupt or torn', () => {
    const first = snapshotDir(path.join(site.root, 'dist'));
    const kept = fs.readFileSync(cacheFile(site), 'utf8');
    // One character of a kept render altered, then the file cut short, then not JSON at all.
    for (const corrupt of [kept.replace('alpine:3.20', 'alpine:6.66'), kept.slice(0, kept.length / 2), 'garbage']) {
      fs.writeFileSync(cacheFile(site), corrupt);
      expect(synth(site)).toEqual({ rendered: 6, reused: 0 });
      expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(first);
    }
    expect(synth(site)).toEqual({ rendered: 0, reused: 6 });
  });

  test('renders again a profile whose code read a file of the repository that changed', () => {
    site.write('profiles/data/tag.txt', '3.19');
    site.write(
      'profiles/gamma.ts',
      profile('gamma', false).replace(
        "const tag = '3.20';",
        "import * as fs from 'node:fs';\nconst tag = fs.readFileSync('profiles/data/tag.txt', 'utf8');",
      ),
    );
    expect(synth(site)).toEqual({ rendered: 2, reused: 4 });
    site.write('profiles/data/tag.txt', '3.18');
    expect(synth(site)).toEqual({ rendered: 2, reused: 4 });
    expect(read(site, 'two/nnfcontainerprofile-gamma.yaml')).toContain('image: alpine:3.18');
  });

  test('keeps no render of a failing synth: every error is reported again, even one the code caught', () => {
    site.write('profiles/gamma.ts', profile('gamma', false).replace("'3.20';", "'3.20';\ntry { void process.env.HOME; } catch {}"));
    for (let run = 0; run < 2; run++) {
      const failed = runCli(['synth'], site.root);
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain('profiles/gamma.ts: process.env.HOME is not available to profile code');
    }
  });

  test('a one-off for another version leaves the renders of the site', () => {
    const run = runCli(['synth', '--api-version', 'v1alpha10', '--out', path.join(site.root, 'one-off')], site.root);
    expect(run.status).toBe(0);
    expect(renders(run.stdout)).toEqual({ rendered: 6, reused: 0 });
    expect(synth(site)).toEqual({ rendered: 0, reused: 6 });
  });

  test('--env keeps the renders of the other environments', () => {
    site.write('profiles/gamma.ts', profile('gamma', false).replace("'3.20'", "'3.22'"));
    expect(synth(site, ['--env', 'one'])).toEqual({ rendered: 1, reused: 2 });
    // gamma's render for two is older than its source: gamma is made again, in both environments.
    expect(synth(site)).toEqual({ rendered: 2, reused: 4 });
  });
});

/** A profile whose first argument counts calls: of a counter in lib/counter.ts, or of its own. */
const counting = (name: string, shared: boolean) => `import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
${shared ? "import { next } from '../lib/counter';" : 'let n = 0;\nconst next = () => ++n;'}
const scratch = Storage.job('scratch');
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', {
    storages: [scratch],
    containers: [{ name: 'app', image: 'alpine:3.20', args: [\`call-\${next()}\`, scratch.path('out')] }],
  });
`;

describe('module state: a run with the cache writes what a run without it writes', () => {
  let site: TempSite;
  afterEach(() => site.remove());

  const withoutCache = () => {
    const out = path.join(site.root, 'uncached');
    const run = runCli(['synth', '--no-cache', '--out', out], site.root);
    expect(run.status).toBe(0);
    return snapshotDir(out);
  };

  test('two profiles counting with one shared module are made again together', () => {
    site = makeTempSite({
      'site.ts': siteSource(ENVIRONMENTS),
      'lib/counter.ts': 'let n = 0;\nexport const next = () => ++n;\n',
      'profiles/alpha.ts': counting('alpha', true),
      'profiles/beta.ts': counting('beta', true),
      'profiles/gamma.ts': profile('gamma', false),
    });
    synth(site);
    expect(read(site, 'two/nnfcontainerprofile-beta.yaml')).toContain('call-4');
    site.write('profiles/beta.ts', `${counting('beta', true)}// edited\n`);
    // beta alone would count from 1 again; alpha shares the counter, so both are made again.
    expect(synth(site)).toEqual({ rendered: 4, reused: 2 });
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(withoutCache());
    expect(read(site, 'two/nnfcontainerprofile-beta.yaml')).toContain('call-4');
  });

  test("a profile counting in its own module is made again in every environment when one's settings change", () => {
    site = makeTempSite({ 'site.ts': siteSource(ENVIRONMENTS), 'profiles/alpha.ts': counting('alpha', false) });
    synth(site);
    expect(read(site, 'two/nnfcontainerprofile-alpha.yaml')).toContain('call-2');
    site.write('site.ts', siteSource([ENVIRONMENTS[0], { ...ENVIRONMENTS[1], apiVersion: 'v1alpha10' }]));
    expect(synth(site)).toEqual({ rendered: 2, reused: 0 });
    expect(read(site, 'two/nnfcontainerprofile-alpha.yaml')).toContain('call-2');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(withoutCache());
  });
});
