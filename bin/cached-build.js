'use strict';
// esbuild bundles reused across runs: the bundle is rebuilt only when the build options or the
// content of one of its input files (esbuild's own list of them) changed.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** How the CLI and site code are bundled: for this Node, as CommonJS, packages left to `require`. */
const NODE_BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'silent',
});

const digest = (text) => crypto.createHash('sha256').update(text).digest('hex');

function contentHashes(files, workingDir) {
  return files.map((file) => [file, digest(fs.readFileSync(path.resolve(workingDir, file)))]);
}

function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/**
 * Returns the bundled code for `options` (an esbuild build with one output and write: false),
 * from `cacheFile` when nothing changed since it was made. Build errors throw as esbuild's do.
 */
function cachedBuild(esbuild, options, cacheFile) {
  const workingDir = options.absWorkingDir || process.cwd();
  const key = digest(JSON.stringify({ esbuild: esbuild.version, options }));
  const manifestFile = `${cacheFile}.json`;
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const current = contentHashes(manifest.inputs.map(([file]) => file), workingDir);
    if (manifest.key === key && JSON.stringify(current) === JSON.stringify(manifest.inputs)) {
      const code = fs.readFileSync(cacheFile, 'utf8');
      if (digest(code) === manifest.code) return code;
    }
  } catch {
    // No cache yet, or an input is gone: build.
  }
  const result = esbuild.buildSync({ ...options, metafile: true, write: false });
  const code = result.outputFiles[0].text;
  try {
    const virtual = options.stdin && options.stdin.sourcefile;
    const inputs = Object.keys(result.metafile.inputs).filter((file) => file !== virtual).sort();
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeAtomically(cacheFile, code);
    writeAtomically(manifestFile, JSON.stringify({ key, code: digest(code), inputs: contentHashes(inputs, workingDir) }));
  } catch {
    // A read-only checkout works too; it only bundles every time.
  }
  return code;
}

module.exports = { cachedBuild, NODE_BUNDLE_OPTIONS };
