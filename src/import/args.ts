import { type Code, raw, stringLiteral, templateText, valueCode } from './code';

/**
 * `command` / `args` elements back into storage paths: `$(DW_JOB_x)` and `$(DW_JOB_x)/sub` as a
 * whole element become `x.path('sub')`; references inside other text become
 * arg`--out=${x.path('sub')}`. Everything else stays text, byte for byte: rendering the result
 * gives the element back unchanged.
 */

type Part = string | { readonly storage: string; readonly subPath?: string };

/** A path below a mount point as `storage.path('sub')` keeps it: no leading `/`, not empty. */
const SUB_PATH = /^\/([A-Za-z0-9._-][A-Za-z0-9._/-]*)/;

/**
 * Splits text into literal text and references to declared storages, reading `$(...)` as
 * Kubernetes' expansion does: `$$` is an escaped `$`, and a reference runs to the next `)`.
 */
function parts(text: string, declared: ReadonlySet<string>): Part[] {
  const out: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '$' && i + 1 < text.length) {
      if (text[i + 1] === '(') {
        const close = text.indexOf(')', i + 2);
        const name = close >= 0 ? text.slice(i + 2, close) : undefined;
        if (name !== undefined && declared.has(name)) {
          if (literal) out.push(literal);
          literal = '';
          i = close + 1;
          const sub = SUB_PATH.exec(text.slice(i));
          if (sub) i += sub[0].length;
          out.push(sub ? { storage: name, subPath: sub[1] } : { storage: name });
          continue;
        }
      }
      // `$$`, `$(` of an unknown name and `$x` all take the next character with them.
      literal += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    literal += text[i];
    i += 1;
  }
  if (literal) out.push(literal);
  return out;
}

/**
 * The code for one element. `identifiers` maps declared storage names (`DW_JOB_x`) to the
 * variables that hold them.
 */
export function argCode(text: string, identifiers: ReadonlyMap<string, string>): { code: Code; usesArg: boolean } {
  const split = parts(text, new Set(identifiers.keys()));
  const pathCode = (part: Exclude<Part, string>) =>
    `${identifiers.get(part.storage)}.path(${part.subPath !== undefined ? stringLiteral(part.subPath) : ''})`;
  if (split.length === 1 && typeof split[0] !== 'string') return { code: raw(pathCode(split[0])), usesArg: false };
  if (split.every((p) => typeof p === 'string')) return { code: valueCode(text), usesArg: false };
  const body = split.map((p) => (typeof p === 'string' ? templateText(p) : `\${${pathCode(p)}}`)).join('');
  return { code: raw(`arg\`${body}\``), usesArg: true };
}
