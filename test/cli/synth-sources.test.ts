import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempSite, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

const goodProfile = (name: string, comment = '') => `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
// ${comment}
export default (scope: Construct) => new ContainerProfile(scope, '${name}', { containers: [{ name: 'app', image: 'alpine:3.20' }] });
`;

// Assembled at run time: no token-looking literal and no bidirectional control sits in this file.
const TOKEN = ['dckr', 'pat', 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhx'].join('_');
const RLO = String.fromCodePoint(0x202e);
const BIDI_RISK = 'bidirectional control characters can make code read differently from how it runs (CVE-2021-42574); remove it';

describe('nnf-profiles synth checks every source file before rendering', () => {
  let site: TempSite;
  let before: Record<string, string>;
  const dist = () => snapshotDir(path.join(site.root, 'dist'));
  const link = (target: string, relative: string) => fs.symlinkSync(target, path.join(site.root, relative));
  /** Synth fails with exactly these errors, and dist/ is as the first synth left it. */
  const expectFailure = (errors: string[]) => {
    const run = runCli(['synth'], site.root);
    expect(run.stderr).toBe(
      `synth failed with ${errors.length} errors; dist/ was left as it was:\n${errors.map((e) => `  ${e}\n`).join('')}`,
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(dist()).toEqual(before);
    return run;
  };

  beforeEach(() => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'prod' }]),
      'profiles/good.ts': goodProfile('good'),
      'profiles/common/README.md': '# Shared code\n\nNotes in any script: données, 大小.\n',
      'profiles/common/images.json': '{ "app": "alpine:3.20" }\n',
    });
    expect(runCli(['synth'], site.root).status).toBe(0);
    before = dist();
  });
  afterEach(() => site.remove());

  test('accepts text files of any type beside the profiles', () => {
    const run = runCli(['synth'], site.root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('fails when profiles/ holds symbolic links, dangling or not, naming each, without a stack trace', () => {
    link('missing.ts', 'profiles/dangling.ts');
    link('good.ts', 'profiles/alias.ts');
    link('../../src', 'profiles/common/lib');
    expectFailure([
      'profiles/alias.ts is a symbolic link; profiles/ holds regular files only: copy the file in instead',
      'profiles/common/lib is a symbolic link; profiles/ holds regular files only: copy the directory in instead',
      'profiles/dangling.ts is a dangling symbolic link; profiles/ holds regular files only: copy the file in instead',
    ]);
  });

  test('fails when site.ts is a symbolic link, dangling or not', () => {
    fs.renameSync(path.join(site.root, 'site.ts'), path.join(site.root, 'real-site.ts'));
    link('real-site.ts', 'site.ts');
    const run = runCli(['synth'], site.root);
    expect(run.stderr).toBe(
      'synth failed with 1 error; dist/ was left as it was:\n  site.ts is a symbolic link; site.ts must be a regular file: copy the file in instead\n',
    );
    expect(run.status).toBe(1);
    fs.rmSync(path.join(site.root, 'site.ts'));
    fs.rmSync(path.join(site.root, 'real-site.ts'));
    link('real-site.ts', 'site.ts');
    const dangling = runCli(['synth'], site.root);
    expect(dangling.stderr).toContain('  site.ts is a dangling symbolic link; site.ts must be a regular file: copy the file in instead\n');
    expect(dangling.stderr).not.toMatch(/\n\s+at /);
    expect(dangling.status).toBe(1);
    expect(dist()).toEqual(before);
  });

  test('fails when a source holds a bidirectional control, invalid UTF-8 or NUL bytes, never printing the character', () => {
    site.write('profiles/good.ts', goodProfile('good', `access: user ${RLO} admin`));
    fs.writeFileSync(
      path.join(site.root, 'profiles/common/notes.md'),
      Buffer.concat([Buffer.from('# Notes\n\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    fs.writeFileSync(
      path.join(site.root, 'profiles/common/logo.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
    );
    const run = expectFailure([
      'profiles/common/logo.png is a binary file (it holds NUL bytes); profiles/ and site.ts hold source text that reviewers can read: remove it',
      'profiles/common/notes.md is not valid UTF-8 at line 3; save it as UTF-8',
      `profiles/good.ts:3:17: U+202E RIGHT-TO-LEFT OVERRIDE: ${BIDI_RISK}`,
    ]);
    expect(run.stderr).not.toContain(RLO);
  });

  test('fails when a token sits in a Markdown, JSON or YAML file below profiles/, naming file and line, never the token', () => {
    site.write('profiles/common/README.md', `# Shared code\n\nRegistry login: ${TOKEN}\n`);
    site.write('profiles/common/registry.json', `{\n  "token": "${TOKEN}"\n}\n`);
    site.write('profiles/values/prod.yaml', `registry:\n  user: robot\n  token: ${TOKEN}\n`);
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('synth failed with 3 errors; dist/ was left as it was:');
    expect(lines.slice(1).map((l) => l.trim().replace(/ in clear text\..*$/, ''))).toEqual([
      'profiles/common/README.md:3: a Docker Hub personal access token is',
      'profiles/common/registry.json:2: a Docker Hub personal access token is',
      'profiles/values/prod.yaml:3: a Docker Hub personal access token is',
    ]);
    expect(run.stderr).not.toContain(TOKEN.slice(9, 20));
    expect(dist()).toEqual(before);
  });
});
