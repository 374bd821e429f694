import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { NNF_GROUP, PROFILE_KIND } from '../model';
import { declaresContainerPolicy, renderAdmissionPolicy } from '../policy/admission-policy';
import { renderRbac } from '../rbac/render';
import { renderPullSecret } from '../secrets/render';
import type { Environment, Site } from '../site';

type KubeObject = Record<string, unknown>;

export interface SiteResources {
  readonly objects: KubeObject[];
  readonly errors: string[];
}

/** The version a CRD stores its objects in (the one with `storage: true`), when it says. */
function storageVersionOf(crd: KubeObject): string | undefined {
  const versions = (crd.spec as { versions?: unknown } | undefined)?.versions;
  if (!Array.isArray(versions)) return undefined;
  const stored = versions.find((v) => (v as { storage?: unknown } | null)?.storage === true) as { name?: unknown } | undefined;
  return typeof stored?.name === 'string' ? stored.name : undefined;
}

/**
 * The bootstrap CRD of a test cluster: the site's own NnfContainerProfile CRD file, without the
 * status the API server writes. Its storage version must be the version the environment renders:
 * a cluster without the NNF operator has no conversion webhook, so a profile applied in another
 * version would be stored unconverted and read back changed.
 */
function bootstrapCrd(environment: Environment, where: string, root: string): SiteResources {
  const file = environment.crdFile!;
  where = `${where}: crdFile ${file}`;
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
  const storage = storageVersionOf(crd);
  if (storage === undefined) {
    return { objects: [], errors: [`${where}: names no storage version (no version has storage: true)`] };
  }
  if (storage !== environment.apiVersion) {
    return {
      objects: [],
      errors: [
        `${where}: stores ${storage} (the version with storage: true), but the environment renders ${environment.apiVersion}; ` +
          'a cluster without the NNF operator has no conversion webhook, so profiles would be stored unconverted and read back changed. ' +
          `Set apiVersion: '${storage}', or use a CRD file that stores ${environment.apiVersion}`,
      ],
    };
  }
  const { status: _status, ...withoutStatus } = crd;
  return { objects: [withoutStatus], errors: [] };
}

/**
 * The profile namespace of a bootstrap environment: a test cluster without the NNF software has
 * none. Argo CD never prunes or deletes it (see argocd/sync-options.ts).
 */
function bootstrapNamespace(environment: Environment): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: environment.profileNamespace, labels: { 'app.kubernetes.io/managed-by': 'nnf-profiles' } },
  };
}

/**
 * What one environment gets besides its profiles: pull secrets, RBAC, the admission policy, and
 * for a bootstrap environment (`crdFile`) the profile namespace and the CRD.
 */
export function siteResources(site: Site, environment: Environment, root: string): SiteResources {
  const objects: KubeObject[] = [];
  const errors: string[] = [];
  if (environment.crdFile) {
    const index = site.environments.findIndex((e) => e.name === environment.name);
    const crd = bootstrapCrd(environment, `site.ts: environments[${index}] (${environment.name})`, root);
    objects.push(bootstrapNamespace(environment), ...crd.objects);
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
  // The container policy, enforced at admission too (a `kubectl edit` meets it).
  if (declaresContainerPolicy(site.policy)) objects.push(...renderAdmissionPolicy(site.policy, environment));
  return { objects, errors };
}
