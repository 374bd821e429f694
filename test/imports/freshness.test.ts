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

/** A minimal NnfContainerProfile CRD declaring the given versions. */
function crdText(versions: ReadonlyArray<{ name: string; served: boolean; storage: boolean }>): string {
  const lines = ['apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'spec:', '  names:', '    kind: NnfContainerProfile', '  versions:'];
  for (const v of versions) {
    lines.push(`  - name: ${v.name}`, `    served: ${v.served}`, `    storage: ${v.storage}`, '    schema:', '      openAPIV3Schema:', '        type: object');
  }
  return `${lines.join('\n')}\n`;
}

describe('crds.json: each CRD with its served versions and its storage version', () => {
  it('names a CRD by its lowest and highest declared version, served or not', () => {
    const crd = crdText([
      { name: 'v1alpha10', served: true, storage: false },
      { name: 'v1alpha11', served: true, storage: true },
      { name: 'v1alpha9', served: false, storage: false },
    ]);
    const single = crdText([{ name: 'v1alpha1', served: true, storage: true }]);
    const crds = JSON.parse(generateArtifacts([crd, single]).get('imports/nnfcontainerprofile/crds.json')!);
    expect(crds).toEqual([
      { name: 'v1alpha1', served: ['v1alpha1'], storage: 'v1alpha1' },
      { name: 'v1alpha9-v1alpha11', served: ['v1alpha10', 'v1alpha11'], storage: 'v1alpha11' },
    ]);
  });

  it('fails when a CRD has no storage version', () => {
    const crd = crdText([
      { name: 'v1alpha6', served: true, storage: false },
      { name: 'v1alpha7', served: true, storage: false },
    ]);
    expect(() => generateArtifacts([crd])).toThrow('the NnfContainerProfile CRD v1alpha6-v1alpha7 must have exactly one storage version (has none)');
  });
});

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

  it('records every CRD file with its served versions and its storage version', () => {
    expect(JSON.parse(generated.get(`${IMPORTS}/nnfcontainerprofile/crds.json`)!)).toEqual([
      { name: 'v1alpha1', served: ['v1alpha1'], storage: 'v1alpha1' },
      { name: 'v1alpha6-v1alpha8', served: ['v1alpha6', 'v1alpha7', 'v1alpha8'], storage: 'v1alpha8' },
      { name: 'v1alpha9-v1alpha11', served: ['v1alpha10', 'v1alpha11'], storage: 'v1alpha11' },
    ]);
  });

  it('strips every upstream description annotation', () => {
    const withDescription = [...generated]
      .filter(([file]) => file.endsWith('.schema.json'))
      .filter(([, content]) => /"description": "/.test(content))
      .map(([file]) => file);
    expect(withDescription).toEqual([]);
  });
});
