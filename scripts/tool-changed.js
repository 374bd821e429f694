#!/usr/bin/env node
'use strict';
// CI (.github/workflows/profiles.yml): whether a change needs the tool's own test suite
// (npm test), or only `npm run check`. Only a pull request whose every changed file is the
// site's own — a profile, site.ts, the rendered dist/ — skips the tests; anything else, any file
// this script does not know, and any doubt (a push, a base that cannot be found, git failing,
// no changed files) runs them. So a site cannot skip the tests by accident: a new tool folder,
// a renamed file or a shallow clone all run them.
//
//   node scripts/tool-changed.js --event EVENT [--base SHA] [--head REF]
//
// prints `tool=true` or `tool=false` on standard output (for $GITHUB_OUTPUT) and why on
// standard error. Exit status 0 either way; 2 for wrong usage.
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

/** Paths a site changes in a profile pull request: its profiles, its settings, its output. */
const SITE_PATHS = [/^profiles\//, /^site\.ts$/, /^dist\//];

const isSitePath = (file) => SITE_PATHS.some((pattern) => pattern.test(file));

/**
 * The decision for a list of changed files (undefined: they could not be listed):
 * `{ tool, reason }`, tool true when the tool's tests must run.
 */
function decide(files) {
  if (files === undefined) return { tool: true, reason: 'the changed files could not be listed' };
  if (files.length === 0) return { tool: true, reason: 'no changed files found' };
  const toolFiles = files.filter((file) => !isSitePath(file));
  if (toolFiles.length === 0) return { tool: false, reason: `only site files changed (${files.length}: profiles/, site.ts, dist/)` };
  const shown = toolFiles.slice(0, 5).join(', ') + (toolFiles.length > 5 ? ', …' : '');
  return { tool: true, reason: `${toolFiles.length} changed file(s) outside profiles/, site.ts and dist/: ${shown}` };
}

/**
 * The files a pull request changes: from the merge base of `base` and `head` to `head`, renames
 * as a deletion and an addition (both paths count). Undefined when git cannot tell.
 */
function changedFiles(base, head = 'HEAD', cwd = process.cwd()) {
  const git = (args) => spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (!base || !/^[0-9A-Za-z._/-]+$/.test(base) || base.startsWith('-')) return undefined;
  const mergeBase = git(['merge-base', base, head]);
  if (mergeBase.error || mergeBase.status !== 0) return undefined;
  const diff = git(['diff', '--name-only', '--no-renames', '-z', mergeBase.stdout.trim(), head, '--']);
  if (diff.error || diff.status !== 0) return undefined;
  return diff.stdout.split('\0').filter((file) => file !== '');
}

/** The decision for a CI event: anything but a pull request runs the tests. */
function decideForEvent({ event, base, head = 'HEAD', cwd = process.cwd() }) {
  if (event !== 'pull_request') return { tool: true, reason: `a ${event || 'run'} event: the tests always run` };
  if (!base) return { tool: true, reason: 'no base revision given' };
  const files = changedFiles(base, head, cwd);
  if (files === undefined) return { tool: true, reason: `the base ${base} cannot be compared with ${head} (not fetched?)` };
  return decide(files);
}

function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { event: { type: 'string' }, base: { type: 'string' }, head: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`tool-changed: ${error.message}\nUsage: node scripts/tool-changed.js --event EVENT [--base SHA] [--head REF]`);
    return 2;
  }
  const decision = decideForEvent({ event: values.event, base: values.base, head: values.head || 'HEAD' });
  console.error(`tool tests: ${decision.tool ? 'run' : 'skipped'}: ${decision.reason}`);
  console.log(`tool=${decision.tool}`);
  return 0;
}

module.exports = { SITE_PATHS, isSitePath, decide, changedFiles, decideForEvent };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
