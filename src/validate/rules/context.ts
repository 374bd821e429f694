import type { ApiVersion, Era } from '../../model';
import type { PortRange } from '../../site/settings';
import type { Finding } from '../finding';

/** A profile as plain data (parsed YAML or a render), after the schema's defaults were applied. */
export interface ProfileObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly labels?: unknown;
    readonly annotations?: unknown;
  };
  readonly data?: Record<string, unknown>;
}

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
