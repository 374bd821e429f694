'use strict';
// JavaScript: bin/nnf-profiles.js and the scripts start the TypeScript tool with it.
const Module = require('node:module');
const path = require('node:path');
const { cliBundle } = require('./cached-build');
const { evaluateModule } = require('./evaluate-module');

/**
 * Loads this tool at `root` from its CLI bundle, built when a source changed (install's prepare
 * step builds it ahead), and returns the bundle's instance of one of its modules by path:
 * `loadTool(root)('src/cli/main.ts')`. It first tells bundled code what it cannot tell itself:
 * where the tool is (src/tool-root.ts) and the digest of its code (src/tool-code.ts).
 */
function loadTool(root) {
  globalThis[Symbol.for('nnf-profiles.toolRoot')] = root;
  const { code, digest } = cliBundle(root);
  globalThis[Symbol.for('nnf-profiles.toolCodeDigest')] = digest;
  const filename = path.join(root, 'src', 'cli', 'main.bundle.js');
  evaluateModule(code, { filename, paths: Module._nodeModulePaths(path.dirname(filename)) });
  return globalThis[Symbol.for('nnf-profiles.toolModules')];
}

module.exports = { loadTool };
