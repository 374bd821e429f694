import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { journalPathFor, OutputError, type OutputIo, recoverOutput, writeOutput } from '../../src/output/write-output';
import { CHANGING_CALLS, killableWriter } from '../helpers/killable-writer';
import { snapshotDir } from '../helpers/temp-site';

/**
 * All or nothing: whatever stops a write of the output — a failed system call or a kill -9 — the
 * folder then holds the previous complete output, or (once the change was decided) the next
 * synth makes it the new complete output.
 */

const MUTATING = new Set(CHANGING_CALLS);

/** The real file system, with `onCall(n, name)` run before the n-th call that changes something. */
function watchedIo(onCall: (n: number, name: string) => void): OutputIo {
  let calls = 0;
  return new Proxy(fs, {
    get(target, name: string) {
      const real = (target as unknown as Record<string, unknown>)[name];
      if (!MUTATING.has(name) || typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        // Opening for reading changes nothing.
        if (!(name === 'openSync' && args[1] === 'r')) onCall(++calls, name);
        return (real as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as OutputIo;
}

/** A seeded generator, so a failing point can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function pick(count: number, from: number, next: () => number): number[] {
  const points = new Set<number>([1, from]);
  while (points.size < Math.min(count, from)) points.add(1 + Math.floor(next() * from));
  return [...points].sort((a, b) => a - b);
}

/** `count` files in three environments, and another output that changes half, removes a tenth and adds as many. */
function outputs(count: number): [Map<string, string>, Map<string, string>] {
  const before = new Map<string, string>();
  const after = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const file = `env-${i % 3}/object-${i}.yaml`;
    before.set(file, `kind: Thing\nname: object-${i}\nversion: 1\n`);
    if (i < count / 10) continue;
    after.set(file, i % 2 === 0 ? `kind: Thing\nname: object-${i}\nversion: 2\n` : before.get(file)!);
  }
  for (let i = 0; i < count / 10; i++) after.set(`env-${i % 4}/added-${i}.yaml`, `kind: Thing\nname: added-${i}\n`);
  return [before, after];
}

describe('writeOutput, interrupted', () => {
  let work: string;
  beforeAll(() => {
    // In memory where the machine has a tmpfs: the points are about order, not the disk's speed.
    const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    work = fs.mkdtempSync(path.join(base, 'nnf-profiles-faults-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /**
   * Both outputs as the folder holds them (with synth's record), and the fewest changing calls a
   * write of one over the other makes; the folder is left holding `a`.
   */
  function prepare(name: string, [a, b]: [Map<string, string>, Map<string, string>]) {
    const out = path.join(work, name, 'dist');
    const calls = [0, 0];
    writeOutput(out, a);
    writeOutput(
      out,
      b,
      undefined,
      watchedIo((n) => (calls[1] = n)),
    );
    const bSnapshot = snapshotDir(out);
    writeOutput(
      out,
      a,
      undefined,
      watchedIo((n) => (calls[0] = n)),
    );
    return { out, snapshots: [snapshotDir(out), bSnapshot] as const, calls: Math.min(...calls) };
  }

  test.each(['EACCES', 'ENOSPC', 'EIO', 'ENOTDIR'])('a failed system call (%s) at any point leaves the previous output exactly', (code) => {
    const [a, b] = outputs(300);
    const { out, snapshots, calls } = prepare(`error-${code}`, [a, b]);
    for (const point of pick(12, calls, random(code.length))) {
      const io = watchedIo((n, name) => {
        if (n === point) throw Object.assign(new Error(`${code}: injected, ${name}`), { code, syscall: name, path: out });
      });
      let thrown: unknown;
      try {
        writeOutput(out, b, undefined, io);
      } catch (error) {
        thrown = error;
      }
      if (thrown === undefined) {
        // Only removing the spent journal failed: the new output is complete, and nothing is left over.
        expect(snapshotDir(out)).toEqual(snapshots[1]);
        writeOutput(out, a);
      } else {
        expect(thrown).toBeInstanceOf(OutputError);
        expect((thrown as OutputError).state).toBe('unchanged');
        expect((thrown as OutputError).problems[0]).toContain(`(${code})`);
      }
      expect(snapshotDir(out)).toEqual(snapshots[0]);
      recoverOutput(out);
      expect(fs.existsSync(journalPathFor(out))).toBe(false);
    }
  });

  test('killed at 30 random points of a 2,000-file output, the folder holds one complete output, and the next synth completes a decided change', () => {
    const both = outputs(2_000);
    const { out, snapshots, calls } = prepare('kill', both);
    // The real writer in a process of its own, which kills itself at the n-th changing call.
    const write = killableWriter(work, '(name, args, count, limit) => count === limit');
    // The folder holds output 0 or 1; each point interrupts a write of the other one.
    let holds = 0;
    const outcomes = { staging: 0, decided: 0 };
    for (const point of pick(30, calls, random(42))) {
      const target = 1 - holds;
      expect({ point, signal: write(out, both[target], point) }).toEqual({ point, signal: 'SIGKILL' });
      const decided = fs.existsSync(path.join(journalPathFor(out), 'plan.json'));
      if (!decided) {
        // Killed while staging, the folder was never touched; killed while dropping the spent
        // journal, it is already complete.
        if (isDeepStrictEqual(snapshotDir(out), snapshots[target])) holds = target;
        expect(snapshotDir(out)).toEqual(snapshots[holds]);
      }
      expect(recoverOutput(out)).toBe(decided ? 'completed' : undefined);
      if (decided) holds = target;
      expect(snapshotDir(out)).toEqual(snapshots[holds]);
      expect(fs.existsSync(journalPathFor(out))).toBe(false);
      outcomes[decided ? 'decided' : 'staging']++;
    }
    // The points fall on both sides of the decision.
    expect(outcomes.staging).toBeGreaterThan(0);
    expect(outcomes.decided).toBeGreaterThan(0);
  }, 120_000);
});
