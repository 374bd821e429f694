/** The container policy rules a site enforces on every profile. */
export const POLICY_RULES = ['privileged', 'capabilities', 'host-namespaces', 'host-path', 'registry'] as const;

export type PolicyRuleName = (typeof POLICY_RULES)[number];

/** A profile's reasoned exception from one policy rule; rendered as an annotation. */
export interface PolicyException {
  readonly rule: PolicyRuleName;
  /** Why the profile needs it; shown to reviewers in the rendered object. */
  readonly reason: string;
}

/** `nnf-profiles/policy-exception.privileged: <reason>` on the rendered profile. */
export const POLICY_EXCEPTION_ANNOTATION_PREFIX = 'nnf-profiles/policy-exception.';

export interface ContainerPolicyProps {
  /**
   * Registries or repository prefixes images may come from, compared after image relocation
   * (`docker.io`, `ghcr.io/nearnodeflash`, `dean` for `docker.io/dean`).
   * @default - any registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * The rules a profile may carry an exception from.
   * @default - none: every rule is enforced without exception
   */
  readonly exceptionsAllowed?: readonly PolicyRuleName[];
}
