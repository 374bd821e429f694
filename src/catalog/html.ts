import { createHash } from 'node:crypto';
import { isDirectiveLine } from '../dws/directives';
import type { ProfileSummary } from '../dws/summary';
import { plural } from '../text';
import { CHECKED, type CopyBlock, type Phrase, type ProfileContent, RUNS_NOTE, searchText, type Section, TITLE } from './content';
import { PAGE_SCRIPT } from './page-script';
import { PAGE_STYLE } from './page-style';

/**
 * The catalog as one self-contained HTML page: inline CSS and JS under a hash-based
 * Content-Security-Policy, no external assets, works from file://.
 */

// What the page fills in. Escaped text never holds `<`, nor does the page's own markup hold `<@`.
const ID_SLOT = '<@id>';
const ENVIRONMENT_SLOT = '<@environment>';

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIALS = /[&<>"']/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIALS, (c) => HTML_ENTITIES[c]) : text;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the page's own inline style and script may run: injected markup could do nothing. */
const CSP = `default-src 'none'; style-src ${sha256(PAGE_STYLE)}; script-src ${sha256(PAGE_SCRIPT)}; base-uri 'none'; form-action 'none'`;

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

const phrases = (parts: readonly Phrase[]) =>
  parts
    .map((p) => (typeof p === 'string' ? escapeHtml(p) : 'code' in p ? code(p.code) : `<span class="muted">${escapeHtml(p.muted)}</span>`))
    .join('');

/** One copyable block: a heading, a copy button and the lines. */
function copyBlockHtml(summary: ProfileSummary, { suffix, title, what, lines }: CopyBlock): string {
  const blockId = `${ID_SLOT}--${suffix}`;
  const headingId = `${ID_SLOT}--${suffix}-title`;
  // One block per line, the line break inside it: the text copies exactly, long lines wrap with a hanging indent.
  const body = lines
    .map(
      (line, i) =>
        `<span class="${isDirectiveLine(line) ? 'dw' : 'comment'}">${escapeHtml(line)}${i < lines.length - 1 ? '\n' : ''}</span>`,
    )
    .join('');
  const label = `${escapeHtml(`Copy the ${what} of ${summary.name} (`)}${ENVIRONMENT_SLOT})`;
  return [
    `<div class="directives">`,
    `<div class="directives-head"><h4 id="${headingId}">${escapeHtml(title)}</h4>` +
      `<button type="button" class="copy" data-copy="${blockId}" data-name="${escapeHtml(summary.name)}" aria-label="${label}" hidden>Copy</button></div>`,
    `<pre id="${blockId}" aria-labelledby="${headingId}"><code>${body}</code></pre>`,
    `</div>`,
  ].join('\n');
}

/** A table of phrase cells under a caption and a header row. */
function tableHtml(attributes: string, caption: string, headers: readonly string[], rows: Phrase[][][]): string {
  return [
    `<table${attributes}>`,
    `<caption>${caption}</caption>`,
    `<thead><tr>${headers.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows.map((cells) => `<tr>${cells.map((c) => `<td>${phrases(c)}</td>`).join('')}</tr>`).join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

/** A profile's article, with ID_SLOT and ENVIRONMENT_SLOT for the page to fill in. */
export function profileHtml({ summary, notes, facts, storageRows, containerRows, showsVariables, jobBlocks }: ProfileContent): string {
  const titleId = `${ID_SLOT}--title`;
  return [
    `<article class="profile" id="${ID_SLOT}" aria-labelledby="${titleId}" data-search="${escapeHtml(searchText(summary))}">`,
    `<h3 id="${titleId}">${escapeHtml(summary.name)}</h3>`,
    ...(summary.description !== undefined ? [`<p class="description">${escapeHtml(summary.description)}</p>`] : []),
    ...notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
    `<dl>\n${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${phrases(v)}</dd>`).join('\n')}\n</dl>`,
    summary.storages.length === 0
      ? '<p class="muted">No storages: the job supplies none.</p>'
      : tableHtml('', 'Storages', ['Argument and variable', 'Kind', 'Use', 'Supplied by'], storageRows),
    summary.containers.length === 0
      ? '<p class="muted">No containers.</p>'
      : tableHtml(' class="runs"', 'Containers', ['Container', 'Runs'], containerRows),
    ...(showsVariables ? [`<p class="muted">${phrases(RUNS_NOTE)}</p>`] : []),
    ...jobBlocks.map((block) => copyBlockHtml(summary, block)),
    '</article>',
  ].join('\n');
}

/** A profile's article with its id and its environment's name filled in. */
function placed(html: string, id: string, environment: string): string {
  return html.replaceAll(ID_SLOT, id).replaceAll(ENVIRONMENT_SLOT, escapeHtml(environment));
}

function* sectionHtml(section: Section): Generator<string> {
  const titleId = `${section.id}--title`;
  yield `<section class="environment" id="${section.id}" aria-labelledby="${titleId}">`;
  yield `<h2 id="${titleId}">${escapeHtml(section.name)}<span class="version">${escapeHtml(section.apiVersion)}, ${plural(section.entries.length, 'profile')}</span></h2>`;
  if (section.entries.length === 0) yield '<p class="muted">No profiles.</p>';
  for (const entry of section.entries) yield placed(entry.profile.html, entry.id, section.name);
  yield '</section>';
}

/** The page's lines and blocks, in order. */
export function* htmlPage(all: readonly Section[]): Generator<string> {
  const nav = all.map(
    (s) =>
      `<li><a href="#${s.id}">${escapeHtml(s.name)}</a> <span class="muted">${escapeHtml(s.apiVersion)}, ${plural(s.entries.length, 'profile')}</span></li>`,
  );
  yield* [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${TITLE}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${TITLE}</h1>`,
    "<p>The container profiles a job can run on the Rabbit (NNF) nodes of each cluster. Copy a profile's lines into your job script, " +
      'replace each <code>&lt;...&gt;</code>, then check the script with <code>nnf-profiles lint-job</code>.</p>',
    `<p>${escapeHtml(CHECKED)}</p>`,
    `<nav aria-label="Environments"><ul>\n${nav.join('\n')}\n</ul></nav>`,
    '</header>',
    // Shown by the script: without JavaScript there is nothing to search with.
    '<div class="search-bar" id="search-box" role="search" hidden><div class="search">',
    '<label for="search">Search profiles</label>',
    '<input id="search" type="search" placeholder="name, image or storage" autocomplete="off" spellcheck="false" aria-describedby="search-status">',
    '<p id="search-status" role="status" aria-live="polite"></p>',
    '</div></div>',
    '<main>',
  ];
  for (const section of all) yield* sectionHtml(section);
  yield* [
    '</main>',
    '<p id="copy-status" class="visually-hidden" role="status" aria-live="polite"></p>',
    '<footer>Generated by nnf-profiles from the profiles each environment renders.</footer>',
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ];
}
