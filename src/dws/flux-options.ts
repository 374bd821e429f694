import type { ScriptProblem } from './script-problem';
import { type ShellWord, wordFrom } from './shell-words';

/**
 * The options of a Flux submission (`flux alloc|batch|run|submit`, or its batch directives)
 * that set the `dw` job attribute, read as Flux's option parser reads them. Pure.
 *
 * `-S KEY=VALUE`, `-SKEY=VALUE`, `--setattr=KEY=VALUE` and `--setattr KEY=VALUE` (argparse also
 * takes an unambiguous abbreviation such as `--seta`). A KEY without `system.`, `user.`,
 * `attributes.` or a leading `.` gets `system.`, so `dw`, `system.dw`, `.system.dw` and
 * `attributes.system.dw` all set `.attributes.system.dw`. `^KEY=FILE` reads the value from a
 * JSON file. The option may be given several times: the last value of an attribute wins.
 */

/** One option setting the dw attribute. */
export interface DwOption {
  /** The value after `KEY=`, with its offsets. */
  readonly value: ShellWord;
  /** Offset in the script where the option begins (`-S` or `--setattr`). */
  readonly offset: number;
  /** The option as written up to the value, for messages: `--setattr=dw=`, `-S dw=`. */
  readonly label: string;
  /** The value cannot be read (from a file, or no value): reported already, nothing to check. */
  readonly unreadable?: boolean;
}

/** Options of flux submission commands that take a value as the next word. */
const SHORT_WITH_VALUE = new Set(['-N', '-n', '-c', '-g', '-t', '-q', '-B', '-o', '-S', '-u', '-L']);
const LONG_WITH_VALUE = new Set([
  '--nodes',
  '--ntasks',
  '--cores-per-task',
  '--gpus-per-task',
  '--tasks-per-node',
  '--tasks-per-core',
  '--gpus-per-node',
  '--cores',
  '--time-limit',
  '--queue',
  '--bank',
  '--setopt',
  '--setattr',
  '--job-name',
  '--env',
  '--env-remove',
  '--env-file',
  '--rlimit',
  '--urgency',
  '--dependency',
  '--requires',
  '--begin-time',
  '--signal',
  '--taskmap',
  '--add-file',
  '--conf',
  '--cwd',
  '--flags',
  '--output',
  '--error',
  '--input',
  '--log',
  '--log-stderr',
  '--cc',
  '--bcc',
  '--wait-event',
  '--broker-opts',
  '--dump',
  '--label-io',
]);
const SETATTR_LONG = /^--seta(?:t(?:t(?:r)?)?)?$/;

/** `.attributes.system.dw` under any of the spellings Flux accepts. */
function setsDw(key: string): boolean {
  if (key.startsWith('.')) return key === '.system.dw';
  if (key.startsWith('attributes.')) return key === 'attributes.system.dw';
  return key === 'dw' || key === 'system.dw';
}

/**
 * The dw options among `words` (the arguments after the subcommand, or of batch directives),
 * up to the first word that is not an option when `positionalEnds` (the command Flux runs).
 */
export function dwOptions(
  words: readonly ShellWord[],
  positionalEnds: boolean,
  lineAt: (offset: number) => number,
  problems: ScriptProblem[],
): DwOption[] {
  const found: DwOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const text = word.text;
    let setting: { word: ShellWord; from: number; label: string } | undefined;
    if (text === '--') break;
    const equals = text.indexOf('=');
    if (text.startsWith('--') && equals > 0 && SETATTR_LONG.test(text.slice(0, equals))) {
      setting = { word, from: equals + 1, label: text.slice(0, equals + 1) };
    } else if (SETATTR_LONG.test(text) || text === '-S') {
      const next = words[i + 1];
      i++;
      if (next === undefined) continue;
      setting = { word: next, from: 0, label: `${text} ` };
    } else if (text.startsWith('-S')) {
      setting = { word, from: 2, label: '-S' };
    } else if (text.startsWith('--')) {
      if (equals === -1 && LONG_WITH_VALUE.has(text)) i++;
      continue;
    } else if (text.startsWith('-') && text.length > 1) {
      if (SHORT_WITH_VALUE.has(text)) i++;
      continue;
    } else {
      if (positionalEnds) break;
      continue;
    }
    const keyValue = setting.word.text.slice(setting.from);
    const split = keyValue.indexOf('=');
    const rawKey = split === -1 ? keyValue : keyValue.slice(0, split);
    const fromFile = rawKey.startsWith('^');
    const key = fromFile ? rawKey.replace(/^\^+/, '') : rawKey;
    if (!setsDw(key)) continue;
    const offset = word.offsets[0] ?? 0;
    const label = `${setting.label}${rawKey}=`;
    if (fromFile) {
      problems.push({
        line: lineAt(offset),
        severity: 'error',
        rule: 'dw-unreadable',
        message: `${label}${keyValue.slice(split + 1)} reads the directives from a JSON file, which lint-job does not read; check the directives with 'nnf-profiles lint-job --dw' or write them in the script`,
      });
      found.push({ value: wordFrom(setting.word, setting.word.text.length), offset, label, unreadable: true });
      continue;
    }
    if (split === -1) {
      problems.push({
        line: lineAt(offset),
        severity: 'error',
        rule: 'dw-unreadable',
        message: `${setting.label}${rawKey} has no '=' and value, so Flux sets dw to 1, which flux-coral2 refuses; write ${setting.label}${rawKey}="#DW ..."`,
      });
      found.push({ value: wordFrom(setting.word, setting.word.text.length), offset, label, unreadable: true });
      continue;
    }
    found.push({ value: wordFrom(setting.word, setting.from + split + 1), offset, label });
  }
  return found;
}
