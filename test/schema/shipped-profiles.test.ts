import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import * as yaml from 'js-yaml';
import type { Construct } from 'constructs';
import { API_VERSIONS, type ApiVersion, eraOf, NNF_GROUP, PROFILE_KIND } from '../../src/model/api-version';
import { MpiContainerProfile } from '../../src/profile';
import { defineSite } from '../../src/site';
import { discoverProfileFiles } from '../../src/synth/discover';
import { synthesize } from '../../src/synth/synthesize';

/*
 * Every shipped profile, rendered for every served version, against the real CRD schema of
 * that version (../shared/crds, not the generated imports/): what the API server checks with the
 * schema, and the fields it would prune (or refuse, with strict field validation). Admission
 * webhook rules are not checked here.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CRD_DIR = path.resolve(ROOT, '..', 'shared', 'crds');

const haveCrds = fs.existsSync(CRD_DIR);
if (!haveCrds) console.warn(`test/schema/shipped-profiles.test.ts: skipped: ${CRD_DIR} is absent (it sits beside the repository, not in it)`);
const describeIfShared = haveCrds ? describe : describe.skip;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const isObject = (value: unknown): value is { [key: string]: Json } =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------
// Schemas

/** Keywords whose value is a map of name → schema, a schema, or an array of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'additionalItems', 'not']);
const SCHEMA_ARRAYS = new Set(['allOf', 'anyOf', 'oneOf']);

/**
 * The structural schema as ajv should see it: without `description` annotations (compiling is
 * much faster), `x-kubernetes-int-or-string: true` as "integer or string", and `nullable: true`
 * as a type that admits null. Data (`default`, `enum`, …) is left as it is.
 */
function prepare(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(prepare);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' && typeof value === 'string') continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, prepare(sub)]));
    } else if (SCHEMA_VALUES.has(key) || (SCHEMA_ARRAYS.has(key) && Array.isArray(value))) {
      out[key] = prepare(value);
    } else {
      out[key] = value;
    }
  }
  if (out['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }]; // pattern etc. still apply to strings
  }
  if (out.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    delete out.nullable;
  }
  return out;
}

/** The served versions' openAPIV3Schema from every CRD in dir. */
function readServedSchemas(dir: string): Map<string, Schema> {
  const schemas = new Map<string, Schema>();
  for (const name of fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, name), 'utf8'))) {
      const crd = doc as { kind?: string; spec?: { names?: { kind?: string }; versions?: Array<Record<string, unknown>> } };
      if (crd?.kind !== 'CustomResourceDefinition' || crd.spec?.names?.kind !== PROFILE_KIND) continue;
      for (const v of crd.spec.versions ?? []) {
        const schema = (v.schema as { openAPIV3Schema?: Json } | undefined)?.openAPIV3Schema;
        if (v.served === true && isObject(schema)) schemas.set(String(v.name), schema);
      }
    }
  }
  return schemas;
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true, code: { optimize: false } });
  for (const keyword of [
    'x-kubernetes-int-or-string',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    'x-kubernetes-validations',
  ]) {
    ajv.addKeyword({ keyword }); // checked by unknownFields() below, or not at all
  }
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  return ajv;
}

// ---------------------------------------------------------------------------------------------
// What the API server prunes

/**
 * Paths of the fields the API server would prune (kubectl's strict field validation refuses
 * them): keys a schema does not declare in `properties` while it has no `additionalProperties`
 * and no `x-kubernetes-preserve-unknown-fields: true`. The top-level `metadata` is ObjectMeta,
 * which the API server handles itself. Also duplicate entries of `x-kubernetes-list-type`
 * set / map lists, which it refuses.
 */
function unknownFields(value: Json, schema: Schema, at = ''): string[] {
  if (Array.isArray(value)) {
    const problems: string[] = [];
    const items = schema.items;
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set' || listType === 'map') {
      const keys = (schema['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
      const identity = (item: Json) =>
        JSON.stringify(listType === 'map' && isObject(item) ? keys.map((k) => item[k] ?? null) : item);
      const seen = new Set<string>();
      value.forEach((item, i) => {
        const id = identity(item);
        if (seen.has(id)) problems.push(`${at}[${i}]: duplicate entry ${id} in a list-type=${listType}`);
        seen.add(id);
      });
    }
    if (isObject(items)) value.forEach((item, i) => problems.push(...unknownFields(item, items, `${at}[${i}]`)));
    return problems;
  }
  if (!isObject(value)) return [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const where = at ? `${at}.${key}` : key;
    if (at === '' && key === 'metadata') continue;
    const sub = properties[key];
    if (isObject(sub)) problems.push(...unknownFields(child, sub, where));
    else if (isObject(additional)) problems.push(...unknownFields(child, additional, where));
    else if (additional !== true && !preserve) problems.push(`${where}: unknown field (the API server prunes it)`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The check

interface Checker {
  /** Everything wrong with one object for this version's schema; empty when it is accepted. */
  (object: Json): string[];
}

function makeChecker(validate: ValidateFunction, schema: Schema): Checker {
  return (object) => {
    const copy = structuredClone(object); // useDefaults fills in CRD defaults, as the API server does
    const schemaErrors = validate(copy)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    return [...schemaErrors, ...unknownFields(object, schema)];
  };
}

describeIfShared('shipped profiles against the real CRD schema of every served version', () => {
  const files = discoverProfileFiles(ROOT);
  const checkers = new Map<string, Checker>();

  beforeAll(() => {
    const started = Date.now();
    const ajv = makeAjv();
    const schemas = readServedSchemas(CRD_DIR);
    // Versions whose schemas are identical (v1alpha7, 8 and 10 are) share one compiled validator.
    const compiled = new Map<string, Checker>();
    for (const version of API_VERSIONS) {
      const raw = schemas.get(version);
      if (!raw) continue; // reported by the test below
      const schema = prepare(raw) as Schema;
      const key = JSON.stringify(schema);
      if (!compiled.has(key)) compiled.set(key, makeChecker(ajv.compile(schema), schema));
      checkers.set(version, compiled.get(key)!);
    }
    if (process.env.NNF_TIMING) console.log(`compiled ${compiled.size} schemas for ${checkers.size} versions in ${Date.now() - started} ms`);
  });

  it('has a served schema for every version in API_VERSIONS', () => {
    expect(API_VERSIONS.filter((v) => !checkers.has(v))).toEqual([]);
  });

  it('finds the shipped profiles', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe('the checker itself', () => {
    // A minimal profile every version accepts, then the same with one mistake each.
    const good = (version: ApiVersion): Json => ({
      apiVersion: `${NNF_GROUP}/${version}`,
      kind: PROFILE_KIND,
      metadata: { name: 'checker', namespace: 'nnf-system' },
      data: {
        retryLimit: 6,
        storages: [{ name: 'DW_JOB_scratch', optional: false }],
        spec: { containers: [{ name: 'app', image: 'alpine:3.20', command: ['true'] }] },
      },
    });
    const withData = (version: ApiVersion, change: (data: { [key: string]: Json }) => void): Json => {
      const object = good(version) as { data: { [key: string]: Json } };
      change(object.data);
      return object;
    };

    it.each([...API_VERSIONS])('%s: accepts a minimal profile (defaults filled in as the API server does)', (version) => {
      expect(checkers.get(version)!(good(version))).toEqual([]);
    });

    it.each([...API_VERSIONS])('%s: reports an unknown field', (version) => {
      const problems = checkers.get(version)!(withData(version, (d) => (d.bogusField = 1)));
      expect(problems).toEqual(['data.bogusField: unknown field (the API server prunes it)']);
    });

    it.each([...API_VERSIONS])('%s: reports an unknown field nested in a container', (version) => {
      const problems = checkers.get(version)!(
        withData(version, (d) => ((d.spec as { containers: Array<{ [key: string]: Json }> }).containers[0].imagePull = 'Always')),
      );
      expect(problems).toEqual(['data.spec.containers[0].imagePull: unknown field (the API server prunes it)']);
    });

    it.each([...API_VERSIONS])('%s: reports a wrong type and a value below the minimum', (version) => {
      const problems = checkers.get(version)!(
        withData(version, (d) => {
          d.retryLimit = 'six';
          d.preRunTimeoutSeconds = -1;
        }),
      );
      expect(problems).toEqual([
        expect.stringMatching(/^\/data\/preRunTimeoutSeconds must be >= 0/),
        expect.stringMatching(/^\/data\/retryLimit must be integer/),
      ]);
    });

    it('treats x-kubernetes-int-or-string as integer or string, and nothing else', () => {
      const probe = (port: Json) =>
        withData('v1alpha11', (d) => {
          (d.spec as { containers: Array<{ [key: string]: Json }> }).containers[0].livenessProbe = { tcpSocket: { port } };
        });
      const check = checkers.get('v1alpha11')!;
      expect(check(probe(8080))).toEqual([]);
      expect(check(probe('http'))).toEqual([]);
      expect(check(probe(true)).join('\n')).toMatch(/tcpSocket\/port must be integer/);
    });
  });

  /**
   * Renders one profile module for one version and checks every NnfContainerProfile it writes.
   * `skipped` when the version cannot express the profile; any other render error is a problem.
   */
  function renderAndCheck(file: string, load: () => unknown, version: ApiVersion): { skipped: boolean; problems: string[] } {
    const site = defineSite({ environments: [{ name: 't', apiVersion: version }] });
    const result = synthesize(() => ({ default: site }), [{ file, load }], {});
    if (result.errors.length > 0) {
      // Only "this version cannot express …" is an acceptable reason not to render.
      return { skipped: true, problems: result.errors.filter((e) => !e.includes('cannot express')) };
    }
    const profiles = [...result.files]
      .filter(([name]) => name !== 't/kustomization.yaml')
      .flatMap(([name, text]) => yaml.loadAll(text).map((object) => [name, object as Json] as const))
      .filter(([, object]) => isObject(object) && object.kind === PROFILE_KIND);
    if (profiles.length === 0) return { skipped: false, problems: [`${file}: rendered no ${PROFILE_KIND}`] };
    const problems = profiles.flatMap(([name, object]) => [
      ...(isObject(object) && object.apiVersion === `${NNF_GROUP}/${version}` ? [] : [`${name}: apiVersion is not ${NNF_GROUP}/${version}`]),
      ...checkers.get(version)!(object).map((p) => `${name}: ${p}`),
    ]);
    return { skipped: false, problems };
  }

  describe('the skip rule', () => {
    // sshAuthMountPath exists only in the PodSpec era: later versions must refuse the profile
    // with "cannot express", which is what lets the shipped-profile tests skip such pairs.
    const file = 'profiles/probe.ts';
    const load = () => ({
      default: (scope: Construct) =>
        new MpiContainerProfile(scope, 'probe', {
          image: 'mpi:1',
          sshAuthMountPath: '/home/mpiuser/.ssh',
          launcher: { containers: [{ name: 'launcher', command: ['mpirun', 'hostname'] }] },
        }),
    });

    it.each(API_VERSIONS.filter((v) => eraOf(v) === 'NnfPodSpec'))('%s: skipped, for "cannot express" only', (version) => {
      expect(renderAndCheck(file, load, version)).toEqual({ skipped: true, problems: [] });
    });

    it.each(API_VERSIONS.filter((v) => eraOf(v) === 'PodSpec'))('%s: rendered and checked', (version) => {
      expect(renderAndCheck(file, load, version)).toEqual({ skipped: false, problems: [] });
    });

    it('reports any other render error as a problem', () => {
      const broken = () => ({ default: () => { throw new Error('boom'); } });
      const { skipped, problems } = renderAndCheck(file, broken, 'v1alpha11');
      expect(skipped).toBe(true);
      expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('boom')]));
    });
  });

  describe.each(files)('%s', (file) => {
    const load = () => require(path.join(ROOT, file)) as unknown;
    const results = new Map<ApiVersion, { skipped: boolean; problems: string[] }>();
    const result = (version: ApiVersion) => {
      if (!results.has(version)) results.set(version, renderAndCheck(file, load, version));
      return results.get(version)!;
    };

    it.each([...API_VERSIONS])('%s: renders and passes the schema, or cannot express it', (version) => {
      expect(result(version).problems).toEqual([]);
    });

    it('renders for at least one version', () => {
      expect(API_VERSIONS.filter((v) => !result(v).skipped)).not.toEqual([]);
    });
  });
});
