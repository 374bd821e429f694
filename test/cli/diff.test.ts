import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { makeTempSite, runCli, siteSource, type TempSite } from '../helpers/temp-site';

function git(cwd: string, ...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
}

const profile = (name: string, image: string) =>
  yaml.dump({
    apiVersion: 'nnf.cray.hpe.com/v1alpha11',
    kind: 'NnfContainerProfile',
    metadata: { name, namespace: 'nnf-system' },
    data: { pinned: false, retryLimit: 6, spec: { containers: [{ name: 'app', image }] } },
  });

describe('nnf-profiles diff', () => {
  let site: TempSite;
  beforeEach(() => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'production' }]),
      'dist/production/nnfcontainerprofile-a.yaml': profile('a', 'alpine:3.20'),
      'dist/production/nnfcontainerprofile-b.yaml': profile('b', 'alpine:3.20'),
    });
    git(site.root, 'init', '-q');
    git(site.root, 'add', 'site.ts', 'dist');
    git(site.root, 'commit', '-qm', 'base');
  });
  afterEach(() => site.remove());

  test('prints that nothing changed, against HEAD when there is no origin/main', () => {
    const run = runCli(['diff'], site.root);
    expect(run).toEqual({ status: 0, stdout: '## dist/ changes against `HEAD`\n\nNo changes to dist/.\n', stderr: '' });
  });

  test('prints the profiles added, removed and changed against the base', () => {
    site.write('dist/production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.21'));
    site.write('dist/production/nnfcontainerprofile-c.yaml', profile('c', 'alpine:3.20'));
    fs.rmSync(path.join(site.root, 'dist/production/nnfcontainerprofile-b.yaml'));
    git(site.root, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    const run = runCli(['diff'], site.root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`## dist/ changes against \`origin/main\`

### dist/production/

**Profiles added**

- \`c\`

**Profiles removed**

- \`b\`

**Profiles changed**

- \`a\`
  - \`data.spec.containers[0].image\`: \`alpine:3.20\` → \`alpine:3.21\`
`);
  });

  test('lists changes to permissions first, under their own heading', () => {
    const project = (kinds: string[]) =>
      yaml.dump({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'nnf-profiles', namespace: 'argocd' },
        spec: { sourceRepos: ['https://git.example.com/site.git'], namespaceResourceWhitelist: kinds.map((kind) => ({ group: '', kind })) },
      });
    site.write('dist/argocd/appproject-nnf-profiles.yaml', project(['ConfigMap']));
    git(site.root, 'add', 'dist');
    git(site.root, 'commit', '-qm', 'project');
    site.write('dist/argocd/appproject-nnf-profiles.yaml', project(['ConfigMap', 'Secret']));
    site.write('dist/production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.21'));
    const run = runCli(['diff'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`## dist/ changes against \`HEAD\`

### Permissions

What Argo CD may deploy where, who may do what in the clusters, what the clusters admit: review these first.

- AppProject \`argocd/nnf-profiles\` changed in \`dist/argocd/\`
  - \`spec.namespaceResourceWhitelist\`: added \`{"group":"","kind":"Secret"}\`

### dist/production/

**Profiles changed**

- \`a\`
  - \`data.spec.containers[0].image\`: \`alpine:3.20\` → \`alpine:3.21\`
`);
  });

  test('compares with the revision --base names', () => {
    site.write('dist/production/nnfcontainerprofile-a.yaml', profile('a', 'alpine:3.21'));
    git(site.root, 'commit', '-qam', 'bump');
    expect(runCli(['diff'], site.root).stdout).toContain('No changes to dist/.');
    expect(runCli(['diff', '--base', 'HEAD~1'], site.root).stdout).toContain(
      '`data.spec.containers[0].image`: `alpine:3.20` → `alpine:3.21`',
    );
  });

  test('fails with status 2 when the base is no commit', () => {
    expect(runCli(['diff', '--base', 'no-such-branch'], site.root)).toEqual({
      status: 2,
      stdout: '',
      stderr: "nnf-profiles diff: 'no-such-branch' is not a commit in this repository\n",
    });
  });

  test('fails with status 2 on an unknown option or a stray argument', () => {
    expect(runCli(['diff', '--bogus'], site.root).status).toBe(2);
    expect(runCli(['diff', 'extra'], site.root).status).toBe(2);
  });

  test('--help shows examples', () => {
    const run = runCli(['diff', '--help'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: nnf-profiles diff [--base REF]');
    expect(run.stdout).toContain('Examples:\n  nnf-profiles diff\n');
  });
});
