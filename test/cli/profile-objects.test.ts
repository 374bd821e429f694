import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { makeTempSite, runCli, snapshotDir, type TempSite } from '../helpers/temp-site';

/** A profile module that makes its profile, then whatever `extra` builds in `scope`. */
const profileWith = (name: string, extra: string) => `import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';

export default (scope: Construct) => {
  new ContainerProfile(scope, '${name}', { containers: [{ name: 'app', image: 'ghcr.io/nearnodeflash/app:1.0' }] });
  ${extra}
};
`;

const CLUSTER_ADMIN_FOR_EVERYONE = `new ApiObject(Chart.of(scope), 'pwn', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'pwn' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
  });`;

const HOST_DAEMON_SET = `new ApiObject(scope, 'agent', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          containers: [{ name: 'agent', image: 'evil.example.com/agent:1', securityContext: { privileged: true } }],
          volumes: [{ name: 'root', hostPath: { path: '/' } }],
        },
      },
    },
  });`;

const CONFIG_MAP = `new ApiObject(scope, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-settings', namespace: 'nnf-system' }, data: { level: 'info' } });`;

const siteWith = (extra = '') => `import { defineSite } from './src';
export default defineSite({
  environments: [{ name: 'prod' }],
  policy: { allowedRegistries: ['ghcr.io/nearnodeflash'] },
  rbac: { viewers: { groups: ['hpc-users'] } },
  argocd: { repoURL: 'https://git.example.com/site.git' },
  ${extra}
});
`;

describe('synth: profiles emit profiles; everything emitted passes the policy and the RBAC guard', () => {
  let site: TempSite;
  let before: Record<string, string>;
  beforeEach(() => {
    site = makeTempSite({ 'site.ts': siteWith(), 'profiles/app.ts': profileWith('app', '') });
    const first = runCli(['synth'], site.root);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    before = snapshotDir(path.join(site.root, 'dist'));
  });
  afterEach(() => site.remove());

  const expectDistUntouched = () => expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  const appProject = () =>
    yaml.load(fs.readFileSync(path.join(site.root, 'dist/argocd/appproject-nnf-profiles.yaml'), 'utf8')) as {
      spec: Record<string, unknown>;
    };

  test('fails when a profile module also binds cluster-admin to system:authenticated, naming the file and the kind', () => {
    site.write('profiles/app.ts', profileWith('app', CLUSTER_ADMIN_FOR_EVERYONE));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'profiles/app.ts: ClusterRoleBinding pwn: not an NnfContainerProfile: profile modules create NnfContainerProfiles only, and ClusterRoleBinding (rbac.authorization.k8s.io) is cluster-scoped, which site.ts can never allow [policy/profile-object]',
    );
    expect(run.stderr).toContain('profiles/app.ts: ClusterRoleBinding pwn: binds cluster-admin: ');
    expect(run.stderr).toContain('[rbac/cluster-admin]');
    expect(run.stderr).toContain('profiles/app.ts: ClusterRoleBinding pwn: subjects[0]: binds group system:authenticated: ');
    expect(run.stderr).toContain('[rbac/system-subject]');
    expectDistUntouched();
  });

  test('fails when a profile module makes a privileged hostPath DaemonSet in kube-system from an unlisted registry', () => {
    site.write('profiles/app.ts', profileWith('app', HOST_DAEMON_SET));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'profiles/app.ts: DaemonSet kube-system/agent: not an NnfContainerProfile: profile modules create NnfContainerProfiles only, and site.ts allows no DaemonSet (apps) in namespace kube-system (allowedProfileObjects) [policy/profile-object]',
    );
    expectDistUntouched();
  });

  test('fails when the site allows the DaemonSet: the container policy still refuses it', () => {
    site.write('site.ts', siteWith("allowedProfileObjects: [{ apiGroup: 'apps', kind: 'DaemonSet', namespaces: ['kube-system'] }],"));
    site.write('profiles/app.ts', profileWith('app', HOST_DAEMON_SET));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain('[policy/profile-object]');
    const prefix = 'profiles/app.ts: DaemonSet kube-system/agent: spec.template.spec.';
    expect(run.stderr).toContain(
      `${prefix}volumes[0].hostPath: volume spec.template.spec.volumes[0] mounts a host path (/) of the Rabbit node`,
    );
    expect(run.stderr).toContain(
      `${prefix}containers[0].securityContext.privileged: container at spec.template.spec.containers[0] sets securityContext.privileged: true`,
    );
    expect(run.stderr).toContain(
      `${prefix}containers[0].image: container at spec.template.spec.containers[0] uses image 'evil.example.com/agent:1'`,
    );
    for (const rule of ['policy/host-path', 'policy/privileged', 'policy/registry']) expect(run.stderr).toContain(`[${rule}]`);
    expectDistUntouched();
  });

  test('fails when a profile module makes a ConfigMap the site does not allow', () => {
    site.write('profiles/app.ts', profileWith('app', CONFIG_MAP));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('profiles/app.ts: ConfigMap nnf-system/app-settings: not an NnfContainerProfile: ');
    expectDistUntouched();
  });

  test('an allowed, clean ConfigMap passes, and the AppProject whitelists ConfigMap because the site allows it', () => {
    expect(appProject().spec.namespaceResourceWhitelist).not.toContainEqual({ group: '', kind: 'ConfigMap' });
    site.write('site.ts', siteWith("allowedProfileObjects: [{ apiGroup: '', kind: 'ConfigMap' }],"));
    site.write('profiles/app.ts', profileWith('app', CONFIG_MAP));
    const run = runCli(['synth'], site.root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(site.root, 'dist/prod/configmap-app-settings.yaml'))).toBe(true);
    expect(appProject().spec.namespaceResourceWhitelist).toEqual([
      { group: '', kind: 'ConfigMap' },
      { group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ]);
  });

  test('fails when site.ts allows a cluster-scoped kind, naming the setting', () => {
    site.write('site.ts', siteWith("allowedProfileObjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' }],"));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'allowedProfileObjects[0] (ClusterRoleBinding): ClusterRoleBinding is cluster-scoped, and profile modules may never create cluster-scoped objects',
    );
    expectDistUntouched();
  });

  test('fails when site.ts grants its viewers role to system:authenticated, naming site.ts: rbac', () => {
    site.write('site.ts', siteWith().replace("groups: ['hpc-users']", "groups: ['system:authenticated']"));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'site.ts: rbac: RoleBinding nnf-system/nnf-profiles-viewers: subjects[0]: binds group system:authenticated: ',
    );
    expect(run.stderr).toContain('[rbac/system-subject]');
    expectDistUntouched();
  });
});
