import { precompileStorageChecks } from '../validate/schema/registry';
import { prebundleProject } from './site-code';

/** What install's prepare step did ahead of the first synth. */
export interface PrepareReport {
  /** Versions whose schema check was compiled now, and those found compiled already. */
  readonly compiled: readonly string[];
  readonly cached: readonly string[];
  /** Why the site could not be compiled (the first synth reports it too), or why a step failed. */
  readonly problems: readonly string[];
}

/**
 * Does ahead of time what the first synth after an install would otherwise do before it renders:
 * compile the schema checks of the versions synth renders by default and compile the site
 * (`scripts/prepare.js`, which `npm ci` runs, builds the CLI bundle that loads this). Neither
 * step evaluates site code. A step that fails is left to the first synth.
 */
export function prepareFirstSynth(root: string): PrepareReport {
  const compiled: string[] = [];
  const cached: string[] = [];
  const problems: string[] = [];
  try {
    for (const { version, compiled: now } of precompileStorageChecks()) (now ? compiled : cached).push(version);
  } catch (error) {
    problems.push(`schema checks: ${(error as Error).message}`);
  }
  try {
    problems.push(...prebundleProject(root).map((message) => `site: ${message}`));
  } catch (error) {
    problems.push(`site: ${(error as Error).message}`);
  }
  return { compiled, cached, problems };
}
