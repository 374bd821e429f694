/** Something the target version cannot express, or a reference that cannot resolve. */
export interface RenderProblem {
  /** Where in the rendered object, e.g. `data.mpiSpec.copyOffload`. */
  readonly path: string;
  readonly message: string;
}
