import * as path from 'node:path';
import { URL } from 'node:url';

/**
 * The seat belt for profile and site code: while it runs, the environment, the clock, random
 * numbers, timers, child processes, the network, writes to the file system and reads outside the
 * repository are off limits. Each attempt is recorded with the file whose code was running and
 * answered with an exception, so a profile's output is a function of its sources, the site and
 * the target version alone.
 *
 * This stops accidents and non-determinism; it is not a security boundary. Profile code runs in
 * the synth's own process and could undo it on purpose, which is why profile pull requests are
 * reviewed as the code they are.
 */

/** An API profile code tried to use, and the file whose code was running. */
export interface SeatBeltAttempt {
  readonly file: string;
  readonly api: string;
}

/** What profile code may not do, in the words of the message. */
const WHY: Readonly<Record<string, string>> = {
  environment: 'profiles render the same everywhere: put settings in site.ts',
  clock: 'profiles render the same at any time',
  random: 'profiles render the same on every run',
  timers: 'code left to run later would escape these rules',
  process: 'profile code may not start programs or control the process',
  network: 'synth works offline',
  'file write': 'synth writes its output itself',
  'file read': 'profile code reads only files of the repository',
  'built-ins': "synth's own checks rely on them; the change was undone",
};

/** Thrown into profile code that reaches for what the seat belt holds back. */
export class SeatBeltError extends Error {
  constructor(
    readonly api: string,
    readonly category: string,
  ) {
    super(`${api} is not available to profile code (${WHY[category]}) [seat-belt/${category.replace(' ', '-')}]`);
  }
}

interface State {
  /** The file whose code is running; undefined while the seat belt is off. */
  file?: string;
  root: string;
  readonly attempts: SeatBeltAttempt[];
  /** The files in the repository each file's code read (absolute paths): the render cache checks them. */
  readonly reads: Map<string, Set<string>>;
  /** The real one, for the seat belt's own use. */
  readonly setImmediate: typeof setImmediate;
  /** The built-ins as they were when the run began: all of them, and those checked after every file. */
  builtIns?: { all: BuiltIn[]; everyFile: BuiltIn[] };
}

/**
 * A built-in object as it was: its own keys, and for each the value, or the descriptor of an
 * accessor (compared without calling it). Arrays, not maps: this is checked after every file.
 */
interface BuiltIn {
  readonly name: string;
  readonly object: Record<string | symbol, unknown>;
  readonly keys: ReadonlyArray<string | symbol>;
  readonly values: readonly unknown[];
  readonly accessors: ReadonlyArray<PropertyDescriptor | undefined>;
  readonly descriptors: readonly PropertyDescriptor[];
  /** Only some of the object's properties are described (no check for added ones). */
  readonly partial: boolean;
}

/**
 * Built-ins that profile code could redefine to change what synth concludes after it has run:
 * `Array.prototype.includes` answering true would let any image past the registry check. Those
 * marked are checked after every file, as synth checks each file's objects before the next runs;
 * the rest (and accessors) once all files of a phase have run.
 */
const BUILT_INS: ReadonlyArray<[name: string, object: object, everyFile: boolean]> = [
  ['globalThis', globalThis, false],
  ['Object', Object, true],
  ['Object.prototype', Object.prototype, true],
  ['Array', Array, true],
  ['Array.prototype', Array.prototype, true],
  ['String', String, false],
  ['String.prototype', String.prototype, true],
  ['RegExp.prototype', RegExp.prototype, true],
  ['Function.prototype', Function.prototype, true],
  ['Number', Number, false],
  ['Number.prototype', Number.prototype, false],
  ['Boolean.prototype', Boolean.prototype, false],
  ['Map.prototype', Map.prototype, true],
  ['Set.prototype', Set.prototype, true],
  ['Promise.prototype', Promise.prototype, false],
  ['Symbol', Symbol, false],
  ['JSON', JSON, true],
  ['Math', Math, false],
  ['Reflect', Reflect, true],
];

/** Globals synth's own code uses, checked after every file (all of globalThis after a phase). */
const EVERY_FILE_GLOBALS = ['Object', 'Array', 'String', 'RegExp', 'Map', 'Set', 'JSON', 'Reflect', 'Number', 'Symbol', 'Error', 'Buffer'];

function describe(name: string, object: object, keys: ReadonlyArray<string | symbol>, partial: boolean): BuiltIn {
  const descriptors = keys.map((key) => Reflect.getOwnPropertyDescriptor(object, key)!);
  return {
    name,
    object: object as Record<string | symbol, unknown>,
    keys,
    values: descriptors.map((d) => d.value),
    accessors: descriptors.map((d) => ('value' in d ? undefined : d)),
    descriptors,
    partial,
  };
}

function describeBuiltIns(): { all: BuiltIn[]; everyFile: BuiltIn[] } {
  const all = BUILT_INS.map(([name, object]) => describe(name, object, Reflect.ownKeys(object), false));
  const everyFile = [...all.filter((_, i) => BUILT_INS[i][2]), describe('globalThis', globalThis, EVERY_FILE_GLOBALS, true)];
  return { all, everyFile };
}

/**
 * The first property of `builtIn` that is not as described, if any. Accessors are compared only
 * when `accessors` is true: reading their descriptors is what makes a check slow.
 */
function firstChange(builtIn: BuiltIn, accessors: boolean): string | symbol | undefined {
  const { object, keys, values, accessors: wasAccessor } = builtIn;
  for (let i = 0; i < keys.length; i++) {
    const was = wasAccessor[i];
    if (was === undefined) {
      // A deleted own value reads as the prototype's, which differs.
      if (!Object.is(object[keys[i]], values[i])) return keys[i];
    } else if (accessors) {
      const now = Reflect.getOwnPropertyDescriptor(object, keys[i]);
      if (now?.get !== was.get || now?.set !== was.set) return keys[i];
    }
  }
  if (builtIn.partial) return undefined;
  const now = Reflect.ownKeys(object);
  return now.length === keys.length ? undefined : now.find((key) => !keys.includes(key));
}

/** Puts back any built-in profile code changed, and records that it did, as code of `file`. */
function restoreBuiltIns(current: State, file: string, everyFile: boolean): void {
  for (const builtIn of (everyFile ? current.builtIns?.everyFile : current.builtIns?.all) ?? []) {
    const changed = firstChange(builtIn, !everyFile);
    if (changed === undefined) continue;
    const { name, object, keys, descriptors } = builtIn;
    keys.forEach((key, i) => Reflect.defineProperty(object, key, descriptors[i]));
    if (!builtIn.partial) for (const key of Reflect.ownKeys(object)) if (!keys.includes(key)) Reflect.deleteProperty(object, key);
    const outer = current.file;
    current.file = file;
    record(current, new SeatBeltError(`changing ${name}.${String(changed)}`, 'built-ins').message);
    current.file = outer;
  }
}

/**
 * Puts back the built-ins that `file`'s code changed. Checked once a file's code has run, not
 * after every call into it, and without their accessors, which `restoreBuiltInsAfterAll` checks:
 * a check reads every property of each.
 */
export function restoreBuiltInsAfter(file: string): void {
  restoreBuiltIns(state(), file, true);
}

/** Puts back built-ins, accessors included, that the code of `files` changed. */
export function restoreBuiltInsAfterAll(files: string): void {
  restoreBuiltIns(state(), files, false);
}

// Each bundle of this tool that loads this module holds a copy of it: they share one state.
const STATE_KEY = Symbol.for('nnf-profiles.seatBelt');
const global = globalThis as unknown as Record<symbol, State | undefined>;

function state(): State {
  if (!global[STATE_KEY]) {
    global[STATE_KEY] = { root: process.cwd(), attempts: [], reads: new Map(), setImmediate: globalThis.setImmediate };
    install(global[STATE_KEY]!);
  }
  return global[STATE_KEY]!;
}

function record(current: State, api: string): void {
  if (!current.attempts.some((a) => a.file === current.file && a.api === api)) current.attempts.push({ file: current.file!, api });
}

function refuse(current: State, api: string, category: string): never {
  const error = new SeatBeltError(api, category);
  record(current, error.message);
  throw error;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Replaces `owner[name]` by a function that refuses while the seat belt is on. */
function guard(current: State, owner: object, name: string, api: string, category: string, allow?: (args: unknown[]) => boolean): void {
  const real = (owner as Record<string, unknown>)[name];
  if (typeof real !== 'function') return;
  const guarded = function (this: unknown, ...args: unknown[]) {
    if (current.file !== undefined && !allow?.(args)) refuse(current, api, category);
    return new.target ? Reflect.construct(real as AnyFunction, args, new.target) : (real as AnyFunction).apply(this, args);
  };
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(real))) {
    try {
      Object.defineProperty(guarded, key, descriptor);
    } catch {
      // `prototype` of a class: the guarded function keeps its own.
    }
  }
  try {
    (owner as Record<string, unknown>)[name] = guarded;
  } catch {
    // A frozen property: left as it is.
  }
}

function guardAll(current: State, moduleName: string, category: string, names?: readonly string[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(moduleName) as Record<string, unknown>;
  for (const name of names ?? Object.keys(exported)) {
    if (typeof exported[name] === 'function') guard(current, exported, name, `${moduleName.replace('node:', '')}.${name}()`, category);
  }
}

const FS_WRITES = [
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'createWriteStream',
  'fchmod',
  'fchown',
  'ftruncate',
  'futimes',
  'lchmod',
  'lchown',
  'link',
  'lutimes',
  'mkdir',
  'mkdtemp',
  'rename',
  'rm',
  'rmdir',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
  'write',
  'writeFile',
  'writev',
];
const FS_READS = [
  'access',
  'createReadStream',
  'exists',
  'lstat',
  'open',
  'opendir',
  'readFile',
  'readdir',
  'readlink',
  'realpath',
  'stat',
  'statfs',
];
const WRITE_FLAGS = /[wa+]/;
const LIBRARY_SWITCHES = /^(CDK8S_.*|FORCE_COLOR|NO_COLOR|NODE_DISABLE_COLORS|TERM|COLORTERM|TERM_PROGRAM|TMUX|CI|TEAMCITY_VERSION)$/;

function install(current: State): void {
  // Node makes the standard streams when first used (a pipe's is a net.Socket): made now,
  // console.log works in profile code.
  void process.stdout;
  void process.stderr;

  // The environment: every way of reading process.env goes through this proxy.
  const env = process.env;
  const refuseEnv = (what: string) => (current.file !== undefined ? refuse(current, `process.env${what}`, 'environment') : undefined);
  // Switches libraries read for themselves — cdk8s's own (CDK8S_DISABLE_SORT in ApiObject.toJson),
  // the terminal's that console.log reads to choose colours — read as unset with the seat belt
  // on: they cannot change what profiles render, and logging stays possible.
  const librarySwitch = (key: string | symbol) => typeof key === 'string' && current.file !== undefined && LIBRARY_SWITCHES.test(key);
  process.env = new Proxy(env, {
    get: (target, key) => (librarySwitch(key) ? undefined : (typeof key === 'string' && refuseEnv(`.${key}`), Reflect.get(target, key))),
    has: (target, key) => (typeof key === 'string' && refuseEnv(`.${key}`), Reflect.has(target, key)),
    ownKeys: (target) => (refuseEnv(''), Reflect.ownKeys(target)),
    set: (target, key, value) => (typeof key === 'string' && refuseEnv(`.${key}`), Reflect.set(target, key, value)),
    deleteProperty: (target, key) => (typeof key === 'string' && refuseEnv(`.${key}`), Reflect.deleteProperty(target, key)),
  });

  // The clock and chance.
  const RealDate = Date;
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      if (current.file !== undefined && args.length === 0) refuse(current, 'new Date()', 'clock');
      return Reflect.construct(target, args, newTarget);
    },
    apply(target, thisArg, args) {
      if (current.file !== undefined) refuse(current, 'Date()', 'clock');
      return Reflect.apply(target, thisArg, args);
    },
  });
  guard(current, RealDate, 'now', 'Date.now()', 'clock');
  guard(current, performance, 'now', 'performance.now()', 'clock');
  guard(current, process, 'hrtime', 'process.hrtime()', 'clock');
  guard(current, process, 'uptime', 'process.uptime()', 'clock');
  guard(current, Math, 'random', 'Math.random()', 'random');
  for (const name of ['randomBytes', 'randomUUID', 'randomInt', 'randomFillSync', 'getRandomValues']) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module profile code gets, not an import binding
    guard(current, require('node:crypto'), name, `crypto.${name}()`, 'random');
  }

  // Timers: code deferred past the synth would escape the seat belt. (process.nextTick and
  // microtasks run before drainProfileCode is done, still held; console.log needs the former.)
  for (const name of ['setTimeout', 'setInterval', 'setImmediate']) guard(current, globalThis, name, `${name}()`, 'timers');

  // Programs, the process and the network.
  guardAll(current, 'node:child_process', 'process');
  guardAll(current, 'node:worker_threads', 'process', ['Worker']);
  for (const name of ['kill', 'exit', 'abort', 'chdir', 'dlopen']) guard(current, process, name, `process.${name}()`, 'process');
  for (const name of ['node:net', 'node:tls', 'node:http', 'node:https', 'node:http2', 'node:dgram', 'node:dns'])
    guardAll(current, name, 'network');
  guard(current, globalThis, 'fetch', 'fetch()', 'network');
  // The machine: its name, users, load and addresses are the environment too.
  guardAll(current, 'node:os', 'environment');
  for (const name of ['memoryUsage', 'cpuUsage', 'resourceUsage']) guard(current, process, name, `process.${name}()`, 'clock');

  // The file system: no writes; reads inside the repository only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as Record<string, unknown> & { promises: Record<string, unknown> };
  const inRepository = (file: unknown) => {
    if (typeof file !== 'string' && !(file instanceof URL) && !Buffer.isBuffer(file)) return true; // a descriptor, opened by a read noted below
    const resolved = path.resolve(file instanceof URL ? file.pathname : String(file));
    const inside = resolved === current.root || resolved.startsWith(current.root + path.sep);
    if (inside && current.file !== undefined) {
      const reads = current.reads.get(current.file) ?? current.reads.set(current.file, new Set()).get(current.file)!;
      reads.add(resolved);
    }
    return inside;
  };
  for (const base of FS_WRITES) {
    for (const name of [base, `${base}Sync`]) guard(current, fs, name, `fs.${name}()`, 'file write');
    guard(current, fs.promises, base, `fs.promises.${base}()`, 'file write');
  }
  for (const base of FS_READS) {
    const readOnly = (args: unknown[]) => inRepository(args[0]) && !(base === 'open' && WRITE_FLAGS.test(String(args[1] ?? 'r')));
    for (const name of [base, `${base}Sync`]) guard(current, fs, name, `fs.${name}() outside the repository`, 'file read', readOnly);
    guard(current, fs.promises, base, `fs.promises.${base}() outside the repository`, 'file read', readOnly);
  }
}

/** Starts a run: profile code may read files in `root`, and earlier attempts are forgotten. */
export function fastenSeatBelt(root: string): void {
  const current = state();
  current.root = path.resolve(root);
  current.attempts.length = 0;
  current.reads.clear();
  current.builtIns = describeBuiltIns();
}

/** Takes the built-ins as they are now: what synth itself did since the last file (compiling, a lazily made global) is not profile code's. */
export function acceptHostChanges(): void {
  state().builtIns = describeBuiltIns();
}

/** The files in the repository `file`'s code read this run, its module's loading included. */
export function filesReadBy(file: string): string[] {
  return [...(state().reads.get(file) ?? [])].sort();
}

/** Runs `fn` as code of `file`: profile or site code, or synth's own (undefined). */
function runAs<T>(file: string | undefined, fn: () => T): T {
  const current = state();
  const outer = current.file;
  current.file = file;
  try {
    return fn();
  } finally {
    current.file = outer;
  }
}

/** Runs `fn`, code of `file`, with the seat belt on. */
export function withSeatBelt<T>(file: string, fn: () => T): T {
  return runAs(file, fn);
}

/** Runs `fn`, synth's own work done on behalf of profile code (finding and loading its imports), with the seat belt off. */
export function asHost<T>(fn: () => T): T {
  return runAs(undefined, fn);
}

/** Stands for profile code that ran after its module and factory had returned. */
export const DEFERRED_CODE = '(code a profile module or site.ts left to run later)';

/**
 * Lets code that profile code deferred (a promise's callbacks: timers are refused) run now, with
 * the seat belt on; call it after synth and before writing. The microtasks queued meanwhile all
 * run before the next turn of the event loop, and a promise of theirs that fails is recorded.
 */
export async function drainProfileCode(): Promise<void> {
  const current = state();
  const rejected = (reason: unknown) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    current.file = DEFERRED_CODE;
    if (!message.includes('[seat-belt/')) record(current, `a promise it left failed: ${message}`);
  };
  process.on('unhandledRejection', rejected);
  acceptHostChanges();
  try {
    current.file = DEFERRED_CODE;
    // Two turns: the second lets Node report promises the first one's code left rejected.
    for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => current.setImmediate(resolve));
  } finally {
    restoreBuiltIns(current, DEFERRED_CODE, false);
    current.file = undefined;
    process.off('unhandledRejection', rejected);
  }
}

/** Every attempt since the last call, and forgets them. */
export function takeSeatBeltAttempts(): SeatBeltAttempt[] {
  return state().attempts.splice(0);
}
