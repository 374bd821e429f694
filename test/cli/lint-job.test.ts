import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { UsageError } from '../../src/cli/command';
import { lintJobCommand } from '../../src/cli/lint-job';
import { fill } from '../../src/dws';
import { runInProcess, shippedProfile } from '../helpers/in-process';
import { CLI, makeTempSite, REPO_ROOT, runCli, siteSource, type TempSite } from '../helpers/temp-site';

const FIXTURES = path.join('test', 'fixtures', 'jobs');
const fixture = (name: string) => path.join(FIXTURES, name);

/** What lint-job prints for fixtures/jobs/mistakes.sh against the shipped production profiles. */
const MISTAKES = [
  "test/fixtures/jobs/mistakes.sh:3: capacity '10G' does not match <digits><unit> with a unit of KiB, KB, MiB, MB, GiB, GB, TiB, TB; write e.g. 10GiB [job/capacity]",
  "test/fixtures/jobs/mistakes.sh:3: name 'Scratch' does not match ^[a-z][a-z0-9-]+$; use lower-case letters, digits and -, starting with a letter (at least 2 characters) [job/name]",
  "warning: test/fixtures/jobs/mistakes.sh:4: this looks like a #DW directive but is not one, so it is ignored; a directive line begins with '#DW' in upper case followed by a space, e.g. '#DW jobdw ...' [job/near-miss]",
  "test/fixtures/jobs/mistakes.sh:5: 'jbodw' is not a #DW directive (known: jobdw, persistentdw, create_persistent, destroy_persistent, container, copy_in, copy_out); did you mean 'jobdw'? [job/unknown-directive]",
  "test/fixtures/jobs/mistakes.sh:6: name 'c' does not match ^[a-z][a-z0-9-]+$; use lower-case letters, digits and -, starting with a letter (at least 2 characters) [job/name]",
  'test/fixtures/jobs/mistakes.sh:6: DW_JOB_foo_local_storage=Scratch names the #DW jobdw on line 3, of type xfs, and a container can mount only gfs2 and lustre; use type=gfs2 or type=lustre there [job/storage-type]',
  "test/fixtures/jobs/mistakes.sh:6: there is no profile 'red-rock-slush' in environment production; did you mean 'red-rock-slushy'? (profiles: mpi-red-rock-slushy, red-rock-slushy); pick one ('nnf-profiles directives NAME' prints the lines that use it) [job/unknown-profile]",
  'warning: test/fixtures/jobs/mistakes.sh:8: this #DW line comes after the first command (line 7), and Slurm reads directives only above it; move it up with the other #DW and #SBATCH lines [job/after-commands]',
  'test/fixtures/jobs/mistakes.sh:8: only one #DW container directive is allowed per job and there is one on line 6; run the other container in its own job [job/single-container]',
  "test/fixtures/jobs/mistakes.sh:8: profile red-rock-slushy requires DW_JOB_foo_local_storage (it is not optional); add DW_JOB_foo_local_storage=NAME to #DW container and a '#DW jobdw type=gfs2 capacity=... name=NAME' line [job/storage-missing]",
].join('\n');

describe('lint-job command (in process)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-lint-job-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a good script: exit 0, a summary, nothing on stderr', async () => {
    const run = await runInProcess(lintJobCommand, [fixture('slurm-red-rock-slushy.sh'), fixture('mpi-red-rock-slushy.sh')]);
    expect(run).toEqual({
      status: 0,
      stdout: 'lint-job: 2 files, 5 directives checked, 0 errors, 0 warnings (checked against the profiles of production)',
      stderr: '',
    });
  });

  test('a bad script: exit 1, each finding as file:line: message [rule], warnings prefixed', async () => {
    const run = await runInProcess(lintJobCommand, [fixture('mistakes.sh')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(MISTAKES);
    expect(run.stdout).toBe('lint-job: 1 file, 4 directives checked, 8 errors, 2 warnings (checked against the profiles of production)');
  });

  test("the issue's Flux script: the unknown profile on line 3, and the directives counted", async () => {
    const file = path.join(dir, 'flux-issue.sh');
    fs.writeFileSync(
      file,
      '#FLUX: --setattr=dw="""\n#FLUX: #DW jobdw type=gfs2 capacity=100GiB name=my-gfs2\n' +
        '#FLUX: #DW container name=my-container profile=no-such-profile DW_JOB_foo_local_storage=my-gfs2\n#FLUX: """\n',
    );
    const run = await runInProcess(lintJobCommand, [file]);
    expect(run).toEqual({
      status: 1,
      stdout: 'lint-job: 1 file, 2 directives checked, 1 error, 0 warnings (checked against the profiles of production)',
      stderr: `${file}:3: there is no profile 'no-such-profile' in environment production (profiles: mpi-red-rock-slushy, red-rock-slushy); pick one ('nnf-profiles directives NAME' prints the lines that use it) [job/unknown-profile]`,
    });
  });

  test('a script without directives: a warning, and 0 directives checked in the summary', async () => {
    const file = path.join(dir, 'none.sh');
    fs.writeFileSync(file, '#!/bin/bash\nflux run hostname\n');
    const run = await runInProcess(lintJobCommand, [file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('lint-job: 1 file, 0 directives checked, 0 errors, 1 warning (checked against the profiles of production)');
    expect(run.stderr).toMatch(
      new RegExp(`^warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: found no directive to check: .* \\[job/no-directives\\]$`),
    );
  });

  test('--dw checks a dw value as it is, alone or with files, reported as (--dw):LINE', async () => {
    const alone = await runInProcess(lintJobCommand, [
      '--dw',
      '#DW jobdw type=gfs2 capacity=1GiB name=aa\n#DW container name=cc profile=red-rock-slushy DW_JOB_foo_local_storage=ab',
    ]);
    expect(alone).toEqual({
      status: 1,
      stdout: 'lint-job: 1 --dw value, 2 directives checked, 1 error, 0 warnings (checked against the profiles of production)',
      stderr:
        "(--dw):2: DW_JOB_foo_local_storage=ab needs a '#DW jobdw ... name=ab' in this job, and there is none; add it or use the name of an existing one [job/jobdw-missing]",
    });
    const withFile = await runInProcess(lintJobCommand, [
      '--dw',
      '#DW persistentdw name=shared',
      '--dw',
      '#DW destroy_persistent name=old',
      fixture('slurm-red-rock-slushy.sh'),
    ]);
    expect(withFile).toEqual({
      status: 0,
      stdout: 'lint-job: 1 file and 2 --dw values, 4 directives checked, 0 errors, 0 warnings (checked against the profiles of production)',
      stderr: '',
    });
  });

  test('warnings alone exit 0', async () => {
    const file = path.join(dir, 'late.sh');
    fs.writeFileSync(file, '#!/bin/bash\nsrun true\n#DW jobdw type=gfs2 capacity=1GiB name=late\n');
    const run = await runInProcess(lintJobCommand, [file]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      `warning: ${file}:3: this #DW line comes after the first command (line 2), and Slurm reads directives only above it; move it up with the other #DW and #SBATCH lines [job/after-commands]`,
    );
  });

  test('--uid and --gid check the restriction; --profiles reads profiles from YAML instead of the site', async () => {
    const restricted = {
      ...shippedProfile('production', 'red-rock-slushy'),
      data: { ...shippedProfile('production', 'red-rock-slushy').data, userID: 1001 },
    };
    const profiles = path.join(dir, 'profiles.yaml');
    fs.writeFileSync(profiles, yaml.dump({ apiVersion: 'v1', kind: 'List', items: [restricted] }));
    const ok = await runInProcess(lintJobCommand, ['--profiles', profiles, '--uid', '1001', fixture('slurm-red-rock-slushy.sh')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`lint-job: 1 file, 2 directives checked, 0 errors, 0 warnings (checked against 1 profile of ${profiles})`);
    const wrong = await runInProcess(lintJobCommand, [
      '--profiles',
      profiles,
      '--uid',
      '1000',
      '--gid',
      '5',
      fixture('slurm-red-rock-slushy.sh'),
    ]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe(
      'test/fixtures/jobs/slurm-red-rock-slushy.sh:8: profile red-rock-slushy may be used only by jobs run as uid 1001 (data.userID), and this job runs as uid 1000; use another profile or ask the administrator [job/profile-uid]',
    );
  });

  test('unusable input exits 2: a missing script, a missing or broken --profiles file', async () => {
    const missing = await runInProcess(lintJobCommand, [fixture('slurm-red-rock-slushy.sh'), path.join(dir, 'nope.sh')]);
    expect(missing).toEqual({
      status: 2,
      stdout: '',
      stderr: `nnf-profiles lint-job: ${path.join(dir, 'nope.sh')}: cannot read it (ENOENT)`,
    });
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'a: [\n');
    expect((await runInProcess(lintJobCommand, ['--profiles', broken, fixture('slurm-red-rock-slushy.sh')])).status).toBe(2);
    expect(
      (await runInProcess(lintJobCommand, ['--profiles', path.join(dir, 'none.yaml'), fixture('slurm-red-rock-slushy.sh')])).status,
    ).toBe(2);
  });

  test('usage errors', async () => {
    await expect(runInProcess(lintJobCommand, [])).rejects.toThrow(
      new UsageError('name at least one job script (or - for standard input), or give --dw DIRECTIVES'),
    );
    await expect(runInProcess(lintJobCommand, ['--uid', 'root', 'x.sh'])).rejects.toThrow(
      new UsageError('--uid root: not a non-negative integer'),
    );
    await expect(runInProcess(lintJobCommand, ['--gid', '-1', 'x.sh'])).rejects.toThrow(UsageError);
    await expect(runInProcess(lintJobCommand, ['--env', 'legacy', '--profiles', 'p.yaml', 'x.sh'])).rejects.toThrow(UsageError);
    await expect(runInProcess(lintJobCommand, ['-', '-'])).rejects.toThrow(new UsageError('standard input (-) can be read once'));
    await expect(runInProcess(lintJobCommand, ['--env', 'staging', fixture('slurm-red-rock-slushy.sh')])).rejects.toThrow(
      new UsageError('--env staging: no such environment in site.ts (environments: production, legacy)'),
    );
  });
});

const registered = fs.readFileSync(path.join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'utf8').includes('lintJobCommand');
(registered ? describe : describe.skip)(
  `nnf-profiles lint-job (subprocess)${registered ? '' : ' (skipped: lintJobCommand is not registered in src/cli/main.ts yet)'}`,
  () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-lint-job-cli-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    // Each environment's own form (production: flux, legacy: slurm), and every --form.
    test.each([
      ['production', 'red-rock-slushy', 'its own', [], '\n#FLUX: --setattr=dw="""\n#FLUX: #DW jobdw type=<gfs2|lustre>'],
      ['production', 'mpi-red-rock-slushy', 'its own', [], '\n#FLUX: #DW container name=mpi-red-rock-slushy'],
      ['legacy', 'red-rock-slushy', 'its own', [], '\n#DW container name=red-rock-slushy'],
      ['legacy', 'mpi-red-rock-slushy', 'its own', [], '\n#DW jobdw type=<gfs2|lustre>'],
      ['production', 'red-rock-slushy', 'slurm', ['--form', 'slurm'], '\n#DW persistentdw name=<'],
      ['legacy', 'red-rock-slushy', 'flux', ['--form', 'flux'], '\n#FLUX: """\n'],
      ['production', 'mpi-red-rock-slushy', 'command', ['--form', 'command'], '\nflux batch --setattr=dw="#DW jobdw type=<gfs2|lustre>'],
    ])('what `directives` prints for %s %s in %s form passes once its placeholders are filled', (env, name, _form, form, shape) => {
      const printed = runCli(['directives', name, '--env', env, ...(form as string[])]);
      expect(printed.status).toBe(0);
      expect(printed.stdout).toContain(shape);
      const script = path.join(dir, `${env}-${name}-${(form as string[]).join('')}.sh`);
      fs.writeFileSync(script, `#!/bin/bash\n${fill(printed.stdout)}flux run ./app\n`);
      const run = runCli(['lint-job', '--env', env, script]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(`lint-job: 1 file, 3 directives checked, 0 errors, 0 warnings (checked against the profiles of ${env})\n`);
      expect(run.status).toBe(0);
      // Unfilled, the placeholders fail it.
      fs.writeFileSync(script, printed.stdout);
      const unfilled = runCli(['lint-job', '--env', env, script]);
      expect(unfilled.status).toBe(1);
      expect(
        unfilled.stderr
          .trim()
          .split('\n')
          .every((line) => line.endsWith('[job/placeholder]')),
      ).toBe(true);
    });

    test('exit 1 with the findings of a bad script on stderr', () => {
      const run = runCli(['lint-job', fixture('mistakes.sh')]);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`${MISTAKES}\n`);
      expect(run.stdout).toBe(
        'lint-job: 1 file, 4 directives checked, 8 errors, 2 warnings (checked against the profiles of production)\n',
      );
    });

    test('reads standard input as -', () => {
      const script = fs
        .readFileSync(path.join(REPO_ROOT, fixture('slurm-red-rock-slushy.sh')), 'utf8')
        .replace('red-rock-slushy', 'red-rock-slush');
      const run = spawnSync(process.execPath, [CLI, 'lint-job', '-'], { cwd: REPO_ROOT, input: script, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^\(stdin\):8: there is no profile 'red-rock-slush' in environment production; did you mean 'red-rock-slushy'\?/,
      );
    });

    test('exit 2 for unusable input and usage errors', () => {
      const missing = runCli(['lint-job', 'no-such-job.sh']);
      expect(missing).toEqual({ status: 2, stdout: '', stderr: 'nnf-profiles lint-job: no-such-job.sh: cannot read it (ENOENT)\n' });
      const uid = runCli(['lint-job', '--uid', 'me', fixture('slurm-red-rock-slushy.sh')]);
      expect(uid.status).toBe(2);
      expect(uid.stderr).toBe(
        "nnf-profiles lint-job: --uid me: not a non-negative integer\nRun 'nnf-profiles lint-job --help' for usage.\n",
      );
      expect(runCli(['lint-job']).status).toBe(2);
      expect(runCli(['lint-job', '--nope', 'x.sh']).status).toBe(2);
    });

    test('a site that does not render is unusable input (exit 2), with its errors', () => {
      let site: TempSite | undefined;
      try {
        site = makeTempSite({
          'site.ts': siteSource([{ name: 'only' }]),
          'profiles/broken.ts': `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
export default (scope: Construct) => new ContainerProfile(scope, 'Broken_Name', { containers: [{ name: 'app', image: 'alpine:3.20' }] });
`,
        });
        site.write('job.sh', '#DW container name=app profile=broken\n');
        const run = runCli(['lint-job', 'job.sh'], site.root);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('profiles/broken.ts: profile name "Broken_Name"');
        expect(run.stderr).toContain(
          'nnf-profiles lint-job: the site does not render, so there are no profiles to check against; fix the errors above or use --profiles\n',
        );
      } finally {
        site?.remove();
      }
    });

    test('--help and the main usage', () => {
      const help = runCli(['lint-job', '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(
        'Usage: nnf-profiles lint-job [--env ENV] [--uid N] [--gid N] [--profiles FILE]... [--dw DIRECTIVES]... [FILE...]',
      );
      expect(runCli(['--help']).stdout).toMatch(/\n {2}lint-job +check the #DW directives of job scripts against the profiles\n/);
    });
  },
);
