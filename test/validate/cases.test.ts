import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PortRange } from '../../src/site';
import { type LocatedFinding, SchemaRegistry, validateProfileObjects } from '../../src/validate';
import { parseDocuments } from '../../src/yaml/read-documents';

interface Case {
  readonly case: string;
  readonly verdict: 'accepted' | 'refused' | 'warned';
  readonly rule?: string;
  /** The environment's `ports` setting to check the case with. */
  readonly ports?: PortRange[];
  readonly profile: unknown;
}

const casesFile = path.join(__dirname, '..', 'fixtures', 'validation-cases.yaml');
// Read as `validate` reads its input, so integers beyond 2^53 stay exact.
const cases = parseDocuments(fs.readFileSync(casesFile, 'utf8'), casesFile) as Case[];
const schemas = SchemaRegistry.fromArtifacts();

const summary = (findings: readonly LocatedFinding[]) => findings.map((f) => `${f.severity} ${f.rule} ${f.path}: ${f.message}`);

describe('validation cases', () => {
  test('the table covers both eras with at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const versions = new Set(cases.map((c) => (c.profile as { apiVersion: string }).apiVersion));
    expect([...versions].some((v) => /v1alpha[16]$/.test(v))).toBe(true);
    expect([...versions].some((v) => /v1alpha(7|8|10|11)$/.test(v))).toBe(true);
  });

  test.each(cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    const findings = validateProfileObjects([{ file: 'case.yaml', object: c.profile }], { schemas, ports: c.ports });
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    switch (c.verdict) {
      case 'accepted':
        expect(summary(findings)).toEqual([]);
        break;
      case 'refused':
        expect(errors.map((f) => f.rule)).toContain(c.rule);
        break;
      case 'warned':
        expect(summary(errors)).toEqual([]);
        expect(warnings.map((f) => f.rule)).toContain(c.rule);
        break;
    }
  });
});

test('two profiles with one name are refused, each naming the other file', () => {
  const object = (cases.find((c) => c.verdict === 'accepted')!.profile) as object;
  const findings = validateProfileObjects(
    [
      { file: 'a.yaml', object },
      { file: 'b.yaml', object },
    ],
    { schemas },
  );
  expect(findings.map((f) => [f.file, f.rule])).toEqual([
    ['a.yaml', 'reference/duplicate-profile'],
    ['b.yaml', 'reference/duplicate-profile'],
  ]);
});
