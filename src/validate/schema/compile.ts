import type { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { evaluateModule } from '../../build/evaluate-module';
import { writeAtomically } from '../../io/write-atomically';
import { toolRoot } from '../../tool-root';
import { type Json, PREPARE_REVISION, prepareSchema } from './prepare';

/** A compiled check of one version's schema; it fills in the schema's defaults as it goes. */
export type SchemaCheck = ValidateFunction;

/** Resolves ajv (and the runtime helpers generated code requires) from this tool's node_modules. */
function toolRequire(): NodeJS.Require {
  return createRequire(path.join(toolRoot(), 'package.json'));
}

function ajvVersion(): string {
  try {
    return (toolRequire()('ajv/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Ajv is loaded only here: a run whose checks are all cached never loads it. */
function compile(prepared: Json): { check: SchemaCheck; source: string } {
  const require = toolRequire();
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true, code: { source: true } });
  const check = ajv.compile(prepared as object);
  return { check, source: standaloneCode(ajv, check) };
}

/** Evaluates cached validator code as a CommonJS module. */
function load(sourceFile: string): SchemaCheck {
  const evaluated = evaluateModule(fs.readFileSync(sourceFile, 'utf8'), {
    filename: sourceFile,
    // The generated code requires ajv's runtime helpers: from this tool's node_modules.
    paths: toolRequire().resolve.paths('ajv') ?? [],
  });
  const exported = evaluated.exports as unknown as SchemaCheck & { default?: SchemaCheck };
  return exported.default ?? exported;
}

/** Concurrent runs write equal content; the rename keeps each reader's view whole. */
function writeCompiled(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, content);
}

/**
 * The check for a raw (CRD) schema. Compiling takes a few hundred milliseconds per version, so the
 * generated code is cached under `cacheDir`, keyed by the schema's content, and later runs load
 * it in milliseconds. Without a usable cache directory it compiles in memory every time.
 */
export function schemaCheck(rawSchema: Json, cacheDir: string | undefined): SchemaCheck {
  const cached = cacheDir && cacheFile(rawSchema, cacheDir);
  if (cached && fs.existsSync(cached)) return load(cached);
  const { check, source } = compile(prepareSchema(rawSchema));
  try {
    if (cached) writeCompiled(cached, source);
  } catch {
    // A read-only checkout still validates; it only compiles every time.
  }
  return check;
}

/** Where the compiled check of a raw schema is cached: named by the schema, ajv and prepareSchema. */
function cacheFile(rawSchema: Json, cacheDir: string): string {
  const key = createHash('sha256')
    .update(`${PREPARE_REVISION}\0${ajvVersion()}\0${JSON.stringify(rawSchema)}`)
    .digest('hex')
    .slice(0, 32);
  return path.join(cacheDir, `${key}.js`);
}

/**
 * Compiles the check of a raw schema into `cacheDir` unless it is there already, without loading
 * it (install's prepare step: `scripts/prepare.js`). True when it compiled; throws when the
 * compiled check cannot be written.
 */
export function precompileSchemaCheck(rawSchema: Json, cacheDir: string): boolean {
  const cached = cacheFile(rawSchema, cacheDir);
  if (fs.existsSync(cached)) return false;
  writeCompiled(cached, compile(prepareSchema(rawSchema)).source);
  return true;
}
