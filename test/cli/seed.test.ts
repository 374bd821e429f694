import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { REPO_ROOT, runCli } from '../helpers/temp-site';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'seed');
const SEEDS = path.join(REPO_ROOT, '..', 'shared', 'seeds');
const SEED_PROFILES = ['red-rock-slushy', 'mpi-red-rock-slushy'];

type K8sObject = { metadata: { labels?: unknown; annotations?: unknown } } & Record<string, unknown>;

/** The object without the labels and annotations nnf-profiles adds. */
function withoutAddedMetadata(object: K8sObject): K8sObject {
  const { labels: _labels, annotations: _annotations, ...metadata } = object.metadata;
  return { ...object, metadata };
}

const readYaml = (file: string) => yaml.load(fs.readFileSync(file, 'utf8')) as K8sObject;

/** The documented profile with the timeouts the CRD defaults, which synth writes out. */
function withDefaultTimeouts(object: K8sObject): K8sObject {
  return { ...object, data: { ...(object.data as object), preRunTimeoutSeconds: 300, postRunTimeoutSeconds: 300 } };
}

describe('the seed documentation’s profiles', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-seed-'));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('render for v1alpha1 exactly as the documentation shows them', () => {
    const run = runCli(['synth', '--api-version', 'v1alpha1', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const name of SEED_PROFILES) {
      const rendered = readYaml(path.join(out, 'production', `nnfcontainerprofile-${name}.yaml`));
      expect(withoutAddedMetadata(rendered)).toEqual(withDefaultTimeouts(readYaml(path.join(FIXTURES, `${name}.yaml`))));
    }
  });

  test('render for the default version in the launcher/worker shape, the pull secret on both', () => {
    const mpi = readYaml(path.join(REPO_ROOT, 'dist', 'production', 'nnfcontainerprofile-mpi-red-rock-slushy.yaml'));
    expect(mpi.apiVersion).toBe('nnf.cray.hpe.com/v1alpha11');
    // With every value the CRD defaults written out, so that a server-side diff shows no drift.
    expect(mpi.data).toEqual({
      pinned: false,
      retryLimit: 6,
      preRunTimeoutSeconds: 300,
      postRunTimeoutSeconds: 300,
      createContainer: true,
      storages: [
        { name: 'DW_JOB_foo_local_storage', optional: false },
        { name: 'DW_PERSISTENT_foo_persistent_storage', optional: true },
      ],
      mpiSpec: {
        launcher: {
          containers: [
            {
              name: 'red-rock-launcher',
              image: 'dean/red-rock-slushy:v2.0',
              command: ['mpirun', 'dcmp', '$(DW_JOB_foo_local_storage)/0', '$(DW_JOB_foo_local_storage)/1'],
              imagePullPolicy: 'IfNotPresent',
            },
          ],
          imagePullSecrets: [{ name: 'readonly-red-rock-slushy' }],
        },
        worker: {
          containers: [{ name: 'red-rock-worker', image: 'dean/red-rock-slushy:v2.0', imagePullPolicy: 'IfNotPresent' }],
          imagePullSecrets: [{ name: 'readonly-red-rock-slushy' }],
        },
        slotsPerWorker: 1,
        copyOffload: false,
      },
    });
  });

  const describeWithSeeds = fs.existsSync(SEEDS) ? describe : describe.skip;
  if (!fs.existsSync(SEEDS)) console.warn(`skipped: the fixtures-versus-seed check needs ${SEEDS}, which is absent`);
  describeWithSeeds('fixtures', () => {
    test('are the YAML blocks of the seed document', () => {
      const doc = fs
        .readdirSync(SEEDS)
        .map((f) => fs.readFileSync(path.join(SEEDS, f), 'utf8'))
        .find((text) => text.includes('```yaml'));
      const blocks = [...(doc ?? '').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => yaml.load(m[1]));
      expect(blocks).toEqual(SEED_PROFILES.map((name) => readYaml(path.join(FIXTURES, `${name}.yaml`))));
    });
  });
});
