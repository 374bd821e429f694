#!/usr/bin/env node
'use strict';
// npm run bench -- [--profiles N] [--runs R] [--budget SECONDS] [--keep] [--quick]
//
// Generates a site of N profiles (bench/generate-site.js) in a temporary directory and measures,
// in rounds (each case once a round, so that the medians are of runs made side by side):
//   synth, no cache   node bin/nnf-profiles.js synth in the site, its node_modules/.cache removed and dist/ current: a fresh
//                     checkout in CI without the render cache (bundles and renders everything)
//   synth, changed    one profile edited (its output changes), the render cache warm
//   synth, warm       the same run again, nothing changed
//   floor             node bench/floor.js: js-yaml dumps the same objects (read once from the
//                     synth output) to one file each in an empty directory
//   tsx, no cache     a stock cdk8s app making the same objects (bench/peer-app.js: one .ts file
//                     per object, ApiObjects in one Chart), run with tsx, its transform cache emptied
//   ts-node           the same app as the stock cdk8s TypeScript template runs it (type-checking)
//   kustomize         kubectl kustomize dist/<env> (once: it is slow)
//   shipped site      node bin/nnf-profiles.js synth, and npm run synth, in this repository (warm)
// and prints the median wall time and peak RSS of each, the ratios and the targets' verdicts.
// Wall time is taken around the child; peak RSS is GNU time's %M (the child's ru_maxrss).
// R is lowered when the next round would not end within --budget seconds. --quick: 200
// profiles, 3 rounds, no peers.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const yaml = require('js-yaml');
const { generateSite, REPO_ROOT } = require('./generate-site');

const HELP = `Usage: npm run bench -- [--profiles N] [--runs R] [--budget SECONDS] [--keep] [--quick]

  --profiles N      profiles in the generated site (default 2000)
  --runs R          rounds of measurements (default 7; fewer when the budget would be exceeded;
                    ts-node runs three times at most, kubectl kustomize once)
  --budget SECONDS  wall time the measurements may take (default 240)
  --keep            keep the generated site and print where it is
  --quick           200 profiles, 3 rounds, without the peers (tsx, ts-node, kustomize)`;

const TIME = '/usr/bin/time';
const CLI = path.join(REPO_ROOT, 'bin', 'nnf-profiles.js');

const SYNTH_ARGS = [CLI, 'synth'];
const FLOOR = path.join(__dirname, 'floor.js');
const TSX = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TS_NODE = path.join(REPO_ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js');

/** Issue #16's targets: against the floor, against the stock app under tsx, and the shipped site. */
const TARGETS = { floorRatio: 1.5, tsxRatio: 0.3, shippedWall: 0.5 };

function options() {
  const { values } = parseArgs({
    options: {
      profiles: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '7' },
      budget: { type: 'string', default: '240' },
      keep: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be an integer ≥ ${min}, not '${values[name]}'\n\n${HELP}`);
      process.exit(2);
    }
    return n;
  };
  if (values.quick) Object.assign(values, { profiles: '200', runs: '3' });
  return { profiles: int('profiles', 1), runs: int('runs', 1), budget: int('budget', 1), keep: values.keep, quick: values.quick };
}

const temporaries = [];
function cleanUp() {
  for (const dir of temporaries.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporaries.push(dir);
  return dir;
}

/**
 * Runs `command` under GNU time: wall seconds (around the child), peak RSS in KiB (the largest
 * ru_maxrss of the child and its descendants) and CPU seconds (user + system, for a noisy machine).
 */
function measure(command, args, { cwd, timeFile, env = {} }) {
  const start = process.hrtime.bigint();
  const run = spawnSync(TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.error) throw run.error;
  // GNU time writes "Command exited with non-zero status N" before the figure when it failed.
  const [rss, user, system] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, rss, cpu: user + system, status: run.status, stderr: run.stderr };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (s) => `${s.toFixed(2)} s`;
const mebibytes = (kib) => `${Math.round(kib / 1024)} MiB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

function commandAvailable(command) {
  return spawnSync(command, ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

function main() {
  const opts = options();
  const began = Date.now();
  const loadAtStart = os.loadavg()[0].toFixed(2);
  const elapsed = () => (Date.now() - began) / 1000;
  if (!fs.existsSync(TIME)) {
    console.error(`bench: ${TIME} (GNU time) is needed to measure peak RSS; install the 'time' package`);
    return 2;
  }
  const haveKubectl = commandAvailable('kubectl');

  const siteRoot = opts.keep ? fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-bench-')) : tempDir('nnf-profiles-bench-');
  const work = tempDir('nnf-profiles-bench-work-');
  const timeFile = path.join(work, 'time.txt');
  const site = generateSite(siteRoot, { profiles: opts.profiles });
  const env = site.environments[0];
  const distEnv = path.join(siteRoot, 'dist', env);
  const mpi = site.profileNames.filter((n) => n.startsWith('mpi-')).length;
  const generated = elapsed();

  // Warm-up and the floor's input: one synth, whose output the floor re-dumps.
  const warmUp = measure(process.execPath, SYNTH_ARGS, { cwd: siteRoot, timeFile });
  if (warmUp.status !== 0 || /warning:/.test(warmUp.stderr)) {
    console.error(`bench: synth of the generated site ${warmUp.status !== 0 ? 'failed' : 'warned'}:\n${warmUp.stderr}`);
    return 1;
  }
  const files = fs
    .readdirSync(distEnv)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const objectsFile = path.join(work, 'objects.json');
  fs.writeFileSync(objectsFile, JSON.stringify(files.map((f) => [f, yaml.load(fs.readFileSync(path.join(distEnv, f), 'utf8'))])));
  const floorOut = path.join(work, 'floor-out');
  const floorCheck = measure(process.execPath, [FLOOR, objectsFile, floorOut], { cwd: work, timeFile });
  if (floorCheck.status !== 0) {
    console.error(`bench: the floor script failed:\n${floorCheck.stderr}`);
    return 1;
  }
  const floorIdentical = files.every(
    (f) => fs.readFileSync(path.join(floorOut, f), 'utf8') === fs.readFileSync(path.join(distEnv, f), 'utf8'),
  );

  const synth = () => measure(process.execPath, SYNTH_ARGS, { cwd: siteRoot, timeFile });
  // The edited profile: a label that changes every round, so that its output changes too. One that
  // imports site.ts, as the shipped profiles do: it is rendered again alone all the same.
  const profileFile = (name) => path.join(siteRoot, 'profiles', `${name}.ts`);
  const importsSite = (name) => fs.readFileSync(profileFile(name), 'utf8').includes("from '../site'");
  const editedFile = profileFile(site.profileNames.find(importsSite) ?? site.profileNames[0]);
  const edited = fs.readFileSync(editedFile, 'utf8');
  let edits = 0;
  const peerDir = path.join(work, 'peer');
  const tsxTmp = path.join(work, 'tsx-tmp');
  const peers = !opts.quick;
  if (peers) require('./peer-app').generatePeerApp(JSON.parse(fs.readFileSync(objectsFile, 'utf8')), peerDir);
  const peerRun = (runner, env) => () => measure(process.execPath, [runner, 'main.ts'], { cwd: peerDir, timeFile, env });
  const cases = [
    {
      key: 'fresh',
      label: 'synth, no cache (fresh checkout, dist/ current)',
      before: () => fs.rmSync(path.join(siteRoot, 'node_modules'), { recursive: true, force: true }),
      run: synth,
      // A synth with nothing changed, so that the next rounds start from a warm cache as a developer's would.
      after: synth,
    },
    {
      key: 'changed',
      label: 'synth, one profile changed',
      before: () =>
        fs.writeFileSync(
          editedFile,
          edited.replace(/(new \w*ContainerProfile\(scope, '[^']+', \{)/, `$1\n    labels: { 'bench/edit': '${++edits}' },`),
        ),
      run: synth,
    },
    { key: 'warm', label: 'synth, nothing changed', run: synth },
    {
      key: 'floor',
      label: 'floor: js-yaml dump to files',
      before: () => fs.rmSync(floorOut, { recursive: true, force: true }),
      run: () => measure(process.execPath, [FLOOR, objectsFile, floorOut], { cwd: work, timeFile }),
    },
    ...(peers
      ? [
          {
            key: 'tsx',
            label: 'stock cdk8s app, tsx, no cache',
            before: () => {
              fs.rmSync(tsxTmp, { recursive: true, force: true });
              fs.mkdirSync(tsxTmp);
              fs.rmSync(path.join(peerDir, 'dist'), { recursive: true, force: true });
            },
            // tsx keeps its transform cache under the temporary directory.
            run: peerRun(TSX, { TMPDIR: tsxTmp }),
          },
          {
            key: 'tsNode',
            label: 'stock cdk8s app, ts-node (the template)',
            maxRuns: 3,
            before: () => fs.rmSync(path.join(peerDir, 'dist'), { recursive: true, force: true }),
            run: peerRun(TS_NODE, {}),
          },
        ]
      : []),
    ...(haveKubectl && peers
      ? [
          {
            key: 'kustomize',
            label: `kubectl kustomize dist/${env}`,
            maxRuns: 1,
            run: () => measure('kubectl', ['kustomize', distEnv], { cwd: siteRoot, timeFile }),
          },
        ]
      : []),
    {
      key: 'shipped',
      label: 'shipped site: node bin/nnf-profiles.js synth',
      run: () => measure(process.execPath, SYNTH_ARGS, { cwd: REPO_ROOT, timeFile }),
    },
    {
      key: 'shippedNpm',
      label: 'shipped site: npm run synth',
      run: () => measure('npm', ['run', 'synth'], { cwd: REPO_ROOT, timeFile }),
    },
  ];
  const results = Object.fromEntries(cases.map((c) => [c.key, []]));
  const failures = [];

  let rounds = 0;
  const runsNext = (c) => c.maxRuns === undefined || results[c.key].length < c.maxRuns;
  // The next round lasts as long as the last run of each case it holds (kustomize, the slow one, stops early).
  const nextRound = () => cases.filter(runsNext).reduce((sum, c) => sum + (results[c.key].at(-1)?.wall ?? 0), 0);
  while (rounds < opts.runs) {
    if (rounds > 0 && elapsed() + nextRound() > opts.budget) break;
    for (const c of cases.filter(runsNext)) {
      if (c.before) c.before();
      const m = c.run();
      if (m.status !== 0) failures.push(`${c.label}: exit ${m.status}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
      results[c.key].push(m);
      if (c.after) c.after();
    }
    rounds++;
  }

  const stat = (key) => ({
    wall: median(results[key].map((m) => m.wall)),
    rss: median(results[key].map((m) => m.rss)),
    cpu: median(results[key].map((m) => m.cpu)),
  });
  const s = Object.fromEntries(cases.map((c) => [c.key, stat(c.key)]));

  const out = [];
  out.push(`nnf-profiles bench: ${opts.profiles} generated profiles (${mpi} MPI), 1 environment (${env}, v1alpha11), validation on`);
  out.push(`synth: node ${SYNTH_ARGS.map((a) => (a === CLI ? path.relative(REPO_ROOT, a) : a)).join(' ')} (as npm run synth)`);
  out.push(
    `machine: ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; load average at start ${loadAtStart}`,
  );
  const kustomizeRuns = results.kustomize ? `, kubectl kustomize ${results.kustomize.length}` : '';
  out.push(
    `runs: ${rounds} of each${kustomizeRuns}, alternating${rounds < opts.runs ? ` (reduced from ${opts.runs} to stay within ${opts.budget} s)` : ''}; ` +
      `site generated in ${generated.toFixed(1)} s; floor output byte-identical to synth's: ${floorIdentical ? 'yes' : 'NO'}`,
  );
  out.push('');
  const width = Math.max(...cases.map((c) => c.label.length)) + 2;
  out.push(`${''.padEnd(width)}${'wall'.padStart(9)}${'peak RSS'.padStart(11)}${'CPU'.padStart(9)}   wall of each run`);
  for (const c of cases) {
    const each = results[c.key].map((m) => m.wall.toFixed(2)).join(' ');
    out.push(
      `${c.label.padEnd(width)}${seconds(s[c.key].wall).padStart(9)}${mebibytes(s[c.key].rss).padStart(11)}${seconds(s[c.key].cpu).padStart(9)}   ${each}`,
    );
  }
  out.push('(medians; CPU = user + system time of the process tree, less sensitive to other load than wall)');
  out.push('');
  const limits = [
    ['warm', 'floor', TARGETS.floorRatio],
    ['changed', 'floor', TARGETS.floorRatio],
    ...(s.tsx ? [['fresh', 'tsx', TARGETS.tsxRatio]] : []),
  ];
  out.push(
    `ratios (wall): ${['warm', 'changed', 'fresh'].map((key) => `${key}/floor ${ratio(s[key].wall, s.floor.wall)}`).join(', ')}` +
      (s.tsx ? `; fresh/tsx ${ratio(s.fresh.wall, s.tsx.wall)}, fresh/ts-node ${ratio(s.fresh.wall, s.tsNode.wall)}` : ''),
  );
  out.push(`ratios (peak RSS): ${['warm', 'changed', 'fresh'].map((key) => `${key}/floor ${ratio(s[key].rss, s.floor.rss)}`).join(', ')}`);
  if (s.kustomize)
    out.push(`synth/kustomize wall: warm ${ratio(s.warm.wall, s.kustomize.wall)}, no cache ${ratio(s.fresh.wall, s.kustomize.wall)}`);
  out.push('');
  out.push('targets');
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  for (const [key, of, factor] of limits) {
    const limit = factor * s[of].wall;
    out.push(`  ${key} ≤ ${factor} × ${of}: ${seconds(s[key].wall)} vs ≤ ${seconds(limit)}: ${verdict(s[key].wall <= limit)}`);
  }
  const shippedFailed = results.shipped.some((m) => m.status !== 0);
  out.push(
    `  shipped site warm ≤ ${TARGETS.shippedWall.toFixed(1)} s: ${seconds(s.shipped.wall)} (npm run synth ${seconds(s.shippedNpm.wall)}): ` +
      `${shippedFailed ? 'not judged (the run failed)' : verdict(s.shipped.wall <= TARGETS.shippedWall)}`,
  );
  if (failures.length > 0) {
    out.push('');
    out.push('failed runs:');
    for (const f of failures) out.push(`  ${f}`);
  }
  cleanUp();
  out.push('');
  out.push(`total ${elapsed().toFixed(0)} s, clean-up included${opts.keep ? `; site kept in ${siteRoot}` : ''}`);
  console.log(out.join('\n'));
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
