import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { NNF_GROUP, PROFILE_KIND } from '../model';
import { renderRbac } from '../rbac/render';
import { renderPullSecret } from '../secrets/render';
import type { Environment, Site } from '../site';

type KubeObject = Record<string, unknown>;

export interface SiteResources {
  readonly objects: KubeObject[];
  readonly errors: string[];
}

/**
 * The bootstrap CRD of a test cluster: the site's own NnfContainerProfile CRD file, without the
 * status the API server writes.
 */
function bootstrapCrd(file: string, root: string): SiteResources {
  const where = `site.ts: environments: crdFile ${file}`;
  let documents: unknown[];
  try {
    documents = yaml.loadAll(fs.readFileSync(path.resolve(root, file), 'utf8'));
  } catch (error) {
    return { objects: [], errors: [`${where}: cannot read it (${(error as Error).message.split('\n')[0]})`] };
  }
  const crd = documents.find(
    (doc) =>
      (doc as KubeObject | null)?.kind === 'CustomResourceDefinition' &&
      (doc as { spec?: { group?: unknown; names?: { kind?: unknown } } }).spec?.names?.kind === PROFILE_KIND &&
      (doc as { spec?: { group?: unknown } }).spec?.group === NNF_GROUP,
  ) as KubeObject | undefined;
  if (!crd) return { objects: [], errors: [`${where}: holds no CustomResourceDefinition of ${PROFILE_KIND}`] };
  const { status: _status, ...withoutStatus } = crd;
  return { objects: [withoutStatus], errors: [] };
}

/** What one environment gets besides its profiles: pull secrets, RBAC, and the CRD when asked. */
export function siteResources(site: Site, environment: Environment, root: string): SiteResources {
  const objects: KubeObject[] = [];
  const errors: string[] = [];
  if (environment.crdFile) {
    const crd = bootstrapCrd(environment.crdFile, root);
    objects.push(...crd.objects);
    errors.push(...crd.errors);
  }
  for (const secret of site.pullSecrets) {
    const { object, problems } = renderPullSecret(secret, environment);
    if (object) objects.push(object);
    errors.push(...problems.map((p) => `site.ts: pullSecrets: ${secret.name}: ${p}`));
  }
  try {
    objects.push(...renderRbac(site.rbac, environment));
  } catch (error) {
    errors.push(`site.ts: rbac: ${(error as Error).message}`);
  }
  return { objects, errors };
}
