import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultBase, GitError, readRevisionTree, readWorkingTree } from '../../src/diff';

function git(cwd: string, ...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
}

function write(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}

describe('reading dist/ from Git', () => {
  let repo: string;
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-git-'));
    git(repo, 'init', '-q');
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('reads every file below dist/ at a revision, for a site in a subdirectory too, and the working tree', () => {
    const site = path.join(repo, 'sites', 'a');
    write(site, { 'dist/prod/x.yaml': 'a: 1\n', 'dist/prod/sub/y.yaml': 'b: 2\n', 'other/z.yaml': 'c: 3\n' });
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    write(site, { 'dist/prod/x.yaml': 'a: 9\n', 'dist/new/w.yaml': 'd: 4\n' });
    expect(Object.fromEntries(readRevisionTree(site, 'HEAD'))).toEqual({ 'prod/x.yaml': 'a: 1\n', 'prod/sub/y.yaml': 'b: 2\n' });
    expect(Object.fromEntries(readWorkingTree(site))).toEqual({
      'prod/x.yaml': 'a: 9\n',
      'prod/sub/y.yaml': 'b: 2\n',
      'new/w.yaml': 'd: 4\n',
    });
  });

  test('reads an empty tree where the revision has no dist/', () => {
    write(repo, { 'README.md': 'x\n' });
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    expect(readRevisionTree(repo, 'HEAD').size).toBe(0);
  });

  test('defaults the base to origin/main when it exists, else HEAD', () => {
    write(repo, { 'README.md': 'x\n' });
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    expect(defaultBase(repo)).toBe('HEAD');
    git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    expect(defaultBase(repo)).toBe('origin/main');
  });

  test('fails when the revision is no commit, or the directory no repository', () => {
    expect(() => readRevisionTree(repo, 'nope')).toThrow(new GitError("'nope' is not a commit in this repository"));
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-nogit-'));
    try {
      expect(() => readRevisionTree(plain, 'HEAD')).toThrow(GitError);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
