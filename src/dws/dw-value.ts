import { storageKindOf } from '../rendered';
import { type Directive, type DirectiveForm, parseDirective } from './parse';
import type { ScriptProblem } from './script-problem';
import type { Expansion, MappedText } from './shell-words';

/**
 * The directives of a value of Flux's `dw` job attribute (`.attributes.system.dw`), split as
 * flux-coral2 splits it before DWS sees it. Pure.
 *
 * - The value is a string of one or more directives: flux-coral2 cuts it at each `#DW ` (with
 *   its space) and puts `#DW ` back before every non-blank piece, so directives may be separated
 *   by spaces or newlines, and text before the first `#DW ` becomes a directive of its own.
 * - A value that is valid JSON is decoded first, as the flux command line does: a list of
 *   strings is a list of such values; a number or anything else is refused by flux-coral2.
 * - A value without any `#DW ` is looked up among the system's presets
 *   (`flux config get rabbit.presets`), which lint-job cannot see.
 */

/** Where the value came from, for the findings about the value as a whole. */
export interface DwValueSource {
  /** The line of the option (or the first line of the value). */
  readonly line: number;
  /** How the value is named in messages, e.g. `--setattr=dw=...`. */
  readonly label: string;
  readonly form: DirectiveForm;
  /** Shell expansions in the value (command lines): a `$DW_...` there is an error. */
  readonly expansions?: readonly Expansion[];
  /** The value holds text only the shell knows when the command runs (`$(...)`). */
  readonly computed?: boolean;
}

const SEPARATOR = '#DW ';

/** Indexes of every `#DW ` in `text`. */
function separators(text: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(SEPARATOR); i !== -1; i = text.indexOf(SEPARATOR, i + SEPARATOR.length)) found.push(i);
  return found;
}

/** The strings a JSON value holds, or undefined when the value is not JSON (kept as text). */
function jsonStrings(text: string): { strings?: string[]; refused?: string } | undefined {
  const trimmed = text.trim();
  // Python's json.loads also reads numbers, true, false and null; a directive string never parses.
  if (!/^[[{"\d-]|^(true|false|null)$/.test(trimmed)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed === 'string') return { strings: [parsed] };
  if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return { strings: parsed as string[] };
  return { refused: JSON.stringify(parsed) };
}

/**
 * The directives of `value` (one `dw` attribute value), each at the line its `#DW` is written
 * (`lineAt` maps an offset in the script to its line), and the problems that keep directives
 * from being read.
 */
export function directivesOfDwValue(
  value: MappedText,
  source: DwValueSource,
  lineAt: (offset: number) => number,
): { directives: Directive[]; problems: ScriptProblem[] } {
  const problems: ScriptProblem[] = [];
  const directives: Directive[] = [];
  const refuse = (rule: string, message: string) => {
    problems.push({ line: source.line, severity: 'error', rule, message });
    return { directives, problems };
  };
  if (source.computed) {
    return refuse(
      'dw-unreadable',
      `${source.label} holds $(...), backquotes or $'...', which the shell fills in only when the command runs, so lint-job cannot read its directives; write them out`,
    );
  }
  const json = jsonStrings(value.text);
  if (json?.refused !== undefined) {
    return refuse(
      'dw-unreadable',
      `${source.label} is ${json.refused}, not a string of #DW directives; flux-coral2 refuses it; write the directives, e.g. dw="#DW jobdw ..."`,
    );
  }
  // Positions of the directives in the text as written: the k-th `#DW ` of a JSON list is the k-th in its source.
  const written = separators(value.text);
  const pieces: Array<{ text: string; line: number; from: number; to: number }> = [];
  if (json?.strings) {
    let k = 0;
    for (const string of json.strings) {
      const own = separators(string);
      if (own.length === 0 && string.trim() !== '') {
        return refuse('dw-unreadable', presetMessage(source.label, string));
      }
      const before = string.slice(0, own[0]);
      if (before.trim() !== '') pieces.push({ text: before, line: source.line, from: -1, to: -1 });
      for (let n = 0; n < own.length; n++) {
        const body = string.slice(own[n] + SEPARATOR.length, own[n + 1] ?? string.length);
        const at = written[k++];
        const line = at === undefined ? source.line : lineAt(value.offsets[at]);
        if (body.trim() !== '') pieces.push({ text: body, line, from: -1, to: -1 });
      }
    }
  } else {
    if (written.length === 0) {
      return refuse(
        'dw-unreadable',
        value.text.trim() === ''
          ? `${source.label} is empty: it holds no #DW directive (a # outside quotes begins a comment, so quote the value: dw="#DW ..."); write the directives in it or remove it`
          : presetMessage(source.label, value.text),
      );
    }
    const before = value.text.slice(0, written[0]);
    if (before.trim() !== '') {
      const first = before.length - before.trimStart().length;
      pieces.push({ text: before, line: lineAt(value.offsets[first]), from: first, to: written[0] });
    }
    written.forEach((at, n) => {
      const from = at + SEPARATOR.length;
      const to = written[n + 1] ?? value.text.length;
      const body = value.text.slice(from, to);
      if (body.trim() !== '') pieces.push({ text: body, line: lineAt(value.offsets[at]), from, to });
    });
  }
  for (const piece of pieces) {
    const body = piece.text.trim();
    const directive = parseDirective(piece.line, `${SEPARATOR}${body}`, body, source.form);
    directives.push(directive);
    for (const expansion of source.expansions ?? []) {
      if (expansion.index < piece.from || expansion.index >= piece.to || storageKindOf(expansion.name) === undefined) continue;
      problems.push({
        line: piece.line,
        severity: 'error',
        rule: 'unescaped-variable',
        message: `$${expansion.name} is not escaped, so the shell replaces it when the command runs (with nothing: NNF sets it only in the job) and DWS never sees it; write \\$${expansion.name}, or put the value in single quotes`,
      });
    }
  }
  return { directives, problems };
}

function presetMessage(label: string, value: string): string {
  const shown = value.trim().length > 60 ? `${value.trim().slice(0, 57)}...` : value.trim();
  return (
    `${label} holds no '#DW ' directive ('${shown}'): Flux takes it for the name of a preset of the system ('flux config get rabbit.presets'), which lint-job cannot check; ` +
    "write the directives themselves, each beginning with '#DW' in upper case and a space"
  );
}
