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
 * The clusters this site publishes profiles to. Each environment names the NnfContainerProfile
 * CRD its NNF release installs, and every profile in profiles/ renders into dist/<name>/ in the
 * version that CRD stores, so what Argo CD reads back is what Git holds.
 */
export default defineSite({
  environments: [
    // A current NNF release: serves v1alpha10 and v1alpha11, stores v1alpha11. Users submit with
    // Flux, so the catalog and `nnf-profiles directives` show #FLUX: batch directives.
    { name: 'production', crd: 'v1alpha9-v1alpha11', cluster: 'https://rabbit-production.example.com:6443', workloadManager: 'flux' },
    // An older release: serves v1alpha6 to v1alpha8 and stores v1alpha8. Its v1alpha6 would lose
    // the MPI profiles' runPolicy, mpiImplementation and sshAuthMountPath in conversion.
    { name: 'legacy', crd: 'v1alpha6-v1alpha8', cluster: 'https://rabbit-legacy.example.com:6443' },
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
