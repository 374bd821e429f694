export type { ArgoCdProps } from './settings';
export { BUILT_IN_GROUPS, CLUSTER_SCOPED_KINDS, groupOf, isClusterScoped, isCustomResource, type TypeMeta } from './kinds';
export { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, SYNC_WAVES, syncAnnotations } from './sync-options';
export {
  ADMISSION_DIRECTORY,
  ADMISSION_SUFFIX,
  APPLICATION_PREFIX,
  ARGO_API_VERSION,
  applicationName,
  argoCdProblems,
  DEFAULT_ARGOCD_NAMESPACE,
  DEFAULT_PROJECT,
  DEFAULT_TARGET_REVISION,
  type EnvironmentOutput,
  renderArgoCd,
} from './render';
export { isPermitted, kindLabel, type ObjectHeader, type Permission, permission, permissionNeeded } from './permissions';
