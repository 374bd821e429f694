import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PortRange } from '../../src/site';
import { isError, type Layer, type LocatedFinding, SchemaRegistry, validateProfileObjects } from '../../src/validate';
import { parseDocuments } from '../../src/yaml/read-documents';
import { runCli } from '../helpers/temp-site';

interface Case {
  readonly case: string;
  readonly verdict: 'accepted' | 'refused' | 'warned';
  /** Where the expected finding belongs: `cluster` is the cluster's own refusal. */
  readonly layer?: Layer;
  readonly rule?: string;
  /** The environment's `ports` setting to check the case with. */
  readonly ports?: PortRange[];
  readonly profile: unknown;
}

const casesFile = path.join(__dirname, '..', 'fixtures', 'validation-cases.yaml');
// Read as `validate` reads its input, so integers beyond 2^53 stay exact.
const cases = parseDocuments(fs.readFileSync(casesFile, 'utf8'), casesFile) as Case[];
const schemas = SchemaRegistry.fromArtifacts();
const refusedByCluster = (c: Case) => c.verdict === 'refused' && c.layer === 'cluster';

const summary = (findings: readonly LocatedFinding[]) => findings.map((f) => `${f.layer} ${f.rule} ${f.path}: ${f.message}`);

describe('validation cases', () => {
  test('the table covers both eras with at least 40 cases, each non-accepted one with its layer', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const versions = new Set(cases.map((c) => (c.profile as { apiVersion: string }).apiVersion));
    expect([...versions].some((v) => /v1alpha[16]$/.test(v))).toBe(true);
    expect([...versions].some((v) => /v1alpha(7|8|10|11)$/.test(v))).toBe(true);
    expect(cases.filter((c) => c.verdict !== 'accepted' && c.layer === undefined).map((c) => c.case)).toEqual([]);
    expect(cases.filter((c) => (c.verdict === 'warned') !== (c.layer === 'lint')).map((c) => c.case)).toEqual([]);
  });

  test.each(cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    // As `validate` checks it: on the shipped CRD that serves the case's version.
    const findings = validateProfileObjects([{ file: 'case.yaml', object: c.profile }], {
      schemas,
      ports: c.ports,
      crdFor: schemas.crdFor,
    });
    const errors = findings.filter(isError);
    const cluster = findings.filter((f) => f.layer === 'cluster');
    // The cluster's own verdict, as `validate --cluster` gives it.
    if (refusedByCluster(c)) expect(cluster.map((f) => f.rule)).toContain(c.rule);
    else expect(summary(cluster)).toEqual([]);
    switch (c.verdict) {
      case 'accepted':
        expect(summary(findings)).toEqual([]);
        break;
      case 'refused':
        expect(errors.map((f) => `${f.layer} ${f.rule}`)).toContain(`${c.layer} ${c.rule}`);
        break;
      case 'warned':
        expect(summary(errors)).toEqual([]);
        expect(findings.map((f) => `${f.layer} ${f.rule}`)).toContain(`lint ${c.rule}`);
        break;
    }
  });
});

test('validate --cluster, run on every case of the table, refuses exactly the cases the cluster refuses', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-cases-'));
  try {
    // Each case's profile as written in the table (its last key), so big integers stay exact.
    const documents = fs.readFileSync(casesFile, 'utf8').split(/^---$/m);
    expect(documents).toHaveLength(cases.length);
    const files = documents.map((document, i) => {
      const file = path.join(dir, `case-${String(i).padStart(3, '0')}.yaml`);
      const profile = document.slice(document.indexOf('\nprofile:\n') + '\nprofile:\n'.length);
      fs.writeFileSync(file, profile.replace(/^ {2}/gm, ''));
      return file;
    });
    const run = runCli(['validate', '--cluster', ...files]);
    const refused = new Map<string, Set<string>>();
    for (const line of run.stderr.split('\n').filter((l) => l !== '')) {
      const match = /^cluster: (\S+?\.yaml): .* \[([^\]]+)\]$/.exec(line);
      expect(match).not.toBeNull();
      const file = path.basename(match![1]);
      refused.set(file, new Set([...(refused.get(file) ?? []), match![2]]));
    }
    const expected = cases.flatMap((c, i) => (refusedByCluster(c) ? [[`case-${String(i).padStart(3, '0')}.yaml`, c.rule!]] : []));
    expect([...refused.keys()].sort()).toEqual(expected.map(([file]) => file).sort());
    for (const [file, rule] of expected) expect([...refused.get(file)!]).toContain(rule);
    expect(run.status).toBe(expected.length > 0 ? 1 : 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('two profiles with one name are refused, each naming the other file', () => {
  const object = cases.find((c) => c.verdict === 'accepted')!.profile as object;
  const findings = validateProfileObjects(
    [
      { file: 'a.yaml', object },
      { file: 'b.yaml', object },
    ],
    { schemas },
  );
  expect(findings.map((f) => [f.file, f.layer, f.rule])).toEqual([
    ['a.yaml', 'job', 'reference/duplicate-profile'],
    ['b.yaml', 'job', 'reference/duplicate-profile'],
  ]);
});
