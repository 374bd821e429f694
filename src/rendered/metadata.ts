/** Metadata nnf-profiles writes on every profile it renders, whatever the props say. */

/** The label that marks an object as rendered by nnf-profiles. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** The annotation naming the profile source (`profiles/x.ts`) an object was rendered from. */
export const SOURCE_ANNOTATION = 'nnf-profiles/source';
