import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers/temp-site';

/**
 * The tool's code passes its linters, as `npm run lint` runs them: ESLint with typescript-eslint
 * (eslint.config.mjs) and Prettier's formatting (.prettierrc.json; `npm run format` fixes both).
 * A site's profiles/ and site.ts are outside their scope.
 */
const run = (bin: string, args: string[]) => {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', bin), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

test('ESLint finds no problem in the tool code', () => {
  const eslint = run('eslint/bin/eslint.js', ['.', '--max-warnings', '0']);
  expect(eslint.output).toBe('');
  expect(eslint.status).toBe(0);
});

test('Prettier finds every file of the tool code formatted', () => {
  const prettier = run('prettier/bin/prettier.cjs', ['--list-different', '.']);
  expect(prettier.output).toBe('');
  expect(prettier.status).toBe(0);
});
