import { argoCdProblems, type ArgoCdProps, type EnvironmentOutput, type Permission, renderArgoCd } from '../../src/argocd';
import { validateModels } from '../helpers/validate-models';

/**
 * How every Application syncs (DOMAIN.md, "Argo CD in practice"): without a retry a failed
 * automated sync waits for the next commit, so a CRD or ESO that arrives later would not heal it;
 * FailOnSharedResource makes a collision with another Application (nnf-sos deploys example
 * profiles of the same names) fail loudly instead of two self-healing Applications looping.
 */
const SYNCED = {
  syncOptions: ['Validate=true', 'PruneLast=true', 'FailOnSharedResource=true'],
  retry: { limit: -1, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
};

const REPO = 'https://git.example.com/site/nnf-profiles.git';
const IN_CLUSTER = 'https://kubernetes.default.svc';
const REMOTE = 'https://rabbit-test.example.com:6443';

type Obj = EnvironmentOutput['objects'][number];
type Json = Record<string, any>;

const profile = (name: string, apiVersion = 'nnf.cray.hpe.com/v1alpha11'): Obj => ({
  apiVersion,
  kind: 'NnfContainerProfile',
  metadata: { name, namespace: 'nnf-system' },
});
const role: Obj = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'profile-viewer', namespace: 'nnf-system' },
};
const roleBinding: Obj = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'profile-viewer', namespace: 'nnf-system' },
};
const externalSecret: Obj = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'registry', namespace: 'default' },
};
const sealedSecret: Obj = {
  apiVersion: 'bitnami.com/v1alpha1',
  kind: 'SealedSecret',
  metadata: { name: 'registry', namespace: 'default' },
};
const clusterRole: Obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'nnf-profile-viewer' } };
const crd: Obj = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'nnfcontainerprofiles.nnf.cray.hpe.com' },
};

const may = (group: string, kind: string, namespace?: string): Permission =>
  namespace === undefined ? { group, kind } : { group, kind, namespace };
const PROFILES = may('nnf.cray.hpe.com', 'NnfContainerProfile', 'nnf-system');
const CLUSTER_ROLES = may('rbac.authorization.k8s.io', 'ClusterRole');
const CRDS = may('apiextensions.k8s.io', 'CustomResourceDefinition');

const production: EnvironmentOutput = {
  name: 'production',
  cluster: IN_CLUSTER,
  profileNamespace: 'nnf-system',
  permitted: [
    PROFILES,
    may('rbac.authorization.k8s.io', 'Role', 'nnf-system'),
    may('rbac.authorization.k8s.io', 'RoleBinding', 'nnf-system'),
    may('external-secrets.io', 'ExternalSecret', 'default'),
  ],
  objects: [profile('red-rock-slushy'), profile('mpi-red-rock-slushy'), role, roleBinding, externalSecret],
};
const legacy: EnvironmentOutput = {
  name: 'legacy',
  cluster: REMOTE,
  profileNamespace: 'nnf-system',
  permitted: [PROFILES, may('bitnami.com', 'SealedSecret', 'default')],
  objects: [profile('red-rock-slushy', 'nnf.cray.hpe.com/v1alpha6'), sealedSecret],
};
const settings: ArgoCdProps = { repoURL: REPO };

const byKind = (objects: Json[], kind: string) => objects.filter((o) => o.kind === kind);
const project = (objects: Json[], name = 'nnf-profiles') => byKind(objects, 'AppProject').find((o) => o.metadata.name === name);
/** The Applications of environments, without the root Application. */
const environmentApps = (objects: Json[]) => byKind(objects, 'Application').filter((o) => o.metadata.name !== 'nnf-profiles-argocd');
const root = (objects: Json[]) => byKind(objects, 'Application').find((o) => o.metadata.name === 'nnf-profiles-argocd');
const WAVE_BEFORE_APPLICATIONS = { 'argocd.argoproj.io/sync-wave': '-1' };

function expectValidModels(objects: Json[]) {
  const results = validateModels(objects);
  expect(results.map((r) => r.error)).toEqual(objects.map(() => null));
  expect(results.map((r) => r.kind)).toEqual(objects.map((o) => o.kind));
}

describe('renderArgoCd: Applications', () => {
  const objects = renderArgoCd(settings, [production, legacy]) as Json[];

  test('one AppProject, then one Application per environment by name, then the root Application', () => {
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['argoproj.io/v1alpha1', 'AppProject', 'nnf-profiles', 'argocd'],
      ['argoproj.io/v1alpha1', 'Application', 'nnf-profiles-legacy', 'argocd'],
      ['argoproj.io/v1alpha1', 'Application', 'nnf-profiles-production', 'argocd'],
      ['argoproj.io/v1alpha1', 'Application', 'nnf-profiles-argocd', 'argocd'],
    ]);
  });

  test('the AppProject permits exactly this repository, these destinations and these kinds', () => {
    expect(project(objects)).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'nnf-profiles', namespace: 'argocd', annotations: WAVE_BEFORE_APPLICATIONS },
      spec: {
        description: expect.any(String),
        sourceRepos: [REPO],
        destinations: [
          { server: IN_CLUSTER, namespace: 'default' },
          { server: IN_CLUSTER, namespace: 'nnf-system' },
          { server: REMOTE, namespace: 'default' },
          { server: REMOTE, namespace: 'nnf-system' },
        ],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: 'bitnami.com', kind: 'SealedSecret' },
          { group: 'external-secrets.io', kind: 'ExternalSecret' },
          { group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' },
          { group: 'rbac.authorization.k8s.io', kind: 'Role' },
          { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
        ],
      },
    });
    const text = JSON.stringify(project(objects));
    expect(text).not.toContain('"*"');
  });

  test('each Application deploys dist/<env> to its cluster and profile namespace in the fixed project', () => {
    expect(environmentApps(objects)).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'nnf-profiles-legacy', namespace: 'argocd' },
        spec: {
          project: 'nnf-profiles',
          source: { repoURL: REPO, targetRevision: 'HEAD', path: 'dist/legacy' },
          destination: { server: REMOTE, namespace: 'nnf-system' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, ...SYNCED },
        },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'nnf-profiles-production', namespace: 'argocd' },
        spec: {
          project: 'nnf-profiles',
          source: { repoURL: REPO, targetRevision: 'HEAD', path: 'dist/production' },
          destination: { server: IN_CLUSTER, namespace: 'nnf-system' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, ...SYNCED },
        },
      },
    ]);
    expect(JSON.stringify(objects)).not.toContain('CreateNamespace');
  });

  test('settings override the defaults', () => {
    const custom = renderArgoCd(
      { repoURL: REPO, targetRevision: 'main', namespace: 'gitops', project: 'rabbit', prune: false, selfHeal: false },
      [production],
    ) as Json[];
    expect(custom.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['AppProject', 'rabbit', 'gitops'],
      ['Application', 'nnf-profiles-production', 'gitops'],
      ['Application', 'nnf-profiles-argocd', 'gitops'],
    ]);
    expect(custom[1].spec).toEqual({
      project: 'rabbit',
      source: { repoURL: REPO, targetRevision: 'main', path: 'dist/production' },
      destination: { server: IN_CLUSTER, namespace: 'nnf-system' },
      syncPolicy: { automated: { prune: false, selfHeal: false }, ...SYNCED },
    });
  });

  test('every object is valid for the Argo CD schemas', () => {
    expectValidModels(objects);
  });
});

describe('renderArgoCd: the AppProject follows what the site permits, never the objects', () => {
  const spec = (environments: EnvironmentOutput[], name?: string) => project(renderArgoCd(settings, environments) as Json[], name)!.spec;
  const whitelists = (environments: EnvironmentOutput[], name?: string) => {
    const { clusterResourceWhitelist: cluster, namespaceResourceWhitelist: namespaced } = spec(environments, name);
    return { cluster, namespaced };
  };
  const profilesOnly: EnvironmentOutput = { ...production, permitted: [PROFILES], objects: [profile('a'), profile('b')] };

  test('profiles only: only NnfContainerProfile, no cluster-scoped kind, the profile namespace only', () => {
    expect(whitelists([profilesOnly])).toEqual({ cluster: [], namespaced: [{ group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' }] });
    expect(spec([profilesOnly]).destinations).toEqual([{ server: IN_CLUSTER, namespace: 'nnf-system' }]);
  });

  test('a permitted ClusterRole is whitelisted, and only it, as cluster-scoped', () => {
    const before = whitelists([production]);
    const after = whitelists([{ ...production, permitted: [...production.permitted, CLUSTER_ROLES] }]);
    expect(before.cluster).toEqual([]);
    expect(after.cluster).toEqual([{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }]);
    expect(after.namespaced).toEqual(before.namespaced);
  });

  test('a permitted CRD (crdFile) is whitelisted in its group, in the bootstrap project', () => {
    expect(
      whitelists([{ ...profilesOnly, crdFile: 'crd.yaml', permitted: [CRDS, CLUSTER_ROLES, PROFILES] }], 'nnf-profiles-bootstrap').cluster,
    ).toEqual([
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
    ]);
  });

  test('the objects play no part: fewer or none give the same AppProject', () => {
    expect(spec([{ ...production, objects: [] }])).toEqual(spec([production]));
    expect(spec([{ ...production, objects: [profile('a')] }])).toEqual(spec([production]));
  });

  test('a permission without an object is whitelisted all the same', () => {
    const configMaps = may('', 'ConfigMap', 'nnf-system');
    expect(whitelists([{ ...profilesOnly, permitted: [PROFILES, configMaps] }]).namespaced).toEqual([
      { group: '', kind: 'ConfigMap' },
      { group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' },
    ]);
  });

  test('the whitelists are exactly the set of the permitted kinds, in their scope', () => {
    const permitted = [...production.permitted, ...legacy.permitted, CLUSTER_ROLES, CRDS];
    const { cluster, namespaced } = whitelists([{ ...production, crdFile: 'crd.yaml', permitted }], 'nnf-profiles-bootstrap');
    const kinds = new Set(permitted.map((p) => p.kind));
    expect(new Set([...cluster, ...namespaced].map((k: Json) => k.kind))).toEqual(kinds);
    expect([...cluster, ...namespaced]).toHaveLength(kinds.size);
  });

  test('cluster-scoped permissions add no destination; a namespace-less namespaced object lands in the profile namespace', () => {
    const namespaceLess = { apiVersion: 'nnf.cray.hpe.com/v1alpha11', kind: 'NnfContainerProfile', metadata: { name: 'x' } };
    const env = {
      ...profilesOnly,
      crdFile: 'crd.yaml',
      permitted: [CLUSTER_ROLES, CRDS, PROFILES],
      objects: [clusterRole, crd, namespaceLess],
    };
    expect(argoCdProblems(settings, [env])).toEqual([]);
    expect(spec([env], 'nnf-profiles-bootstrap').destinations).toEqual([{ server: IN_CLUSTER, namespace: 'nnf-system' }]);
  });

  test('destinations follow each environment’s cluster and permitted namespaces', () => {
    const other: EnvironmentOutput = {
      name: 'test',
      cluster: REMOTE,
      profileNamespace: 'profiles',
      permitted: [may('nnf.cray.hpe.com', 'NnfContainerProfile', 'profiles')],
      objects: [{ ...profile('a'), metadata: { name: 'a', namespace: 'profiles' } }],
    };
    expect(spec([production, other]).destinations).toEqual([
      { server: IN_CLUSTER, namespace: 'default' },
      { server: IN_CLUSTER, namespace: 'nnf-system' },
      { server: REMOTE, namespace: 'profiles' },
    ]);
  });

  test('with a CRD and a ClusterRole the objects are still valid for the schema', () => {
    const env = {
      ...production,
      crdFile: 'crd.yaml',
      permitted: [...production.permitted, CRDS, CLUSTER_ROLES],
      objects: [...production.objects, crd, clusterRole],
    };
    expectValidModels(renderArgoCd(settings, [env]) as Json[]);
  });
});

describe('renderArgoCd: ApplicationSet', () => {
  const objects = renderArgoCd({ ...settings, applicationSet: true }, [production, legacy]) as Json[];
  const appSet = byKind(objects, 'ApplicationSet')[0];

  test('the AppProject and one ApplicationSet, no Application but the root one', () => {
    expect(objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['AppProject', 'nnf-profiles', 'argocd'],
      ['ApplicationSet', 'nnf-profiles', 'argocd'],
      ['Application', 'nnf-profiles-argocd', 'argocd'],
    ]);
    expect(root(objects)).toEqual(root(renderArgoCd(settings, [production, legacy]) as Json[]));
    expect(project(objects)).toEqual(project(renderArgoCd(settings, [production, legacy]) as Json[]));
  });

  test('a list generator over the environments and a Go template making the same Applications', () => {
    expect(appSet.spec).toEqual({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          list: {
            elements: [
              { environment: 'legacy', cluster: REMOTE, namespace: 'nnf-system' },
              { environment: 'production', cluster: IN_CLUSTER, namespace: 'nnf-system' },
            ],
          },
        },
      ],
      template: {
        metadata: { name: 'nnf-profiles-{{.environment}}' },
        spec: {
          project: 'nnf-profiles',
          source: { repoURL: REPO, targetRevision: 'HEAD', path: 'dist/{{.environment}}' },
          destination: { server: '{{.cluster}}', namespace: '{{.namespace}}' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, ...SYNCED },
        },
      },
    });
  });

  test('the template’s project is a fixed string, never a parameter', () => {
    expect(appSet.spec.template.spec.project).toBe('nnf-profiles');
    expect(appSet.spec.template.spec.project).not.toContain('{{');
    const custom = byKind(
      renderArgoCd({ ...settings, applicationSet: true, project: 'rabbit' }, [production]) as Json[],
      'ApplicationSet',
    )[0];
    expect(custom.spec.template.spec.project).toBe('rabbit');
  });

  test('expanding the template for an element gives the Application rendered without ApplicationSet', () => {
    const applications = environmentApps(renderArgoCd(settings, [production, legacy]) as Json[]);
    const expand = (value: unknown, params: Record<string, string>): unknown =>
      JSON.parse(JSON.stringify(value).replace(/\{\{\.(\w+)\}\}/g, (_m, key: string) => params[key]));
    const expanded = appSet.spec.generators[0].list.elements.map((params: Record<string, string>) => expand(appSet.spec.template, params));
    expect(expanded).toEqual(applications.map((a) => ({ metadata: { name: a.metadata.name }, spec: a.spec })));
  });

  test('every object is valid for the Argo CD schemas', () => {
    expectValidModels(objects);
  });
});

describe('renderArgoCd: bootstrap environments (crdFile) have a project of their own', () => {
  const NAMESPACES = may('', 'Namespace');
  const test1: EnvironmentOutput = {
    name: 'test',
    cluster: REMOTE,
    profileNamespace: 'nnf-system',
    crdFile: 'crds/nnfcontainerprofiles.yaml',
    permitted: [PROFILES, CRDS, NAMESPACES, may('rbac.authorization.k8s.io', 'Role', 'nnf-system')],
    objects: [profile('red-rock-slushy'), crd, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nnf-system' } }],
  };
  const objects = renderArgoCd(settings, [production, test1]) as Json[];

  test('the profiles’ AppProject whitelists no cluster-scoped kind; the bootstrap AppProject the CRD and the Namespace', () => {
    expect(objects.map((o) => [o.kind, o.metadata.name])).toEqual([
      ['AppProject', 'nnf-profiles'],
      ['AppProject', 'nnf-profiles-bootstrap'],
      ['Application', 'nnf-profiles-production'],
      ['Application', 'nnf-profiles-test'],
      ['Application', 'nnf-profiles-argocd'],
    ]);
    expect(project(objects)!.spec.clusterResourceWhitelist).toEqual([]);
    expect(project(objects)!.spec.destinations).toEqual([
      { server: IN_CLUSTER, namespace: 'default' },
      { server: IN_CLUSTER, namespace: 'nnf-system' },
    ]);
    const bootstrap = project(objects, 'nnf-profiles-bootstrap')!;
    expect(bootstrap.metadata).toEqual({ name: 'nnf-profiles-bootstrap', namespace: 'argocd', annotations: WAVE_BEFORE_APPLICATIONS });
    expect(bootstrap.spec).toEqual({
      description: expect.stringContaining('never prunes or deletes'),
      sourceRepos: [REPO],
      destinations: [{ server: REMOTE, namespace: 'nnf-system' }],
      clusterResourceWhitelist: [
        { group: '', kind: 'Namespace' },
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      ],
      namespaceResourceWhitelist: [
        { group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' },
        { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      ],
    });
  });

  test('the bootstrap environment’s Application is in the bootstrap project, the others in the profiles’ project', () => {
    expect(environmentApps(objects).map((a) => [a.metadata.name, a.spec.project])).toEqual([
      ['nnf-profiles-production', 'nnf-profiles'],
      ['nnf-profiles-test', 'nnf-profiles-bootstrap'],
    ]);
    const custom = renderArgoCd({ ...settings, project: 'rabbit' }, [test1]) as Json[];
    expect(custom.map((o) => [o.kind, o.metadata.name, o.spec.project])).toEqual([
      ['AppProject', 'rabbit', undefined],
      ['AppProject', 'rabbit-bootstrap', undefined],
      ['Application', 'nnf-profiles-test', 'rabbit-bootstrap'],
      ['Application', 'nnf-profiles-argocd', 'default'],
    ]);
  });

  test('with applicationSet, one ApplicationSet per project, each with its project fixed', () => {
    const sets = byKind(renderArgoCd({ ...settings, applicationSet: true }, [production, test1]) as Json[], 'ApplicationSet');
    expect(
      sets.map((a) => [a.metadata.name, a.spec.template.spec.project, a.spec.generators[0].list.elements.map((e: Json) => e.environment)]),
    ).toEqual([
      ['nnf-profiles', 'nnf-profiles', ['production']],
      ['nnf-profiles-bootstrap', 'nnf-profiles-bootstrap', ['test']],
    ]);
    expect(
      byKind(renderArgoCd({ ...settings, applicationSet: true }, [test1]) as Json[], 'ApplicationSet').map((a) => a.metadata.name),
    ).toEqual(['nnf-profiles-bootstrap']);
  });

  test('every object is valid for the Argo CD schemas', () => {
    expectValidModels(objects);
    expectValidModels(renderArgoCd({ ...settings, applicationSet: true }, [production, test1]) as Json[]);
  });

  test('fails when an environment without crdFile permits the CRD or a Namespace', () => {
    expect(argoCdProblems(settings, [{ ...production, permitted: [...production.permitted, CRDS, NAMESPACES] }])).toEqual([
      "environment 'production': permits CustomResourceDefinition (apiextensions.k8s.io) without crdFile; only a bootstrap environment's AppProject may deploy it",
      "environment 'production': permits Namespace (core group) without crdFile; only a bootstrap environment's AppProject may deploy it",
    ]);
  });

  test('fails when a bootstrap environment deploys a namespace another one on the same cluster deploys too', () => {
    const twin = { ...test1, name: 'test-2', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nnf-system' } }] };
    expect(argoCdProblems(settings, [test1, twin])).toEqual([
      `environments 'test' and 'test-2' both deploy Namespace nnf-system to ${REMOTE}: their Applications would overwrite and prune each other; give them different clusters or namespaces`,
    ]);
  });
});

describe('renderArgoCd: the root Application syncs dist/argocd', () => {
  test('in the platform’s project, to the Argo CD namespace of the cluster Argo CD runs in, synced as the others are', () => {
    expect(root(renderArgoCd({ ...settings, targetRevision: 'main' }, [production, legacy]) as Json[])).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'nnf-profiles-argocd', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: REPO, targetRevision: 'main', path: 'dist/argocd' },
        destination: { server: IN_CLUSTER, namespace: 'argocd' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, ...SYNCED },
      },
    });
  });

  test('settings: rootProject names its project; namespace its namespace and destination', () => {
    const app = root(renderArgoCd({ ...settings, rootProject: 'platform', namespace: 'gitops' }, [production]) as Json[])!;
    expect(app.metadata).toEqual({ name: 'nnf-profiles-argocd', namespace: 'gitops' });
    expect(app.spec.project).toBe('platform');
    expect(app.spec.destination).toEqual({ server: IN_CLUSTER, namespace: 'gitops' });
  });

  test('fails when rootProject is a project this repository renders, or not a name', () => {
    const own = (name: string) =>
      `argocd.rootProject: '${name}' is a project this repository renders; the root Application, which syncs the AppProjects themselves, ` +
      "belongs in the platform's own project (e.g. 'default'), or a change here could widen its own permissions";
    expect(argoCdProblems({ ...settings, rootProject: 'nnf-profiles' }, [production])).toEqual([own('nnf-profiles')]);
    expect(argoCdProblems({ ...settings, project: 'rabbit', rootProject: 'rabbit-bootstrap' }, [production])).toEqual([
      own('rabbit-bootstrap'),
    ]);
    expect(argoCdProblems({ ...settings, rootProject: 'Platform Apps' }, [production])).toEqual([
      "argocd.rootProject: 'Platform Apps' is not a valid object name",
    ]);
    expect(() => renderArgoCd({ ...settings, rootProject: 'nnf-profiles' }, [production])).toThrow(/argocd\.rootProject/);
  });
});

describe('renderArgoCd: syncServiceAccount', () => {
  const bootstrap: EnvironmentOutput = {
    name: 'test',
    cluster: REMOTE,
    profileNamespace: 'profiles',
    crdFile: 'crd.yaml',
    permitted: [may('nnf.cray.hpe.com', 'NnfContainerProfile', 'profiles'), CRDS],
    objects: [],
  };

  test('each AppProject names the account for its environments’ destinations, and only with the setting', () => {
    const objects = renderArgoCd({ ...settings, syncServiceAccount: 'argocd-sync' }, [production, legacy, bootstrap]) as Json[];
    expect(project(objects)!.spec.destinationServiceAccounts).toEqual([
      { server: IN_CLUSTER, namespace: 'nnf-system', defaultServiceAccount: 'argocd-sync' },
      { server: REMOTE, namespace: 'nnf-system', defaultServiceAccount: 'argocd-sync' },
    ]);
    expect(project(objects, 'nnf-profiles-bootstrap')!.spec.destinationServiceAccounts).toEqual([
      { server: REMOTE, namespace: 'profiles', defaultServiceAccount: 'argocd-sync' },
    ]);
    expect(project(renderArgoCd(settings, [production]) as Json[])!.spec).not.toHaveProperty('destinationServiceAccounts');
    expectValidModels(objects);
  });

  test('fails when the account is not a name or namespace:name', () => {
    expect(argoCdProblems({ ...settings, syncServiceAccount: 'sync-ns:argocd-sync' }, [production])).toEqual([]);
    expect(argoCdProblems({ ...settings, syncServiceAccount: 'Argo Sync' }, [production])).toEqual([
      "argocd.syncServiceAccount: 'Argo Sync' is not a service account name ('name' or 'namespace:name')",
    ]);
  });
});

describe('renderArgoCd: determinism', () => {
  test('same input, same output; environment and object order do not matter', () => {
    const a = renderArgoCd(settings, [production, legacy]);
    const b = renderArgoCd(settings, [legacy, { ...production, objects: [...production.objects].reverse() }]);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = renderArgoCd({ ...settings, applicationSet: true }, [legacy, production]);
    const d = renderArgoCd({ ...settings, applicationSet: true }, [production, legacy]);
    expect(JSON.stringify(c)).toBe(JSON.stringify(d));
  });

  test('does not modify its input', () => {
    const input = [production, legacy];
    const copy = JSON.parse(JSON.stringify(input));
    renderArgoCd({ ...settings, applicationSet: true }, input);
    renderArgoCd(settings, input);
    expect(input).toEqual(copy);
  });
});

describe('argoCdProblems', () => {
  test('none for valid settings', () => {
    expect(argoCdProblems(settings, [production, legacy])).toEqual([]);
  });

  test('an empty repoURL', () => {
    expect(argoCdProblems({ repoURL: '' }, [production])).toEqual(['argocd.repoURL: the Git repository Argo CD reads must be set']);
    expect(() => renderArgoCd({ repoURL: ' ' }, [production])).toThrow(/argocd\.repoURL/);
  });

  test('bad names', () => {
    expect(argoCdProblems({ ...settings, namespace: 'Argo CD', project: 'My_Project', targetRevision: '' }, [production])).toEqual([
      "argocd.namespace: 'Argo CD' is not a valid namespace name",
      "argocd.project: 'My_Project' is not a valid object name",
      'argocd.targetRevision: must not be empty (omit it for HEAD)',
    ]);
  });

  test('template syntax in settings an ApplicationSet would expand', () => {
    expect(argoCdProblems({ repoURL: REPO, targetRevision: '{{.branch}}', applicationSet: true }, [production])).toEqual([
      "argocd.targetRevision: must not contain '{{' (the ApplicationSet template would expand it)",
    ]);
  });

  test('an environment listed twice', () => {
    expect(argoCdProblems(settings, [production, production])).toContain("environment 'production' is listed twice");
  });

  test('fails when an object is outside what the site permits, naming the environment, the object and the kind', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'pwn' } };
    expect(argoCdProblems(settings, [{ ...production, objects: [...production.objects, configMap, binding] }])).toEqual([
      "environment 'production': ConfigMap nnf-system/settings is in the output, but site.ts permits no ConfigMap (core group) in namespace nnf-system, so the AppProject would refuse to sync it",
      "environment 'production': ClusterRoleBinding pwn is in the output, but site.ts permits no ClusterRoleBinding (rbac.authorization.k8s.io), so the AppProject would refuse to sync it",
    ]);
    expect(() => renderArgoCd(settings, [{ ...production, objects: [configMap] }])).toThrow(
      /ConfigMap nnf-system\/settings is in the output/,
    );
  });

  test('fails when a permitted kind is in another namespace', () => {
    const elsewhere = { ...externalSecret, metadata: { name: 'registry', namespace: 'kube-system' } };
    expect(argoCdProblems(settings, [{ ...production, objects: [elsewhere] }])).toEqual([
      "environment 'production': ExternalSecret kube-system/registry is in the output, but site.ts permits no ExternalSecret (external-secrets.io) in namespace kube-system, so the AppProject would refuse to sync it",
    ]);
  });

  test('two environments deploying the same object to the same cluster', () => {
    const twin: EnvironmentOutput = { ...production, name: 'staging', objects: [profile('red-rock-slushy'), profile('only-here')] };
    expect(argoCdProblems(settings, [production, twin])).toEqual([
      "environments 'production' and 'staging' both deploy NnfContainerProfile nnf-system/red-rock-slushy to https://kubernetes.default.svc: " +
        'their Applications would overwrite and prune each other; give them different clusters or namespaces',
    ]);
    // Same names on different clusters are fine.
    expect(argoCdProblems(settings, [production, { ...twin, cluster: REMOTE }])).toEqual([]);
  });
});

describe('validateModels (the schema check the tests above rely on)', () => {
  const [, application] = renderArgoCd(settings, [production]) as Json[];

  test('catches an Application without a destination', () => {
    const { destination: _omitted, ...spec } = application.spec;
    const [result] = validateModels([{ ...application, spec }]);
    expect(result).toEqual({ kind: 'Application', name: 'nnf-profiles-production', error: expect.stringContaining('destination') });
  });

  test('catches a whitelist entry without a group', () => {
    const broken = { ...project(renderArgoCd(settings, [production]) as Json[]) };
    broken.spec = { ...broken.spec, namespaceResourceWhitelist: [{ kind: 'NnfContainerProfile' }] };
    expect(validateModels([broken])[0].error).toMatch(/group/);
  });

  test('refuses kinds it has no model for', () => {
    expect(validateModels([profile('a')])[0].error).toBe('no schema model for nnf.cray.hpe.com/v1alpha11 NnfContainerProfile');
  });
});

describe('renderArgoCd: the admission policy has a project and Applications of its own', () => {
  const policy = (kind: string) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name: 'nnf-profiles-container-policy' },
  });
  const admission: EnvironmentOutput = {
    ...production,
    admission: true,
    permitted: [
      may('admissionregistration.k8s.io', 'ValidatingAdmissionPolicy'),
      may('admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding'),
    ],
    objects: [policy('ValidatingAdmissionPolicy'), policy('ValidatingAdmissionPolicyBinding')],
  };

  test('its AppProject permits only the two cluster-scoped kinds; the profiles’ project none', () => {
    const objects = renderArgoCd(settings, [production, admission]) as Json[];
    expect(project(objects, 'nnf-profiles-admission')!.spec).toMatchObject({
      clusterResourceWhitelist: [
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
      ],
      namespaceResourceWhitelist: [],
      destinations: [{ server: IN_CLUSTER, namespace: 'nnf-system' }],
    });
    expect(project(objects)!.spec.clusterResourceWhitelist).toEqual([]);
    const app = environmentApps(objects).find((a) => a.metadata.name === 'nnf-profiles-production-admission');
    expect(app!.spec).toMatchObject({ project: 'nnf-profiles-admission', source: { path: 'dist/production/admission' } });
    expectValidModels(objects);
  });

  test('as an ApplicationSet of its own, its project fixed', () => {
    const objects = renderArgoCd({ ...settings, applicationSet: true }, [production, admission]) as Json[];
    const set = byKind(objects, 'ApplicationSet').find((o) => o.metadata.name === 'nnf-profiles-admission');
    expect(set!.spec.template).toMatchObject({
      metadata: { name: 'nnf-profiles-{{.environment}}-admission' },
      spec: { project: 'nnf-profiles-admission', source: { path: 'dist/{{.environment}}/admission' } },
    });
    expectValidModels(objects);
  });

  test('fails when the root Application would go in the admission project', () => {
    expect(argoCdProblems({ ...settings, rootProject: 'nnf-profiles-admission' }, [production, admission])).toEqual([
      expect.stringMatching(/^argocd\.rootProject: 'nnf-profiles-admission' is a project this repository renders/),
    ]);
  });
});
