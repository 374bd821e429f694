import { metadataRules, type ProfileObject, type RuleContext, TOTAL_ANNOTATION_SIZE_LIMIT } from '../../../src/validate/rules';

const CONTEXT: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };
const OLD: RuleContext = { version: 'v1alpha6', era: 'PodSpec', profileNamespace: 'nnf-system' };

const profile = (metadata: Record<string, unknown>): ProfileObject => ({
  metadata: { name: 'p', namespace: 'nnf-system', ...metadata },
  data: { pinned: false, retryLimit: 6, spec: { containers: [{ name: 'a', image: 'a:1' }] } },
});

describe('metadata/name', () => {
  test('accepts a DNS subdomain of up to 253 characters', () => {
    for (const name of ['p', 'red-rock-slushy', 'a.b-c', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`]) {
      expect(metadataRules(profile({ name }), CONTEXT)).toEqual([]);
    }
  });

  test('fails when the name is not a DNS subdomain, in both eras', () => {
    for (const context of [CONTEXT, OLD]) {
      expect(metadataRules(profile({ name: 'Bad_Name' }), context)).toEqual([
        {
          layer: 'cluster',
          rule: 'metadata/name',
          path: 'metadata.name',
          message: expect.stringContaining("'Bad_Name' is not a DNS subdomain"),
        },
      ]);
    }
  });

  test('fails when the name is missing or longer than 253 characters', () => {
    expect(metadataRules(profile({ name: undefined }), CONTEXT)).toEqual([
      expect.objectContaining({ rule: 'metadata/name', message: expect.stringContaining('is missing') }),
    ]);
    expect(metadataRules(profile({ name: 'a'.repeat(254) }), CONTEXT)).toEqual([
      expect.objectContaining({ rule: 'metadata/name', path: 'metadata.name', message: expect.stringContaining('longer than 253') }),
    ]);
  });
});

describe('metadata/label-key', () => {
  test('accepts qualified names with and without a prefix', () => {
    const labels = { app: 'x', 'app.kubernetes.io/name': 'x', 'example.com/Team_Name.v1': 'x', [`${'k'.repeat(63)}`]: 'x' };
    expect(metadataRules(profile({ labels }), CONTEXT)).toEqual([]);
  });

  test('fails when a label key is not a qualified name', () => {
    const cases: Array<[string, string]> = [
      ['Example.com/x', 'prefix'],
      ['a/b/c', 'more than one /'],
      ['/x', 'empty prefix'],
      ['-x', 'name part'],
      ['x_', 'name part'],
      ['k'.repeat(64), 'longer than 63'],
      ['example.com/', 'empty name'],
    ];
    for (const [key, why] of cases) {
      expect(metadataRules(profile({ labels: { [key]: 'v' } }), CONTEXT)).toEqual([
        {
          layer: 'cluster',
          rule: 'metadata/label-key',
          path: `metadata.labels[${JSON.stringify(key)}]`,
          message: expect.stringContaining(why),
        },
      ]);
    }
  });
});

describe('metadata/label-value', () => {
  test('accepts empty values and up to 63 characters of the label alphabet', () => {
    expect(metadataRules(profile({ labels: { a: '', b: 'v1.2_x-y', c: 'v'.repeat(63) } }), CONTEXT)).toEqual([]);
  });

  test('fails when a value is too long, badly formed or not a string, without echoing it', () => {
    const cases: Array<[unknown, string]> = [
      ['v'.repeat(64), 'longer than 63'],
      ['-secret-token-abc', 'beginning and ending'],
      ['sk_live!xyz', 'beginning and ending'],
      [5, 'not a string'],
    ];
    for (const [value, why] of cases) {
      const findings = metadataRules(profile({ labels: { team: value } }), CONTEXT);
      expect(findings).toEqual([
        { layer: 'cluster', rule: 'metadata/label-value', path: 'metadata.labels["team"]', message: expect.stringContaining(why) },
      ]);
      if (typeof value === 'string') expect(findings[0].message).not.toContain(value);
    }
  });
});

describe('metadata/annotation-key', () => {
  test('accepts qualified names, the prefix in any case (the API server lower-cases annotation keys)', () => {
    expect(metadataRules(profile({ annotations: { note: 'free text: anything!', 'Example.COM/Note': 'x' } }), CONTEXT)).toEqual([]);
  });

  test('fails when an annotation key is not a qualified name', () => {
    expect(metadataRules(profile({ annotations: { 'bad key': 'x' } }), CONTEXT)).toEqual([
      {
        layer: 'cluster',
        rule: 'metadata/annotation-key',
        path: 'metadata.annotations["bad key"]',
        message: expect.stringContaining("annotation key 'bad key'"),
      },
    ]);
  });
});

describe('metadata/annotation-size', () => {
  test('accepts annotations of exactly 256 KiB in total', () => {
    const value = 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT - 'a'.length);
    expect(metadataRules(profile({ annotations: { a: value } }), CONTEXT)).toEqual([]);
  });

  test('fails when keys and values together exceed 256 KiB (counted in bytes)', () => {
    const value = 'é'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT / 2); // two bytes each
    expect(metadataRules(profile({ annotations: { a: value } }), CONTEXT)).toEqual([
      {
        layer: 'cluster',
        rule: 'metadata/annotation-size',
        path: 'metadata.annotations',
        message: expect.stringContaining(`${TOTAL_ANNOTATION_SIZE_LIMIT + 1} bytes`),
      },
    ]);
  });
});
