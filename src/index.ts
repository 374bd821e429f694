/** What profile files and `site.ts` import. */
export * from './model';
export * from './profile';
export * from './site';
export { relocateImage, renderProfile } from './render';
export type { ImageRelocations, RenderTarget, RenderedProfile, RenderProblem } from './render';
