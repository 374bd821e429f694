import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, REPO_ROOT } from '../helpers/temp-site';

/** The Node.js options before `bin/nnf-profiles.js` in a command line. */
function optionsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  expect(words[0]).toBe('node');
  return words.slice(1, words.indexOf('bin/nnf-profiles.js'));
}

describe('the Node.js options synth runs with', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const fromScript = optionsOf(pkg.scripts.synth);

  test('are the same for npm run synth, cdk8s synth and the executable', () => {
    const app = /^app: (.*)$/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'cdk8s.yaml'), 'utf8'))![1];
    const shebang = fs.readFileSync(CLI, 'utf8').split('\n')[0];
    expect(fromScript).toContain('--v8-pool-size=0');
    expect(optionsOf(app)).toEqual(fromScript);
    expect(shebang).toBe(`#!/usr/bin/env -S node ${fromScript.join(' ')}`);
  });

  test('are ones this Node.js accepts', () => {
    const run = spawnSync(process.execPath, [...fromScript, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ok');
  });
});
