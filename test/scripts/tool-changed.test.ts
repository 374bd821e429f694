import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { REPO_ROOT } from '../helpers/temp-site';

interface Decision {
  readonly tool: boolean;
  readonly reason: string;
}
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'tool-changed.js');

const toolChanged = require(SCRIPT) as {
  decide(files: readonly string[] | undefined): Decision;
  decideForEvent(options: { event?: string; base?: string; head?: string; cwd?: string }): Decision;
};

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

describe('scripts/tool-changed.js: whether CI runs the tool’s own tests', () => {
  test.each([
    [['profiles/app.ts'], false],
    [['profiles/common/images.ts', 'site.ts', 'dist/production/nnfcontainerprofile-app.yaml', 'dist/argocd/application-x.yaml'], false],
    [['profiles/app.ts', 'src/index.ts'], true],
    [['test/cli/check.test.ts'], true],
    [['bin/nnf-profiles.js'], true],
    [['scripts/tool-changed.js'], true],
    [['package.json'], true],
    [['package-lock.json'], true],
    [['.github/workflows/profiles.yml'], true],
    [['imports/schemas.json'], true],
    [['tsconfig.profiles.json'], true],
    [['jest.config.js'], true],
    [['.ci/run'], true],
    [['README.md'], true],
    [['a-new-folder/file.ts'], true],
    // Near misses of the site's paths are the tool's.
    [['profiles'], true],
    [['site.ts.bak'], true],
    [['src/profiles/app.ts'], true],
    [['distribution/x'], true],
  ])('%j → tests %s', (files, tool) => {
    expect(toolChanged.decide(files).tool).toBe(tool);
  });

  test('runs them when unsure: no list, an empty list', () => {
    expect(toolChanged.decide(undefined)).toEqual({ tool: true, reason: 'the changed files could not be listed' });
    expect(toolChanged.decide([]).tool).toBe(true);
  });

  describe('in a repository', () => {
    let repo: string;
    let base: string;
    beforeEach(() => {
      repo = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-tool-changed-'));
      git(repo, 'init', '-q');
      fs.mkdirSync(path.join(repo, 'profiles'));
      fs.mkdirSync(path.join(repo, 'src'));
      fs.writeFileSync(path.join(repo, 'profiles', 'app.ts'), 'app\n');
      fs.writeFileSync(path.join(repo, 'src', 'index.ts'), 'tool\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'base');
      base = git(repo, 'rev-parse', 'HEAD');
    });
    afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

    const commit = (change: () => void) => {
      change();
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'change');
    };
    const decideHere = (event: string, baseRev = base) => toolChanged.decideForEvent({ event, base: baseRev, cwd: repo });

    test('skips them for a pull request that changes only profiles/ and dist/', () => {
      commit(() => {
        fs.writeFileSync(path.join(repo, 'profiles', 'new.ts'), 'new\n');
        fs.mkdirSync(path.join(repo, 'dist'));
        fs.writeFileSync(path.join(repo, 'dist', 'new.yaml'), 'new\n');
      });
      expect(decideHere('pull_request')).toEqual({ tool: false, reason: 'only site files changed (2: profiles/, site.ts, dist/)' });
    });

    test('runs them for a pull request that also changes the tool, or moves a file out of profiles/', () => {
      commit(() => fs.renameSync(path.join(repo, 'profiles', 'app.ts'), path.join(repo, 'src', 'app.ts')));
      expect(decideHere('pull_request')).toEqual({
        tool: true,
        reason: '1 changed file(s) outside profiles/, site.ts and dist/: src/app.ts',
      });
    });

    test('counts what the pull request changes since the merge base, not what its base branch did since', () => {
      git(repo, 'checkout', '-q', '-b', 'pr');
      commit(() => fs.writeFileSync(path.join(repo, 'profiles', 'app.ts'), 'changed\n'));
      git(repo, 'checkout', '-q', '-');
      commit(() => fs.writeFileSync(path.join(repo, 'src', 'index.ts'), 'tool changed on the base\n'));
      const newBase = git(repo, 'rev-parse', 'HEAD');
      git(repo, 'checkout', '-q', 'pr');
      expect(decideHere('pull_request', newBase).tool).toBe(false);
    });

    test('runs them on a push, and when the base is missing or unknown', () => {
      commit(() => fs.writeFileSync(path.join(repo, 'profiles', 'app.ts'), 'changed\n'));
      expect(decideHere('push').tool).toBe(true);
      expect(decideHere('pull_request', '')).toEqual({ tool: true, reason: 'no base revision given' });
      expect(decideHere('pull_request', '0123456789abcdef0123456789abcdef01234567').reason).toMatch(/cannot be compared/);
      expect(decideHere('pull_request', '--output=/tmp/x').tool).toBe(true);
    });

    test('prints tool=… for $GITHUB_OUTPUT and why on standard error', () => {
      commit(() => fs.writeFileSync(path.join(repo, 'profiles', 'app.ts'), 'changed\n'));
      const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { cwd: repo, encoding: 'utf8' });
      const skipped = run('--event', 'pull_request', '--base', base);
      expect([skipped.status, skipped.stdout, skipped.stderr]).toEqual([
        0,
        'tool=false\n',
        'tool tests: skipped: only site files changed (1: profiles/, site.ts, dist/)\n',
      ]);
      const push = run('--event', 'push', '--base', '');
      expect([push.status, push.stdout]).toEqual([0, 'tool=true\n']);
      expect(run('--bogus').status).toBe(2);
    });
  });
});

describe('.github/workflows/profiles.yml', () => {
  interface Step {
    run?: string;
    uses?: string;
    with?: Record<string, unknown>;
  }
  interface Job {
    if?: string;
    needs?: string | string[];
    steps: Step[];
    strategy?: { matrix: { node: number[] } };
  }
  const workflow = yaml.load(fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', 'profiles.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
  };
  const runs = (job: Job) => job.steps.map((step) => step.run ?? step.uses ?? '');

  test('runs npm run check on every pull request and push to main, on Node.js 24', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    const check = workflow.jobs.check;
    expect(check.if).toBeUndefined();
    expect(runs(check)).toContain('npm run check');
    expect(runs(check)).not.toContain('npm test');
    expect(check.steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(24);
  });

  test("keeps synth's render cache between runs, restored after npm ci and keyed on the lock file", () => {
    const steps = runs(workflow.jobs.check);
    const cache = workflow.jobs.check.steps.find((step) => step.uses === 'actions/cache@v4');
    expect(steps.indexOf('actions/cache@v4')).toBeGreaterThan(steps.indexOf('npm ci'));
    expect(steps.indexOf('actions/cache@v4')).toBeLessThan(steps.indexOf('npm run check'));
    expect(cache?.with?.path).toBe('node_modules/.cache/nnf-profiles');
    expect(cache?.with?.key).toContain("hashFiles('package-lock.json')");
    expect(String(cache?.with?.['restore-keys']).trim()).toBe("nnf-profiles-${{ runner.os }}-${{ hashFiles('package-lock.json') }}-");
  });

  test('runs npm test unless scripts/tool-changed.js said false, and one job gates on both', () => {
    expect(runs(workflow.jobs.changes).some((run) => run.includes('node scripts/tool-changed.js'))).toBe(true);
    const test = workflow.jobs.test;
    expect(test.if).toBe("${{ !cancelled() && needs.changes.outputs.tool != 'false' }}");
    expect(runs(test)).toContain('npm test');
    expect(test.strategy?.matrix.node).toEqual([22, 24]);
    expect(workflow.jobs.profiles.needs).toEqual(['check', 'changes', 'test']);
    expect(workflow.jobs.profiles.if).toBe('${{ always() }}');
  });
});
