/** How Argo CD deploys `dist/`: rendered into `dist/argocd/`. */
export interface ArgoCdProps {
  /** The Git repository Argo CD reads, this one. */
  readonly repoURL: string;
  /** @default 'HEAD' */
  readonly targetRevision?: string;
  /** Namespace Argo CD runs in. @default 'argocd' */
  readonly namespace?: string;
  /**
   * The AppProject the profiles' Applications belong to; fixed, never taken from repository
   * content. Environments with `crdFile` belong to `<project>-bootstrap` instead, the only project
   * that may deploy the CRD and the profile namespace.
   * @default 'nnf-profiles'
   */
  readonly project?: string;
  /**
   * The platform's AppProject holding the root Application `nnf-profiles-argocd`, which syncs
   * `dist/argocd` (these AppProjects and Applications) into `namespace` on the cluster Argo CD
   * runs in. It must permit this repository, that destination and the kinds AppProject and
   * Application (and ApplicationSet with `applicationSet`); never one of the projects rendered here.
   * @default 'default'
   */
  readonly rootProject?: string;
  /**
   * The service account Argo CD impersonates when it syncs the environments' Applications, as
   * `name` (in the profile namespace) or `namespace:name`: every AppProject rendered here then
   * lists it in `destinationServiceAccounts` for each environment's destination. Needs Argo CD
   * 2.13 or later with `application.sync.impersonation.enabled: "true"` in `argocd-cm`, and the
   * account in each cluster with RBAC for what the environment deploys.
   * @default - none: Argo CD syncs with its own application controller's credentials
   */
  readonly syncServiceAccount?: string;
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
