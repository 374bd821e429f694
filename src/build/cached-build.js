'use strict';
// esbuild bundles reused across runs: the bundle is rebuilt only when the build options or the
// content of one of its input files (esbuild's own list of them) changed. JavaScript, so that
// bin/nnf-profiles.js can bundle the CLI with it before any TypeScript can run.
const fs = require('node:fs');
const path = require('node:path');
const { unchangedSince } = require('../io/file-stamp');
const { digest } = require('../io/digest');
const { writeAtomically } = require('../io/write-atomically');

/** How the CLI and site code are bundled: for this Node, as CommonJS, packages left to `require`. */
const NODE_BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'silent',
});

/** Runs `fn` with environment variable `name` set to `value`, unless the user set it. */
function withEnvironmentDefault(name, value, fn) {
  const userSetting = process.env[name];
  if (userSetting === undefined) process.env[name] = value;
  try {
    return fn();
  } finally {
    if (userSetting === undefined) delete process.env[name];
  }
}

/**
 * esbuild, loaded only for a build: most runs find their bundles cached, and loading it costs
 * more than checking the cache. Its synchronous API would host its service on a worker thread,
 * a second V8 heap of 20 MB; a child process per build is as fast for the builds a run makes.
 */
function loadEsbuild() {
  return withEnvironmentDefault('ESBUILD_WORKER_THREADS', '0', () => require('esbuild'));
}

const ESBUILD_VERSION = require('esbuild/package.json').version;

/** Changes when what a cache file holds does. */
const CACHE_LAYOUT = 2;

/**
 * An input as the manifest records it: its content's digest, its size and mtime now, and the
 * inputs it imports (the render cache follows them to find what a profile depends on).
 */
function inputRecord(file, hash, workingDir, imports) {
  const { size, mtimeMs } = fs.statSync(path.resolve(workingDir, file));
  return [file, hash, size, mtimeMs, imports];
}

/**
 * Whether the inputs still have the recorded content. As Git's index does, a file whose size and
 * mtime are as recorded, and were so well before the manifest was written, is taken as unchanged
 * without reading it; any other is hashed. `stale` is set when only the times moved (a
 * checkout), so the manifest is worth rewriting.
 */
function unchanged(inputs, workingDir, writtenMs) {
  let stale = false;
  for (const [file, hash, size, mtimeMs] of inputs) {
    const stat = fs.statSync(path.resolve(workingDir, file));
    if (unchangedSince(stat, size, mtimeMs, writtenMs)) continue;
    if (digest(fs.readFileSync(path.resolve(workingDir, file))) !== hash) return { same: false };
    stale = true;
  }
  return { same: true, stale };
}

/** Writes the manifest; returns its input records, or none when it could not be made. */
function writeManifest(manifestFile, key, code, inputs, workingDir) {
  try {
    const records = inputs.map(([file, hash, imports]) => inputRecord(file, hash, workingDir, imports));
    writeAtomically(manifestFile, JSON.stringify({ key, code: digest(code), inputs: records }));
    return records;
  } catch {
    // A read-only checkout works too; it only bundles every time.
    return undefined;
  }
}

/** `[file, digest, imports]` of every input of a build, from its metafile. */
function metafileInputs(metafile, virtual, workingDir) {
  return Object.keys(metafile.inputs)
    .filter((file) => file !== virtual)
    .sort()
    .map((file) => {
      const imports = metafile.inputs[file].imports.filter((i) => !i.external && i.path in metafile.inputs).map((i) => i.path);
      return [file, digest(fs.readFileSync(path.resolve(workingDir, file))), [...new Set(imports)].sort()];
    });
}

/**
 * Returns the bundled code for `options` (an esbuild build with write: false), from `cacheFile`
 * when nothing changed since it was made, with its inputs: `[file, digest, imported inputs]`,
 * paths relative to the working directory. With one output, `code` is its text; with `outdir`,
 * a JSON object from each entry point to its output, `{ output, text }`. Build errors throw as esbuild's do.
 * `esbuild` gives the esbuild to build with, when one is needed.
 */
function cachedBuildWithInputs(options, cacheFile, esbuild = loadEsbuild) {
  const workingDir = options.absWorkingDir || process.cwd();
  const key = digest(JSON.stringify({ esbuild: ESBUILD_VERSION, layout: CACHE_LAYOUT, options }));
  const manifestFile = `${cacheFile}.json`;
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const inputs = manifest.key === key ? unchanged(manifest.inputs, workingDir, fs.statSync(manifestFile).mtimeMs) : { same: false };
    if (inputs.same && manifest.inputs.every((record) => Array.isArray(record[4]))) {
      const code = fs.readFileSync(cacheFile, 'utf8');
      if (digest(code) === manifest.code) {
        const records = manifest.inputs.map(([file, hash, , , imports]) => [file, hash, imports]);
        if (inputs.stale) writeManifest(manifestFile, key, code, records, workingDir);
        return { code, digest: manifest.code, inputs: records };
      }
    }
  } catch {
    // No cache yet, or an input is gone: build.
  }
  const builder = esbuild();
  const result = builder.buildSync({ ...options, metafile: true, write: false });
  const code = options.outdir ? JSON.stringify(outputsByEntry(result, workingDir)) : result.outputFiles[0].text;
  const inputs = metafileInputs(result.metafile, options.stdin && options.stdin.sourcefile, workingDir);
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeAtomically(cacheFile, code);
    // Digests are taken once; an input edited since has an mtime too recent to be trusted next time.
    writeManifest(manifestFile, key, code, inputs, workingDir);
  } catch {
    // A read-only checkout works too; it only bundles every time.
  }
  return { code, digest: digest(code), inputs };
}

/** Entry point → its output: the path esbuild gave it and its text (paths relative to the working directory). */
function outputsByEntry(result, workingDir) {
  const texts = new Map(result.outputFiles.map((file) => [path.relative(workingDir, file.path), file.text]));
  const byEntry = {};
  for (const [output, { entryPoint }] of Object.entries(result.metafile.outputs).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (entryPoint !== undefined) byEntry[entryPoint] = { output, text: texts.get(output) };
  }
  return byEntry;
}

/** The bundled code of `cachedBuildWithInputs`, without its inputs. */
function cachedBuild(options, cacheFile, esbuild = loadEsbuild) {
  return cachedBuildWithInputs(options, cacheFile, esbuild).code;
}

/** This tool's cache: bundles under `bundles/`, compiled schema checks under `schemas/`. */
function toolCacheDir(root) {
  return path.join(root, 'node_modules', '.cache', 'nnf-profiles');
}

/** Every module of this tool below `src/`, as paths relative to `root`, sorted. */
function toolModuleFiles(root) {
  return fs
    .readdirSync(path.join(root, 'src'), { recursive: true })
    .map((file) => path.join('src', file).split(path.sep).join('/'))
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
}

/**
 * The CLI (`src/cli/main.ts`) bundled with every module of `src/`, cached as `bundles/cli.js`;
 * its digest stands for all of this tool's code. Evaluating it sets
 * `Symbol.for('nnf-profiles.toolModules')` (read by src/tool-code.ts): site code, compiled on
 * its own, requires the tool's modules through it and so shares the instances the CLI uses.
 * src/build/load-tool.js runs it; install's prepare step builds it ahead of the first run.
 */
function cliBundle(root) {
  const modules = toolModuleFiles(root)
    .map((file) => `  ${JSON.stringify(file)}: () => require(${JSON.stringify(`./${file}`)}),`)
    .join('\n');
  const contents = [
    `const modules = {\n${modules}\n};`,
    `globalThis[Symbol.for('nnf-profiles.toolModules')] = (file) => (Object.hasOwn(modules, file) ? modules[file]() : undefined);`,
    `module.exports = require('./src/cli/main.ts');`,
  ].join('\n');
  return cachedBuildWithInputs(
    { stdin: { contents, resolveDir: root, sourcefile: 'nnf-profiles-cli.js', loader: 'js' }, absWorkingDir: root, ...NODE_BUNDLE_OPTIONS },
    path.join(toolCacheDir(root), 'bundles', 'cli.js'),
  );
}

module.exports = { cachedBuild, cachedBuildWithInputs, cliBundle, loadEsbuild, NODE_BUNDLE_OPTIONS, toolCacheDir };
