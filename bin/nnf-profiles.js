#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI without type-checking: esbuild bundles src/cli in memory (a few
// milliseconds) and the result is loaded as a module. `npm test` does the type-checking.
const esbuild = require('esbuild');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'src', 'cli', 'main.ts');
const { outputFiles } = esbuild.buildSync({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  write: false,
  logLevel: 'silent',
});

const filename = path.join(root, 'src', 'cli', 'main.bundle.js');
const cli = new Module(filename);
cli.filename = filename;
cli.paths = Module._nodeModulePaths(path.dirname(filename));
cli._compile(outputFiles[0].text, filename);

cli.exports.main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exitCode = 1;
  },
);
