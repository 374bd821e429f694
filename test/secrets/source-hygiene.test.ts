import { checkSourceBytes } from '../../src/secrets/source-hygiene';

// Bidirectional controls are written as escapes: this file must not hold the characters it tests.
const RLO = '\u202e';
const LRI = '\u2066';
const PDI = '\u2069';
const BIDI_RISK = 'bidirectional control characters can make code read differently from how it runs (CVE-2021-42574); remove it';

const check = (content: string | Buffer, file = 'profiles/app.ts') =>
  checkSourceBytes(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, file);

describe('checkSourceBytes', () => {
  test('accepts UTF-8 text in any script, and gives it back decoded', () => {
    const text = "// Größe, 大小, \u{1f600}\nexport const name = 'données';\n";
    expect(check(text)).toEqual({ text, problems: [] });
  });

  test('fails when a line holds a bidirectional override, naming code point, line and column', () => {
    const text = `const a = 1;\nconst isAdmin = false; /* ${RLO} } ${LRI} if (isAdmin) ${PDI} ${LRI} begin admins only */\n`;
    expect(check(text).problems).toEqual([
      `profiles/app.ts:2:27: U+202E RIGHT-TO-LEFT OVERRIDE: ${BIDI_RISK}`,
      `profiles/app.ts:2:31: U+2066 LEFT-TO-RIGHT ISOLATE: ${BIDI_RISK}`,
      `profiles/app.ts:2:46: U+2069 POP DIRECTIONAL ISOLATE: ${BIDI_RISK}`,
      `profiles/app.ts:2:48: U+2066 LEFT-TO-RIGHT ISOLATE: ${BIDI_RISK}`,
    ]);
  });

  test.each([
    ['U+061C ARABIC LETTER MARK', '\u061c'],
    ['U+200E LEFT-TO-RIGHT MARK', '\u200e'],
    ['U+200F RIGHT-TO-LEFT MARK', '\u200f'],
    ['U+202A LEFT-TO-RIGHT EMBEDDING', '\u202a'],
    ['U+202B RIGHT-TO-LEFT EMBEDDING', '\u202b'],
    ['U+202C POP DIRECTIONAL FORMATTING', '\u202c'],
    ['U+202D LEFT-TO-RIGHT OVERRIDE', '\u202d'],
    ['U+202E RIGHT-TO-LEFT OVERRIDE', '\u202e'],
    ['U+2066 LEFT-TO-RIGHT ISOLATE', '\u2066'],
    ['U+2067 RIGHT-TO-LEFT ISOLATE', '\u2067'],
    ['U+2068 FIRST STRONG ISOLATE', '\u2068'],
    ['U+2069 POP DIRECTIONAL ISOLATE', '\u2069'],
  ])('fails when the text holds %s, and never repeats the character', (name, ch) => {
    const { problems } = check(`# notes\n\nab${ch}c\n`, 'profiles/README.md');
    expect(problems).toEqual([`profiles/README.md:3:3: ${name}: ${BIDI_RISK}`]);
    expect(problems.join('\n')).not.toContain(ch);
  });

  test('counts columns in characters: a character outside the BMP is one, a tab is one', () => {
    expect(check(`\t\u{1f600}x${RLO}\n`).problems).toEqual([`profiles/app.ts:1:4: U+202E RIGHT-TO-LEFT OVERRIDE: ${BIDI_RISK}`]);
  });

  test('counts lines after CRLF line ends as the token scan does', () => {
    expect(check(`a\r\nb\r\n${RLO}\r\n`).problems).toEqual([`profiles/app.ts:3:1: U+202E RIGHT-TO-LEFT OVERRIDE: ${BIDI_RISK}`]);
  });

  test('fails when a file is full of them, listing the first ten and counting the rest', () => {
    const { problems } = check(`${RLO}\n`.repeat(25));
    expect(problems).toHaveLength(11);
    expect(problems[9]).toBe(`profiles/app.ts:10:1: U+202E RIGHT-TO-LEFT OVERRIDE: ${BIDI_RISK}`);
    expect(problems[10]).toBe('profiles/app.ts: 15 more bidirectional control characters after these; remove them all');
  });

  test.each([
    ['a Latin-1 byte', [0x63, 0x61, 0x66, 0xe9]],
    ['a lone continuation byte', [0x80]],
    ['an overlong encoding of /', [0xc0, 0xaf]],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a sequence cut short at the end', [0xe2, 0x82]],
    ['a sequence cut short by ASCII', [0xe2, 0x82, 0x41]],
  ])('fails when the text holds %s, naming the line', (_what, bytes) => {
    const content = Buffer.concat([Buffer.from('// ok\n// still ok: é\n'), Buffer.from('x = "'), Buffer.from(bytes), Buffer.from('"\n')]);
    expect(check(content, 'profiles/common/latin.json').problems).toEqual([
      'profiles/common/latin.json is not valid UTF-8 at line 3; save it as UTF-8',
    ]);
  });

  test('accepts every well-formed sequence length, and a byte order mark', () => {
    expect(check(Buffer.from('\ufeffa é € \u{10348} \u{10ffff}\n', 'utf8')).problems).toEqual([]);
  });

  test('fails when a file holds NUL bytes, as a binary file, and keeps its bytes for the token scan', () => {
    const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x41, 0xe2, 0x80, 0xae]);
    const result = check(content, 'profiles/logo.png');
    expect(result.problems).toEqual([
      'profiles/logo.png is a binary file (it holds NUL bytes); profiles/ and site.ts hold source text that reviewers can read: remove it',
    ]);
    expect(Buffer.from(result.text, 'latin1')).toEqual(content);
  });
});
