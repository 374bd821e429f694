/**
 * A small TypeScript expression printer in the style of the shipped profiles (prettier's, with a
 * print width of 130): single quotes, two-space indent, trailing commas, and an object or array
 * on one line when it fits, one entry per line when it does not.
 */

export const PRINT_WIDTH = 130;
const INDENT = '  ';

export type Code =
  /** Text printed as is: identifiers, literals, short calls. */
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, Code]> }
  | { readonly kind: 'array'; readonly items: readonly Code[] }
  /** `callee(args)`; a last object or array argument is broken open before the others are. */
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Code[] }
  /** `target` followed by text, e.g. an array and `.join('\n')`. */
  | { readonly kind: 'suffixed'; readonly target: Code; readonly suffix: string };

export const raw = (text: string): Code => ({ kind: 'raw', text });
export const object = (entries: ReadonlyArray<readonly [string, Code]>): Code => ({ kind: 'object', entries });
export const array = (items: readonly Code[]): Code => ({ kind: 'array', items });
export const call = (callee: string, args: readonly Code[]): Code => ({ kind: 'call', callee, args });

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

function escapeChar(ch: string): string {
  if (ESCAPES[ch] !== undefined) return ESCAPES[ch];
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (ch === '\u2028' || ch === '\u2029') return `\\u${code.toString(16)}`;
  return ch;
}

/** A single-quoted string literal. */
export function stringLiteral(text: string): string {
  return `'${[...text].map((ch) => (ch === "'" ? "\\'" : escapeChar(ch))).join('')}'`;
}

/** Text for the literal parts of a tagged template: escapes `` ` ``, `\` and `${`. */
export function templateText(text: string): string {
  return [...text].map((ch, i) => (ch === '`' ? '\\`' : ch === '$' && text[i + 1] === '{' ? '\\$' : escapeChar(ch))).join('');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/**
 * Any JSON-like value (as read from YAML) as code. Strings with line breaks become
 * `[...lines].join('\n')` when that reads better than one long escaped line.
 */
export function valueCode(value: unknown): Code {
  if (value === null || value === undefined) return raw('null');
  if (typeof value === 'string') {
    const lines = value.split('\n');
    if (lines.length > 2 && value.length > 40)
      return { kind: 'suffixed', target: array(lines.map((l) => raw(stringLiteral(l)))), suffix: ".join('\\n')" };
    return raw(stringLiteral(value));
  }
  if (typeof value === 'number' || typeof value === 'boolean') return raw(String(value));
  if (Array.isArray(value)) return array(value.map(valueCode));
  if (typeof value === 'object')
    return object(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, valueCode(v)] as const));
  return raw(JSON.stringify(value) ?? 'null');
}

/** The code on one line. */
export function flat(code: Code): string {
  switch (code.kind) {
    case 'raw':
      return code.text;
    case 'object':
      return code.entries.length === 0 ? '{}' : `{ ${code.entries.map(([k, v]) => `${propertyKey(k)}: ${flat(v)}`).join(', ')} }`;
    case 'array':
      return `[${code.items.map(flat).join(', ')}]`;
    case 'call':
      return `${code.callee}(${code.args.map(flat).join(', ')})`;
    case 'suffixed':
      return `${flat(code.target)}${code.suffix}`;
  }
}

function breakable(code: Code): boolean {
  return (
    (code.kind === 'object' && code.entries.length > 0) ||
    (code.kind === 'array' && code.items.length > 0) ||
    (code.kind === 'suffixed' && breakable(code.target))
  );
}

/**
 * The code starting at `column` of a line indented `depth` levels, followed by `trailing`
 * characters on its last line: on one line when that fits in the print width.
 */
export function print(code: Code, depth: number, column: number, trailing = 0, forceBreak = false): string {
  const oneLine = flat(code);
  if (!forceBreak && (column + oneLine.length + trailing <= PRINT_WIDTH || !breakable(code))) return oneLine;
  const inner = INDENT.repeat(depth + 1);
  const closing = INDENT.repeat(depth);
  switch (code.kind) {
    case 'object': {
      const lines = code.entries.map(([k, v]) => {
        const key = `${propertyKey(k)}: `;
        return `${inner}${key}${print(v, depth + 1, inner.length + key.length, 1)},`;
      });
      return `{\n${lines.join('\n')}\n${closing}}`;
    }
    case 'array': {
      const lines = code.items.map((item) => `${inner}${print(item, depth + 1, inner.length, 1)},`);
      return `[\n${lines.join('\n')}\n${closing}]`;
    }
    case 'suffixed':
      return `${print(code.target, depth, column, code.suffix.length + trailing, true)}${code.suffix}`;
    case 'call': {
      const last = code.args[code.args.length - 1];
      const before = code.args.slice(0, -1).map(flat);
      const head = `${code.callee}(${before.map((a) => `${a}, `).join('')}`;
      if (last !== undefined && breakable(last) && column + head.length <= PRINT_WIDTH) {
        return `${head}${print(last, depth, column + head.length, trailing + 1, true)})`;
      }
      const lines = code.args.map((arg) => `${inner}${print(arg, depth + 1, inner.length, 1)},`);
      return `${code.callee}(\n${lines.join('\n')}\n${closing})`;
    }
    default:
      return oneLine;
  }
}
