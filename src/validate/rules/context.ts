import type { ApiVersion, Era } from '../../model';
import type { PortRange } from '../../site/settings';
import type { ProfileObject } from '../../rendered';
import type { Finding } from '../finding';

/** Rules read profiles after the schema's defaults were applied. */
export type { ProfileObject };

/** What a rule needs to know besides the object. */
export interface RuleContext {
  readonly version: ApiVersion;
  readonly era: Era;
  /** The namespace the NNF operator reads profiles from; unpinned profiles must be there. */
  readonly profileNamespace: string;
  /** The ports the cluster allocates container ports from, when the site lists them. */
  readonly ports?: readonly PortRange[];
}

/** One rule set over one (defaulted, schema-valid) profile. Pure: no I/O, no mutation. */
export type ProfileRule = (profile: ProfileObject, context: RuleContext) => Finding[];
