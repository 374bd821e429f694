/**
 * Splitting a command line into words as a shell does, keeping for every character of a word
 * the offset in the script it was written at, so that a finding can name its line. Pure.
 *
 * Two dialects:
 * - `sh`: a POSIX shell command line. Quotes, backslashes and `\`-newline continuations are
 *   resolved; `$NAME`, `${NAME}`, `$(...)` and backquotes are kept as written, and the word
 *   records where the shell would expand them when the command runs. A `#` at the start of a
 *   word begins a comment; an unquoted newline, `;`, `&`, `|` or `)` ends the command.
 * - `shlex`: how Flux splits a batch directive (`#FLUX: ...`): Python's `shlex` in POSIX mode,
 *   where nothing is expanded, a backslash inside quotes escapes only the quote and itself, and
 *   `#` begins a comment even inside a word.
 */

/** Text and, for each of its characters, the offset in the script it came from. */
export interface MappedText {
  readonly text: string;
  readonly offsets: readonly number[];
}

/** A `$NAME` or `${NAME}` the shell expands when the command runs. */
export interface Expansion {
  /** Index in the word's text of the `$`. */
  readonly index: number;
  readonly name: string;
}

/** One word of a command line, after quote removal. */
export interface ShellWord extends MappedText {
  /** Unquoted or double-quoted variables (sh only), in order. */
  readonly expansions: readonly Expansion[];
  /** Holds `$(...)`, backquotes or `$'...'`: text only the shell at run time knows (sh only). */
  readonly computed: boolean;
}

export type ShellDialect = 'sh' | 'shlex';

export interface LexResult {
  readonly words: readonly ShellWord[];
  /** Offset in the input just after the command (at the newline or operator that ended it). */
  readonly end: number;
  /** Why the command cannot be read (an unclosed quote), at the input offset where that began. */
  readonly error?: { readonly index: number; readonly message: string };
}

/** What the lexer reads: a script (offsets are indexes) or text assembled from pieces of one. */
export type LexInput = string | MappedText;

class WordBuilder {
  text = '';
  readonly offsets: number[] = [];
  readonly expansions: Expansion[] = [];
  computed = false;
  add(text: string, offset: number) {
    for (const c of text) {
      this.text += c;
      this.offsets.push(offset);
    }
  }
  done(): ShellWord {
    return { text: this.text, offsets: this.offsets, expansions: this.expansions, computed: this.computed };
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SH_OPERATORS = ';&|()<>';
const SHLEX_PUNCTUATION = '();<>|&';

/** Index of the `)` that closes the `$(` whose `(` is at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Index of the unescaped `` ` `` after `open`, or -1. */
function closingBackquote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i;
  }
  return -1;
}

/**
 * The words of the command that begins at `start` in `input`, up to the end of the command
 * (`sh`) or of the input (`shlex`).
 */
export function lexCommand(input: LexInput, dialect: ShellDialect, start = 0): LexResult {
  const text = typeof input === 'string' ? input : input.text;
  const at = typeof input === 'string' ? (i: number) => i : (i: number) => input.offsets[Math.min(i, input.offsets.length - 1)] ?? 0;
  const sh = dialect === 'sh';
  const words: ShellWord[] = [];
  let word: WordBuilder | undefined;
  let dropNext = false;
  const current = () => (word ??= new WordBuilder());
  const flush = () => {
    if (word && !dropNext) words.push(word.done());
    if (word) dropNext = false;
    word = undefined;
  };
  const fail = (index: number, message: string): LexResult => ({ words, end: text.length, error: { index: at(index), message } });

  /** A `$...` at `i` (sh, unquoted or double-quoted): adds it as written, returns the next index. */
  const dollar = (i: number, w: WordBuilder): number | LexResult => {
    const next = text[i + 1];
    if (next === '(') {
      const close = closingParen(text, i + 1);
      if (close === -1) return fail(i, "the '$(' here is never closed");
      w.add(text.slice(i, close + 1), at(i));
      w.computed = true;
      return close + 1;
    }
    if (next === '{') {
      const close = text.indexOf('}', i + 2);
      if (close === -1) return fail(i, "the '${' here is never closed");
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 2, close))?.[0];
      if (name) w.expansions.push({ index: w.text.length, name });
      w.add(text.slice(i, close + 1), at(i));
      return close + 1;
    }
    if (next === "'") {
      let j = i + 2;
      while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return fail(i, "the $' quote here is never closed");
      w.add(text.slice(i, j + 1), at(i));
      w.computed = true;
      return j + 1;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      w.expansions.push({ index: w.text.length, name: text.slice(i + 1, j) });
      w.add(text.slice(i, j), at(i));
      return j;
    }
    w.add('$', at(i));
    return i + 1;
  };

  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) {
        current().add('\\', at(i));
        i++;
      } else if (sh && next === '\n') {
        i += 2;
      } else if (sh && next === '\r' && text[i + 2] === '\n') {
        i += 3;
      } else {
        current().add(next, at(i + 1));
        i += 2;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || (!sh && c === '\n')) {
      flush();
      i++;
      continue;
    }
    if (c === '\n') {
      flush();
      return { words, end: i };
    }
    if (c === '#' && (!sh || word === undefined)) {
      flush();
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol;
      continue;
    }
    if (c === "'") {
      const w = current();
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return fail(i, 'the single quote here is never closed');
        const q = text[j];
        if (q === "'") break;
        if (!sh && q === '\\' && (text[j + 1] === "'" || text[j + 1] === '\\')) {
          w.add(text[j + 1], at(j + 1));
          j += 2;
          continue;
        }
        w.add(q, at(j));
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '"') {
      const w = current();
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return fail(i, 'the double quote here is never closed');
        const q = text[j];
        if (q === '"') break;
        if (q === '\\') {
          const next = text[j + 1];
          if (sh && next === '\n') {
            j += 2;
          } else if (next !== undefined && (sh ? '$`"\\' : '"\\').includes(next)) {
            w.add(next, at(j + 1));
            j += 2;
          } else {
            w.add('\\', at(j));
            j++;
          }
          continue;
        }
        if (sh && q === '$') {
          const after = dollar(j, w);
          if (typeof after !== 'number') return after;
          j = after;
          continue;
        }
        if (sh && q === '`') {
          const close = closingBackquote(text, j);
          if (close === -1) return fail(j, 'the backquote here is never closed');
          w.add(text.slice(j, close + 1), at(j));
          w.computed = true;
          j = close + 1;
          continue;
        }
        w.add(q, at(j));
        j++;
      }
      i = j + 1;
      continue;
    }
    if (sh && c === '$') {
      const after = dollar(i, current());
      if (typeof after !== 'number') return after;
      i = after;
      continue;
    }
    if (sh && c === '`') {
      const close = closingBackquote(text, i);
      if (close === -1) {
        // The closing backquote of a substitution this command is inside.
        flush();
        return { words, end: i };
      }
      const w = current();
      w.add(text.slice(i, close + 1), at(i));
      w.computed = true;
      i = close + 1;
      continue;
    }
    if (sh && SH_OPERATORS.includes(c)) {
      // `2>&1`: the digits name a file descriptor of the redirection, not an argument.
      if ((c === '<' || c === '>') && word && /^\d+$/.test(word.text) && word.offsets[word.offsets.length - 1] === at(i - 1))
        word = undefined;
      flush();
      if (c !== '<' && c !== '>') return { words, end: i };
      // A redirection: its target is not an argument of the command.
      while (i < text.length && '<>&|'.includes(text[i])) i++;
      dropNext = true;
      continue;
    }
    if (!sh && SHLEX_PUNCTUATION.includes(c)) {
      flush();
      let j = i;
      while (j < text.length && SHLEX_PUNCTUATION.includes(text[j])) j++;
      current().add(text.slice(i, j), at(i));
      flush();
      i = j;
      continue;
    }
    current().add(c, at(i));
    i++;
  }
  flush();
  return { words, end: text.length };
}

/** `word` from index `from` on, its offsets and expansions kept. */
export function wordFrom(word: ShellWord, from: number): ShellWord {
  return {
    text: word.text.slice(from),
    offsets: word.offsets.slice(from),
    expansions: word.expansions.filter((e) => e.index >= from).map((e) => ({ index: e.index - from, name: e.name })),
    computed: word.computed,
  };
}

/** A mapped text built piece by piece. */
export class MappedTextBuilder {
  text = '';
  readonly offsets: number[] = [];
  /** Appends `text`, its characters from `offset` on (or all at `offset` when `same`). */
  append(text: string, offset: number, same = false): this {
    for (let k = 0; k < text.length; k++) {
      this.text += text[k];
      this.offsets.push(same ? offset : offset + k);
    }
    return this;
  }
  appendMapped(piece: MappedText): this {
    this.text += piece.text;
    this.offsets.push(...piece.offsets);
    return this;
  }
  done(): MappedText {
    return { text: this.text, offsets: [...this.offsets] };
  }
}
