import * as vm from 'node:vm';
import * as yaml from 'js-yaml';
import { type ImportedProfile, pullSecretDeclaration } from '../../src/import';
import type { ApiVersion } from '../../src/model';
import { bundleProject } from '../../src/synth/bundle';
import { makeTempSite, REPO_ROOT } from '../helpers/temp-site';

// The site bundle runs in Node's own context, not jest's: tell its copy of src/tool-root.ts where
// the schemas are, as bin/nnf-profiles.js does.
(vm.runInThisContext('globalThis') as Record<symbol, unknown>)[Symbol.for('nnf-profiles.toolRoot')] = REPO_ROOT;

export interface Resynthesized {
  readonly errors: readonly string[];
  /** metadata.name → the rendered profile, parsed. */
  readonly profiles: ReadonlyMap<string, unknown>;
}

/**
 * Writes imported profile files into a temporary site whose site.ts declares the pull secrets
 * they import (as `PullSecret.existing`) and has one environment `t` of `version`, then
 * synthesizes it in process, as `nnf-profiles synth` would.
 */
export function resynthesize(imported: readonly ImportedProfile[], version: ApiVersion): Resynthesized {
  const secrets = [...new Map(imported.flatMap((p) => p.pullSecrets).map((s) => [s.name, s])).values()];
  const site = makeTempSite({
    'site.ts': [
      `import { defineSite, PullSecret } from './src';`,
      ...secrets.map(pullSecretDeclaration),
      `export default defineSite({ environments: [{ name: 't', apiVersion: '${version}' }], pullSecrets: [${secrets.map((s) => s.identifier).join(', ')}] });`,
      '',
    ].join('\n'),
    ...Object.fromEntries(imported.map((p) => [`profiles/${p.fileName}`, p.source])),
  });
  try {
    const loaded = bundleProject(site.root);
    if (!loaded.ok) return { errors: loaded.errors, profiles: new Map() };
    const result = loaded.bundle.synthesize({ root: site.root });
    const profiles = new Map<string, unknown>();
    for (const [file, content] of result.files) {
      const match = /^t\/nnfcontainerprofile-(.+)\.yaml$/.exec(file);
      if (match) profiles.set(match[1], yaml.load(content));
    }
    return { errors: result.errors, profiles };
  } finally {
    site.remove();
  }
}
