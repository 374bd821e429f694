/**
 * The no-plaintext guard: registry credentials must never be in the repository in clear text.
 * `findTokens` finds token-looking strings in a file's text; `secretObjectProblems` refuses a
 * Kubernetes `Secret` that carries values. Neither ever returns or prints a token or any part of it.
 * Pure: the caller reads the files.
 */

import { isObject } from '../plain-data';
import { lineLocator } from '../text';

/** Where a token-looking string is. Deliberately without the token. */
export interface TokenHit {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** What it looks like, e.g. 'Docker Hub personal access token'. */
  readonly kind: string;
}

interface Found {
  readonly index: number;
  readonly end: number;
  readonly kind: string;
}

/**
 * Token formats with a fixed prefix, as their issuers document them (and as secret scanners such as
 * gitleaks match them). Each must stand alone: not glued to more token characters on either side.
 * - Docker Hub personal access token: `dckr_pat_` + 27 of [A-Za-z0-9_-]; organization access
 *   tokens use `dckr_oat_`.
 * - GitHub (github.blog, "Behind GitHub's new authentication token formats"): `ghp_` (personal,
 *   classic), `gho_` (OAuth), `ghu_` (user-to-server), `ghs_` (server-to-server), `ghr_` (refresh),
 *   then 36 or more of [A-Za-z0-9]; fine-grained personal tokens `github_pat_` + 22 + `_` + 59.
 * - GitLab personal access token `glpat-` + 20 of [A-Za-z0-9_-] (legacy) or 27–300 plus a
 *   `.xx` + 7 routing/CRC suffix (routable, GitLab 17.x); deploy token `gldt-` + 20 or more.
 */
const PREFIXED: ReadonlyArray<{ readonly kind: string; readonly pattern: RegExp }> = [
  { kind: 'Docker Hub personal access token', pattern: /(?<![A-Za-z0-9_-])dckr_pat_[A-Za-z0-9_-]{27,}(?![A-Za-z0-9_-])/g },
  { kind: 'Docker organization access token', pattern: /(?<![A-Za-z0-9_-])dckr_oat_[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g },
  { kind: 'GitHub personal access token (classic)', pattern: /(?<![A-Za-z0-9_])ghp_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  { kind: 'GitHub OAuth access token', pattern: /(?<![A-Za-z0-9_])gho_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  { kind: 'GitHub user-to-server token', pattern: /(?<![A-Za-z0-9_])ghu_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  { kind: 'GitHub server-to-server token', pattern: /(?<![A-Za-z0-9_])ghs_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  { kind: 'GitHub refresh token', pattern: /(?<![A-Za-z0-9_])ghr_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  {
    kind: 'GitHub fine-grained personal access token',
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22,}_[A-Za-z0-9]{50,}(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'GitLab personal access token',
    pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{9})?(?![A-Za-z0-9_-])/g,
  },
  { kind: 'GitLab deploy token', pattern: /(?<![A-Za-z0-9_-])gldt-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g },
];

// JSON keys and string values, also inside a JSON string (`\"auth\": \"…\"`, as in stringData or a template).
const AUTH_FIELD = /\\?"auth\\?"\s*:\s*\\?"([A-Za-z0-9+/]{4,}={0,2})\\?"/g;
const AUTHS_OBJECT = /\\?"auths\\?"\s*:\s*\{/g;
const CREDENTIAL_FIELD = /\\?"(password|auth|identitytoken|registrytoken)\\?"\s*:\s*\\?"((?:[^"\\]|\\(?!"))+)\\?"/g;
/** Any of PREFIXED's prefixes: one pass over text that holds none, which is nearly all of it. */
const ANY_PREFIX = /dckr_[po]at_|gh[pousr]_|github_pat_|glpat-|gldt-/;
/** Every docker config field the patterns above look for starts so, bare or JSON-escaped. */
const AUTH_MARK = '"auth';

const MIN_BASE64_RUN = 40;
/** Character codes of the base64 alphabet ([A-Za-z0-9+/]). */
const BASE64_ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_ALPHABET[c.charCodeAt(0)] = 1;
const EQUALS = 61;

/**
 * Whole base64 runs of 40 or more characters that stand alone: a Secret's `data` value, for
 * instance. A run is maximal, not preceded by `=`, takes at most two `=` of padding, is not
 * followed by another `=`, and its length with padding is a multiple of 4. One pass over the
 * character codes: a regular expression costs several times as much on megabytes of output.
 */
function base64Runs(text: string): Array<{ run: string; index: number }> {
  const runs: Array<{ run: string; index: number }> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let code = text.charCodeAt(i);
    if (code >= 128 || BASE64_ALPHABET[code] === 0) {
      i++;
      continue;
    }
    const index = i;
    do code = text.charCodeAt(++i);
    while (i < n && code < 128 && BASE64_ALPHABET[code] === 1);
    if (i - index < MIN_BASE64_RUN || (index > 0 && text.charCodeAt(index - 1) === EQUALS)) continue;
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === EQUALS) end++;
    if (text.charCodeAt(end) === EQUALS || (end - index) % 4 !== 0) continue;
    runs.push({ run: text.slice(index, end), index });
  }
  return runs;
}

/** Values that stand for a credential in documentation: `<token>`, `${TOKEN}`, `$TOKEN`, `{{ .token }}`, `…`, `***`, `xxxx`. */
function isPlaceholder(value: string): boolean {
  // … as an escape, to keep the bundle ASCII (see GO_DURATION in render.ts).
  return /^(<[^<>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{.*\}\}|\.\.\.|\u2026|\*+|x+|X+)$/.test(value.trim());
}

/** The base64 text of a docker config `auth`: `user:password`, both present, printable, not a placeholder. */
function isBasicAuth(base64: string): boolean {
  if (base64.length % 4 !== 0) return false;
  const decoded = Buffer.from(base64, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return false;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return /^[\x21-\x7e]+$/.test(user) && /^[\x20-\x7e]+$/.test(password) && !isPlaceholder(password);
}

/** The end of the `{…}` that opens at `open`, skipping braces inside strings; bounded. */
function objectEnd(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, open + 16384);
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return limit;
}

function scanText(text: string): Found[] {
  const found: Found[] = [];
  if (ANY_PREFIX.test(text)) {
    for (const { kind, pattern } of PREFIXED) {
      for (const m of text.matchAll(pattern)) found.push({ index: m.index!, end: m.index! + m[0].length, kind });
    }
  }
  if (!text.includes(AUTH_MARK)) return found;
  const configs: Found[] = [];
  for (const m of text.matchAll(AUTHS_OBJECT)) {
    const end = objectEnd(text, m.index! + m[0].length - 1);
    const body = text.slice(m.index!, end);
    const credentials = [...body.matchAll(CREDENTIAL_FIELD)].some(([, field, value]) =>
      field === 'auth' ? isBasicAuth(value) : value.trim() !== '' && !isPlaceholder(value),
    );
    if (credentials) configs.push({ index: m.index!, end, kind: 'docker config (.dockerconfigjson) with registry credentials' });
  }
  found.push(...configs);
  for (const m of text.matchAll(AUTH_FIELD)) {
    const inConfig = configs.some((c) => m.index! >= c.index && m.index! < c.end);
    if (!inConfig && isBasicAuth(m[1])) {
      found.push({ index: m.index!, end: m.index! + m[0].length, kind: 'docker config "auth" (base64 of user:password)' });
    }
  }
  return found;
}

/** Decoded base64 that is text (not ciphertext, digests or identifiers that happen to be base64). */
function decodeText(base64: string): string | undefined {
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) return undefined;
  return /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/.test(text) ? text : undefined;
}

/**
 * Registry-token-looking strings in `text` (the content of `file`): prefixed tokens (Docker Hub,
 * GitHub, GitLab), a docker config `"auth"` that decodes to `user:password`, a `.dockerconfigjson`
 * with credentials under `auths`, and each of these inside base64 (as in a Secret's `data`).
 * Image digests, SealedSecret ciphertext and placeholders do not count. The hits name the file,
 * the line and the kind, never the token.
 */
export function findTokens(text: string, file: string): TokenHit[] {
  const found = scanText(text);
  for (const { run, index } of base64Runs(text)) {
    const decoded = decodeText(run);
    if (decoded === undefined) continue;
    for (const inner of scanText(decoded)) {
      found.push({ index, end: index + run.length, kind: `${inner.kind}, base64-encoded` });
    }
  }
  if (found.length === 0) return [];
  const lineOf = lineLocator(text);
  const seen = new Set<string>();
  const hits: TokenHit[] = [];
  for (const f of found.sort((a, b) => a.index - b.index)) {
    const line = lineOf(f.index);
    const key = `${line}\0${f.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({ file, line, kind: f.kind });
  }
  return hits;
}

/** The one error text for a hit: where, what, and what to do. Never the token. */
export function tokenMessage(hit: TokenHit): string {
  return (
    `${hit.file}:${hit.line}: a ${hit.kind} is in clear text. Revoke it at the registry now — it may already be ` +
    `in Git history, where deleting the line does not remove it — then put the new token in the secret store ` +
    `and reference it from site.ts with PullSecret.externalSecret (or seal it with PullSecret.sealedSecret).`
  );
}

function carriesValues(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !isObject(value) || Object.keys(value).length > 0;
}

/**
 * A core `Secret` with `data` or `stringData` would put its values into Git (base64 is not
 * encryption): refused. `List` objects are checked item by item. Other objects have no problems.
 */
export function secretObjectProblems(object: unknown): string[] {
  if (!isObject(object)) return [];
  if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
    return object.items.flatMap((item) => secretObjectProblems(item));
  }
  if (object.apiVersion !== 'v1' || object.kind !== 'Secret') return [];
  const fields = (['data', 'stringData'] as const).filter((f) => carriesValues(object[f]));
  if (fields.length === 0) return [];
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
  const where = typeof metadata.namespace === 'string' ? `${metadata.namespace}/${name}` : name;
  return [
    `Secret ${where}: carries ${fields.join(' and ')}, which would put its values into Git in clear text (base64 is ` +
      `not encryption). Declare it in site.ts as a PullSecret with PullSecret.externalSecret(…) (an ExternalSecret ` +
      `reading the secret store) or PullSecret.sealedSecret(…) (a SealedSecret) instead, and revoke any token ` +
      `that was committed.`,
  ];
}
