/** Variable names for generated profile files. */

const RESERVED = new Set(
  [
    // JavaScript and TypeScript reserved words, and strict-mode ones
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if',
    'import in instanceof new null return super switch this throw true try typeof var void while with as implements interface',
    'let package private protected public static yield await any boolean number string symbol type of undefined NaN Infinity',
    'arguments eval require module exports',
    // names a generated profile file uses itself
    'arg Construct ContainerProfile MpiContainerProfile Storage scope',
  ]
    .join(' ')
    .split(' '),
);

/** Whether a generated file cannot use `name` for a variable of its own. */
export function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** `readonly-red-rock-slushy` → `readonlyRedRockSlushy`; `foo_local_storage` → `fooLocalStorage`. */
export function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return joined;
}

/** An identifier for `name` that is not reserved, not taken, and not starting with a digit. */
export function identifierFor(name: string, taken: ReadonlySet<string>, suffix: string): string {
  let base = camelCase(name);
  if (base === '' || /^[0-9]/.test(base))
    base = `${suffix.charAt(0).toLowerCase()}${suffix.slice(1)}${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  if (RESERVED.has(base)) base = `${base}${suffix}`;
  if (!taken.has(base)) return base;
  const suffixed = base.endsWith(suffix) ? base : `${base}${suffix}`;
  let candidate = suffixed;
  for (let n = 2; taken.has(candidate); n++) candidate = `${suffixed}${n}`;
  return candidate;
}
