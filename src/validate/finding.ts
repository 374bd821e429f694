/**
 * Where a problem bites if nothing stops it earlier:
 * - `cluster`: the API server, the NNF webhook or Argo CD refuses the object: the sync fails;
 * - `job`: the cluster stores the object, but a job that selects the profile fails or misbehaves;
 * - `policy`: the cluster and jobs would take it, but the site's rules (site.ts) or this
 *   project's (no credentials in Git, no widened permissions) do not;
 * - `lint`: advice; the profile works as written.
 * Synth and `validate` refuse every layer but `lint`, which they report as warnings.
 */
export type Layer = 'cluster' | 'job' | 'policy' | 'lint';

export const LAYERS: ReadonlyArray<readonly [Layer, string]> = [
  ['cluster', 'the API server, the NNF webhook or Argo CD refuses the object: the sync fails'],
  ['job', 'the cluster stores it, but a job that selects the profile fails or misbehaves'],
  ['policy', "the site's rules (site.ts) or this project's refuse it, though the cluster would not"],
  ['lint', 'advice; the profile works as written (a warning)'],
];

/** The layers as `--help` lists them, one line each. */
export function layersHelp(): string {
  return LAYERS.map(([layer, meaning]) => `  ${layer.padEnd(8)} ${meaning}`).join('\n');
}

export type Severity = 'error' | 'warning';

/** A layer's consequence for synth and `validate`: every layer but `lint` is an error. */
export function severityOf(layer: Layer): Severity {
  return layer === 'lint' ? 'warning' : 'error';
}

/** A problem found in a rendered or read NnfContainerProfile, or another object synth emits. */
export interface Finding {
  readonly layer: Layer;
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
  /**
   * The profile source (`profiles/x.ts`), its `path` then the prop path an author wrote where
   * one set the field, or the YAML file the object came from.
   */
  readonly file: string;
  /** metadata.name, or `(unnamed)`. */
  readonly profile: string;
}

/** `layer: file: profile: field.path: message [rule]`, the one format every command prints. */
export function formatFinding(finding: LocatedFinding): string {
  const where = [finding.file, finding.profile, finding.path].filter((part) => part !== '').join(': ');
  return `${finding.layer}: ${where}: ${finding.message} [${finding.rule}]`;
}

export function isError(finding: Finding): boolean {
  return severityOf(finding.layer) === 'error';
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some(isError);
}
