import { createHash } from 'node:crypto';
import { commandLine, directiveLines, isDirectiveLine } from '../dws/directives';
import { type ContainerSummary, profileSummary, type ProfileSummary, type StorageSummary } from '../dws/summary';
import type { WorkloadManager } from '../site/settings';
import type { Finding } from '../validate/finding';
import { DW_PROFILE_NAME, DW_STORAGE_NAME, type ProfileObject } from '../rendered';
import { byCodePoint } from '../plain-data';
import { plural } from '../text';
import { PAGE_SCRIPT } from './page-script';
import { PAGE_STYLE } from './page-style';

/**
 * The profile catalog users read to choose a profile: one self-contained HTML page (inline CSS
 * and JS under a hash-based Content-Security-Policy, no external assets, works from file://)
 * and the same content as Markdown. Pure and deterministic: same input, same bytes.
 */

/**
 * One profile as the catalog shows it, rendered as far as it can be without the page: a synth
 * of thousands of profiles keeps these strings instead of each profile's summary.
 * `catalogProfile` makes it.
 */
export interface CatalogProfile {
  readonly name: string;
  /** Its article, with ID_SLOT where its element id goes and ENVIRONMENT_SLOT for the environment's name. */
  readonly html: string;
  /** Its Markdown section. */
  readonly markdown: string;
}

// What the page fills in. Escaped text never holds `<`, nor does the page's own markup hold `<@`.
const ID_SLOT = '<@id>';
const ENVIRONMENT_SLOT = '<@environment>';

/** The directives of a profile as its environment's users write them. */
interface JobLines {
  readonly manager: WorkloadManager;
  /** The job script lines, in the workload manager's form. */
  readonly script: readonly string[];
  /** For Flux: the same directives on one `flux batch` command line. */
  readonly command?: string;
}

const MANAGER_NAMES: Readonly<Record<WorkloadManager, string>> = { flux: 'Flux', slurm: 'Slurm' };

/**
 * Renders `profile` for the catalog, with the findings synth let through (lint: advice), each
 * shown as a note that names its layer and rule, and its directives in the form of
 * `workloadManager` (see `EnvironmentProps.workloadManager`).
 */
export function catalogProfile(profile: ProfileObject, findings: readonly Finding[] = [], workloadManager: WorkloadManager = 'slurm'): CatalogProfile {
  const summary = profileSummary(profile);
  const job: JobLines =
    workloadManager === 'flux'
      ? { manager: 'flux', script: directiveLines(summary, 'flux'), command: commandLine(summary) }
      : { manager: 'slurm', script: directiveLines(summary, 'slurm') };
  const all = [...notes(summary), ...findings.map((f) => `${f.layer}: ${f.path === '' ? '' : `${f.path}: `}${f.message} [${f.rule}]`)];
  return { name: summary.name, html: profileHtml(summary, job, all), markdown: profileMarkdown(summary, job, all) };
}

export interface CatalogEnvironment {
  readonly name: string;
  /** The NnfContainerProfile version the environment renders, e.g. `v1alpha11`. */
  readonly apiVersion: string;
  readonly profiles: readonly CatalogProfile[];
}

export const CATALOG_HTML = 'index.html';
export const CATALOG_MARKDOWN = 'index.md';

const TITLE = 'NNF container profiles';

/** What synth's checks vouch for, in the layers its findings name. */
const CHECKED =
  'Every profile listed passed synth: the cluster accepts it (cluster), a job that selects it can run (job), and it keeps the site\'s rules (policy). ' +
  'A note marked lint is advice: the profile works as written.';

interface Entry {
  readonly id: string;
  readonly profile: CatalogProfile;
}

interface Section {
  readonly id: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly entries: readonly Entry[];
}


/** Ids made from untrusted text: lower-case letters, digits and -, unique within the page. */
function idMaker() {
  const used = new Set<string>();
  return (...parts: string[]) => {
    const base = parts.map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x').join('--');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

function sections(environments: ReadonlyArray<CatalogEnvironment>): Section[] {
  const id = idMaker();
  return environments.map((env) => {
    const entries = [...env.profiles]
      .sort((a, b) => byCodePoint(a.name, b.name))
      .map((profile) => ({ profile, id: id('profile', env.name, profile.name) }));
    return { id: id('env', env.name), name: env.name, apiVersion: env.apiVersion, entries };
  });
}

function storageKindText(storage: StorageSummary): string {
  switch (storage.kind) {
    case 'job':
      return 'job';
    case 'persistent':
      return 'persistent';
    case 'global':
      return 'global Lustre';
    default:
      return 'unknown';
  }
}

function suppliedBy(storage: StorageSummary): string {
  if (!storage.usable) return `cannot be supplied: the name does not match ${DW_STORAGE_NAME.source}`;
  switch (storage.kind) {
    case 'job':
      return '#DW jobdw, type gfs2 or lustre';
    case 'persistent':
      return '#DW persistentdw naming an existing persistent instance';
    default:
      return `a directory on a global Lustre file system${storage.pvcMode ? `, mounted ${storage.pvcMode}` : ''}`;
  }
}

function restrictionText(summary: ProfileSummary): string {
  const ids = [summary.userID !== undefined ? `uid ${summary.userID}` : undefined, summary.groupID !== undefined ? `gid ${summary.groupID}` : undefined].filter(
    (s): s is string => s !== undefined,
  );
  return ids.length > 0 ? `only jobs run as ${ids.join(' and ')}` : 'none: any user';
}

function portsText(summary: ProfileSummary): string {
  return summary.numPorts > 0 ? `${summary.numPorts} per container (NNF_CONTAINER_PORTS)` : 'none';
}

function mpiText(summary: ProfileSummary): string {
  return summary.mpi ? 'yes: an MPI launcher and workers' : 'no: one pod per NNF node';
}

/** The words the search box matches: name, images, storages and their kinds, the description. */
function searchText(summary: ProfileSummary): string {
  return [summary.name, ...summary.images, ...summary.storages.flatMap((s) => [s.name, storageKindText(s)]), summary.mpi ? 'mpi' : '', summary.description ?? '']
    .join(' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Which container it is, beyond its name: its MPI role, and whether it is an init container. */
function containerRoleText(container: ContainerSummary): string {
  const role = container.role === 'single' ? '' : container.role === 'other' ? 'MPI' : `MPI ${container.role}`;
  return [role, container.init ? 'init container' : ''].filter((s) => s !== '').join(', ');
}

/** A word of a command as a shell reader expects it: double-quoted when it is empty or holds a space or a shell character. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./{}$-]+$/.test(word) ? word : `"${word.replace(/["\\`]/g, (c) => `\\${c}`)}"`;
}

/** A command line of shell words. */
const shellLine = (words: readonly string[]) => words.map(shellWord).join(' ');

/**
 * What a container runs, as a command line (storage paths as `$DW_...`) and a note for what
 * the image decides: `{ line }`, `{ note }` or both (arguments to the image's entrypoint).
 */
function runsOf(container: ContainerSummary): { readonly line?: string; readonly note?: string } {
  if (container.command !== undefined) return { line: shellLine([...container.command, ...(container.args ?? [])]) };
  if (container.args !== undefined) return { note: "the image's entrypoint, with the arguments", line: shellLine(container.args) };
  return { note: "the image's entrypoint and command" };
}

/** Whether a command line shown has a variable in it, which RUNS_NOTE explains. */
const showsVariables = (summary: ProfileSummary) => summary.containers.some((c) => runsOf(c).line?.includes('$') === true);

/** The sentence under the containers' table when a command line has a variable in it. */
const RUNS_NOTE: ReadonlyArray<{ readonly text: string } | { readonly code: string }> = [
  { code: '$NAME' },
  { text: ' is the value of the variable NAME in the container; a storage\'s variable (' },
  { code: '$DW_JOB_...' },
  { text: ', ' },
  { code: '$DW_PERSISTENT_...' },
  { text: ', ' },
  { code: '$DW_GLOBAL_...' },
  { text: ') holds its mount path.' },
];

function notes(summary: ProfileSummary): string[] {
  const out: string[] = [];
  if (!summary.selectable) out.push(`The name ${summary.name} does not match ${DW_PROFILE_NAME.source}: no #DW container directive can select this profile.`);
  if (!summary.createContainer) out.push('This profile launches no container (createContainer: false): NNF only mounts the storages.');
  for (const exception of summary.policyExceptions) out.push(`Policy exception ${exception.rule}: ${exception.reason}`);
  return out;
}

// ------------------------------------------------------------------------------------------
// HTML

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

/** One copyable block: a heading, a copy button and the lines. */
function copyBlockHtml(summary: ProfileSummary, suffix: string, title: string, what: string, lines: readonly string[]): string {
  const blockId = `${ID_SLOT}--${suffix}`;
  const headingId = `${ID_SLOT}--${suffix}-title`;
  // One block per line, the line break inside it: the text copies exactly, long lines wrap with a hanging indent.
  const body = lines
    .map((line, i) => `<span class="${isDirectiveLine(line) ? 'dw' : 'comment'}">${escapeHtml(line)}${i < lines.length - 1 ? '\n' : ''}</span>`)
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

function directiveBlockHtml(summary: ProfileSummary, job: JobLines): string {
  const script = copyBlockHtml(summary, 'directives', `Job script lines (${MANAGER_NAMES[job.manager]})`, 'job script lines', job.script);
  if (job.command === undefined) return script;
  return [script, copyBlockHtml(summary, 'command', 'Command line', 'command line', [job.command])].join('\n');
}

function storagesHtml(summary: ProfileSummary): string {
  if (summary.storages.length === 0) return '<p class="muted">No storages: the job supplies none.</p>';
  const rows = summary.storages.map(
    (s) =>
      `<tr><td>${code(s.name)}</td><td>${escapeHtml(storageKindText(s))}</td><td>${s.optional ? 'optional' : 'required'}</td><td>${escapeHtml(suppliedBy(s))}</td></tr>`,
  );
  return [
    '<table>',
    '<caption>Storages</caption>',
    '<thead><tr><th scope="col">Argument and variable</th><th scope="col">Kind</th><th scope="col">Use</th><th scope="col">Supplied by</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

function containersHtml(summary: ProfileSummary): string {
  if (summary.containers.length === 0) return '<p class="muted">No containers.</p>';
  const rows = summary.containers.map((c) => {
    const role = containerRoleText(c);
    const { line, note } = runsOf(c);
    const runs = [note !== undefined ? `<span class="muted">${escapeHtml(note)}</span>` : '', line !== undefined ? code(line) : ''].filter((s) => s !== '').join(' ');
    return `<tr><td>${code(c.name)}${role !== '' ? ` <span class="muted">${escapeHtml(role)}</span>` : ''}</td><td>${runs}</td></tr>`;
  });
  return [
    '<table class="runs">',
    '<caption>Containers</caption>',
    '<thead><tr><th scope="col">Container</th><th scope="col">Runs</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    ...(showsVariables(summary) ? [`<p class="muted">${RUNS_NOTE.map((p) => ('code' in p ? code(p.code) : escapeHtml(p.text))).join('')}</p>`] : []),
  ].join('\n');
}

function profileHtml(summary: ProfileSummary, job: JobLines, notes: readonly string[]): string {
  const titleId = `${ID_SLOT}--title`;
  const images = summary.images.length > 0 ? summary.images.map(code).join(', ') : '<span class="muted">none</span>';
  const facts: Array<[string, string]> = [
    ['Images', images],
    ['MPI', escapeHtml(mpiText(summary))],
    ['Ports', escapeHtml(portsText(summary))],
    ['Restricted to', escapeHtml(restrictionText(summary))],
  ];
  if (summary.source) facts.push(['Source', code(summary.source)]);
  return [
    `<article class="profile" id="${ID_SLOT}" aria-labelledby="${titleId}" data-search="${escapeHtml(searchText(summary))}">`,
    `<h3 id="${titleId}">${escapeHtml(summary.name)}</h3>`,
    ...(summary.description !== undefined ? [`<p class="description">${escapeHtml(summary.description)}</p>`] : []),
    ...notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
    `<dl>\n${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('\n')}\n</dl>`,
    storagesHtml(summary),
    containersHtml(summary),
    directiveBlockHtml(summary, job),
    '</article>',
  ].join('\n');
}

/** A profile's article with its id and its environment's name filled in. */
function placed(html: string, id: string, environment: string): string {
  return html.replaceAll(ID_SLOT, id).replaceAll(ENVIRONMENT_SLOT, escapeHtml(environment));
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

function* sectionHtml(section: Section): Generator<string> {
  const titleId = `${section.id}--title`;
  yield `<section class="environment" id="${section.id}" aria-labelledby="${titleId}">`;
  yield `<h2 id="${titleId}">${escapeHtml(section.name)}<span class="version">${escapeHtml(section.apiVersion)}, ${plural(section.entries.length, 'profile')}</span></h2>`;
  if (section.entries.length === 0) yield '<p class="muted">No profiles.</p>';
  for (const entry of section.entries) yield placed(entry.profile.html, entry.id, section.name);
  yield '</section>';
}

/** The page's lines and blocks, in order. */
function* htmlBlocks(all: readonly Section[]): Generator<string> {
  const nav = all.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.name)}</a> <span class="muted">${escapeHtml(s.apiVersion)}, ${plural(s.entries.length, 'profile')}</span></li>`);
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

// ------------------------------------------------------------------------------------------
// Markdown

/**
 * Text for Markdown prose, headings and table cells (never at the start of a line, where `-`,
 * `+`, `1.` or `#` would mean more): the characters Markdown or HTML would read as syntax.
 */
export function escapeMarkdown(text: string): string {
  if (!MARKDOWN_SPECIAL.test(text)) return text;
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** What escapeMarkdown changes: whitespace other than single spaces, and the syntax characters. */
const MARKDOWN_SPECIAL = /[^\S ]| {2}|[\\`*_[\]<>|~&]/;

/** A code span that shows `text` as is, in a table cell too (`|` escaped as GFM requires there). */
export function markdownCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * Text for a Markdown paragraph of its own: escapeMarkdown, and what would start a heading,
 * list, quote or thematic break at the beginning of the line escaped too.
 */
export function markdownParagraph(text: string): string {
  return escapeMarkdown(text.trim()).replace(/^([#+\-=>]|\d+(?=[.)]))/, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`));
}

function fenced(text: string, info: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** A profile's Markdown section: blocks separated by blank lines, no blank line at either end. */
function profileMarkdown(summary: ProfileSummary, job: JobLines, notes: readonly string[]): string {
  const facts: Array<[string, string]> = [
    ['Images', summary.images.length > 0 ? summary.images.map(markdownCode).join(', ') : 'none'],
    ['MPI', escapeMarkdown(mpiText(summary))],
    ['Ports', escapeMarkdown(portsText(summary))],
    ['Restricted to', escapeMarkdown(restrictionText(summary))],
  ];
  if (summary.source) facts.push(['Source', markdownCode(summary.source)]);
  const blocks = [`### ${escapeMarkdown(summary.name)}`];
  if (summary.description !== undefined) blocks.push(markdownParagraph(summary.description));
  blocks.push(...notes.map((note) => `> ${escapeMarkdown(note)}`));
  blocks.push(['| | |', '| --- | --- |', ...facts.map(([k, v]) => `| ${k} | ${v} |`)].join('\n'));
  if (summary.storages.length === 0) {
    blocks.push('No storages: the job supplies none.');
  } else {
    blocks.push(
      [
        '| Storage (argument and variable) | Kind | Use | Supplied by |',
        '| --- | --- | --- | --- |',
        ...summary.storages.map((s) => `| ${markdownCode(s.name)} | ${escapeMarkdown(storageKindText(s))} | ${s.optional ? 'optional' : 'required'} | ${escapeMarkdown(suppliedBy(s))} |`),
      ].join('\n'),
    );
  }
  if (summary.containers.length === 0) {
    blocks.push('No containers.');
  } else {
    const rows = summary.containers.map((c) => {
      const role = containerRoleText(c);
      const { line, note } = runsOf(c);
      const runs = [note !== undefined ? escapeMarkdown(note) : '', line !== undefined ? markdownCode(line) : ''].filter((s) => s !== '').join(' ');
      return `| ${markdownCode(c.name)}${role !== '' ? ` ${escapeMarkdown(role)}` : ''} | ${runs} |`;
    });
    blocks.push(['| Container | Runs |', '| --- | --- |', ...rows].join('\n'));
    if (showsVariables(summary)) blocks.push(RUNS_NOTE.map((p) => ('code' in p ? markdownCode(p.code) : escapeMarkdown(p.text))).join(''));
  }
  blocks.push(`Job script lines (${MANAGER_NAMES[job.manager]}):`, fenced(job.script.join('\n'), 'sh'));
  if (job.command !== undefined) blocks.push('Command line:', fenced(job.command, 'sh'));
  return blocks.join('\n\n');
}

/** The document's blocks (paragraphs, headings, tables, code), in order. */
function* markdownBlocks(all: readonly Section[]): Generator<string> {
  yield `# ${TITLE}`;
  yield "The container profiles a job can run on the Rabbit (NNF) nodes of each cluster. Copy a profile's lines into your job script, " +
    'replace each `<...>`, then check the script with `nnf-profiles lint-job`.';
  yield escapeMarkdown(CHECKED);
  if (all.length > 0) yield all.map((s) => `- [${escapeMarkdown(s.name)}](#${s.id}): ${markdownCode(s.apiVersion)}, ${plural(s.entries.length, 'profile')}`).join('\n');
  for (const section of all) {
    yield `<a id="${section.id}"></a>`;
    yield `## ${escapeMarkdown(section.name)}`;
    yield `API version ${markdownCode(section.apiVersion)}, ${plural(section.entries.length, 'profile')}.`;
    if (section.entries.length === 0) yield 'No profiles.';
    for (const entry of section.entries) yield entry.profile.markdown;
  }
}

/**
 * The catalog of every environment's profiles: `index.html` (one static page with a search
 * box and a copy button per directive block) and `index.md` (the same content).
 */
export function renderCatalog(environments: ReadonlyArray<CatalogEnvironment>): Map<string, string> {
  const all = sections(environments);
  return new Map([
    [CATALOG_HTML, [...separated(htmlBlocks(all), '\n')].join('')],
    [CATALOG_MARKDOWN, `${[...separated(markdownBlocks(all), '\n\n')].join('')}\n`],
  ]);
}
