import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { toolCacheDir } from '../../build/cached-build';
import { type ApiVersion, isApiVersion, NNF_CRDS, PROFILE_KIND } from '../../model';
import { toolRoot } from '../../tool-root';
import { precompileSchemaCheck, schemaCheck, type SchemaCheck } from './compile';
import { isObject, type Json, type Schema } from './prepare';

/** A CRD as conversion needs it: its name (or file) and the version it stores. */
export interface StoringCrd {
  readonly name: string;
  readonly storage: ApiVersion;
}

/** Where this repository's generated schema artifacts live (`npm run import-crds`). */
export function projectSchemaDir(): string {
  return path.join(toolRoot(), 'imports', 'nnfcontainerprofile');
}

/** Compiled validators, in the conventional cache directory of tools in a Node project. */
export function projectCacheDir(): string {
  return path.join(toolCacheDir(toolRoot()), 'schemas');
}

/** A version's schema generated into `dir`, or undefined when there is none. */
function readArtifact(dir: string, version: string): Schema | undefined {
  const file = path.join(dir, `${version}.schema.json`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
}

/**
 * Compiles into the cache, ahead of time, the checks of the versions synth renders by default:
 * each environment renders in its CRD's storage version, so the storage version of every CRD.
 * Versions with equal schemas share one compiled check. Lists each version and whether it was
 * compiled now (false: it was cached already). Throws when a check cannot be cached.
 */
export function precompileStorageChecks(
  dir: string = projectSchemaDir(),
  cacheDir: string = projectCacheDir(),
): Array<{ version: ApiVersion; compiled: boolean }> {
  return NNF_CRDS.map(({ storage: version }) => {
    const schema = readArtifact(dir, version);
    if (!schema) throw new SchemaSourceError(`${path.join(dir, `${version}.schema.json`)}: missing; run npm run import-crds`);
    return { version, compiled: precompileSchemaCheck(schema as Json, cacheDir) };
  });
}

/** Unusable schema input: a missing artifact, a CRD file that is not one. */
export class SchemaSourceError extends Error {}

/** A CRD's served versions' schemas, and the version it stores. */
function servedSchemas(file: string): { schemas: Map<string, Schema>; storage?: string } {
  let documents: unknown[];
  try {
    documents = yaml.loadAll(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SchemaSourceError(`${file}: cannot read the CRD: ${(error as Error).message.split('\n')[0]}`);
  }
  const schemas = new Map<string, Schema>();
  let storage: string | undefined;
  for (const doc of documents) {
    if (!isObject(doc) || doc.kind !== 'CustomResourceDefinition') continue;
    const spec = doc.spec;
    if (!isObject(spec) || !isObject(spec.names) || spec.names.kind !== PROFILE_KIND || !Array.isArray(spec.versions)) continue;
    for (const version of spec.versions) {
      const schema = isObject(version) && isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      if (isObject(version) && version.served === true && isObject(schema)) schemas.set(String(version.name), schema);
      if (isObject(version) && version.storage === true) storage = String(version.name);
    }
  }
  return { schemas, storage };
}

/**
 * Compiled schema checks by API version, loaded on first use so a run pays only for the versions
 * it renders or reads.
 */
export class SchemaRegistry {
  /** The schemas generated into `imports/` from the NNF operator's CRDs. */
  static fromArtifacts(dir: string = projectSchemaDir(), cacheDir: string | undefined = projectCacheDir()): SchemaRegistry {
    const read = (version: string) => readArtifact(dir, version);
    const crdFor = (version: ApiVersion) => NNF_CRDS.find((crd) => (crd.served as readonly string[]).includes(version));
    return new SchemaRegistry(read, cacheDir, crdFor);
  }

  /** The served versions of a site's own NnfContainerProfile CRD files (a later file wins). */
  static fromCrdFiles(files: readonly string[], cacheDir: string | undefined = projectCacheDir()): SchemaRegistry {
    const schemas = new Map<string, Schema>();
    const crds = new Map<string, StoringCrd>();
    for (const file of files) {
      const served = servedSchemas(file);
      if (served.schemas.size === 0) throw new SchemaSourceError(`${file}: holds no served version of the ${PROFILE_KIND} CRD`);
      const storage = served.storage !== undefined && isApiVersion(served.storage) ? served.storage : undefined;
      for (const [version, schema] of served.schemas) {
        schemas.set(version, schema);
        if (storage) crds.set(version, { name: file, storage });
        else crds.delete(version);
      }
    }
    return new SchemaRegistry(
      (version) => schemas.get(version),
      cacheDir,
      (version) => crds.get(version),
    );
  }

  private readonly schemas = new Map<string, Schema | undefined>();
  private readonly checks = new Map<string, { schema: Schema; check: SchemaCheck } | null>();

  private constructor(
    private readonly read: (version: string) => Schema | undefined,
    private readonly cacheDir: string | undefined,
    /** The CRD that serves a version, as the cluster would run it: the source's own. */
    readonly crdFor: (version: ApiVersion) => StoringCrd | undefined,
  ) {}

  /** The raw schema and compiled check for `version`, or undefined when the source lacks it. */
  get(version: ApiVersion | string): { schema: Schema; check: SchemaCheck } | undefined {
    if (!this.checks.has(version)) {
      const schema = this.schema(version);
      this.checks.set(version, schema ? { schema, check: schemaCheck(schema as Json, this.cacheDir) } : null);
    }
    return this.checks.get(version) ?? undefined;
  }

  /** The raw schema for `version`, without compiling its check (to read it, not to validate with it). */
  schema(version: ApiVersion | string): Schema | undefined {
    if (!this.schemas.has(version)) this.schemas.set(version, this.read(version));
    return this.schemas.get(version);
  }
}
