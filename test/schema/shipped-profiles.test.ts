import { copyName, EXAMPLE_NAMES, exampleCopy } from '../helpers/examples';
import { loadedProfile, shippedSiteFor } from '../helpers/shipped-site';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { API_VERSIONS, type ApiVersion, eraOf } from '../../src/model';
import { MpiContainerProfile } from '../../src/profile';
import { discoverProfileFiles } from '../../src/synth/discover';
import type { ProfileModule } from '../../src/synth/profile-modules';
import { synthesize } from '../../src/synth/synthesize';
import { SchemaRegistry } from '../../src/validate/schema';

/*
 * Every shipped profile, and every example as `new --from` copies it, rendered for every served
 * version and checked as synth checks it, but against the real CRDs in ../shared/crds rather than
 * the generated imports/: the schema with its defaults, the NNF admission rules, the #DW rules
 * and references.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CRD_DIR = path.resolve(ROOT, '..', 'shared', 'crds');
const haveCrds = fs.existsSync(CRD_DIR);
if (!haveCrds)
  console.warn(`test/schema/shipped-profiles.test.ts: skipped: ${CRD_DIR} is absent (it sits beside the repository, not in it)`);
const describeIfShared = haveCrds ? describe : describe.skip;

describeIfShared('shipped profiles against the real CRDs of every served version', () => {
  const schemas = haveCrds
    ? SchemaRegistry.fromCrdFiles(
        fs
          .readdirSync(CRD_DIR)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => path.join(CRD_DIR, f)),
      )
    : undefined;

  /** Synth of one module for one version: `skipped` when the version cannot express it. */
  function check(module: ProfileModule, version: ApiVersion) {
    const result = synthesize(shippedSiteFor(version), [module], { schemas });
    const skipped = result.errors.length > 0 && result.errors.every((e) => e.includes('[render/unsupported-field]'));
    // One profile at a time: the site's other pull secrets are unused by design here.
    const warnings = result.warnings.filter((w) => !w.endsWith('[secrets/unused]'));
    return { skipped, problems: skipped ? [] : [...result.errors, ...warnings], rendered: result.files.size };
  }

  test('every version the project renders is served by a real CRD', () => {
    expect(API_VERSIONS.filter((v) => !schemas!.get(v))).toEqual([]);
  });

  describe('the skip rule', () => {
    // sshAuthMountPath exists only in the PodSpec era, so later versions refuse it as unsupported.
    const probe: ProfileModule = {
      file: 'profiles/probe.ts',
      load: () => ({
        default: (scope: Construct) =>
          new MpiContainerProfile(scope, 'probe', {
            image: 'mpi:1.0',
            sshAuthMountPath: '/home/mpiuser/.ssh',
            launcher: { containers: [{ name: 'launcher', command: ['mpirun', 'hostname'] }] },
          }),
      }),
    };

    test.each(API_VERSIONS.filter((v) => eraOf(v) === 'NnfPodSpec'))('%s skips a field it cannot express', (version) => {
      expect(check(probe, version)).toEqual({ skipped: true, problems: [], rendered: 0 });
    });

    test.each(API_VERSIONS.filter((v) => eraOf(v) === 'PodSpec'))('%s renders and accepts it', (version) => {
      expect(check(probe, version)).toMatchObject({ skipped: false, problems: [] });
    });

    test('does not skip other errors', () => {
      const broken = {
        ...probe,
        load: () => ({
          default: () => {
            throw new Error('boom');
          },
        }),
      };
      expect(check(broken, 'v1alpha11').problems).toEqual(expect.arrayContaining([expect.stringContaining('boom')]));
    });
  });

  // The examples as `nnf-profiles new --from` copies them: under their own names synth refuses them.
  const modules: Array<[string, () => ProfileModule]> = [
    ...discoverProfileFiles(ROOT).map((file): [string, () => ProfileModule] => [file, () => loadedProfile(ROOT, file)]),
    ...EXAMPLE_NAMES.map((example): [string, () => ProfileModule] => [
      `${copyName(example)} (new --from ${example})`,
      () => exampleCopy(example),
    ]),
  ];

  describe.each(modules)('%s', (_label, load) => {
    const module: ProfileModule = load();

    test.each([...API_VERSIONS])('%s: validates clean, or cannot express the profile', (version) => {
      expect(check(module, version).problems).toEqual([]);
    });

    test('renders for at least one version', () => {
      expect(API_VERSIONS.filter((v) => !check(module, v).skipped)).not.toEqual([]);
    });
  });
});
