import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// The synth path only transpiles; type errors in src/, profiles/, site.ts or tests fail here.
test('the project type-checks', () => {
  const root = path.resolve(__dirname, '..');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', root], {
    encoding: 'utf8',
  });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
});
