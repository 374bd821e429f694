import * as fs from 'node:fs';
import * as path from 'node:path';
import { newCommand } from '../../src/cli/new';
import { UsageError } from '../../src/cli/command';
import { makeTempSite, runCli, siteSource, type TempSite } from '../helpers/temp-site';

describe('nnf-profiles new', () => {
  let site: TempSite;
  beforeEach(() => {
    site = makeTempSite({ 'site.ts': siteSource([{ name: 'new' }, { name: 'old', apiVersion: 'v1alpha6' }]) });
  });
  afterEach(() => site.remove());

  test('writes profiles/NAME.ts from the template, MPI or not, and from an example, and they synthesize', () => {
    const runs = [
      ['new', 'my-app'],
      ['new', 'my-mpi-app', '--mpi'],
      ['new', 'my-webserver', '--from', 'example-mpi-webserver'],
    ].map((args) => runCli(args, site.root));
    expect(runs.map((r) => [r.status, r.stdout, r.stderr])).toEqual([
      [0, "new: wrote profiles/my-app.ts; edit it, then run 'nnf-profiles synth'\n", ''],
      [0, "new: wrote profiles/my-mpi-app.ts (MPI template); edit it, then run 'nnf-profiles synth'\n", ''],
      [0, "new: wrote profiles/my-webserver.ts (a copy of example-mpi-webserver); edit it, then run 'nnf-profiles synth'\n", ''],
    ]);
    expect(fs.readFileSync(path.join(site.root, 'profiles/my-mpi-app.ts'), 'utf8')).toContain(
      "new MpiContainerProfile(scope, 'my-mpi-app', {",
    );
    const synth = runCli(['synth'], site.root);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(synth.stdout).toContain('synth: 3 profiles × 2 environments');
  });

  test('takes a pinned --image', () => {
    expect(runCli(['new', 'mine', '--image', 'ghcr.io/example/app:2.0.1'], site.root).status).toBe(0);
    expect(fs.readFileSync(path.join(site.root, 'profiles/mine.ts'), 'utf8')).toContain("image: 'ghcr.io/example/app:2.0.1',");
  });

  test('fails with status 1 when the file exists, and overwrites it with --force', () => {
    site.write('profiles/taken.ts', '// mine\n');
    expect(runCli(['new', 'taken'], site.root)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'nnf-profiles new: profiles/taken.ts exists; choose another name, or use --force to overwrite it\n',
    });
    expect(fs.readFileSync(path.join(site.root, 'profiles/taken.ts'), 'utf8')).toBe('// mine\n');
    expect(runCli(['new', 'taken', '--force'], site.root).status).toBe(0);
    expect(fs.readFileSync(path.join(site.root, 'profiles/taken.ts'), 'utf8')).toContain("new ContainerProfile(scope, 'taken', {");
  });

  test('fails with status 2 on a name no #DW container directive could select', () => {
    const run = runCli(['new', 'My_App'], site.root);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "nnf-profiles new: 'My_App' cannot be selected by any #DW container directive: profile names match ^[a-z][a-z0-9-]+$ " +
        '(lower-case letters, digits and -, starting with a letter, at least 2 characters)\n' +
        "Run 'nnf-profiles new --help' for usage.\n",
    );
    expect(fs.existsSync(path.join(site.root, 'profiles'))).toBe(false);
  });

  test('fails with status 2 on an unknown example, listing the known ones', () => {
    const run = runCli(['new', 'x1', '--from', 'example-nope'], site.root);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^nnf-profiles new: --from example-nope: no such example \(known: example-fail, example-forever, example-mpi, .*example-success\)\n/,
    );
  });

  test('fails with status 2 on conflicting options, a floating image, or no name', () => {
    expect(runCli(['new', 'x1', '--from', 'example-mpi', '--mpi'], site.root).stderr).toContain('--from copies an example as it is');
    expect(runCli(['new', 'x1', '--image', 'alpine'], site.root).status).toBe(2);
    expect(runCli(['new'], site.root).status).toBe(2);
  });

  test('--help shows examples', () => {
    const run = runCli(['new', '--help'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Examples:\n  nnf-profiles new my-app\n');
  });
});

describe('newCommand.run', () => {
  test('throws a usage error before touching anything', () => {
    expect(() => newCommand.run(['Bad'])).toThrow(UsageError);
  });
});
