import { defineSite, PullSecret } from './src';

/**
 * Registry credentials profiles may use. The token itself stays in the site's secret store;
 * External Secrets builds the pull secret in each cluster from it.
 */
export const readonlyRedRockSlushy = PullSecret.externalSecret('readonly-red-rock-slushy', {
  store: { kind: 'ClusterSecretStore', name: 'site-secrets' },
  server: 'https://index.docker.io/v1/',
  remoteKey: 'nnf/registries/readonly-red-rock-slushy',
});

/**
 * The clusters this site publishes profiles to. Each environment renders every profile in
 * profiles/ into dist/<name>/ for the NnfContainerProfile version that cluster serves.
 */
export default defineSite({
  environments: [
    // A current NNF release.
    { name: 'production', apiVersion: 'v1alpha11', cluster: 'https://rabbit-production.example.com:6443' },
    // An older system still on the PodSpec-era API.
    { name: 'legacy', apiVersion: 'v1alpha6', cluster: 'https://rabbit-legacy.example.com:6443' },
  ],
  pullSecrets: [readonlyRedRockSlushy],
  rbac: {
    // `kubectl get nnfcontainerprofiles -n nnf-system` for users choosing a profile.
    viewers: { groups: ['hpc-users'] },
    editors: { groups: ['nnf-admins'] },
  },
  policy: {
    // Images come from these registries only; no profile may run privileged or on the host.
    allowedRegistries: ['docker.io/library', 'docker.io/dean', 'ghcr.io/nearnodeflash'],
  },
  argocd: {
    repoURL: 'https://git.example.com/hpc/nnf-profiles.git',
    targetRevision: 'main',
  },
});
