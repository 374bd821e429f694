/**
 * What makes a source file unsafe to review, whatever its type: binary content, text that is not
 * UTF-8, and Unicode bidirectional controls ("Trojan Source", CVE-2021-42574), which make an editor
 * or a review page show code in another order than the compiler reads it. Pure: the caller reads
 * the bytes. Messages never contain the characters they are about.
 */

import { isUtf8 } from 'node:buffer';

/** A file's text for the other checks, and what is wrong with its bytes. */
export interface SourceText {
  /** The content decoded as UTF-8, or byte for byte when the file is binary. */
  readonly text: string;
  readonly problems: readonly string[];
}

/**
 * The explicit embeddings, overrides and isolates of CVE-2021-42574, and the three invisible
 * direction marks, which reorder neutral characters (quotes, operators) around them.
 */
const BIDI_CONTROLS: Readonly<Record<string, string>> = {
  '\u061c': 'ARABIC LETTER MARK',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A file full of them is one problem, not thousands of lines: the first few, then a count. */
const MAX_BIDI_REPORTS = 10;

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let continuation: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuation = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (i + continuation >= n || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k <= continuation; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += continuation + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function bidiProblems(text: string, file: string): string[] {
  const problems: string[] = [];
  let found = 0;
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(BIDI_CONTROL)) {
    found++;
    if (found > MAX_BIDI_REPORTS) continue;
    const index = match.index!;
    for (let nl = text.indexOf('\n', scanned); nl >= 0 && nl < index; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    scanned = index;
    // Columns in characters, as editors count them (a surrogate pair is one).
    const column = Array.from(text.slice(lineStart, index)).length + 1;
    const ch = match[0];
    problems.push(
      `${file}:${line}:${column}: ${codePointLabel(ch)} ${BIDI_CONTROLS[ch]}: bidirectional control characters can make code ` +
        `read differently from how it runs (CVE-2021-42574); remove it`,
    );
  }
  if (found > MAX_BIDI_REPORTS) {
    problems.push(`${file}: ${found - MAX_BIDI_REPORTS} more bidirectional control characters after these; remove them all`);
  }
  return problems;
}

/**
 * Checks one source file's bytes. A NUL byte makes it binary: refused, since reviewers cannot read
 * it, and its text is kept byte for byte so that what it holds can still be scanned. Otherwise the
 * text must be UTF-8 (the first bad line is named) and free of bidirectional controls (each is
 * named by code point, line and column).
 */
export function checkSourceBytes(bytes: Buffer, file: string): SourceText {
  if (bytes.includes(0)) {
    return {
      text: bytes.toString('latin1'),
      problems: [
        `${file} is a binary file (it holds NUL bytes); profiles/ and site.ts hold source text that reviewers can read: remove it`,
      ],
    };
  }
  const problems: string[] = [];
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    if (offset >= 0) problems.push(`${file} is not valid UTF-8 at line ${lineAt(bytes, offset)}; save it as UTF-8`);
  }
  const text = bytes.toString('utf8');
  problems.push(...bidiProblems(text, file));
  return { text, problems };
}
