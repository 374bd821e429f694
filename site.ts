import { defineSite } from './src';

/**
 * The clusters this site publishes profiles to. Each environment renders every profile in
 * profiles/ into dist/<name>/ for the NnfContainerProfile version that cluster serves.
 */
export default defineSite({
  environments: [
    // A current NNF release.
    { name: 'production', apiVersion: 'v1alpha11' },
    // An older system still on the PodSpec-era API.
    { name: 'legacy', apiVersion: 'v1alpha6' },
  ],
});
