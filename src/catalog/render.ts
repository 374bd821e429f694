import { profileSummary } from '../dws/summary';
import type { WorkloadManager } from '../site/settings';
import type { Finding } from '../validate/finding';
import type { ProfileObject } from '../rendered';
import { htmlPage, profileHtml } from './html';
import { markdownDocument, profileMarkdown } from './markdown';
import { type CatalogEnvironment, type CatalogProfile, profileContent, sections } from './content';

/**
 * The profile catalog users read to choose a profile: one self-contained HTML page and the same
 * content as Markdown. Pure and deterministic: same input, same bytes.
 */

export const CATALOG_HTML = 'index.html';
export const CATALOG_MARKDOWN = 'index.md';

/**
 * Renders `profile` for the catalog, with the findings synth let through (lint: advice), each
 * shown as a note that names its layer and rule, and its directives in the form of
 * `workloadManager` (see `EnvironmentProps.workloadManager`).
 */
export function catalogProfile(
  profile: ProfileObject,
  findings: readonly Finding[] = [],
  workloadManager: WorkloadManager = 'slurm',
): CatalogProfile {
  const content = profileContent(profileSummary(profile), findings, workloadManager);
  return { name: content.summary.name, html: profileHtml(content), markdown: profileMarkdown(content) };
}

/** Yields `blocks` with `separator` between them: text a large catalog writes without joining it. */
function* separated(blocks: Iterable<string>, separator: string): Generator<string> {
  let first = true;
  for (const block of blocks) {
    if (!first) yield separator;
    first = false;
    yield block;
  }
}

/**
 * The catalog of every environment's profiles: `index.html` (one static page with a search
 * box and a copy button per directive block) and `index.md` (the same content).
 */
export function renderCatalog(environments: ReadonlyArray<CatalogEnvironment>): Map<string, string> {
  const all = sections(environments);
  return new Map([
    [CATALOG_HTML, [...separated(htmlPage(all), '\n')].join('')],
    [CATALOG_MARKDOWN, `${[...separated(markdownDocument(all), '\n\n')].join('')}\n`],
  ]);
}
