import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { comparableProfile, type ImportedProfile, importProfile, readProfiles } from '../../src/import';
import { API_VERSIONS, type ApiVersion, apiVersionFromGroupVersion } from '../../src/model';
import { discoverProfileFiles } from '../../src/synth/discover';
import type { ProfileModule } from '../../src/synth/profile-modules';
import { synthesize } from '../../src/synth/synthesize';
import { EXAMPLE_NAMES, exampleCopy } from '../helpers/examples';
import { loadedProfile, shippedSiteFor } from '../helpers/shipped-site';
import { REPO_ROOT } from '../helpers/temp-site';
import { resynthesize } from './resynthesize';

/**
 * Import, then synthesize for the same version: the profile comes back. Shipped profiles come
 * back byte for byte (same labels and annotations, as synth adds them both times); YAML from
 * elsewhere comes back apart from what import promises to drop (comparableProfile).
 */

type Doc = any;

function imported(object: unknown): ImportedProfile {
  const result = importProfile(object);
  if (!result.ok) throw new Error(`import failed: ${result.message}`);
  return result.profile;
}

/** The shipped profiles, and the examples as `new --from` copies them into profiles/. */
const SHIPPED: ProfileModule[] = [
  ...discoverProfileFiles(REPO_ROOT).map((file) => loadedProfile(REPO_ROOT, file)),
  ...EXAMPLE_NAMES.map(exampleCopy),
];

/** A shipped profile rendered in process for `version`, or undefined when the version cannot express it. */
function renderShipped(module: ProfileModule, version: ApiVersion): Doc | undefined {
  const result = synthesize(shippedSiteFor(version), [module]);
  if (result.errors.length > 0) {
    // Only a prop the version has no field for may keep a shipped profile from a version.
    for (const error of result.errors) expect(error).toContain('[render/unsupported-field]');
    return undefined;
  }
  const name = path.basename(module.file, '.ts');
  return yaml.load(result.files.get(`t/nnfcontainerprofile-${name}.yaml`)!);
}

test('there are shipped profiles to round-trip', () => {
  expect(SHIPPED.map((m) => m.file)).toEqual(expect.arrayContaining(['profiles/red-rock-slushy.ts', 'profiles/my-example-mpi.ts']));
});

describe.each(API_VERSIONS)('shipped profiles, %s', (version) => {
  const originals = new Map<string, Doc>();
  const imports: ImportedProfile[] = [];
  let again: ReturnType<typeof resynthesize>;

  beforeAll(() => {
    for (const module of SHIPPED) {
      const original = renderShipped(module, version);
      if (original === undefined) continue;
      originals.set(original.metadata.name, original);
      imports.push(imported(original));
    }
    again = resynthesize(imports, version);
  });

  test('import every profile the version expresses without a note, and the files synthesize', () => {
    expect(imports.map((p) => p.name).sort()).toEqual([...originals.keys()].sort());
    expect(imports.filter((p) => p.notes.length > 0).map((p) => [p.name, p.notes])).toEqual([]);
    expect(again.errors).toEqual([]);
  });

  test.each(SHIPPED.map((m) => path.basename(m.file, '.ts')))('%s comes back as it was', (name) => {
    const original = originals.get(name);
    if (original === undefined) return; // not expressible in this version
    expect(again.profiles.get(name)).toEqual(original);
  });
});

describe.each([
  ['seed', 'test/fixtures/seed/red-rock-slushy.yaml'],
  ['seed', 'test/fixtures/seed/mpi-red-rock-slushy.yaml'],
  ['kubectl get -o yaml List with server fields', 'test/fixtures/import/kubectl-get-list.yaml'],
  ['PodSpec-era multi-document', 'test/fixtures/import/podspec-era.yaml'],
  ['v1alpha11', 'test/fixtures/import/v1alpha11.yaml'],
])('%s: %s', (_kind, fixture) => {
  const { profiles } = readProfiles(fs.readFileSync(path.join(REPO_ROOT, fixture), 'utf8'), fixture);
  const version = apiVersionFromGroupVersion((profiles[0] as Doc).apiVersion)!;

  test('imports without a note and comes back apart from server fields, added metadata and schema defaults', () => {
    expect(profiles.length).toBeGreaterThan(0);
    const files = profiles.map(imported);
    expect(files.filter((p) => p.notes.length > 0).map((p) => [p.name, p.notes])).toEqual([]);
    const again = resynthesize(files, version);
    expect(again.errors).toEqual([]);
    for (const original of profiles as Doc[]) {
      expect(comparableProfile(again.profiles.get(original.metadata.name))).toEqual(comparableProfile(original));
    }
  });
});
