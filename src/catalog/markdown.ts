import { plural } from '../text';
import { CHECKED, type Phrase, type ProfileContent, RUNS_NOTE, type Section, TITLE } from './content';

/** The catalog as one Markdown document, with the same content as the page. */

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

/** The longest run of backticks in `text`: a fence around it must be longer. */
const longestBacktickRun = (text: string) => Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));

/** A code span that shows `text` as is, in a table cell too (`|` escaped as GFM requires there). */
export function markdownCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
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
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** Muted text has no Markdown of its own: it is plain. */
const phrases = (parts: readonly Phrase[]) =>
  parts.map((p) => (typeof p === 'string' ? escapeMarkdown(p) : 'code' in p ? markdownCode(p.code) : escapeMarkdown(p.muted))).join('');

const table = (headers: readonly string[], rows: Phrase[][][]) =>
  [
    `| ${headers.join(' | ')} |`,
    `|${' --- |'.repeat(headers.length)}`,
    ...rows.map((cells) => `| ${cells.map(phrases).join(' | ')} |`),
  ].join('\n');

/** A profile's Markdown section: blocks separated by blank lines, no blank line at either end. */
export function profileMarkdown({ summary, notes, facts, storageRows, containerRows, showsVariables, jobBlocks }: ProfileContent): string {
  const blocks = [`### ${escapeMarkdown(summary.name)}`];
  if (summary.description !== undefined) blocks.push(markdownParagraph(summary.description));
  blocks.push(...notes.map((note) => `> ${escapeMarkdown(note)}`));
  blocks.push(['| | |', '| --- | --- |', ...facts.map(([k, v]) => `| ${k} | ${phrases(v)} |`)].join('\n'));
  if (summary.storages.length === 0) blocks.push('No storages: the job supplies none.');
  else blocks.push(table(['Storage (argument and variable)', 'Kind', 'Use', 'Supplied by'], storageRows));
  if (summary.containers.length === 0) blocks.push('No containers.');
  else blocks.push(table(['Container', 'Runs'], containerRows));
  if (showsVariables) blocks.push(phrases(RUNS_NOTE));
  for (const { title, lines } of jobBlocks) blocks.push(`${title}:`, fenced(lines.join('\n'), 'sh'));
  return blocks.join('\n\n');
}

/** The document's blocks (paragraphs, headings, tables, code), in order. */
export function* markdownDocument(all: readonly Section[]): Generator<string> {
  yield `# ${TITLE}`;
  yield (
    "The container profiles a job can run on the Rabbit (NNF) nodes of each cluster. Copy a profile's lines into your job script, " +
    'replace each `<...>`, then check the script with `nnf-profiles lint-job`.'
  );
  yield escapeMarkdown(CHECKED);
  if (all.length > 0)
    yield all
      .map((s) => `- [${escapeMarkdown(s.name)}](#${s.id}): ${markdownCode(s.apiVersion)}, ${plural(s.entries.length, 'profile')}`)
      .join('\n');
  for (const section of all) {
    yield `<a id="${section.id}"></a>`;
    yield `## ${escapeMarkdown(section.name)}`;
    yield `API version ${markdownCode(section.apiVersion)}, ${plural(section.entries.length, 'profile')}.`;
    if (section.entries.length === 0) yield 'No profiles.';
    for (const entry of section.entries) yield entry.profile.markdown;
  }
}
