/** Something the target version cannot express, or a reference that cannot resolve. */
export interface RenderProblem {
  /** `render/unsupported-field` or `render/undeclared-storage`. */
  readonly rule: string;
  /** Where in the rendered object, e.g. `data.mpiSpec.copyOffload`. */
  readonly path: string;
  readonly message: string;
}
