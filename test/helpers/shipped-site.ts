import * as path from 'node:path';
import type { ApiVersion } from '../../src/model';
import { defineSite, type Site } from '../../src/site';
import shipped from '../../site';

/**
 * The shipped site narrowed to one environment `t` of the given version: its pull secrets and
 * policy stay, so the shipped profiles render as they do in dist/.
 */
export function shippedSiteFor(apiVersion: ApiVersion): () => { default: Site } {
  const site = defineSite({ environments: [{ name: 't', apiVersion }], pullSecrets: shipped.pullSecrets, policy: shipped.policy });
  return () => ({ default: site });
}

/**
 * A profile module loaded through the test runner now, outside synth's seat belt: the runner's
 * own loader reads and writes its transform cache, which profile code may not.
 */
export function loadedProfile(root: string, file: string): { file: string; load: () => unknown } {
  const exported: unknown = require(path.join(root, file));
  return { file, load: () => exported };
}
