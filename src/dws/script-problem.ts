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

/** Maps an offset in `text` to its 1-based line. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
