#!/usr/bin/env node
'use strict';
// npm run bench -- [--profiles N] [--runs R] [--budget SECONDS] [--keep]
//
// Generates a site of N profiles (bench/generate-site.js) in a temporary directory and measures,
// alternating, R times each:
//   synth, cold   node bin/nnf-profiles.js synth in the site, with the Node.js options of npm run
//                 synth; its dist/ and node_modules/.cache removed first: bundles the TypeScript,
//                 validates, writes every file
//   synth, fresh  the site's node_modules/.cache removed, dist/ current: a fresh checkout in CI
//                 (bundles and compiles the TypeScript again, compares every file, writes none)
//   synth, warm   the same run again, nothing changed: a developer's or a hook's re-run
//   floor         node bench/floor.js: js-yaml dumps the same objects (read once from the synth
//                 output) to one file each in an empty directory
//   kustomize     kubectl kustomize dist/<env> (in the first rounds only: it is slow)
//   shipped site  npm run synth in this repository (warm)
// and prints the median wall time and peak RSS of each, the ratios and the targets' verdicts.
// Wall time is taken around the child; peak RSS is GNU time's %M (the child's ru_maxrss).
// R is lowered when the next round would not end within --budget seconds.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const yaml = require('js-yaml');
const { generateSite, REPO_ROOT } = require('./generate-site');

const HELP = `Usage: npm run bench -- [--profiles N] [--runs R] [--budget SECONDS] [--keep]

  --profiles N      profiles in the generated site (default 2000)
  --runs R          runs of each measurement (default 9; fewer when the budget would be exceeded;
                    kubectl kustomize runs twice at most)
  --budget SECONDS  wall time the measurements may take (default 100, which keeps the whole
                    run, start-up and clean-up included, under two minutes)
  --keep            keep the generated site and print where it is`;

const TIME = '/usr/bin/time';
const CLI = path.join(REPO_ROOT, 'bin', 'nnf-profiles.js');

/** The Node.js options `npm run synth` gives, so that the generated site is synthesized alike. */
function synthNodeOptions() {
  const script = require(path.join(REPO_ROOT, 'package.json')).scripts.synth;
  const words = script.split(/\s+/);
  if (words[0] !== 'node' || !words.includes('bin/nnf-profiles.js')) throw new Error(`bench: package.json's synth script is not 'node [OPTIONS] bin/nnf-profiles.js ...': ${script}`);
  return words.slice(1, words.indexOf('bin/nnf-profiles.js'));
}
const SYNTH_ARGS = [...synthNodeOptions(), CLI, 'synth'];
const FLOOR = path.join(__dirname, 'floor.js');

const TARGETS = { wallRatio: 1.5, rssRatio: 2, shippedWall: 1.0 };
const KUSTOMIZE_RUNS = 2;

function options() {
  const { values } = parseArgs({
    options: {
      profiles: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '9' },
      budget: { type: 'string', default: '100' },
      keep: { type: 'boolean', default: false },
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
  return { profiles: int('profiles', 1), runs: int('runs', 1), budget: int('budget', 1), keep: values.keep };
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
function measure(command, args, { cwd, timeFile }) {
  const start = process.hrtime.bigint();
  const run = spawnSync(TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0' },
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
  const files = fs.readdirSync(distEnv).filter((f) => f.endsWith('.yaml')).sort();
  const objectsFile = path.join(work, 'objects.json');
  fs.writeFileSync(objectsFile, JSON.stringify(files.map((f) => [f, yaml.load(fs.readFileSync(path.join(distEnv, f), 'utf8'))])));
  const floorOut = path.join(work, 'floor-out');
  const floorCheck = measure(process.execPath, [FLOOR, objectsFile, floorOut], { cwd: work, timeFile });
  if (floorCheck.status !== 0) {
    console.error(`bench: the floor script failed:\n${floorCheck.stderr}`);
    return 1;
  }
  const floorIdentical = files.every((f) => fs.readFileSync(path.join(floorOut, f), 'utf8') === fs.readFileSync(path.join(distEnv, f), 'utf8'));

  const cases = [
    {
      key: 'cold',
      label: 'synth, cold (writes everything)',
      before: () => {
        fs.rmSync(path.join(siteRoot, 'dist'), { recursive: true, force: true });
        fs.rmSync(path.join(siteRoot, 'node_modules'), { recursive: true, force: true });
      },
      run: () => measure(process.execPath, SYNTH_ARGS, { cwd: siteRoot, timeFile }),
    },
    {
      key: 'fresh',
      label: 'synth, fresh checkout (dist/ current)',
      before: () => fs.rmSync(path.join(siteRoot, 'node_modules'), { recursive: true, force: true }),
      run: () => measure(process.execPath, SYNTH_ARGS, { cwd: siteRoot, timeFile }),
    },
    {
      key: 'warm',
      label: 'synth, warm (unchanged re-run)',
      run: () => measure(process.execPath, SYNTH_ARGS, { cwd: siteRoot, timeFile }),
    },
    {
      key: 'floor',
      label: 'floor: js-yaml dump to files',
      before: () => fs.rmSync(floorOut, { recursive: true, force: true }),
      run: () => measure(process.execPath, [FLOOR, objectsFile, floorOut], { cwd: work, timeFile }),
    },
    ...(haveKubectl
      ? [
          {
            key: 'kustomize',
            label: `kubectl kustomize dist/${env}`,
            // Five times as slow as a synth and only a point of comparison: its time goes to more synth and floor runs.
            maxRuns: KUSTOMIZE_RUNS,
            run: () => measure('kubectl', ['kustomize', distEnv], { cwd: siteRoot, timeFile }),
          },
        ]
      : []),
    {
      key: 'shipped',
      label: 'npm run synth (shipped site, warm)',
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
  const SYNTHS = ['cold', 'fresh', 'warm'];
  const ratios = (field, of) => SYNTHS.map((key) => `${key} ${ratio(s[key][field], s[of][field])}`).join(', ');
  out.push(`synth/floor      wall: ${ratios('wall', 'floor')}; peak RSS: ${ratios('rss', 'floor')}`);
  out.push(`synth/floor      CPU:  ${ratios('cpu', 'floor')}`);
  if (s.kustomize) {
    out.push(`synth/kustomize  wall: ${ratios('wall', 'kustomize')}; peak RSS: ${ratios('rss', 'kustomize')}`);
  } else {
    out.push('synth/kustomize  not measured: kubectl not found');
  }
  out.push('');
  out.push('targets');
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  for (const key of SYNTHS) {
    const limit = TARGETS.wallRatio * s.floor.wall;
    out.push(`  synth wall ≤ ${TARGETS.wallRatio} × floor (${key}): ${seconds(s[key].wall)} vs ≤ ${seconds(limit)}: ${verdict(s[key].wall <= limit)}`);
  }
  for (const key of SYNTHS) {
    const limit = TARGETS.rssRatio * s.floor.rss;
    out.push(`  synth peak RSS ≤ ${TARGETS.rssRatio} × floor's (${key}): ${mebibytes(s[key].rss)} vs ≤ ${mebibytes(limit)}: ${verdict(s[key].rss <= limit)}`);
  }
  const shippedFailed = results.shipped.some((m) => m.status !== 0);
  out.push(
    `  npm run synth, shipped site ≤ ${TARGETS.shippedWall.toFixed(1)} s: ${seconds(s.shipped.wall)}: ` +
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
