import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'bin', 'nnf-profiles.js');

export interface TempSite {
  readonly root: string;
  write(relative: string, content: string): void;
  remove(): void;
}

/**
 * A site repository in a temporary directory: `src` links to this repository's, so its profiles
 * import `../src` exactly as the shipped ones do.
 */
export function makeTempSite(files: Record<string, string>): TempSite {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-site-'));
  fs.symlinkSync(path.join(REPO_ROOT, 'src'), path.join(root, 'src'));
  const write = (relative: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  };
  for (const [relative, content] of Object.entries(files)) write(relative, content);
  return { root, write, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function siteSource(environments: Array<Record<string, unknown>>): string {
  return `import { defineSite } from './src';\nexport default defineSite({ environments: ${JSON.stringify(environments)} });\n`;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI as a subprocess. */
export function runCli(args: readonly string[], cwd: string = REPO_ROOT, env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every regular file below `dir` with its bytes (links not followed), for before/after comparisons. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}
