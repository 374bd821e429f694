import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolRoot } from '../tool-root';

/**
 * Where the shipped examples live: templates for `nnf-profiles new --from`, outside `profiles/`
 * so that synth never renders them (nnf-sos deploys its own profiles of these names). Their
 * files import `../src` as profile files do, so a copy works unchanged in `profiles/`.
 */
export const EXAMPLES_DIR = 'examples';

/** The example profiles this tool ships (`examples/example-*.ts`), by profile name → file. */
export function shippedExamples(root: string = toolRoot()): Map<string, string> {
  const dir = path.join(root, EXAMPLES_DIR);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^example-[a-z0-9-]+\.ts$/.test(f)) : [];
  return new Map(
    names
      .map((f) => f.replace(/\.ts$/, ''))
      .sort()
      .map((name) => [name, path.join(dir, `${name}.ts`)]),
  );
}
