import * as vm from 'node:vm';

/** Profile code ran longer than the time limit: most likely an endless loop. */
export class TimeLimitExceeded extends Error {}

// One context and script for every call: V8's own watchdog stops the code when time is up,
// which no timer in this thread could do while the loop holds it.
const context = vm.createContext({ run: undefined as (() => unknown) | undefined });
const script = new vm.Script('run()');

/** Runs `fn`, stopping it after `seconds` (no limit when undefined). */
export function withTimeLimit<T>(fn: () => T, seconds: number | undefined): T {
  if (seconds === undefined) return fn();
  context.run = fn;
  try {
    return script.runInContext(context, { timeout: Math.ceil(seconds * 1000) }) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TimeLimitExceeded();
    throw error;
  } finally {
    context.run = undefined;
  }
}
