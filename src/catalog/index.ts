export { escapeHtml } from './html';
export { escapeMarkdown, markdownCode, markdownParagraph } from './markdown';
export type { CatalogEnvironment, CatalogProfile } from './content';
export * from './render';
