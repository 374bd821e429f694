import type { EnvironmentChart } from '../site';
import type { ProfileSource } from '../profile/source-file';
import { restoreBuiltInsAfter, withSeatBelt } from './seat-belt';

/** A profile file as synth is handed it: its path and a function that evaluates it, anew at each call. */
export interface ProfileModule {
  readonly file: string;
  readonly load: () => unknown;
}

/** What a profile module exports as its default: it makes the profile in the scope given. */
export type ProfileFactory = (scope: EnvironmentChart | ProfileSource) => unknown;

/** The `file:line` of the innermost stack frame inside `file`, when there is one. */
function locate(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frame = stack.split('\n').find((line) => line.includes(file));
  const match = frame && /(\d+):(\d+)\)?\s*$/.exec(frame);
  return match ? ` (${file}:${match[1]})` : '';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Messages made from exceptions, so the caller knows whether source maps would help. */
export const fromExceptions = new Set<string>();

/** A message for what profile code threw, with its file and line. */
export function exceptionMessage(file: string, prefix: string, error: unknown): string {
  const message = `${file}: ${prefix}${errorText(error)}${locate(error, file)}`;
  fromExceptions.add(message);
  return message;
}

/**
 * Evaluates profile modules when a render first needs one, anew for each environment, so that no
 * module variable carries from one environment's renders to another's: call the result once per
 * environment. A module whose renders are all reused is never evaluated. Errors go to `errors`,
 * once per module.
 */
export function moduleLoader(modules: readonly ProfileModule[], errors: string[]): () => (file: string) => ProfileFactory | undefined {
  const loads = new Map(modules.map((m) => [m.file, m.load]));
  const failed = new Set<string>();
  return () => {
    const factories = new Map<string, ProfileFactory | undefined>();
    return (file) => {
      if (factories.has(file)) return factories.get(file);
      factories.set(file, undefined);
      const load = loads.get(file);
      if (!load || failed.has(file)) return undefined;
      const factory = loadFactory(file, load, errors);
      if (factory) factories.set(file, factory);
      else failed.add(file);
      return factory;
    };
  };
}

function loadFactory(file: string, load: () => unknown, errors: string[]): ProfileFactory | undefined {
  let exported: unknown;
  try {
    exported = withSeatBelt(file, load);
  } catch (error) {
    errors.push(exceptionMessage(file, 'loading the module failed: ', error));
    return undefined;
  } finally {
    restoreBuiltInsAfter(file);
  }
  const factory = (exported as { default?: unknown } | undefined)?.default;
  if (typeof factory !== 'function') {
    errors.push(
      `${file}: the default export must be a function that creates the profile, ` +
        `e.g. export default (scope: Construct) => new ContainerProfile(scope, '<name>', { ... })`,
    );
    return undefined;
  }
  return factory as ProfileFactory;
}
