import { PullSecret } from '../../src/secrets/pull-secret';
import { defineSite, type SiteProps } from '../../src/site';
import { profileObjectPermissions, sitePermissions } from '../../src/synth/site-permissions';

const external = PullSecret.externalSecret('registry', {
  store: { name: 'site-secrets' },
  server: 'https://index.docker.io/v1/',
  remoteKey: 'k',
});
const sealed = PullSecret.sealedSecret('sealed', { encryptedDockerConfigJson: { prod: 'AgB' } });
const existing = PullSecret.existing('made-by-hand');

const permissionsOf = (props: Omit<SiteProps, 'environments'>, environment: SiteProps['environments'][number] = { name: 'prod' }) => {
  const site = defineSite({ environments: [environment], ...props });
  return sitePermissions(site, site.environments[0]);
};

const PROFILES = { group: 'nnf.cray.hpe.com', kind: 'NnfContainerProfile', namespace: 'nnf-system' };

describe('sitePermissions', () => {
  test('a site of profiles only may deploy NnfContainerProfiles in the profile namespace, and nothing else', () => {
    expect(permissionsOf({})).toEqual([PROFILES]);
    expect(permissionsOf({}, { name: 'prod', profileNamespace: 'profiles' })).toEqual([{ ...PROFILES, namespace: 'profiles' }]);
  });

  test('the shipped site’s declarations: profiles, an ExternalSecret in the container namespace, Roles and RoleBindings in the profile namespace', () => {
    expect(
      permissionsOf({ pullSecrets: [external], rbac: { viewers: { groups: ['hpc-users'] }, editors: { groups: ['nnf-admins'] } } }),
    ).toEqual([
      PROFILES,
      { group: 'external-secrets.io', kind: 'ExternalSecret', namespace: 'default' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role', namespace: 'nnf-system' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', namespace: 'nnf-system' },
    ]);
  });

  test('RBAC needs no cluster-scoped kind: without crdFile (and without a container policy) every permission is namespaced', () => {
    const permitted = permissionsOf(
      { pullSecrets: [external, sealed], rbac: { viewers: { groups: ['g'] }, editors: { users: ['u'] } } },
      { name: 'prod', profileNamespace: 'profiles' },
    );
    expect(permitted.filter((p) => p.namespace === undefined)).toEqual([]);
    expect(permitted).toContainEqual({ group: 'rbac.authorization.k8s.io', kind: 'Role', namespace: 'profiles' });
  });

  test('a sealed secret permits a SealedSecret in the container namespace; an existing one permits nothing', () => {
    expect(permissionsOf({ pullSecrets: [sealed, existing] }, { name: 'prod', containerNamespace: 'jobs' })).toEqual([
      PROFILES,
      { group: 'bitnami.com', kind: 'SealedSecret', namespace: 'jobs' },
    ]);
  });

  test('rbac without subjects permits no RBAC', () => {
    expect(permissionsOf({ rbac: { viewers: {}, editors: { groups: [], users: [] } } })).toEqual([PROFILES]);
    expect(permissionsOf({ rbac: { editors: { users: ['alice'] } } })).toContainEqual({
      group: 'rbac.authorization.k8s.io',
      kind: 'Role',
      namespace: 'nnf-system',
    });
  });

  test('crdFile permits the CustomResourceDefinition and the Namespace, cluster-scoped', () => {
    expect(permissionsOf({}, { name: 'prod', crdFile: 'crd.yaml' })).toEqual([
      PROFILES,
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: '', kind: 'Namespace' },
    ]);
  });

  test('allowedProfileObjects permit their kinds in their namespaces, the profile namespace by default', () => {
    const allowed = permissionsOf({
      allowedProfileObjects: [
        { apiGroup: '', kind: 'ConfigMap' },
        { apiGroup: 'apps', kind: 'Deployment', namespaces: ['tools', 'nnf-system'] },
      ],
    });
    expect(allowed).toEqual([
      PROFILES,
      { group: '', kind: 'ConfigMap', namespace: 'nnf-system' },
      { group: 'apps', kind: 'Deployment', namespace: 'tools' },
      { group: 'apps', kind: 'Deployment', namespace: 'nnf-system' },
    ]);
  });
});

describe('profileObjectPermissions', () => {
  test('are the allowances only, never the site’s own kinds', () => {
    const site = defineSite({
      environments: [{ name: 'prod' }],
      pullSecrets: [external],
      rbac: { viewers: { groups: ['g'] } },
      allowedProfileObjects: [{ apiGroup: '', kind: 'ConfigMap' }],
    });
    expect(profileObjectPermissions(site, site.environments[0])).toEqual([{ group: '', kind: 'ConfigMap', namespace: 'nnf-system' }]);
  });

  test('a cluster-scoped allowance that got past siteProblems permits nothing', () => {
    const site = {
      ...defineSite({ environments: [{ name: 'prod' }] }),
      allowedProfileObjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' }],
    };
    expect(profileObjectPermissions(site, site.environments[0])).toEqual([]);
    expect(sitePermissions(site, site.environments[0])).toEqual([PROFILES]);
  });
});
