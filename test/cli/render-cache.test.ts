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

/** The output of `synth --no-cache`, written elsewhere. */
function withoutCache(site: TempSite): Record<string, string> {
  const out = path.join(site.root, 'uncached');
  const run = runCli(['synth', '--no-cache', '--out', out], site.root);
  expect(run.status).toBe(0);
  return snapshotDir(out);
}
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

  // Each environment renders with settings of its own and fresh modules: a change to one
  // environment's settings leaves the renders of the others as they were.
  test('renders again every profile of an environment whose settings change, and only there', () => {
    site.write(
      'site.ts',
      siteSource([{ ...ENVIRONMENTS[0], imageRelocations: { 'docker.io': 'mirror.example.com/hub' } }, ENVIRONMENTS[1]]),
    );
    expect(synth(site)).toEqual({ rendered: 3, reused: 3 });
    expect(read(site, 'one/nnfcontainerprofile-gamma.yaml')).toContain('image: mirror.example.com/hub/library/alpine:3.20');
    expect(read(site, 'two/nnfcontainerprofile-gamma.yaml')).toContain('image: alpine:3.20');
  });

  test('renders again every profile of an environment whose target version changes, and only there', () => {
    site.write('site.ts', siteSource([ENVIRONMENTS[0], { ...ENVIRONMENTS[1], apiVersion: 'v1alpha10' }]));
    expect(synth(site)).toEqual({ rendered: 3, reused: 3 });
    expect(read(site, 'two/nnfcontainerprofile-alpha.yaml')).toContain('apiVersion: nnf.cray.hpe.com/v1alpha10');
    expect(read(site, 'one/nnfcontainerprofile-alpha.yaml')).toContain('apiVersion: nnf.cray.hpe.com/v1alpha11');
  });

  test("renders everything again when the site's packages change (package-lock.json)", () => {
    site.write('package-lock.json', '{ "lockfileVersion": 3, "packages": {} }\n');
    expect(synth(site)).toEqual({ rendered: 6, reused: 0 });
    expect(synth(site)).toEqual({ rendered: 0, reused: 6 });
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
    // gamma's render for two is older than its source; the one --env made is current.
    expect(synth(site)).toEqual({ rendered: 1, reused: 5 });
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(withoutCache(site));
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

/** A profile that takes its pull secret from site.ts, as the shipped ones do. */
const withSiteSecret = (name: string) => `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
import { registry } from '../site';
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', {
    pullSecrets: [registry],
    containers: [{ name: 'app', image: 'registry.example.com/${name}:1', command: ['/app'] }],
  });
`;

describe('module variables are no input: each profile file is evaluated anew for each environment', () => {
  let site: TempSite;
  afterEach(() => site.remove());

  test('two profiles counting with one shared module each count from 1, in each environment, cached or not', () => {
    site = makeTempSite({
      'site.ts': siteSource(ENVIRONMENTS),
      'lib/counter.ts': 'let n = 0;\nexport const next = () => ++n;\n',
      'profiles/alpha.ts': counting('alpha', true),
      'profiles/beta.ts': counting('beta', true),
      'profiles/gamma.ts': profile('gamma', false),
    });
    synth(site);
    for (const file of ['one/nnfcontainerprofile-alpha.yaml', 'two/nnfcontainerprofile-beta.yaml'])
      expect(read(site, file)).toContain('call-1');
    site.write('profiles/beta.ts', `${counting('beta', true)}// edited\n`);
    // The counter is beta's own copy: alpha's renders stand.
    expect(synth(site)).toEqual({ rendered: 2, reused: 4 });
    expect(read(site, 'two/nnfcontainerprofile-beta.yaml')).toContain('call-1');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(withoutCache(site));
  });

  test('a profile counting in its own module is made again only in the environment whose settings change', () => {
    site = makeTempSite({ 'site.ts': siteSource(ENVIRONMENTS), 'profiles/alpha.ts': counting('alpha', false) });
    synth(site);
    expect(read(site, 'two/nnfcontainerprofile-alpha.yaml')).toContain('call-1');
    site.write('site.ts', siteSource([ENVIRONMENTS[0], { ...ENVIRONMENTS[1], apiVersion: 'v1alpha10' }]));
    expect(synth(site)).toEqual({ rendered: 1, reused: 1 });
    expect(read(site, 'two/nnfcontainerprofile-alpha.yaml')).toContain('call-1');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(withoutCache(site));
  });

  test('profiles that import site.ts: an edited one is made again alone', () => {
    site = makeTempSite({
      'site.ts': [
        "import { defineSite, PullSecret } from './src';",
        "export const registry = PullSecret.existing('registry');",
        `export default defineSite({ environments: ${JSON.stringify(ENVIRONMENTS)}, pullSecrets: [registry] });`,
      ].join('\n'),
      'profiles/alpha.ts': withSiteSecret('alpha'),
      'profiles/beta.ts': withSiteSecret('beta'),
      'profiles/gamma.ts': withSiteSecret('gamma'),
    });
    expect(synth(site)).toEqual({ rendered: 6, reused: 0 });
    site.write('profiles/beta.ts', withSiteSecret('beta').replace(':1', ':2'));
    expect(synth(site)).toEqual({ rendered: 2, reused: 4 });
    expect(read(site, 'one/nnfcontainerprofile-beta.yaml')).toContain('registry.example.com/beta:2');
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(withoutCache(site));
  });
});
