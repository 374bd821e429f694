import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/cli/main';
import {
  commandSynopsis,
  helpOptions,
  markedBlock,
  README_SYNOPSIS_MARKER,
  readmeSynopsis,
  replaceMarkedBlock,
  usageLines,
} from '../../src/cli/synopsis';
import { makeTempSite, REPO_ROOT, runCli, type TempSite } from '../helpers/temp-site';

/** README.md must be something a newcomer can follow: its example works, its synopsis is complete. */

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const EXAMPLE_MARKER = '<!-- readme-example: profiles/my-app.ts ';

/** The fenced block after the line that begins with `prefix` (an HTML comment). */
function blockAfter(prefix: string): string {
  const at = README.indexOf(prefix);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(README.indexOf(prefix, at + 1)).toBe(-1);
  const marker = README.slice(at, README.indexOf('\n', at));
  const block = markedBlock(README, marker);
  if (!block) throw new Error(`README.md: no fenced block right after ${marker}`);
  return block.content;
}

describe('README.md "Command line": the synopsis', () => {
  test("is what the commands' own --help gives (node scripts/readme-synopsis.js --write)", () => {
    expect(blockAfter(README_SYNOPSIS_MARKER)).toBe(readmeSynopsis());
  });

  test('lists every command main.ts registers and every option of its --help', () => {
    const synopsis = readmeSynopsis();
    for (const command of COMMANDS) {
      const lines = synopsis
        .split('\n')
        .filter((line) => line.startsWith(`nnf-profiles ${command.name} `) || line === `nnf-profiles ${command.name}`);
      expect(lines.length).toBeGreaterThan(0);
      for (const option of helpOptions(command.help))
        expect([command.name, lines.join('\n')]).toEqual([command.name, expect.stringContaining(option.flag)]);
    }
    expect(synopsis).toContain('nnf-profiles new NAME [--mpi] [--image IMAGE] [--force]\n');
    expect(synopsis).toMatch(/^nnf-profiles lint-job .*\[--profiles FILE\]/m);
    expect(synopsis).toMatch(/^nnf-profiles synth .*\[--timeout SECONDS\]/m);
  });

  test('changes when a command gains an option, even one its Usage line leaves out', () => {
    const help = 'Usage: nnf-profiles demo NAME [--a]\n\nText.\n\nOptions:\n  --a         one\n  -h, --help  show this help\n';
    const gained = help.replace('  -h, --help', '  --out DIR   where\n              (continued)\n  -q, --quiet no output\n  -h, --help');
    expect(helpOptions(gained)).toEqual([{ flag: '--a' }, { flag: '--out', argument: 'DIR' }, { flag: '--quiet' }]);
    expect(readmeSynopsis([{ name: 'demo', help }])).toBe('nnf-profiles demo NAME [--a]\n');
    expect(readmeSynopsis([{ name: 'demo', help: gained }])).toBe('nnf-profiles demo NAME [--a] [--out DIR] [--quiet]\n');
    // A prefix of another option's flag does not count as shown.
    expect(commandSynopsis({ name: 'demo', help: help.replace('[--a]', '[--ab]') })).toEqual(['nnf-profiles demo NAME [--ab] [--a]']);
    expect(() => helpOptions(help.replace('  --a ', '  -a  '))).toThrow('an option line');
  });

  test('takes every usage line of a help, and refuses a help without one', () => {
    expect(usageLines('Usage: nnf-profiles new NAME [--mpi]\n       nnf-profiles new NAME --from EXAMPLE\n\nText')).toEqual([
      'nnf-profiles new NAME [--mpi]',
      'nnf-profiles new NAME --from EXAMPLE',
    ]);
    expect(() => readmeSynopsis([{ name: 'demo', help: 'Demo.\n' }])).toThrow("has no 'Usage:' line");
    expect(() => readmeSynopsis([{ name: 'demo', help: 'Usage: nnf-profiles other\n' }])).toThrow("is not for 'nnf-profiles demo'");
  });

  test('replaceMarkedBlock replaces only the block after the marker', () => {
    const text = `a\n\`\`\`\nx\n\`\`\`\n${README_SYNOPSIS_MARKER}\n\`\`\`\nold\n\`\`\`\nb\n`;
    expect(replaceMarkedBlock(text, README_SYNOPSIS_MARKER, 'new\nlines\n')).toBe(
      `a\n\`\`\`\nx\n\`\`\`\n${README_SYNOPSIS_MARKER}\n\`\`\`\nnew\nlines\n\`\`\`\nb\n`,
    );
  });

  test('scripts/readme-synopsis.js prints it, and --check passes', () => {
    const print = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'readme-synopsis.js')], { encoding: 'utf8' });
    expect([print.status, print.stderr]).toEqual([0, '']);
    expect(print.stdout).toBe(readmeSynopsis());
    const check = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'readme-synopsis.js'), '--check'], { encoding: 'utf8' });
    expect([check.status, check.stderr]).toEqual([0, '']);
  });
});

describe('README.md "Adding a profile": the example, copied into the shipped site', () => {
  let site: TempSite;
  const example = blockAfter(EXAMPLE_MARKER);

  beforeAll(() => {
    site = makeTempSite({ 'site.ts': fs.readFileSync(path.join(REPO_ROOT, 'site.ts'), 'utf8') });
    fs.cpSync(path.join(REPO_ROOT, 'profiles'), path.join(site.root, 'profiles'), { recursive: true });
    // For the type check: `constructs` and @types/node, as in the repository.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(site.root, 'node_modules'));
    site.write('profiles/my-app.ts', example);
  });
  afterAll(() => site.remove());

  test('is the profile file it says it is', () => {
    expect(example.split('\n')[0]).toBe('// profiles/my-app.ts');
    expect(example).toContain("new ContainerProfile(scope, 'my-app', {");
  });

  test('type-checks', () => {
    site.write(
      'tsconfig.json',
      JSON.stringify({
        extends: path.join(REPO_ROOT, 'tsconfig.json'),
        compilerOptions: { types: ['node'] },
        include: [],
        files: ['profiles/my-app.ts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', site.root],
      { encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  test('synthesizes, without a warning, into every environment', () => {
    const synth = runCli(['synth'], site.root);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(synth.stdout).toContain('synth: 3 profiles × 2 environments');
    for (const environment of ['production', 'legacy']) {
      const rendered = fs.readFileSync(path.join(site.root, 'dist', environment, 'nnfcontainerprofile-my-app.yaml'), 'utf8');
      expect(rendered).toContain('name: my-app\n');
      expect(rendered).toContain('image: dean/red-rock-slushy:v1.0');
      expect(rendered).toContain('- $(DW_JOB_scratch)/input');
      expect(rendered).toContain('--results=$(DW_JOB_scratch)/out');
    }
  });
});
