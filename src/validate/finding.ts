/**
 * A problem found in a rendered or read NnfContainerProfile. Errors fail synth and `validate`;
 * warnings are reported and do not.
 */
export type Severity = 'error' | 'warning';

export interface Finding {
  readonly severity: Severity;
  /**
   * Where the rule comes from, e.g. `schema/required`, `nnf-admission/timeout-deadline`,
   * `dws/profile-name`, `reference/undefined-variable`: every refusal cites one.
   */
  readonly rule: string;
  /** Path in the object, e.g. `data.spec.containers[0].command[2]`; empty for the whole object. */
  readonly path: string;
  readonly message: string;
}

/** A finding tied to the file and profile it is about. */
export interface LocatedFinding extends Finding {
  /** The profile source (`profiles/x.ts`) or the YAML file the object came from. */
  readonly file: string;
  /** metadata.name, or `(unnamed)`. */
  readonly profile: string;
}

/** `file: profile: field.path: message [rule]`, the one format every command prints. */
export function formatFinding(finding: LocatedFinding): string {
  const where = [finding.file, finding.profile, finding.path].filter((part) => part !== '').join(': ');
  return `${where}: ${finding.message} [${finding.rule}]`;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
