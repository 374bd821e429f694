import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROFILES_DIR } from '../synth/discover';
import { toolRoot } from '../tool-root';

/** The example profiles this tool ships (`profiles/example-*.ts`), by profile name → file. */
export function shippedExamples(root: string = toolRoot()): Map<string, string> {
  const dir = path.join(root, PROFILES_DIR);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^example-[a-z0-9-]+\.ts$/.test(f)) : [];
  return new Map(
    names
      .map((f) => f.replace(/\.ts$/, ''))
      .sort()
      .map((name) => [name, path.join(dir, `${name}.ts`)]),
  );
}
