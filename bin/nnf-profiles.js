#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI without type-checking: esbuild bundles src/cli (cached between runs
// until a source file changes) and the result is loaded as a module. `npm test` type-checks.
const Module = require('node:module');
const path = require('node:path');
const { cliBundle } = require('../src/build/cached-build');
const { evaluateModule } = require('../src/build/evaluate-module');

const root = path.resolve(__dirname, '..');
// Bundled code cannot find this repository from its own location; src/tool-root.ts reads this.
globalThis[Symbol.for('nnf-profiles.toolRoot')] = root;
// Built ahead by install's prepare step (scripts/prepare.js), or here on the first run.
const { code, digest } = cliBundle(root);
// What the tool's code is, for the caches whose entries depend on it; src/tool-code.ts reads this.
globalThis[Symbol.for('nnf-profiles.toolCodeDigest')] = digest;

const filename = path.join(root, 'src', 'cli', 'main.bundle.js');
const cli = evaluateModule(code, { filename, paths: Module._nodeModulePaths(path.dirname(filename)) });

cli.exports.main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exitCode = 1;
  },
);
