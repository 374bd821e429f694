import { App } from 'cdk8s';
import type { ApiVersion } from '../../src/model';
import { ProfileSource } from '../../src/profile';
import { defineSite, EnvironmentChart, type EnvironmentProps } from '../../src/site';

/** An environment chart to create constructs in, as synth does for each environment. */
export function environmentChart(apiVersion: ApiVersion = 'v1alpha11', props: Partial<EnvironmentProps> = {}): EnvironmentChart {
  const [environment] = defineSite({ environments: [{ name: 'test', apiVersion, ...props }] }).environments;
  return new EnvironmentChart(new App(), environment);
}

/** The scope synth gives a profile file's default export. */
export function profileScope(file: string, apiVersion: ApiVersion = 'v1alpha11'): ProfileSource {
  return new ProfileSource(environmentChart(apiVersion), file);
}

/** Every validation message in the tree, as synth collects them. */
export function validationErrors(chart: EnvironmentChart | ProfileSource): string[] {
  return chart.node.findAll().flatMap((c) => c.node.validate());
}
