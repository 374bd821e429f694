import * as fs from 'node:fs';
import * as path from 'node:path';

// imports/ is generated from the upstream CRDs beside the repository (../shared/crds), which a
// fork does not have: there this suite is skipped, and says so.
const ROOT = path.resolve(__dirname, '..', '..');
const CRD_DIR = path.resolve(ROOT, '..', 'shared', 'crds');
const IMPORTS = 'imports';

const { generateArtifacts } = require(path.join(ROOT, 'scripts', 'import-crds.js')) as {
  generateArtifacts: (crdYamlTexts: string[]) => Map<string, string>;
};

const haveCrds = fs.existsSync(CRD_DIR);
if (!haveCrds) console.warn(`test/imports/freshness.test.ts: skipped: ${CRD_DIR} is absent (it sits beside the repository, not in it)`);
const describeIfShared = haveCrds ? describe : describe.skip;

/** Every file under dir, as repository-relative paths with forward slashes. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.relative(ROOT, path.join(dir, entry.name)).split(path.sep).join('/')],
    )
    .sort();
}

describeIfShared('imports/ is what `npm run import-crds` generates from ../shared/crds', () => {
  let generated: Map<string, string>;

  beforeAll(() => {
    const texts = fs
      .readdirSync(CRD_DIR)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => fs.readFileSync(path.join(CRD_DIR, name), 'utf8'));
    generated = generateArtifacts(texts);
  });

  it('generates only files under imports/', () => {
    expect([...generated.keys()].filter((file) => !file.startsWith(`${IMPORTS}/`))).toEqual([]);
  });

  it('has exactly the generated files: none missing, none extra', () => {
    expect(listFiles(path.join(ROOT, IMPORTS))).toEqual([...generated.keys()].sort());
  });

  it('has every generated file with the generated content (run `npm run import-crds` if not)', () => {
    const stale = [...generated]
      .filter(([file, content]) => !fs.existsSync(path.join(ROOT, file)) || fs.readFileSync(path.join(ROOT, file), 'utf8') !== content)
      .map(([file]) => file);
    expect(stale).toEqual([]);
  });

  it('strips every upstream description annotation', () => {
    const withDescription = [...generated]
      .filter(([file]) => file.endsWith('.schema.json'))
      .filter(([, content]) => /"description": "/.test(content))
      .map(([file]) => file);
    expect(withDescription).toEqual([]);
  });
});
