/** How Argo CD deploys `dist/`: rendered into `dist/argocd/`. */
export interface ArgoCdProps {
  /** The Git repository Argo CD reads, this one. */
  readonly repoURL: string;
  /** @default 'HEAD' */
  readonly targetRevision?: string;
  /** Namespace Argo CD runs in. @default 'argocd' */
  readonly namespace?: string;
  /** The AppProject everything belongs to; fixed, never taken from repository content. @default 'nnf-profiles' */
  readonly project?: string;
  /** Delete what disappears from `dist/`. @default true */
  readonly prune?: boolean;
  /** Undo changes made in the cluster by hand. @default true */
  readonly selfHeal?: boolean;
  /**
   * One ApplicationSet over all environments instead of one Application each; for sites running
   * several clusters.
   * @default false
   */
  readonly applicationSet?: boolean;
}
