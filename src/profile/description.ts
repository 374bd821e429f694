import type { PropProblem } from '../validate/props';

/**
 * A profile's `description`: one paragraph for the users who choose a profile in the catalog,
 * also written on the NnfContainerProfile as an annotation (so `kubectl describe` shows it and
 * `nnf-profiles import` carries it back). Plain data only: the catalog and import use it too.
 */

/** The annotation the description is written to. */
export const DESCRIPTION_ANNOTATION = 'nnf-profiles/description';

/** Characters a description may have once its white space is collapsed: a paragraph, not a page. */
export const DESCRIPTION_MAX_LENGTH = 1000;

/** The description as the object carries it: white space runs (line breaks too) as one space, trimmed. */
export function normalizedDescription(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Tabs and line breaks are white space the paragraph may be written with; other controls are not text.
// eslint-disable-next-line no-control-regex -- the characters it refuses
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * What is wrong with a description value, as props problems (rule `props/description`, path
 * `description`); none for `undefined`. A value that is not a string is left to the props shape.
 */
export function descriptionProblems(value: unknown): PropProblem[] {
  if (typeof value !== 'string') return [];
  const problem = (message: string): PropProblem[] => [{ rule: 'props/description', path: 'description', message }];
  const text = normalizedDescription(value);
  if (text === '')
    return problem('is empty; write one paragraph that tells users what the profile runs and when to choose it, or leave description out');
  if (/\n[^\S\n]*\n/.test(value.replace(/\r\n?/g, '\n'))) {
    return problem(
      'has a blank line: a description is one paragraph (line breaks within it are fine); put longer documentation in the profile file or the site docs',
    );
  }
  if (CONTROL.test(value)) return problem('has a control character; write plain text');
  if (text.length > DESCRIPTION_MAX_LENGTH) {
    return problem(
      `is ${text.length} characters long, more than ${DESCRIPTION_MAX_LENGTH}: a description is one short paragraph; shorten it`,
    );
  }
  return [];
}
