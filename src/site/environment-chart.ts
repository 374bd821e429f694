import { Chart } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import type { Environment } from './settings';

const ENVIRONMENT_CHART = Symbol.for('nnf-profiles.EnvironmentChart');

/** The chart of one environment: every profile in it renders for the environment's version. */
export class EnvironmentChart extends Chart {
  /** The environment chart `construct` belongs to, if any. */
  static find(construct: IConstruct): EnvironmentChart | undefined {
    return construct.node.scopes.find(
      (scope): scope is EnvironmentChart => (scope as unknown as Record<symbol, unknown>)[ENVIRONMENT_CHART] === true,
    );
  }

  constructor(
    scope: Construct,
    readonly environment: Environment,
  ) {
    super(scope, environment.name, { disableResourceNameHashes: true });
    Object.defineProperty(this, ENVIRONMENT_CHART, { value: true });
  }
}
