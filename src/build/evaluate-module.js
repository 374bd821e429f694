'use strict';
// JavaScript: bin/nnf-profiles.js evaluates the CLI's bundle with it.
const Module = require('node:module');
const path = require('node:path');

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

/**
 * Compiles bundled CommonJS `code` once, as the module `filename`, and returns a function that
 * evaluates it anew at each call, with `require` resolving its imports: each call gives a fresh
 * module, whose variables no other call sees. The code is wrapped on its own first line, so
 * source maps still place every line.
 */
function moduleFactory(code, { filename, require }) {
  const wrapper = new Module(filename);
  wrapper.filename = filename;
  wrapper._compile(`module.exports = function (exports, require, module, __filename, __dirname) {${code}\n};`, filename);
  const body = wrapper.exports;
  return () => {
    const module = { exports: {} };
    body.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
    return module.exports;
  };
}

module.exports = { evaluateModule, moduleFactory };
