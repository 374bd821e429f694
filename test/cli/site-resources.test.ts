import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { makeTempSite, REPO_ROOT, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';
import { validateModels } from '../helpers/validate-models';

type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
} & Record<string, any>;

const DIST = path.join(REPO_ROOT, 'dist');
const readDir = (dir: string): KubeObject[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort()
    .map((f) => yaml.load(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject);
const environments = ['production', 'legacy'];

describe('the shipped site', () => {
  test.each(environments)('%s: declares readonly-red-rock-slushy as an ExternalSecret in the container namespace', (environment) => {
    const secret = readDir(path.join(DIST, environment)).find((o) => o.kind === 'ExternalSecret');
    expect(secret).toMatchObject({
      apiVersion: 'external-secrets.io/v1',
      metadata: { name: 'readonly-red-rock-slushy', namespace: 'default' },
      spec: { target: { name: 'readonly-red-rock-slushy', template: { type: 'kubernetes.io/dockerconfigjson' } } },
    });
    // site.ts names no email property, so none is fetched from the store or templated.
    expect(secret!.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['username', 'password']);
    expect(secret!.spec.target.template.data['.dockerconfigjson']).not.toContain('email');
  });

  test('both seed profiles use the secret; the MPI one on launcher and worker', () => {
    const profile = (env: string, name: string) => readDir(path.join(DIST, env)).find((o) => o.metadata.name === name)!;
    const reference = [{ name: 'readonly-red-rock-slushy' }];
    expect(profile('production', 'red-rock-slushy').data.spec.imagePullSecrets).toEqual(reference);
    expect(profile('production', 'mpi-red-rock-slushy').data.mpiSpec.launcher.imagePullSecrets).toEqual(reference);
    expect(profile('production', 'mpi-red-rock-slushy').data.mpiSpec.worker.imagePullSecrets).toEqual(reference);
    expect(profile('legacy', 'mpi-red-rock-slushy').data.mpiSpec.launcher.imagePullSecrets).toEqual(reference);
    expect(profile('legacy', 'mpi-red-rock-slushy').data.mpiSpec.worker.imagePullSecrets).toEqual(reference);
  });

  test('the profiles’ AppProject whitelists exactly the kinds dist/<env>/ holds, none cluster-scoped, and its destinations exactly the namespaces', () => {
    const argo = readDir(path.join(DIST, 'argocd'));
    const project = argo.find((o) => o.kind === 'AppProject' && o.metadata.name === 'nnf-profiles')!;
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    const deployed = environments.flatMap((env) => readDir(path.join(DIST, env)));
    const groupKind = (o: KubeObject) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`;
    const whitelisted = (list: Array<{ group: string; kind: string }>) => list.map((e) => `${e.group}/${e.kind}`).sort();
    expect(whitelisted(project.spec.namespaceResourceWhitelist)).toEqual(
      [...new Set(deployed.filter((o) => o.metadata.namespace).map(groupKind))].sort(),
    );
    expect(whitelisted(project.spec.clusterResourceWhitelist ?? [])).toEqual(
      [...new Set(deployed.filter((o) => !o.metadata.namespace).map(groupKind))].sort(),
    );
    const namespaces = [...new Set(deployed.map((o) => o.metadata.namespace).filter(Boolean))].sort();
    expect([...new Set(project.spec.destinations.map((d: { namespace: string }) => d.namespace))].sort()).toEqual(namespaces);
    expect(JSON.stringify(project.spec)).not.toContain('"*"');
  });

  test('the admission policy has an AppProject of its own, for its two cluster-scoped kinds only', () => {
    const argo = readDir(path.join(DIST, 'argocd'));
    const project = argo.find((o) => o.kind === 'AppProject' && o.metadata.name === 'nnf-profiles-admission')!;
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
    ]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([]);
    for (const env of environments) {
      expect(
        readDir(path.join(DIST, env, 'admission'))
          .map((o) => o.kind)
          .sort(),
      ).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
      const app = argo.find((o) => o.kind === 'Application' && o.spec.source.path === `dist/${env}/admission`)!;
      expect(app.spec.project).toBe('nnf-profiles-admission');
      expect(app.metadata.name).toBe(`nnf-profiles-${env}-admission`);
    }
  });

  test('one Application per environment, reading dist/<env>, and the root Application reading dist/argocd', () => {
    const apps = readDir(path.join(DIST, 'argocd')).filter((o) => o.kind === 'Application');
    expect(apps.map((a) => a.spec.source.path).sort()).toEqual(
      [...environments.flatMap((e) => [`dist/${e}`, `dist/${e}/admission`]), 'dist/argocd'].sort(),
    );
    for (const app of apps) expect(app.spec.syncPolicy.syncOptions).toContain('Validate=true');
    const root = apps.find((a) => a.spec.source.path === 'dist/argocd')!;
    expect(root.spec.project).toBe('default');
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
  });

  test('RBAC is namespaced: Roles and RoleBindings in the profile namespace, no ClusterRole', () => {
    for (const environment of environments) {
      const rbac = readDir(path.join(DIST, environment)).filter((o) => o.apiVersion.startsWith('rbac.authorization.k8s.io/'));
      expect(rbac.map((o) => [o.kind, o.metadata.name, o.metadata.namespace]).sort()).toEqual([
        ['Role', 'nnf-profiles-editor', 'nnf-system'],
        ['Role', 'nnf-profiles-viewer', 'nnf-system'],
        ['RoleBinding', 'nnf-profiles-editors', 'nnf-system'],
        ['RoleBinding', 'nnf-profiles-viewers', 'nnf-system'],
      ]);
    }
    const project = readDir(path.join(DIST, 'argocd')).find((o) => o.kind === 'AppProject')!;
    expect((project.spec.clusterResourceWhitelist ?? []).filter((e: { group: string }) => e.group === 'rbac.authorization.k8s.io')).toEqual(
      [],
    );
  });

  test('RBAC lands before profiles and pull secrets after them; custom resources skip the dry run for CRDs installed elsewhere', () => {
    const objects = readDir(path.join(DIST, 'production'));
    const wave = (o: KubeObject) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
    const profiles = objects.filter((o) => o.kind === 'NnfContainerProfile');
    const rbac = objects.filter((o) => ['Role', 'RoleBinding'].includes(o.kind));
    expect(rbac).toHaveLength(4);
    for (const early of rbac) {
      expect(wave(early)).toBeLessThan(Math.min(...profiles.map(wave)));
    }
    const secrets = objects.filter((o) => o.kind === 'ExternalSecret');
    expect(secrets).not.toHaveLength(0);
    for (const late of secrets) expect(wave(late)).toBeGreaterThan(Math.max(...profiles.map(wave)));
    for (const custom of objects.filter((o) => ['NnfContainerProfile', 'ExternalSecret'].includes(o.kind))) {
      expect(custom.metadata.annotations?.['argocd.argoproj.io/sync-options']).toContain('SkipDryRunOnMissingResource=true');
    }
  });

  test('every Argo CD, External Secrets and Sealed Secrets object validates against its project’s schema', () => {
    const objects = [...readDir(path.join(DIST, 'argocd')), ...environments.flatMap((env) => readDir(path.join(DIST, env)))].filter((o) =>
      /argoproj\.io|external-secrets\.io|bitnami\.com/.test(o.apiVersion),
    );
    expect(objects.length).toBeGreaterThan(3);
    expect(validateModels(objects).filter((r) => r.error !== null)).toEqual([]);
  });
});

const profileWith = (name: string, body: string, imports = "import { ContainerProfile } from '../src';") =>
  `import type { Construct } from 'constructs';\n${imports}\nexport default (scope: Construct) =>\n  new ContainerProfile(scope, '${name}', ${body});\n`;

describe('site resources at synth', () => {
  let site: TempSite;
  afterEach(() => site?.remove());

  test('fails when a plaintext token sits in a profile, naming file and line without printing it, and leaves dist/ untouched', () => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'prod' }]),
      'profiles/app.ts': profileWith('app', "{ containers: [{ name: 'app', image: 'alpine:3.20' }] }"),
    });
    expect(runCli(['synth'], site.root).status).toBe(0);
    const before = snapshotDir(path.join(site.root, 'dist'));
    const token = ['dckr', 'pat', 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhx'].join('_');
    site.write(
      'profiles/app.ts',
      profileWith(
        'app',
        `{\n    containers: [{ name: 'app', image: 'alpine:3.20', env: [{ name: 'REGISTRY_TOKEN', value: '${token}' }] }],\n  }`,
      ),
    );
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/app.ts:5');
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(run.stdout + run.stderr).not.toContain(token.slice(9, 20));
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('an ExternalSecret fetches the email only when properties.email names it, and validates either way', () => {
    const declare = (properties: string) => `import { defineSite, PullSecret } from './src';
export const registry = PullSecret.externalSecret('registry', {
  store: { name: 'site-secrets' }, server: 'ghcr.io', remoteKey: 'registries/ghcr',${properties}
});
export default defineSite({ environments: [{ name: 'prod' }], pullSecrets: [registry] });
`;
    const profile = profileWith(
      'app',
      "{ pullSecrets: [registry], containers: [{ name: 'app', image: 'alpine:3.20' }] }",
      "import { ContainerProfile } from '../src';\nimport { registry } from '../site';",
    );
    site = makeTempSite({ 'site.ts': declare(''), 'profiles/app.ts': profile });
    const secretOf = () => {
      const run = runCli(['synth'], site.root);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return readDir(path.join(site.root, 'dist', 'prod')).find((o) => o.kind === 'ExternalSecret')!;
    };
    const without = secretOf();
    expect(without.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['username', 'password']);
    expect(without.spec.target.template.data['.dockerconfigjson']).not.toContain('email');

    site.write('site.ts', declare(" properties: { email: 'mail' },"));
    const withEmail = secretOf();
    expect(
      withEmail.spec.data.map((d: { secretKey: string; remoteRef: { property: string } }) => [d.secretKey, d.remoteRef.property]),
    ).toEqual([
      ['username', 'username'],
      ['password', 'token'],
      ['email', 'mail'],
    ]);
    expect(withEmail.spec.target.template.data['.dockerconfigjson']).toContain('"email" .email');
    expect(validateModels([without, withEmail]).filter((r) => r.error !== null)).toEqual([]);
  });

  test('fails when a profile names a pull secret site.ts does not declare; warns about one no profile uses', () => {
    site = makeTempSite({
      'site.ts': `import { defineSite, PullSecret } from './src';
export const declared = PullSecret.existing('declared-secret');
export const stray = PullSecret.existing('stray-secret');
export default defineSite({ environments: [{ name: 'prod' }], pullSecrets: [declared] });
`,
      'profiles/app.ts': profileWith(
        'app',
        "{ pullSecrets: [stray], containers: [{ name: 'app', image: 'alpine:3.20' }] }",
        "import { ContainerProfile } from '../src';\nimport { stray } from '../site';",
      ),
    });
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "  job: profiles/app.ts: app: data.spec.imagePullSecrets[0]: pull secret 'stray-secret' is not declared in site.ts",
    );
    expect(run.stderr).toContain('[secrets/undeclared]');
    expect(run.stderr).toMatch(
      /^lint: site\.ts: pullSecrets: pull secret 'declared-secret' is declared but no profile uses it.*\[secrets\/unused\]/,
    );
  });

  test('fails when a profile breaks the container policy; passes with an exception the policy permits, shown as an annotation', () => {
    const privileged = (exceptions: string) =>
      profileWith(
        'app',
        `{ ${exceptions} containers: [{ name: 'app', image: 'alpine:3.20', podSpecEraFields: { securityContext: { privileged: true } } }] }`,
      );
    site = makeTempSite({
      'site.ts': `import { defineSite } from './src';
export default defineSite({ environments: [{ name: 'old', apiVersion: 'v1alpha6' }], policy: { exceptionsAllowed: ['privileged'] } });
`,
      'profiles/app.ts': privileged(''),
    });
    const refused = runCli(['synth'], site.root);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('[policy/privileged]');

    site.write('profiles/app.ts', privileged("policyExceptions: [{ rule: 'privileged', reason: 'needs /dev/fuse for the FUSE mount' }],"));
    const accepted = runCli(['synth'], site.root);
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(0);
    const rendered = yaml.load(fs.readFileSync(path.join(site.root, 'dist/old/nnfcontainerprofile-app.yaml'), 'utf8')) as KubeObject;
    expect(rendered.metadata.annotations?.['nnf-profiles/policy-exception.privileged']).toBe('needs /dev/fuse for the FUSE mount');
  });

  const CRD = path.join(REPO_ROOT, '..', 'shared', 'crds', 'nnfcontainerprofiles.v1alpha9-v1alpha11.yaml');
  const withCrd = fs.existsSync(CRD) ? test : test.skip;
  if (!fs.existsSync(CRD)) console.warn(`skipped: the bootstrap CRD test needs ${CRD}, which is absent`);
  const bootstrapSite = (environment: string) => `import { defineSite } from './src';
export default defineSite({
  environments: [{ name: 'prod', cluster: 'https://rabbit.example.com:6443' }, ${environment}],
  rbac: { viewers: { groups: ['hpc-users'] } },
  argocd: { repoURL: 'https://git.example.com/site.git' },
});
`;
  withCrd(
    'a test cluster gets the CRD and the profile namespace: never pruned or deleted, in an earlier wave, in a project of its own',
    () => {
      site = makeTempSite({
        'site.ts': bootstrapSite("{ name: 'test', crdFile: 'crds/nnfcontainerprofiles.yaml' }"),
        'profiles/app.ts': profileWith('app', "{ containers: [{ name: 'app', image: 'alpine:3.20' }] }"),
      });
      fs.mkdirSync(path.join(site.root, 'crds'));
      fs.copyFileSync(CRD, path.join(site.root, 'crds', 'nnfcontainerprofiles.yaml'));
      const run = runCli(['synth'], site.root);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const objects = readDir(path.join(site.root, 'dist', 'test'));
      const crd = objects.find((o) => o.kind === 'CustomResourceDefinition')!;
      expect(crd.metadata.annotations).toMatchObject({
        'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false',
      });
      const namespace = objects.find((o) => o.kind === 'Namespace')!;
      expect(namespace).toMatchObject({
        apiVersion: 'v1',
        metadata: { name: 'nnf-system', annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } },
      });
      const wave = (o: KubeObject) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
      const firstProfile = wave(objects.find((o) => o.kind === 'NnfContainerProfile')!);
      expect(wave(crd)).toBeLessThan(firstProfile);
      expect(wave(namespace)).toBeLessThan(firstProfile);
      expect(crd).not.toHaveProperty('status');
      expect(readDir(path.join(site.root, 'dist', 'prod')).map((o) => o.kind)).not.toContain('Namespace');

      const argo = readDir(path.join(site.root, 'dist', 'argocd'));
      const projects = argo.filter((o) => o.kind === 'AppProject');
      expect(projects.map((p) => p.metadata.name).sort()).toEqual(['nnf-profiles', 'nnf-profiles-bootstrap']);
      const byName = (name: string) => projects.find((p) => p.metadata.name === name)!;
      expect(byName('nnf-profiles').spec.clusterResourceWhitelist ?? []).toEqual([]);
      expect(byName('nnf-profiles-bootstrap').spec.clusterResourceWhitelist).toEqual([
        { group: '', kind: 'Namespace' },
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      ]);
      const app = (env: string) => argo.find((o) => o.kind === 'Application' && o.spec.source.path === `dist/${env}`)!;
      expect(app('test').spec.project).toBe('nnf-profiles-bootstrap');
      expect(app('prod').spec.project).toBe('nnf-profiles');
      expect(validateModels(argo).filter((r) => r.error !== null)).toEqual([]);
    },
  );

  withCrd('fails when the crdFile stores another version than the environment renders, naming the environment and both versions', () => {
    site = makeTempSite({
      'site.ts': bootstrapSite("{ name: 'test', apiVersion: 'v1alpha10', crdFile: 'crds/nnfcontainerprofiles.yaml' }"),
      'profiles/app.ts': profileWith('app', "{ containers: [{ name: 'app', image: 'alpine:3.20' }] }"),
    });
    fs.mkdirSync(path.join(site.root, 'crds'));
    fs.copyFileSync(CRD, path.join(site.root, 'crds', 'nnfcontainerprofiles.yaml'));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'site.ts: environments[1] (test): crdFile crds/nnfcontainerprofiles.yaml: stores v1alpha11 (the version with storage: true), but the environment renders v1alpha10;',
    );
    expect(run.stderr).toContain("Set apiVersion: 'v1alpha11', or use a CRD file that stores v1alpha10");
    expect(fs.existsSync(path.join(site.root, 'dist'))).toBe(false);
  });
});

describe('nnf-profiles pull-secret', () => {
  let site: TempSite;
  afterEach(() => site?.remove());

  test('prints the commands for a secret made out of band, reading the token from a file', () => {
    site = makeTempSite({
      'site.ts': `import { defineSite, PullSecret } from './src';
export default defineSite({ environments: [{ name: 'prod', containerNamespace: 'jobs' }], pullSecrets: [PullSecret.existing('regcred')] });
`,
    });
    const run = runCli(['pull-secret', 'regcred'], site.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("registry_user='<user>'\n");
    expect(run.stdout).toContain(
      'kubectl create secret generic regcred -n jobs --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/stdin',
    );
    expect(run.stdout).not.toContain('password');
  });

  test('says a secret External Secrets provisions needs no command', () => {
    const run = runCli(['pull-secret', 'readonly-red-rock-slushy']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('needs no command: an ExternalSecret in dist/ builds it');
  });

  test('fails with exit status 2 for a secret site.ts does not declare', () => {
    const run = runCli(['pull-secret', 'nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("site.ts declares no pull secret 'nope' (declared: readonly-red-rock-slushy)");
  });
});
