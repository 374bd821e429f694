import type { Severity } from '../validate/finding';

/**
 * A problem found while reading a job script's directives, before any directive is checked:
 * a form the workload manager would refuse or ignore, or a value lint-job cannot read.
 */
export interface ScriptProblem {
  /** 1-based. */
  readonly line: number;
  readonly severity: Severity;
  /** Without the `job/` prefix, e.g. `dw-unreadable`. */
  readonly rule: string;
  readonly message: string;
}
