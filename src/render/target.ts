import type { ApiVersion } from '../model';
import type { ImageRelocations } from './image';

/** Where and for which API version a profile is rendered. */
export interface RenderTarget {
  readonly apiVersion: ApiVersion;
  /** metadata.namespace of the profile. */
  readonly namespace: string;
  readonly imageRelocations: ImageRelocations;
}
