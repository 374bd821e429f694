'use strict';
// JavaScript: bin/nnf-profiles.js evaluates the CLI's bundle with it.
const Module = require('node:module');

/**
 * Evaluates bundled CommonJS `code` as the module `filename`, resolving packages along `paths`,
 * through Node's own loader (so stack traces follow inline source maps when they are enabled).
 */
function evaluateModule(code, { filename, paths }) {
  const mod = new Module(filename);
  mod.filename = filename;
  mod.paths = paths;
  mod._compile(code, filename);
  return { exports: mod.exports };
}

module.exports = { evaluateModule };
