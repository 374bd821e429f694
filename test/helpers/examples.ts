import * as fs from 'node:fs';
import * as ts from 'typescript';
import { profileFromExample, shippedExamples } from '../../src/scaffold';
import type { ProfileModule } from '../../src/synth/profile-modules';
import { REPO_ROOT } from './temp-site';

/** The names of the examples `nnf-profiles new --from` offers. */
export const EXAMPLE_NAMES: readonly string[] = [...shippedExamples(REPO_ROOT).keys()];

/** The copy `nnf-profiles new NAME --from EXAMPLE` makes, as a profile name. */
export const copyName = (example: string) => `my-${example}`;

/**
 * An example as `nnf-profiles new my-<example> --from <example>` writes it into profiles/, loaded
 * now (outside synth's seat belt) with this repository's own `src` module, so that synth in
 * process sees the same classes as the test.
 */
export function exampleCopy(example: string): ProfileModule {
  const file = shippedExamples(REPO_ROOT).get(example);
  if (!file) throw new Error(`no example ${example}`);
  const name = copyName(example);
  const source = profileFromExample({ name: example, source: fs.readFileSync(file, 'utf8') }, name);
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const modules: Record<string, unknown> = { '../src': require('../../src'), constructs: require('constructs') };
  const copy = { exports: {} as Record<string, unknown> };
  const load = (id: string) => {
    if (!(id in modules)) throw new Error(`${example}: the copy imports ${id}, which a profile file cannot`);
    return modules[id];
  };
  new Function('exports', 'require', 'module', outputText)(copy.exports, load, copy);
  return { file: `profiles/${name}.ts`, load: () => copy.exports };
}
