import * as fs from 'node:fs';
import * as path from 'node:path';
import { findTokens, tokenMessage } from './plaintext';
import { checkSourceBytes } from './source-hygiene';

function fileProblems(root: string, file: string): string[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(root, file));
  } catch (error) {
    return [`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`];
  }
  const { text, problems } = checkSourceBytes(bytes, file);
  return [...problems, ...findTokens(text, file).map(tokenMessage)];
}

/**
 * What is wrong with the sources synth lists (site.ts and every file below profiles/, whatever its
 * type: `listSourceFiles`), as messages naming the file (and the line where there is one):
 * symbolic links and other entries that are not regular files, binary files, text that is not
 * UTF-8, bidirectional control characters, and token-looking text. Checked before anything is rendered: a token in a source file is already a
 * leak. No message repeats a token or the character it is about.
 */
export function scanSources(
  root: string,
  { files, problems }: { readonly files: readonly string[]; readonly problems: readonly string[] },
): string[] {
  return [...problems, ...files.flatMap((file) => fileProblems(root, file))];
}
