#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI without type-checking: esbuild bundles src/ (cached between runs until
// a source file changes) and the result is loaded as a module. `npm test` type-checks.
const path = require('node:path');
const { loadTool } = require('../src/build/load-tool');

const cli = loadTool(path.resolve(__dirname, '..'))('src/cli/main.ts');

cli.main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exitCode = 1;
  },
);
