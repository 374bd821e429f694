import type { ScriptProblem } from './script-problem';
import { lexCommand, type MappedText, MappedTextBuilder, type ShellWord } from './shell-words';

/**
 * Flux batch directives (`#FLUX: ...` lines, RFC 36) read as `flux batch` reads them, so that
 * the options they give can be searched for the `dw` attribute. Pure.
 *
 * - A directive line is a prefix of non-word characters (`#`), the tag `FLUX:` or `flux:`, and
 *   the arguments. Every directive of a script uses the same sentinel (prefix and tag).
 * - After the first directive, the first non-empty line that does not begin with the prefix
 *   (`#`), i.e. the first command, ends the directives: a directive below it is refused.
 * - The arguments are split as Python's `shlex` splits a shell line (`#` begins a comment, so
 *   `#FLUX: #DW ...` alone is a comment). A value may be triple-quoted (`"""` or `'''`) over
 *   several directive lines: the opening quotes end a line, every line up to the closing quotes
 *   begins with the sentinel, and the lines between, without the sentinel and their common
 *   indent, joined by newlines, are the value as written.
 */

export interface FluxBatchDirectives {
  /** The words of every directive, in order, as Flux's option parser receives them. */
  readonly words: readonly ShellWord[];
  /** Line of the first `#FLUX:` directive, if any. */
  readonly firstLine?: number;
  readonly problems: readonly ScriptProblem[];
}

const DIRECTIVE = /^([^\p{L}\p{N}_]*)((?:flux|FLUX):)(.*)$/u;
const TRIPLE = /((?:["']){3})(.*)\1/;

interface Line {
  readonly number: number;
  readonly text: string;
  readonly offset: number;
}

function linesOf(script: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  let number = 1;
  while (offset < script.length) {
    const end = script.indexOf('\n', offset);
    const stop = end === -1 ? script.length : end;
    // Python reads the script with universal newlines: a CRLF ends a line like an LF.
    const text = script.slice(offset, stop).replace(/\r$/, '');
    lines.push({ number, text, offset });
    offset = stop + 1;
    number++;
  }
  return lines;
}

const slice = (text: MappedText, from: number, to = text.text.length): MappedText => ({
  text: text.text.slice(from, to),
  offsets: text.offsets.slice(from, to),
});

/** `shlex.quote` of `text`, its characters mapped; the quotes at `at`. */
function quoted(text: MappedText, at: number): MappedText {
  const out = new MappedTextBuilder().append("'", at);
  for (let i = 0; i < text.text.length; i++) {
    if (text.text[i] === "'") out.append(`'"'"'`, text.offsets[i], true);
    else out.append(text.text[i], text.offsets[i]);
  }
  return out.append("'", at).done();
}

/** The Flux batch directives of `script`, and what keeps Flux from reading them. */
export function readFluxBatchDirectives(script: string): FluxBatchDirectives {
  const problems: ScriptProblem[] = [];
  const words: ShellWord[] = [];
  const error = (line: number, rule: string, message: string) => problems.push({ line, severity: 'error', rule, message });
  let sentinel: { text: string; prefix: string; line: number } | undefined;
  let firstCommand: number | undefined;
  let block: { quotes: string; indent: string; line: number; head: MappedText; lines: MappedText[] } | undefined;

  const directive = (value: MappedText, line: number) => {
    const lexed = lexCommand(value, 'shlex');
    if (lexed.error) {
      error(
        line,
        'flux-directive-syntax',
        `Flux cannot read this directive: ${lexed.error.message}; close it on the same line, or use a triple-quoted value for several lines`,
      );
      return;
    }
    if (lexed.words.length === 0) {
      if (/^\s*#DW\b/.test(value.text)) {
        error(
          line,
          'flux-ignored',
          `this #DW is not inside a dw value, so Flux reads it as a comment and ignores it; put the #DW lines between '${sentinel?.text ?? '#FLUX:'} --setattr=dw="""' and '${sentinel?.text ?? '#FLUX:'} """'`,
        );
      }
      return;
    }
    if (!lexed.words[0].text.startsWith('-')) {
      error(
        line,
        'flux-directive-syntax',
        `Flux refuses this directive: '${lexed.words[0].text}' is not an option (a batch directive gives options of flux batch, e.g. -N 2)`,
      );
      return;
    }
    words.push(...lexed.words);
  };

  for (const line of linesOf(script)) {
    const match = DIRECTIVE.exec(line.text);
    if (!match) {
      if (block) {
        error(
          block.line,
          'flux-unterminated',
          `the triple-quoted value opened here is not closed before line ${line.number}, which does not begin with ${sentinel?.text}; Flux refuses the script; end the value with a '${sentinel?.text} ${block.quotes}' line`,
        );
        // Flux stops at this error: nothing after it is read.
        return { words, firstLine: sentinel?.line, problems };
      }
      if (sentinel && firstCommand === undefined && !line.text.startsWith(sentinel.prefix.trimEnd()) && line.text.trim() !== '')
        firstCommand = line.number;
      continue;
    }
    const [, prefix, tag, rest] = match;
    const text = `${prefix}${tag}`;
    const valueOffset = line.offset + prefix.length + tag.length;
    let value: MappedText = { text: rest, offsets: Array.from({ length: rest.length }, (_, i) => valueOffset + i) };
    if (firstCommand !== undefined) {
      error(
        line.number,
        'flux-after-commands',
        `this ${text} directive comes after the first command (line ${firstCommand}), and Flux refuses a script with directives below its commands; move it up with the other ${text} lines`,
      );
    }
    if (sentinel === undefined) {
      sentinel = { text, prefix, line: line.number };
    } else if (text !== sentinel.text) {
      error(
        line.number,
        'flux-sentinel',
        `this directive begins with '${text}' and the one on line ${sentinel.line} with '${sentinel.text}'; Flux refuses a script whose directives mix them; write every directive with '${sentinel.text}'`,
      );
    }
    // Triple quotes opened and closed on one line are a quoted value.
    const paired = (n: number) => n > 0 && n % 2 === 0;
    if (paired(value.text.split('"""').length - 1) || paired(value.text.split("'''").length - 1)) {
      const triple = TRIPLE.exec(value.text);
      if (triple) {
        const from = triple.index;
        const to = from + triple[0].length;
        value = new MappedTextBuilder()
          .appendMapped(slice(value, 0, from))
          .appendMapped(quoted(slice(value, from + 3, to - 3), value.offsets[from]))
          .appendMapped(slice(value, to))
          .done();
      }
    } else if (/((?:["']){3})./.test(value.text)) {
      error(
        line.number,
        'flux-directive-syntax',
        `Flux refuses this directive: triple quotes that open a value over several lines must end the line`,
      );
      continue;
    }
    const quotes = value.text.slice(-3);
    if (quotes === '"""' || quotes === "'''") {
      const body = slice(value, 0, value.text.length - 3);
      if (!block) {
        const indent = value.text.slice(0, value.text.length - value.text.trimStart().length);
        block = { quotes, indent, line: line.number, head: slice(body, indent.length), lines: [] };
        continue;
      }
      if (quotes !== block.quotes) {
        block.lines.push(body.text.startsWith(block.indent) ? slice(value, block.indent.length) : value);
        continue;
      }
      const last = body.text.startsWith(block.indent) ? slice(body, block.indent.length) : body;
      const content = new MappedTextBuilder();
      [...block.lines, last].forEach((piece, i) => {
        if (i > 0) content.append('\n', piece.offsets[0] ?? line.offset, true);
        content.appendMapped(piece);
      });
      const joined = content.done();
      if (joined.text.includes(block.quotes)) {
        error(
          block.line,
          'flux-directive-syntax',
          `Flux refuses this triple-quoted value: it holds ${block.quotes} before the line that closes it`,
        );
      } else {
        directive(new MappedTextBuilder().appendMapped(block.head).appendMapped(quoted(joined, line.offset)).done(), block.line);
      }
      block = undefined;
      continue;
    }
    if (block) {
      block.lines.push(value.text.startsWith(block.indent) ? slice(value, block.indent.length) : value);
      continue;
    }
    if (value.text !== '') directive(value, line.number);
  }
  if (block) {
    error(
      block.line,
      'flux-unterminated',
      `the triple-quoted value opened here is never closed, so its directives are not read; end it with a '${sentinel?.text} ${block.quotes}' line`,
    );
  }
  return { words, firstLine: sentinel?.line, problems };
}
