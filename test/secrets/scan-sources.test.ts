import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverProfileFiles, listSourceFiles } from '../../src/synth/discover';
import { scanSources } from '../../src/secrets/scan-sources';

// Assembled at run time: no token-looking literal sits in the repository.
const TOKEN = ['dckr', 'pat', 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhx'].join('_');
const PROFILE = 'export default () => undefined;\n';

describe('listSourceFiles and scanSources', () => {
  let root: string;
  const scan = () => scanSources(root, listSourceFiles(root));
  const write = (relative: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  };
  const link = (target: string, relative: string) => fs.symlinkSync(target, path.join(root, relative));
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-scan-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('lists site.ts and every regular file below profiles/, whatever its type', () => {
    write('site.ts', 'export default {};\n');
    write('profiles/b.ts', PROFILE);
    write('profiles/a.ts', PROFILE);
    write('profiles/common/README.md', '# shared\n');
    write('profiles/common/data/images.json', '{}\n');
    write('profiles/.gitkeep', '');
    write('src/not-scanned.ts', `const t = '${TOKEN}';\n`);
    expect(listSourceFiles(root)).toEqual({
      files: [
        'site.ts',
        'profiles/.gitkeep',
        'profiles/a.ts',
        'profiles/b.ts',
        'profiles/common/README.md',
        'profiles/common/data/images.json',
      ],
      problems: [],
    });
    expect(scan()).toEqual([]);
  });

  test('has nothing to say about a site without profiles/ or site.ts', () => {
    expect(listSourceFiles(root)).toEqual({ files: [], problems: [] });
    expect(scan()).toEqual([]);
  });

  test('fails when profiles/ holds symbolic links, dangling or not, to files or directories, anywhere below it', () => {
    write('site.ts', 'export default {};\n');
    write('profiles/real.ts', PROFILE);
    fs.mkdirSync(path.join(root, 'elsewhere'));
    link('missing.ts', 'profiles/dangling.ts');
    link('real.ts', 'profiles/alias.ts');
    link('../elsewhere', 'profiles/common');
    fs.mkdirSync(path.join(root, 'profiles/nested'));
    link('../../site.ts', 'profiles/nested/site-copy.ts');
    link('loop', 'profiles/loop');
    expect(listSourceFiles(root).problems).toEqual([
      'profiles/alias.ts is a symbolic link; profiles/ holds regular files only: copy the file in instead',
      'profiles/common is a symbolic link; profiles/ holds regular files only: copy the directory in instead',
      'profiles/dangling.ts is a dangling symbolic link; profiles/ holds regular files only: copy the file in instead',
      'profiles/loop is a dangling symbolic link; profiles/ holds regular files only: copy the file in instead',
      'profiles/nested/site-copy.ts is a symbolic link; profiles/ holds regular files only: copy the file in instead',
    ]);
    // Discovery lists the regular profile only, and does not fail on the links.
    expect(discoverProfileFiles(root)).toEqual(['profiles/real.ts']);
    expect(scan()).toHaveLength(5);
  });

  test('fails when site.ts or profiles itself is a symbolic link', () => {
    write('real-site.ts', 'export default {};\n');
    fs.mkdirSync(path.join(root, 'real-profiles'));
    link('real-site.ts', 'site.ts');
    link('real-profiles', 'profiles');
    expect(scan()).toEqual([
      'site.ts is a symbolic link; site.ts must be a regular file: copy the file in instead',
      'profiles is a symbolic link; profiles/ must be a directory in the repository: copy the directory in instead',
    ]);
    fs.rmSync(path.join(root, 'site.ts'));
    link('gone.ts', 'site.ts');
    expect(scan()[0]).toBe('site.ts is a dangling symbolic link; site.ts must be a regular file: copy the file in instead');
  });

  test('fails when profiles/ holds a named pipe, without trying to read it', () => {
    write('profiles/a.ts', PROFILE);
    fs.mkdirSync(path.join(root, 'profiles/common'));
    execFileSync('mkfifo', [path.join(root, 'profiles/common/pipe')]);
    expect(scan()).toEqual(['profiles/common/pipe is a named pipe; profiles/ holds regular files only: remove it']);
    expect(discoverProfileFiles(root)).toEqual(['profiles/a.ts']);
  });

  test('fails when profiles is a file, and discovery finds no profiles then', () => {
    write('profiles', 'not a directory\n');
    expect(scan()).toEqual(['profiles is a regular file; profiles/ must be a directory in the repository: remove it']);
    expect(discoverProfileFiles(root)).toEqual([]);
  });

  // Permissions do not stop root: skipped when the tests run as root, saying so in its name and on
  // the console, as jest's summary alone would show only "1 skipped".
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    console.warn(
      'test/synth/scan-sources.test.ts: skipped: the unreadable-subdirectory test, as the tests run as root (permissions do not stop root)',
    );
  (asRoot ? test.skip : test)(
    `fails when a subdirectory cannot be read, naming it${asRoot ? ' (skipped: the tests run as root, whom permissions do not stop)' : ''}`,
    () => {
      write('profiles/locked/a.md', 'x\n');
      fs.chmodSync(path.join(root, 'profiles/locked'), 0o000);
      try {
        expect(scan()).toEqual(['profiles/locked/ cannot be read (EACCES)']);
      } finally {
        fs.chmodSync(path.join(root, 'profiles/locked'), 0o755);
      }
    },
  );

  test.each([
    ['profiles/common/README.md', `# Registry\n\nLog in with \`${TOKEN}\`.\n`, 3],
    ['profiles/common/registry.json', `{\n  "token": "${TOKEN}"\n}\n`, 2],
    ['profiles/values.yaml', `registry:\n  token: ${TOKEN}\n`, 2],
    ['profiles/notes', `\n\n\n${TOKEN}\n`, 4],
    ['profiles/app.ts', `export const token = '${TOKEN}';\n`, 1],
    ['site.ts', `// ${TOKEN}\n`, 1],
  ])('fails when a token sits in %s, naming the line and never the token', (file, content, line) => {
    write(file, content);
    const problems = scan();
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^${file.replace(/\./g, '\\.')}:${line}: a Docker Hub personal access token is in clear text\\.`)),
    ]);
    expect(problems.join('\n')).not.toContain(TOKEN.slice(9, 20));
  });

  test('fails when a binary file holds a token: both are reported', () => {
    write('profiles/blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0x0a]), Buffer.from(TOKEN), Buffer.from([0xff, 0])]));
    expect(scan()).toEqual([
      'profiles/blob.bin is a binary file (it holds NUL bytes); profiles/ and site.ts hold source text that reviewers can read: remove it',
      expect.stringMatching(/^profiles\/blob\.bin:2: a Docker Hub personal access token is in clear text\./),
    ]);
  });

  test('fails on a bidirectional control and invalid UTF-8 in one file, and still scans it for tokens', () => {
    write(
      'profiles/common/notes.md',
      Buffer.concat([Buffer.from(`a \u202e b\n`), Buffer.from([0x63, 0xe9, 0x0a]), Buffer.from(`${TOKEN}\n`)]),
    );
    expect(scan()).toEqual([
      'profiles/common/notes.md is not valid UTF-8 at line 2; save it as UTF-8',
      'profiles/common/notes.md:1:3: U+202E RIGHT-TO-LEFT OVERRIDE: bidirectional control characters can make code read ' +
        'differently from how it runs (CVE-2021-42574); remove it',
      expect.stringMatching(/^profiles\/common\/notes\.md:3: a Docker Hub personal access token is in clear text\./),
    ]);
  });
});
