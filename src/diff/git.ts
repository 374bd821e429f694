import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DistTree } from './dist-diff';

/** Reading dist/ from a Git revision and from the working tree. */

/** Git is missing, the directory is no repository, or a revision does not exist. */
export class GitError extends Error {}

function git(root: string, args: readonly string[], input?: string): Buffer {
  const run = spawnSync('git', [...args], { cwd: root, input, maxBuffer: 1 << 30 });
  if (run.error) throw new GitError(`cannot run git (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})`);
  if (run.status !== 0) throw new GitError(`git ${args[0]}: ${run.stderr.toString('utf8').trim().split('\n')[0]}`);
  return run.stdout;
}

/** Whether `ref` names a commit. */
export function isCommit(root: string, ref: string): boolean {
  const run = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root });
  return run.status === 0;
}

/** `origin/main` when the repository has it, otherwise `HEAD`. */
export function defaultBase(root: string): string {
  return isCommit(root, 'origin/main') ? 'origin/main' : 'HEAD';
}

/** The files below `dir` (relative to `root`) at revision `ref`: path below `dir` → content. */
export function readRevisionTree(root: string, ref: string, dir = 'dist'): DistTree {
  git(root, ['rev-parse', '--git-dir']);
  if (!isCommit(root, ref)) throw new GitError(`'${ref}' is not a commit in this repository`);
  const prefix = git(root, ['rev-parse', '--show-prefix']).toString('utf8').trim();
  const listing = git(root, ['ls-tree', '-r', '-z', '--full-name', ref, '--', `${dir}/`]).toString('utf8');
  const blobs: Array<{ oid: string; file: string }> = [];
  const base = `${prefix}${dir}/`;
  for (const entry of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match && match[2].startsWith(base)) blobs.push({ oid: match[1], file: match[2].slice(base.length) });
  }
  const tree = new Map<string, string>();
  if (blobs.length === 0) return tree;
  // One git process for every blob: `cat-file --batch` prints "<oid> blob <size>\n<content>\n".
  const output = git(root, ['cat-file', '--batch'], blobs.map((b) => b.oid).join('\n') + '\n');
  let offset = 0;
  for (const { file } of blobs) {
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    tree.set(file, output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return tree;
}

/** The files below `dir` in the working tree: path below `dir` → content. */
export function readWorkingTree(root: string, dir = 'dist'): DistTree {
  const tree = new Map<string, string>();
  const top = path.join(root, dir);
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) tree.set(path.relative(top, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  if (fs.existsSync(top)) walk(top);
  return tree;
}
