/** Who a role is granted to, in the profile namespace. */
export interface SubjectsProps {
  /** @default - none */
  readonly groups?: readonly string[];
  /** @default - none */
  readonly users?: readonly string[];
}

export interface RbacProps {
  /** May get, list and watch profiles (`kubectl get nnfcontainerprofiles -n nnf-system`). */
  readonly viewers?: SubjectsProps;
  /** May also create, update, patch and delete them. */
  readonly editors?: SubjectsProps;
}
