import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeFolders } from '../io/folders';

/** `.dist.nnf-profiles.lock` beside `dist/`: never inside it, where Argo CD reads. */
export function lockPathFor(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.nnf-profiles.lock`);
}

function holderIsGone(lock: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written: not stale yet
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write` while holding the output directory's lock, so two synths writing the same
 * `dist/` at once end with one complete output, never a mix of both. A lock left by a process
 * that died is taken over.
 */
export async function withOutputLock<T>(outDir: string, write: () => T, timeoutSeconds = 120): Promise<T> {
  const lock = lockPathFor(outDir);
  makeFolders(path.dirname(lock));
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holderIsGone(lock)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`another synth has held ${lock} for over ${timeoutSeconds} s; if none is running, remove it`);
      }
      await sleep(50);
    }
  }
  try {
    fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return write();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
