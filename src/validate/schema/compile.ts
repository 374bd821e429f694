import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { toolRoot } from '../../tool-root';
import { type Json, PREPARE_REVISION, prepareSchema } from './prepare';

/** A compiled check of one version's schema; it fills in the schema's defaults as it goes. */
export type SchemaCheck = ValidateFunction;

const AJV_VERSION: string = (() => {
  try {
    return (require('ajv/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

function compile(prepared: Json): { check: SchemaCheck; source: string } {
  const ajv = new Ajv({ strict: false, allErrors: true, useDefaults: true, code: { source: true } });
  const check = ajv.compile(prepared as object);
  return { check, source: standaloneCode(ajv, check) };
}

function load(source: string, filename: string): SchemaCheck {
  const mod = new Module(filename) as Module & { _compile(code: string, filename: string): void };
  mod.filename = filename;
  // The generated code requires ajv's runtime helpers, which this tool's own node_modules holds.
  mod.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(toolRoot());
  mod._compile(source, filename);
  const exported = mod.exports as SchemaCheck & { default?: SchemaCheck };
  return exported.default ?? exported;
}

/**
 * The check for a raw (CRD) schema. Compiling takes a few hundred milliseconds per version, so the
 * generated code is cached under `cacheDir`, keyed by the schema's content, and later runs load
 * it in milliseconds. Without a usable cache directory it compiles in memory.
 */
export function schemaCheck(rawSchema: Json, cacheDir: string | undefined): SchemaCheck {
  const prepared = prepareSchema(rawSchema);
  const key = createHash('sha256')
    .update(`${PREPARE_REVISION}\0${AJV_VERSION}\0${JSON.stringify(prepared)}`)
    .digest('hex')
    .slice(0, 32);
  const cached = cacheDir && path.join(cacheDir, `${key}.js`);
  if (cached && fs.existsSync(cached)) return load(fs.readFileSync(cached, 'utf8'), cached);
  const { check, source } = compile(prepared);
  if (cached) {
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const temporary = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, source);
      fs.renameSync(temporary, cached); // concurrent runs write the same bytes; the rename is atomic
    } catch {
      // A read-only checkout still validates; it only compiles every time.
    }
  }
  return check;
}
