import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolCacheDir } from '../build/cached-build';
import { digest } from '../io/digest';
import { plural } from '../text';
import { toolRoot } from '../tool-root';
import { LAYERS } from '../validate/finding';
import { type Command, EXIT_FAILED, EXIT_OK, parseOptions } from './command';
import { requireProjectRoot } from './project-root';
import { type SynthReport, synthCommand } from './synth';

/** The TypeScript project of the site's own code: `site.ts`, `profiles/` and what they import. */
export const PROFILES_TSCONFIG = 'tsconfig.profiles.json';

const HELP = `Usage: nnf-profiles check

Everything a profile pull request needs to pass, in one run (npm run check);
CI runs it on every pull request:
  types       type-checks site.ts and profiles/ (and what they import) with
              ${PROFILES_TSCONFIG}: synth itself does not type-check
  synth       renders dist/ as 'nnf-profiles synth' does, refusing what the
              cluster, jobs or the site's policy would refuse
  dist/       the committed dist/ must be what synth renders: after synth, git
              must see no change under dist/ (run 'npm run synth' and commit)
  validation  the findings synth reported, counted by layer; lint findings
              are warnings

The type-check runs while synth does. Every step runs, so that all problems
show at once; each ends with one 'check:' line, and a last line gives the
verdict. 'npm test' is the tool's own test suite, for changes to the tool.

Exit status: 0 every step passed (lint warnings allowed), 1 a step failed,
2 usage.

Options:
  -h, --help  show this help

Examples:
  npm run check
  npx nnf-profiles check`;

/**
 * The clock, taken before synth starts: its seat belt refuses `performance.now()` to code that
 * runs while profile code may (the type-check's completion can land then).
 */
const now = performance.now.bind(performance);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface TypeCheck {
  readonly ok: boolean;
  readonly errors: number;
  /** tsc's diagnostics, or why it could not run. */
  readonly output: string;
  readonly ms: number;
}

/**
 * Where tsc keeps what it learned about the site's files (`--incremental`), so that a second run
 * checks only what changed: one file per site in the tool's cache. Undefined when it cannot be made.
 */
function buildInfoFile(root: string): string | undefined {
  const dir = path.join(toolCacheDir(toolRoot()), 'typecheck');
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    return undefined;
  }
  return path.join(dir, `${digest(root).slice(0, 16)}.tsbuildinfo`);
}

/**
 * Starts `tsc -p tsconfig.profiles.json` in a child process, so that it runs on another core
 * while synth runs in this one. Its callbacks only collect output: they may run while synth's
 * seat belt is on.
 */
function startTypeCheck(root: string, started: number): Promise<TypeCheck> {
  const config = path.join(root, PROFILES_TSCONFIG);
  if (!fs.existsSync(config)) {
    const output = `${PROFILES_TSCONFIG}: not found in ${root}; it comes with nnf-profiles (restore it from the tool's repository)`;
    return Promise.resolve({ ok: false, errors: 1, output, ms: 0 });
  }
  let tsc: string;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root, toolRoot()] });
  } catch {
    return Promise.resolve({ ok: false, errors: 1, output: "typescript: not installed; run 'npm ci'", ms: 0 });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const buildInfo = buildInfoFile(root);
    const incremental = buildInfo ? ['--incremental', '--tsBuildInfoFile', buildInfo] : [];
    const child = spawn(process.execPath, [tsc, '--project', config, '--noEmit', '--pretty', 'false', ...incremental], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => resolve({ ok: false, errors: 1, output: `tsc: ${error.message}`, ms: now() - started }));
    child.on('close', (status, signal) => {
      const output = Buffer.concat(chunks).toString('utf8').trimEnd();
      const errors = output.split('\n').filter((line) => /(^|: )error TS\d+:/.test(line)).length;
      const ok = status === 0 && errors === 0;
      const why = signal ? `tsc: stopped by ${signal}` : `tsc: exit status ${status}`;
      resolve({ ok, errors: ok ? 0 : Math.max(errors, 1), output: ok || output !== '' ? output : why, ms: now() - started });
    });
  });
}

/** Files git sees changed, added or deleted under `dist/` (relative to the root); undefined outside a repository. */
function changedOutput(root: string): { files: string[] } | { unavailable: string } {
  const run = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const inside = run(['rev-parse', '--is-inside-work-tree']);
  if (inside.error) return { unavailable: `git: ${inside.error.message}` };
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return { unavailable: `${root} is not in a git work tree` };
  const status = run(['status', '--porcelain', '--untracked-files=all', '--no-renames', '--', 'dist/']);
  if (status.status !== 0) return { unavailable: `git status failed: ${status.stderr.trim()}` };
  return {
    files: status.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(3)),
  };
}

/** A finding's layer, from its message: `layer: …`, after `[env, …] ` when several environments share it. */
function layerOf(message: string): string | undefined {
  const layer = /^(?:\[[^\]]*\] )?([a-z]+): /.exec(message)?.[1];
  return LAYERS.some(([known]) => known === layer) ? layer : undefined;
}

/** Refused findings by layer, from the layer of each: `1 cluster, 2 policy`. */
function byLayer(layers: readonly string[]): string {
  const counts = LAYERS.map(([layer]) => [layer, layers.filter((l) => l === layer).length] as const);
  return counts
    .filter(([, n]) => n > 0)
    .map(([layer, n]) => `${n} ${layer}`)
    .join(', ');
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'what a profile pull request must pass: types, synth, an up-to-date dist/, validation',
  help: HELP,
  async run(args) {
    parseOptions(args, {});
    const started = now();
    const root = requireProjectRoot(process.cwd());
    const annotate = process.env.GITHUB_ACTIONS === 'true';
    const typeCheck = startTypeCheck(root, started);

    let report = undefined as SynthReport | undefined;
    const synthStatus = await synthCommand.run(['--out', path.join(root, 'dist')], (r) => {
      report = r;
    });
    const synthMs = now() - started;
    const types = await typeCheck;

    const lines: string[] = [];
    const failed: string[] = [];
    const fail = (step: string, line: string) => {
      failed.push(step);
      lines.push(line);
      if (annotate) console.log(`::error::${line.replace(/^check: /, '')}`);
    };

    if (types.output !== '') console.error(`types (tsc -p ${PROFILES_TSCONFIG}):\n${types.output.replace(/^/gm, '  ')}`);
    if (types.ok) lines.push(`check: types ok (profiles/, site.ts) ${seconds(types.ms)}`);
    else fail('types', `check: types FAILED: ${plural(types.errors, 'error')} in profiles/, site.ts (listed above) ${seconds(types.ms)}`);

    const summary = report ? `${plural(report.profiles, 'profile')} × ${plural(report.environments, 'environment')}` : '';
    if (synthStatus === EXIT_OK) lines.push(`check: synth ok: ${summary} → dist/ ${seconds(synthMs)}`);
    else {
      const count = report && report.errors.length > 0 ? `${plural(report.errors.length, 'error')} ` : '';
      fail('synth', `check: synth FAILED: ${count}(listed above) ${seconds(synthMs)}`);
    }

    if (synthStatus !== EXIT_OK) lines.push('check: dist/ not checked: synth failed');
    else {
      const changed = changedOutput(root);
      if ('unavailable' in changed) lines.push(`check: dist/ not checked: ${changed.unavailable}`);
      else if (changed.files.length === 0) lines.push('check: dist/ up to date');
      else {
        const shown = changed.files.slice(0, 5).join(', ') + (changed.files.length > 5 ? ', …' : '');
        fail(
          'dist/',
          `check: dist/ STALE: the committed dist/ is not what synth renders (${plural(changed.files.length, 'file')}: ${shown}); ` +
            "run 'npm run synth' and commit dist/",
        );
      }
    }

    if (!report) lines.push('check: validation not run: synth stopped first');
    else {
      const refused = report.errors.map(layerOf).filter((layer) => layer !== undefined);
      const warnings = report.warnings.length === 0 ? 'no lint warnings' : plural(report.warnings.length, 'lint warning');
      if (refused.length === 0 && report.errors.length > 0)
        lines.push(`check: validation incomplete: no findings refused so far, ${warnings}; synth failed first`);
      else if (refused.length === 0) lines.push(`check: validation ok: no findings refused, ${warnings}`);
      else fail('validation', `check: validation FAILED: ${plural(refused.length, 'finding')} refused (${byLayer(refused)}), ${warnings}`);
    }

    const total = seconds(now() - started);
    lines.push(failed.length === 0 ? `check: passed in ${total}` : `check: FAILED (${failed.join(', ')}) in ${total}`);
    console.log(lines.join('\n'));
    return failed.length === 0 ? EXIT_OK : EXIT_FAILED;
  },
};
