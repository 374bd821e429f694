import { lexCommand } from '../../src/dws/shell-words';

const texts = (input: string, dialect: 'sh' | 'shlex') => lexCommand(input, dialect).words.map((w) => w.text);

describe('lexCommand: shlex, as Flux splits a batch directive', () => {
  test.each([
    ['-S dw=a#b c', ['-S', 'dw=a']],
    ['-S dw="x \\$DW_JOB_a y"', ['-S', 'dw=x \\$DW_JOB_a y']],
    ["-S dw='x \\$DW y'", ['-S', 'dw=x \\$DW y']],
    ['-S dw=\\$DW', ['-S', 'dw=$DW']],
    ['#DW jobdw', []],
    ['-N2 # comment', ['-N2']],
    ['-S a;b', ['-S', 'a', ';', 'b']],
  ])('%s', (input, expected) => {
    expect(texts(input, 'shlex')).toEqual(expected);
  });

  test('an unclosed quote is an error at the quote', () => {
    expect(lexCommand('-S dw="abc', 'shlex').error).toEqual({ index: 6, message: 'the double quote here is never closed' });
  });
});

describe('lexCommand: sh, as the shell splits a command line', () => {
  test('quotes, escapes, continuations; variables kept and recorded where the shell expands them', () => {
    const script = 'flux run \\\n -S dw="a $DW_JOB_x \\$DW_JOB_y ${HOME}"\'$DW_JOB_z\' app > out 2>&1; echo next';
    const { words, end } = lexCommand(script, 'sh');
    expect(words.map((w) => w.text)).toEqual(['flux', 'run', '-S', 'dw=a $DW_JOB_x $DW_JOB_y ${HOME}$DW_JOB_z', 'app']);
    expect(words[3].expansions).toEqual([
      { index: 5, name: 'DW_JOB_x' },
      { index: 25, name: 'HOME' },
    ]);
    expect(script.slice(end)).toBe('; echo next');
  });

  test('a newline inside quotes belongs to the word; offsets point into the script', () => {
    const script = 'flux run -S dw="#DW a\n#DW b" x\nnext';
    const { words } = lexCommand(script, 'sh');
    expect(words[3].text).toBe('dw=#DW a\n#DW b');
    expect(script[words[3].offsets[9]]).toBe('#');
    expect(script.slice(0, words[3].offsets[9]).split('\n').length).toBe(2);
  });

  test('command substitutions make a word computed', () => {
    expect(lexCommand('flux run -S dw="$(cat f)" x', 'sh').words[3].computed).toBe(true);
    expect(lexCommand('flux run -S dw="$DW" x', 'sh').words[3].computed).toBe(false);
  });
});
