/** What profile files and `site.ts` import. */
export * from './model';
export * from './profile';
export * from './site';
export * from './secrets/pull-secret';
export * from './policy/settings';
export * from './rbac/settings';
export * from './argocd/settings';
export { relocateImage, renderProfile } from './render';
export type { ImageRelocations, RenderTarget, RenderedProfile, RenderProblem } from './render';
