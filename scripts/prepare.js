#!/usr/bin/env node
'use strict';
/**
 * Install's prepare step: `npm ci` and `npm install` run it ("prepare" in package.json). It does
 * ahead of time what the first synth after an install would otherwise do before rendering, so that
 * the first synth is as fast as the ones after it:
 *
 *   - bundles the tool (src/) and compiles the site (site.ts and profiles/) with esbuild, into
 *     the cache synth reads them from;
 *   - compiles the schema check (ajv standalone code) of every CRD's storage version, the versions
 *     synth renders in, into the cache of compiled checks;
 *   - points node_modules/.bin/cdk8s (what `npx cdk8s` runs) at bin/cdk8s: the cdk8s CLI without
 *     its update check against the npm registry.
 *
 * Both caches are in node_modules/.cache/nnf-profiles/ and keyed by content, so a later change is
 * picked up as before. No site code is run. This step never fails the install: whatever it cannot
 * do (an unwritable cache, a site that does not bundle) it leaves to the first synth, which does
 * it as it always did. Running it again when everything is prepared takes a fraction of a second.
 */
const fs = require('node:fs');
const path = require('node:path');
const { toolCacheDir } = require('../src/build/cached-build');
const { loadTool } = require('../src/build/load-tool');

const root = path.resolve(__dirname, '..');
const note = (message) => console.error(`nnf-profiles prepare: ${message}`);

/**
 * Replaces npm's link node_modules/.bin/cdk8s -> cdk8s-cli's bin with one to bin/cdk8s. Anything
 * else found there (another package's cdk8s, a Windows command shim) is left alone.
 */
function linkCdk8sCli() {
  const link = path.join(root, 'node_modules', '.bin', 'cdk8s');
  const shim = path.join(root, 'bin', 'cdk8s');
  let target;
  try {
    target = path.resolve(path.dirname(link), fs.readlinkSync(link));
  } catch {
    return;
  }
  if (target !== path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s')) return;
  const temporary = `${link}.nnf-profiles`;
  fs.rmSync(temporary, { force: true });
  fs.symlinkSync(path.relative(path.dirname(link), shim), temporary);
  fs.renameSync(temporary, link);
}

function main() {
  const started = performance.now();
  const cache = toolCacheDir(root);
  try {
    fs.mkdirSync(cache, { recursive: true });
    fs.accessSync(cache, fs.constants.W_OK);
  } catch (error) {
    note(
      `skipped: cannot write ${path.relative(root, cache)} (${error.code || error.message}); the first synth compiles and bundles instead`,
    );
    return;
  }
  const problems = [];
  let report = { compiled: [], cached: [], problems: [] };
  try {
    report = loadTool(root)('src/synth/prepare.ts').prepareFirstSynth(root);
  } catch (error) {
    problems.push(`CLI bundle: ${error.message}`);
  }
  problems.push(...report.problems);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const compiled =
    report.compiled.length > 0 ? `compiled the schema checks of ${report.compiled.join(', ')}` : 'schema checks already compiled';
  note(`${compiled}; CLI and site bundled (${seconds} s)`);
  for (const problem of problems) note(`left to the first synth: ${problem.split('\n')[0]}`);
}

try {
  linkCdk8sCli();
} catch (error) {
  note(`npx cdk8s keeps its update check: ${error && error.message ? error.message : error}`);
}
try {
  main();
} catch (error) {
  note(`left to the first synth: ${error && error.message ? error.message : error}`);
}
process.exitCode = 0;
