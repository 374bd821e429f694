#!/usr/bin/env node
'use strict';
/**
 * The command synopsis of README.md ("Command line"), generated from each command's own --help
 * (its Usage: lines and its Options) by src/cli/synopsis.ts, for every command src/cli/main.ts
 * registers.
 *
 * Usage: node scripts/readme-synopsis.js            print it
 *        node scripts/readme-synopsis.js --write    put it into README.md, after its marker
 *        node scripts/readme-synopsis.js --check    exit 1 when README.md's block differs
 *
 * test/cli/readme.test.ts fails when README.md's block is not what this prints: after changing
 * a command's help, or adding a command, run it with --write.
 */
const fs = require('node:fs');
const path = require('node:path');
const { loadTool } = require('../src/build/load-tool');

const root = path.resolve(__dirname, '..');
const README = path.join(root, 'README.md');
const { readmeSynopsis, markedBlock, replaceMarkedBlock, README_SYNOPSIS_MARKER } = loadTool(root)('src/cli/synopsis.ts');

const mode = process.argv[2];
const synopsis = readmeSynopsis();
if (mode === undefined) {
  process.stdout.write(synopsis);
} else if (mode === '--write' || mode === '--check') {
  const readme = fs.readFileSync(README, 'utf8');
  const block = markedBlock(readme, README_SYNOPSIS_MARKER);
  if (!block) {
    console.error(
      `README.md: no fenced block after the marker ${README_SYNOPSIS_MARKER} (it must appear once, the fence on the next line)`,
    );
    process.exitCode = 2;
  } else if (block.content === synopsis) {
    if (mode === '--write') console.log('README.md: the command synopsis is up to date');
  } else if (mode === '--write') {
    fs.writeFileSync(README, replaceMarkedBlock(readme, README_SYNOPSIS_MARKER, synopsis));
    console.log('README.md: command synopsis rewritten');
  } else {
    console.error("README.md: the command synopsis differs from the commands' --help; run node scripts/readme-synopsis.js --write");
    process.exitCode = 1;
  }
} else {
  console.error('usage: node scripts/readme-synopsis.js [--write | --check]');
  process.exitCode = 2;
}
