import { isObject } from '../plain-data';
import { closest } from '../suggest';

/**
 * The props authors pass to constructs and factories, checked at run time: synth bundles
 * without type-checking, so a misspelt or misplaced key would otherwise be dropped silently.
 * Each props interface has a shape listing its keys, tied to the interface with
 * `satisfies FieldsOf<Interface>` so that tsc reports a key missing on either side.
 */

/** What a key holds, as far as this check looks into it. */
export type Field =
  /** Not looked into: Kubernetes-typed values (the CRD schema checks them later), handles, maps. */
  | 'any'
  | 'string'
  | 'number'
  | 'boolean'
  /** An array, its elements not looked into. */
  | 'array'
  | PropsShape
  | { readonly arrayOf: PropsShape };

export interface PropsShape {
  /** Whose keys these are, for messages: 'a container', 'the site'. */
  readonly of: string;
  /** What the keys are called: 'prop', 'setting', 'option'. */
  readonly noun: string;
  readonly fields: Readonly<Record<string, Field>>;
}

/** Every key of `T`, and no other, given a Field: use as `{ ... } satisfies FieldsOf<T>`. */
export type FieldsOf<T> = Record<keyof T, Field>;

export interface PropProblem {
  /** `props/unknown` for a key the shape lacks, `props/type` for a value of the wrong kind. */
  readonly rule: string;
  /** Where, as the author wrote it: `launcher.containers[0].numPorts`. */
  readonly path: string;
  readonly message: string;
}

/** Shapes nested in `shape`, itself included. */
function shapesWithin(shape: PropsShape, found = new Set<PropsShape>()): Set<PropsShape> {
  found.add(shape);
  for (const field of Object.values(shape.fields)) {
    const nested = typeof field === 'string' ? undefined : 'arrayOf' in field ? field.arrayOf : field;
    if (nested && !found.has(nested)) shapesWithin(nested, found);
  }
  return found;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return article(Array.isArray(value) ? 'array' : typeof value);
}

/** Where a key `shape` lacks belongs instead, or what it may be a misspelling of. */
function unknownKeyMessage(key: string, shape: PropsShape, family: readonly PropsShape[]): string {
  const known = Object.keys(shape.fields);
  // A near miss of a key here is likelier than the same key meant for another level.
  const guess = closest(key, known);
  if (guess !== undefined) return `unknown ${shape.noun}; did you mean '${guess}'?`;
  const owners = [...new Set(family.filter((s) => Object.hasOwn(s.fields, key)).map((s) => s.of))];
  if (owners.length > 0) return `${key} is ${article(shape.noun)} of ${owners.join(' or ')}, not of ${shape.of}`;
  return known.length <= 6 ? `unknown ${shape.noun} (known: ${known.join(', ')})` : `unknown ${shape.noun}`;
}

/**
 * Keys `value` has that `shape` lacks, anywhere in it, and values of the wrong kind. A key
 * another shape of the family has (by default the shapes nested in `shape`) is named as
 * belonging there. `undefined` and `null` values are not checked.
 *
 * @param path where `value` is, prefixed to every problem's path
 */
export function propProblems(
  value: unknown,
  shape: PropsShape,
  path = '',
  family: readonly PropsShape[] = [...shapesWithin(shape)],
): PropProblem[] {
  const problems: PropProblem[] = [];
  const wrongKind = (at: string, expected: string, actual: unknown): void => {
    problems.push({ rule: 'props/type', path: at, message: `must be ${article(expected)}, not ${kindOf(actual)}` });
  };
  const visit = (props: unknown, of: PropsShape, at: string) => {
    if (!isObject(props)) return wrongKind(at, 'object', props);
    for (const [key, child] of Object.entries(props)) {
      const where = at === '' ? key : `${at}.${key}`;
      if (!Object.hasOwn(of.fields, key)) {
        problems.push({ rule: 'props/unknown', path: where, message: unknownKeyMessage(key, of, family) });
      } else if (child !== undefined && child !== null) {
        check(child, of.fields[key], where);
      }
    }
  };
  const check = (child: unknown, field: Field, at: string) => {
    if (field === 'any') return;
    if (field === 'array') {
      if (!Array.isArray(child)) wrongKind(at, 'array', child);
    } else if (typeof field === 'string') {
      if (typeof child !== field) wrongKind(at, field, child);
    } else if ('arrayOf' in field) {
      if (!Array.isArray(child)) return wrongKind(at, 'array', child);
      child.forEach((item, i) => visit(item, field.arrayOf, `${at}[${i}]`));
    } else {
      visit(child, field, at);
    }
  };
  visit(value, shape, path);
  return problems;
}

/** `path: message`, or the message alone for the props themselves. */
export const propProblemText = (problem: PropProblem): string =>
  problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;

/** The error a factory throws for its problems: one on the same line, several below it. */
export function factoryError(factory: string, problems: readonly string[]): Error {
  return new Error(problems.length === 1 ? `${factory}: ${problems[0]}` : `${factory}:\n  ${problems.join('\n  ')}`);
}
