import type * as fs from 'node:fs';
import * as path from 'node:path';
import { byCodePoint } from '../plain-data';

/**
 * The record of what synth wrote into an output folder, kept in the folder itself (a dot file,
 * which neither kustomize nor an Argo CD directory source reads). Synth removes or replaces a
 * file only when it is listed here: whatever else lies in the folder is never its to touch.
 */
export const OUTPUT_RECORD = '.nnf-profiles-output';

const HEADER = [
  '# The files nnf-profiles synth wrote in this folder, one per line. Synth replaces or removes',
  '# only these; anything else here is left alone. Generated: do not edit.',
];

/** The record's text for `files` (paths relative to the folder, `/`-separated). */
export function outputRecordText(files: Iterable<string>): string {
  return [...HEADER, ...[...files].sort(byCodePoint), ''].join('\n');
}

/** The files the folder's record lists, or undefined when it has none. */
export function readOutputRecord(outDir: string, io: Pick<typeof fs, 'readFileSync'>): Set<string> | undefined {
  let text: string;
  try {
    text = io.readFileSync(path.join(outDir, OUTPUT_RECORD), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return new Set(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}
