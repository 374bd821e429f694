import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as yaml from 'js-yaml';
import type { Command } from '../../src/cli/command';
import type { ProfileObject } from '../../src/validate/rules/context';
import { REPO_ROOT } from './temp-site';

// A site bundle runs in Node's own context, not jest's: tell its copy of src/tool-root.ts where
// the schemas are, as bin/nnf-profiles.js does.
(vm.runInThisContext('globalThis') as Record<symbol, unknown>)[Symbol.for('nnf-profiles.toolRoot')] = REPO_ROOT;

/** A shipped profile as committed in dist/<environment>/. */
export function shippedProfile(environment: string, name: string): ProfileObject {
  return yaml.load(fs.readFileSync(path.join(REPO_ROOT, 'dist', environment, `nnfcontainerprofile-${name}.yaml`), 'utf8')) as ProfileObject;
}

/** Runs a command module in this process, capturing what it prints. */
export async function runInProcess(command: Command, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const status = await command.run(args);
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
