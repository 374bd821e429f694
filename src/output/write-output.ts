import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeFolders } from '../io/folders';
import { OUTPUT_RECORD, outputRecordText, readOutputRecord } from './record';

export interface WriteSummary {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** An earlier synth had been interrupted after it decided its change; that change was completed first. */
  readonly recovered?: 'completed';
}

/** The file system calls the writer makes; tests pass one that fails or stops on cue. */
export type OutputIo = Pick<
  typeof fs,
  'lstatSync' | 'mkdirSync' | 'readFileSync' | 'renameSync' | 'rmSync' | 'rmdirSync' | 'statSync' | 'writeFileSync'
>;

/**
 * The output cannot be written as asked: files synth did not write stand where it would write, or
 * a file system call failed. `pending` says whether the folder is as it was, or a change is left
 * in the journal for the next synth to complete (when even putting the folder back failed).
 */
export class OutputError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly state: 'unchanged' | 'pending' = 'unchanged',
  ) {
    super(problems.join('\n'));
  }
}

/** One change to the output folder, as the journal records it. */
interface Operation {
  /** Relative to the output folder, `/`-separated. */
  readonly file: string;
  readonly action: 'write' | 'remove';
}

/** What a synth is about to do to the folder; once written to the journal, it is carried out. */
interface Plan {
  readonly operations: readonly Operation[];
  /** Folders the writes need that do not exist yet, outermost first; undone by removing them. */
  readonly newFolders: readonly string[];
}

/**
 * The journal of a synth under way, beside the output folder and never inside it, where Argo CD
 * and Git look: `staged/` holds the new files, and `plan.json`, once it exists, says the change
 * is decided. Each step of a plan is done when its staged file has moved into place (a write) or
 * its file is gone (a removal), so a plan can be carried out again from any point.
 */
export function journalPathFor(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.nnf-profiles.journal`);
}

const PLAN_FILE = 'plan.json';

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function lstat(io: OutputIo, file: string): fs.Stats | undefined {
  try {
    return io.lstatSync(file);
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

function exists(io: OutputIo, file: string): boolean {
  return lstat(io, file) !== undefined;
}

/** Whether `file` holds exactly `content`. */
function holds(io: OutputIo, file: string, content: string): boolean {
  return io.readFileSync(file, 'utf8') === content;
}

function writeFile(io: OutputIo, file: string, content: string): void {
  makeFolders(path.dirname(file), io);
  io.writeFileSync(file, content);
}

/** `a/b/c.yaml` → `a`, `a/b`: the folders between the output folder and a file. */
function foldersOf(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function inScope(file: string, scopes: readonly string[] | undefined): boolean {
  return !scopes || scopes.some((scope) => file.startsWith(`${scope}/`));
}

/**
 * What it takes to make `outDir` hold `files`: the writes and removals, and the folders to make.
 * Throws an OutputError listing every file synth did not write that stands in the way.
 */
function planOutput(
  io: OutputIo,
  outDir: string,
  files: ReadonlyMap<string, string>,
  scopes: readonly string[] | undefined,
): { plan: Plan; unchanged: number; record: string; previous: Map<string, Buffer> } {
  const record = readOutputRecord(outDir, io);
  const recorded = record ?? new Set<string>();
  const owned = new Set([...recorded].filter((file) => !inScope(file, scopes)));
  const operations: Operation[] = [];
  const conflicts: string[] = [];
  const newFolders = new Set<string>();
  // What the files to replace or remove hold now: what undoing puts back.
  const previous = new Map<string, Buffer>();
  const replace = (file: string, action: Operation['action']) => {
    previous.set(file, io.readFileSync(path.join(outDir, file)));
    operations.push({ file, action });
  };
  const checkedFolders = new Set<string>();
  let unchanged = 0;
  const shown = (file: string) => path.join(outDir, file);

  const checkFolders = (file: string) => {
    for (const folder of foldersOf(file)) {
      if (checkedFolders.has(folder)) continue;
      checkedFolders.add(folder);
      const stat = lstat(io, path.join(outDir, folder));
      if (!stat) newFolders.add(folder);
      else if (stat.isSymbolicLink())
        conflicts.push(`${shown(folder)} is a symbolic link; synth writes only into folders of its own: remove the link`);
      else if (!stat.isDirectory())
        conflicts.push(`${shown(folder)} is a file where synth needs a folder, and synth did not write it: move it away`);
    }
  };

  for (const [file, content] of files) {
    owned.add(file);
    checkFolders(file);
    const target = path.join(outDir, file);
    const stat = [...foldersOf(file)].some((f) => newFolders.has(f)) ? undefined : lstat(io, target);
    if (!stat) {
      operations.push({ file, action: 'write' });
    } else if (!stat.isFile()) {
      conflicts.push(`${target} is ${stat.isDirectory() ? 'a folder' : 'not a regular file'} where synth writes a file: move it away`);
    } else if (holds(io, target, content)) {
      unchanged++;
    } else if (recorded.has(file)) {
      replace(file, 'write');
    } else {
      conflicts.push(`${target} exists and synth did not write it: move it away, or write to an empty folder with --out`);
    }
  }
  for (const file of recorded) {
    if (inScope(file, scopes) && !files.has(file) && lstat(io, path.join(outDir, file))?.isFile()) {
      replace(file, 'remove');
    }
  }
  if (conflicts.length > 0 && !record) {
    // Output of a version of synth that kept no record looks the same: say how to start afresh.
    conflicts.push(`${outDir} has no ${OUTPUT_RECORD}: if it holds only output of an earlier synth, remove the folder and synth again`);
  }
  if (conflicts.length > 0) throw new OutputError(conflicts);

  // The record changes with the set of files, and is written with them.
  const recordText = outputRecordText(owned);
  const recordFile = path.join(outDir, OUTPUT_RECORD);
  const recordStat = lstat(io, recordFile);
  const recordChanges = !recordStat || !holds(io, recordFile, recordText);
  if (recordChanges && recordStat) replace(OUTPUT_RECORD, 'write');
  else if (recordChanges) operations.push({ file: OUTPUT_RECORD, action: 'write' });
  return { plan: { operations, newFolders: [...newFolders].sort((a, b) => a.length - b.length) }, unchanged, record: recordText, previous };
}

/** Carries out the operations not yet done: each step can be repeated, so a journal is replayed after a crash. */
function carryOut(io: OutputIo, outDir: string, journal: string, plan: Plan): void {
  for (const folder of plan.newFolders) {
    if (!exists(io, path.join(outDir, folder))) io.mkdirSync(path.join(outDir, folder));
  }
  for (const { file, action } of plan.operations) {
    const target = path.join(outDir, file);
    const staged = path.join(journal, 'staged', file);
    if (action === 'write' && exists(io, staged)) io.renameSync(staged, target);
    if (action === 'remove' && exists(io, target)) io.rmSync(target);
  }
}

/**
 * Puts the folder back as it was, from what the files held before: each step goes back to not
 * done (a written file returns to the journal), so should this be interrupted, the next synth
 * can still carry the plan out.
 */
function undo(io: OutputIo, outDir: string, journal: string, plan: Plan, previous: ReadonlyMap<string, Buffer>): void {
  const putBack = (target: string, bytes: Buffer) => {
    const temporary = path.join(journal, 'put-back.tmp');
    io.writeFileSync(temporary, bytes);
    io.renameSync(temporary, target);
  };
  for (const { file, action } of [...plan.operations].reverse()) {
    const target = path.join(outDir, file);
    const staged = path.join(journal, 'staged', file);
    const before = previous.get(file);
    if (action === 'write' && !exists(io, staged) && exists(io, target)) {
      io.renameSync(target, staged);
      if (before) putBack(target, before);
    }
    if (action === 'remove' && before && !exists(io, target)) putBack(target, before);
  }
  for (const folder of [...plan.newFolders].reverse()) {
    try {
      io.rmdirSync(path.join(outDir, folder));
    } catch {
      // Not empty or already gone: it was not only ours.
    }
  }
}

/** Removes the folders that removals emptied, up to (not including) the output folder. */
function removeEmptiedFolders(io: OutputIo, outDir: string, plan: Plan): void {
  const folders = new Set(plan.operations.filter((o) => o.action === 'remove').flatMap((o) => foldersOf(o.file)));
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    try {
      io.rmdirSync(path.join(outDir, folder));
    } catch {
      // Still holds something.
    }
  }
}

/** One line for a failed file system call: what, where, and what to do. */
export function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const advice: Record<string, string> = {
    EACCES: 'check the permissions of that path',
    EPERM: 'check the permissions of that path',
    EROFS: 'the file system is read-only',
    ENOSPC: 'free some disk space',
    EDQUOT: 'the disk quota is used up',
    ENOTDIR: 'a file stands where a folder is needed',
    EISDIR: 'a folder stands where a file is needed',
    EEXIST: 'something already stands at that path',
    ENOENT: 'it does not exist',
    EXDEV: 'the output folder and the folder beside it must be on one file system',
  };
  const what = e?.syscall && e.path ? `${e.syscall} ${e.path}` : 'file system';
  const reason = (e?.message ?? String(error)).replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${what}: ${reason}${e?.code ? ` (${e.code})` : ''}${e?.code && advice[e.code] ? `; ${advice[e.code]}` : ''}`;
}

function readPlan(io: OutputIo, journal: string): Plan | undefined {
  try {
    return JSON.parse(io.readFileSync(path.join(journal, PLAN_FILE), 'utf8')) as Plan;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Carries out a decided plan, or puts the folder back when that fails; then drops the journal. */
function complete(io: OutputIo, outDir: string, journal: string, plan: Plan, previous?: ReadonlyMap<string, Buffer>): void {
  try {
    carryOut(io, outDir, journal, plan);
  } catch (error) {
    // Replaying a journal, what the files held before is gone: the plan stays for the next run.
    if (!previous) throw new OutputError([describeIoError(error)], 'pending');
    try {
      undo(io, outDir, journal, plan, previous);
    } catch (undoError) {
      throw new OutputError([describeIoError(error), `putting it back failed too: ${describeIoError(undoError)}`], 'pending');
    }
    dropJournal(io, journal);
    throw new OutputError([describeIoError(error)]);
  }
  removeEmptiedFolders(io, outDir, plan);
  dropJournal(io, journal);
}

/**
 * Removes a carried-out journal, its plan first: should the rest fail to go, the output is
 * complete all the same, and a leftover journal without a plan is dropped by the next synth.
 */
function dropJournal(io: OutputIo, journal: string): void {
  try {
    io.rmSync(path.join(journal, PLAN_FILE), { force: true });
    io.rmSync(journal, { recursive: true, force: true });
  } catch {
    // A plan left behind is replayed harmlessly: every step is already done.
  }
}

/**
 * Finishes what an interrupted synth left: a decided plan is carried out; a journal without a
 * plan had changed nothing and is dropped.
 *
 * @throws OutputError in state `pending` when carrying the plan out fails; it is kept for the next run
 */
export function recoverOutput(outDir: string, io: OutputIo = fs): WriteSummary['recovered'] {
  const journal = journalPathFor(outDir);
  if (!exists(io, journal)) return undefined;
  const plan = readPlan(io, journal);
  if (!plan) {
    io.rmSync(journal, { recursive: true, force: true });
    return undefined;
  }
  complete(io, outDir, journal, plan);
  return 'completed';
}

/**
 * Makes `outDir` hold exactly `files` within `scopes` (subfolders; all of `outDir` when
 * undefined), all or nothing. Synth owns only the files its record lists: it replaces or removes
 * no other, and refuses to write where one stands. The new files are staged beside the folder;
 * a journal decides the change in one rename, and only then are the files moved into place, so a
 * failure at any point leaves the previous output, and an interruption is completed by the next
 * run. Only files whose bytes change are touched. Call it holding the folder's lock.
 *
 * @throws OutputError naming every obstacle (nothing changed), or the I/O error that stopped
 *   the change (the folder was put back)
 */
export function writeOutput(
  outDir: string,
  files: ReadonlyMap<string, string>,
  scopes?: readonly string[],
  io: OutputIo = fs,
): WriteSummary {
  const inside = path.resolve(outDir) + path.sep;
  for (const file of files.keys()) {
    // Names come from objects: refuse anything that would land outside the output folder.
    if (file.includes('\0') || file.includes('\\') || !path.resolve(outDir, file).startsWith(inside) || file === OUTPUT_RECORD) {
      throw new OutputError([`refusing to write ${JSON.stringify(file)}: it is not a path synth may write inside ${outDir}`]);
    }
  }
  const journal = journalPathFor(outDir);
  try {
    const recovered = recoverOutput(outDir, io);
    const { plan, unchanged, record, previous } = planOutput(io, outDir, files, scopes);
    const counted = plan.operations.filter((o) => o.file !== OUTPUT_RECORD);
    const summary = {
      written: counted.filter((o) => o.action === 'write').length,
      removed: counted.filter((o) => o.action === 'remove').length,
      unchanged,
      ...(recovered ? { recovered } : {}),
    };
    if (plan.operations.length === 0) return summary;
    makeFolders(outDir, io);
    io.rmSync(journal, { recursive: true, force: true });
    for (const { file, action } of plan.operations) {
      if (action === 'write') writeFile(io, path.join(journal, 'staged', file), file === OUTPUT_RECORD ? record : files.get(file)!);
    }
    // The decision: until plan.json exists the folder is untouched, and after it the change is carried out.
    io.writeFileSync(path.join(journal, `${PLAN_FILE}.tmp`), JSON.stringify(plan));
    io.renameSync(path.join(journal, `${PLAN_FILE}.tmp`), path.join(journal, PLAN_FILE));
    complete(io, outDir, journal, plan, previous);
    return summary;
  } catch (error) {
    if (error instanceof OutputError) throw error;
    if (codeOf(error) === undefined) throw error;
    // Staging failed before anything was decided: the folder is as it was.
    try {
      if (!readPlan(io, journal)) io.rmSync(journal, { recursive: true, force: true });
    } catch {
      // The journal stays; the next synth drops it.
    }
    throw new OutputError([describeIoError(error)]);
  }
}
