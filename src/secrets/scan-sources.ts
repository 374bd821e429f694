import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTokens, tokenMessage } from './plaintext';
import type { ScanCache } from './scan-cache';
import { checkSourceBytes } from './source-hygiene';

const unreadable = (file: string, error: unknown) =>
  `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;

function bytesProblems(bytes: Buffer, file: string): string[] {
  const { text, problems } = checkSourceBytes(bytes, file);
  return [...problems, ...findTokens(text, file).map(tokenMessage)];
}

/**
 * The problems of one file. It is opened in any case, so that one that cannot be read is still
 * reported; only reading and scanning are spared for a file `cache` knows clean and unchanged.
 */
function fileProblems(root: string, file: string, cache: ScanCache | undefined): string[] {
  let fd: number;
  try {
    fd = fs.openSync(path.join(root, file), 'r');
  } catch (error) {
    return [unreadable(file, error)];
  }
  try {
    const stamp = fs.fstatSync(fd);
    if (cache?.unchanged(file, stamp)) return [];
    const bytes = fs.readFileSync(fd);
    if (cache?.sameContent(file, stamp, bytes)) return [];
    const problems = bytesProblems(bytes, file);
    if (problems.length === 0) cache?.foundClean(file, stamp, bytes);
    return problems;
  } catch (error) {
    return [unreadable(file, error)];
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * What is wrong with the sources synth lists (site.ts and every file below profiles/, whatever its
 * type: `listSourceFiles`), as messages naming the file (and the line where there is one):
 * symbolic links and other entries that are not regular files, binary files, text that is not
 * UTF-8, bidirectional control characters, and token-looking text. Checked before anything is rendered: a token in a source file is already a
 * leak. No message repeats a token or the character it is about. With `cache`, a file found
 * clean by an earlier run and unchanged since is not read again, and the cache is saved with
 * what this scan found.
 */
export function scanSources(
  root: string,
  { files, problems }: { readonly files: readonly string[]; readonly problems: readonly string[] },
  cache?: ScanCache,
): string[] {
  const found = [...problems, ...files.flatMap((file) => fileProblems(root, file, cache))];
  cache?.save();
  return found;
}
