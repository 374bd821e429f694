import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/temp-site';

/** The owners GitHub would pick for `file`: the last line whose pattern matches (anchored patterns only). */
function ownersOf(file: string): string[] {
  const lines = fs
    .readFileSync(path.join(REPO_ROOT, '.github', 'CODEOWNERS'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  let owners: string[] = [];
  for (const line of lines) {
    const [pattern, ...who] = line.split(/\s+/);
    expect(pattern.startsWith('/')).toBe(true);
    const matches = pattern.endsWith('/') ? `/${file}`.startsWith(pattern) : `/${file}` === pattern;
    if (matches) owners = who;
  }
  return owners;
}

describe('.github/CODEOWNERS', () => {
  const admins = '@your-org/nnf-admins';
  const reviewers = '@your-org/profile-reviewers';

  test.each([
    'site.ts',
    'src/synth/synthesize.ts',
    'bin/nnf-profiles.js',
    'package.json',
    'package-lock.json',
    'tsconfig.profiles.json',
    'scripts/tool-changed.js',
    '.github/workflows/profiles.yml',
    '.github/CODEOWNERS',
    '.ci/run',
    'dist/argocd/appproject-nnf-profiles.yaml',
    'examples/example-mpi.ts',
  ])('gives %s to the site administrators', (file) => {
    expect(ownersOf(file)).toEqual([admins]);
  });

  test.each([
    'profiles/red-rock-slushy.ts',
    'profiles/common/images.ts',
    'dist/production/nnfcontainerprofile-red-rock-slushy.yaml',
    'dist/.nnf-profiles-output',
  ])('gives %s to the profile reviewers', (file) => {
    expect(ownersOf(file)).toEqual([reviewers]);
  });
});
