import { type ApiVersion, type Era, eraOf } from '../model';
import type { ImageRelocations } from './image';
import type { RenderProblem } from './problem';
import type { RenderTarget } from './target';

/** State shared by one profile's render: the target, the declared storages, the problems found. */
export class RenderContext {
  readonly version: ApiVersion;
  readonly era: Era;
  readonly imageRelocations: ImageRelocations;
  readonly problems: RenderProblem[] = [];

  constructor(
    target: RenderTarget,
    readonly declaredStorages: ReadonlySet<string>,
  ) {
    this.version = target.apiVersion;
    this.era = eraOf(target.apiVersion);
    this.imageRelocations = target.imageRelocations;
  }

  /** Records that `path` is set but the target version has no such field. */
  unsupported(path: string, availableIn: string): void {
    this.problems.push({
      rule: 'render/unsupported-field',
      path,
      message: `${this.version} cannot express this field (available in ${availableIn}); remove it or render for a version that has it`,
    });
  }
}

export const PODSPEC_ERA_VERSIONS = 'v1alpha1–v1alpha6, the PodSpec era';
export const NNFPODSPEC_ERA_VERSIONS = 'v1alpha7 and later';
