import * as fs from 'node:fs';
import * as path from 'node:path';
import { directivesCommand, loadEnvironmentProfiles, ProjectError, useColour } from '../../src/cli/directives';
import { UsageError } from '../../src/cli/command';
import { directivesText } from '../../src/dws';
import { runInProcess, shippedProfile } from '../helpers/in-process';
import { makeTempSite, REPO_ROOT, runCli, siteSource, type TempSite } from '../helpers/temp-site';

describe('directives command (in process)', () => {
  test("prints the lines of a profile of the first environment, in its workload manager's form (production: Flux)", async () => {
    const run = await runInProcess(directivesCommand, ['red-rock-slushy']);
    expect(run).toEqual({ status: 0, stdout: directivesText(shippedProfile('production', 'red-rock-slushy'), 'flux'), stderr: '' });
  });

  test('--env picks the environment', async () => {
    const run = await runInProcess(directivesCommand, ['mpi-red-rock-slushy', '--env', 'legacy']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(directivesText(shippedProfile('legacy', 'mpi-red-rock-slushy')));
  });

  test("--form prints another form than the environment's; legacy's own is bare #DW lines", async () => {
    const red = shippedProfile('production', 'red-rock-slushy');
    expect((await runInProcess(directivesCommand, ['red-rock-slushy', '--form', 'slurm'])).stdout).toBe(directivesText(red, 'slurm'));
    const command = await runInProcess(directivesCommand, ['red-rock-slushy', '--form', 'command']);
    expect(command.stdout.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'flux batch --setattr=dw="#DW jobdw type=<gfs2|lustre> capacity=<N>GiB name=foo-local-storage #DW persistentdw name=<foo-persistent-storage> ' +
        '#DW container name=red-rock-slushy profile=red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_PERSISTENT_foo_persistent_storage=<foo-persistent-storage>" job.sh',
    ]);
    const legacy = await runInProcess(directivesCommand, ['red-rock-slushy', '--env', 'legacy']);
    expect(legacy.stdout).toBe(directivesText(shippedProfile('legacy', 'red-rock-slushy'), 'slurm'));
    expect(legacy.stdout).not.toContain('#FLUX:');
    await expect(runInProcess(directivesCommand, ['red-rock-slushy', '--form', 'pbs'])).rejects.toThrow(
      new UsageError('--form pbs: not one of flux, slurm, command'),
    );
  });

  test('an unknown profile exits 2 listing the known ones', async () => {
    const run = await runInProcess(directivesCommand, ['red-rock-slushie']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "nnf-profiles directives: no profile 'red-rock-slushie' in environment production (profiles: mpi-red-rock-slushy, red-rock-slushy)",
    );
  });

  test('usage errors: no name, two names, an unknown environment, an unknown option', async () => {
    await expect(runInProcess(directivesCommand, [])).rejects.toThrow(new UsageError('name exactly one profile'));
    await expect(runInProcess(directivesCommand, ['a', 'b'])).rejects.toThrow(UsageError);
    await expect(runInProcess(directivesCommand, ['red-rock-slushy', '--env', 'staging'])).rejects.toThrow(
      new UsageError('--env staging: no such environment in site.ts (environments: production, legacy)'),
    );
    await expect(runInProcess(directivesCommand, ['red-rock-slushy', '--colour'])).rejects.toThrow(UsageError);
  });

  test('its help has usage and examples', () => {
    expect(directivesCommand.help).toMatch(/^Usage: nnf-profiles directives NAME \[--env ENV\] \[--form flux\|slurm\|command\]\n/);
    expect(directivesCommand.help).toContain('Examples:\n  nnf-profiles directives red-rock-slushy\n');
  });

  test('colour only on a terminal, and never with NO_COLOR or FORCE_COLOR=0', () => {
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR, TERM: process.env.TERM };
    try {
      delete process.env.NO_COLOR;
      delete process.env.FORCE_COLOR;
      process.env.TERM = 'xterm';
      expect(useColour({ isTTY: true } as NodeJS.WriteStream)).toBe(true);
      expect(useColour({ isTTY: false } as NodeJS.WriteStream)).toBe(false);
      process.env.NO_COLOR = '1';
      expect(useColour({ isTTY: true } as NodeJS.WriteStream)).toBe(false);
      delete process.env.NO_COLOR;
      process.env.FORCE_COLOR = '0';
      expect(useColour({ isTTY: true } as NodeJS.WriteStream)).toBe(false);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('loadEnvironmentProfiles', () => {
  let site: TempSite;
  afterEach(() => site?.remove());

  test('renders the profiles of one environment of any site', () => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'only', apiVersion: 'v1alpha8' }]),
      'profiles/tiny.ts': `import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
const scratch = Storage.job('scratch');
export default (scope: Construct) => new ContainerProfile(scope, 'tiny', { storages: [scratch], userID: 1001, containers: [{ name: 'app', image: 'alpine:3.20' }] });
`,
    });
    const loaded = loadEnvironmentProfiles(undefined, site.root);
    expect(loaded.environment).toBe('only');
    expect(loaded.apiVersion).toBe('v1alpha8');
    expect(loaded.profiles.map((p) => [p.apiVersion, p.metadata?.name, p.data?.userID])).toEqual([
      ['nnf.cray.hpe.com/v1alpha8', 'tiny', 1001],
    ]);
  });

  test('a site that does not render is a ProjectError with its messages', () => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'only' }]),
      'profiles/broken.ts': `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
export default (scope: Construct) => new ContainerProfile(scope, 'Broken_Name', { containers: [{ name: 'app', image: 'alpine:3.20' }] });
`,
    });
    let caught: unknown;
    try {
      loadEnvironmentProfiles('only', site.root);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProjectError);
    expect((caught as ProjectError).errors.join('\n')).toContain('profiles/broken.ts: profile name "Broken_Name"');
  });
});

// The subprocess tests need the command registered in src/cli/main.ts.
const registered = fs.readFileSync(path.join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'utf8').includes('directivesCommand');
(registered ? describe : describe.skip)(
  `nnf-profiles directives (subprocess)${registered ? '' : ' (skipped: directivesCommand is not registered in src/cli/main.ts yet)'}`,
  () => {
    test('prints the lines, uncoloured when stdout is not a terminal', () => {
      const run = runCli(['directives', 'red-rock-slushy']);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(`${directivesText(shippedProfile('production', 'red-rock-slushy'), 'flux')}\n`);
      expect(run.stdout).not.toContain('\x1b[');
      expect(run.status).toBe(0);
    });

    test('--env legacy renders the PodSpec-era profile; the lines are the same', () => {
      const run = runCli(['directives', 'mpi-red-rock-slushy', '--env', 'legacy']);
      expect(run.stdout).toBe(`${directivesText(shippedProfile('legacy', 'mpi-red-rock-slushy'))}\n`);
      expect(run.status).toBe(0);
    });

    test('exit status 2 for an unknown profile, environment or option', () => {
      const unknown = runCli(['directives', 'nope']);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain("no profile 'nope' in environment production (profiles: mpi-red-rock-slushy,");
      const env = runCli(['directives', 'red-rock-slushy', '--env', 'nope']);
      expect(env.status).toBe(2);
      expect(env.stderr).toBe(
        "nnf-profiles directives: --env nope: no such environment in site.ts (environments: production, legacy)\nRun 'nnf-profiles directives --help' for usage.\n",
      );
      expect(runCli(['directives', 'red-rock-slushy', '--bogus']).status).toBe(2);
    });

    test('--help', () => {
      const run = runCli(['directives', '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Usage: nnf-profiles directives NAME [--env ENV]');
    });

    test('main usage lists the command', () => {
      expect(runCli(['--help']).stdout).toMatch(/\n {2}directives +print the #DW lines a job script needs to run a profile\n/);
    });
  },
);
