import { syncAnnotations } from '../../src/argocd/sync-options';
import { defineSite, type SiteProps } from '../../src/site';
import { admissionPermissions, sitePermissions } from '../../src/synth/site-permissions';
import { siteResources } from '../../src/synth/site-resources';

const siteOf = (props: Omit<SiteProps, 'environments'>) =>
  defineSite({ environments: [{ name: 'prod', profileNamespace: 'profiles' }], ...props });
const kindsOf = (objects: Record<string, unknown>[]) => objects.map((o) => o.kind);

const ADMISSION = [
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
];

describe('the admission policy among the site resources', () => {
  test('a site that declares a policy gets the policy and its binding, bound to the profile namespace', () => {
    const site = siteOf({ policy: { allowedRegistries: ['ghcr.io/nearnodeflash'] } });
    const { objects, errors } = siteResources(site, site.environments[0], '.');
    expect(errors).toEqual([]);
    expect(kindsOf(objects)).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    expect(objects[1]).toMatchObject({
      spec: { matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'profiles' } } } },
    });
  });

  test('exceptionsAllowed alone, even empty, asks for the policy in the cluster', () => {
    const site = siteOf({ policy: { exceptionsAllowed: [] } });
    expect(kindsOf(siteResources(site, site.environments[0], '.').objects)).toEqual([
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ]);
  });

  test('a site without a policy setting gets none, and its AppProject permits none', () => {
    const site = siteOf({});
    expect(siteResources(site, site.environments[0], '.').objects).toEqual([]);
    expect(sitePermissions(site, site.environments[0])).not.toEqual(expect.arrayContaining([ADMISSION[0]]));
  });

  test('its own AppProject whitelists both kinds, cluster-scoped, when the policy is emitted; the profiles’ project neither', () => {
    const site = siteOf({ policy: { allowedRegistries: ['docker.io'] } });
    expect(admissionPermissions(site)).toEqual(ADMISSION);
    expect(sitePermissions(site, site.environments[0]).filter((p) => p.group === 'admissionregistration.k8s.io')).toEqual([]);
    expect(admissionPermissions(siteOf({}))).toEqual([]);
  });

  test('both sync in the prerequisites wave, before the profiles, without custom-resource options', () => {
    for (const kind of ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']) {
      expect(syncAnnotations({ apiVersion: 'admissionregistration.k8s.io/v1', kind })).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
    }
  });
});
