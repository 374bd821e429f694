import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempSite, runCli, siteSource, type TempSite } from '../helpers/temp-site';

// Assembled at run time: no token-looking literal sits in the repository.
const TOKEN = ['dckr', 'pat', 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhx'].join('_');
/** Notes as long with a token as without: only their content tells them apart. */
const notes = (secret: string) => `# Shared code\n\nRegistry login: ${secret}\n`;
const CLEAN_NOTES = notes('x'.repeat(TOKEN.length));
const LEAK = 'profiles/common/notes.md:3: a Docker Hub personal access token is in clear text';

const PROFILE = `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
export default (scope: Construct) => new ContainerProfile(scope, 'good', { containers: [{ name: 'app', image: 'alpine:3.20' }] });
`;

type CleanRecord = [hash: string, size: number, mtimeMs: number];
interface Cache {
  format: string;
  code: string;
  files: { [file: string]: CleanRecord };
}

describe('synth scans again only the source files that changed since they were found clean', () => {
  let site: TempSite;
  /** A whole second well in the past, which `fs.utimesSync` sets and `fs.statSync` reads back exactly. */
  let stampSeconds: number;
  const file = (relative: string) => path.join(site.root, relative);
  const cacheFile = () => file('node_modules/.cache/nnf-profiles/scanned.json');
  const readCache = () => JSON.parse(fs.readFileSync(cacheFile(), 'utf8')) as Cache;
  const setMtime = (relative: string, seconds: number) => fs.utimesSync(file(relative), seconds, seconds);
  /** Writes `relative` with `content` and the past mtime of the other sources. */
  const writeStamped = (relative: string, content: string) => {
    site.write(relative, content);
    setMtime(relative, stampSeconds);
  };
  const passes = () => {
    const run = runCli(['synth'], site.root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  };
  /** Synth fails, with exactly these errors (their advice cut off). */
  const fails = (errors: string[]) => {
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n').slice(1);
    expect(lines.map((line) => line.trim().replace(/(in clear text)\..*$/, '$1'))).toEqual(errors);
  };

  beforeEach(() => {
    site = makeTempSite({ 'site.ts': siteSource([{ name: 'prod' }]), 'profiles/good.ts': PROFILE });
    stampSeconds = Math.floor(Date.now() / 1000) - 60;
    for (const relative of ['site.ts', 'profiles/good.ts']) setMtime(relative, stampSeconds);
    writeStamped('profiles/common/notes.md', CLEAN_NOTES);
    passes();
  });
  afterEach(() => site.remove());

  test('records every file found clean, with its size and mtime, and only files still listed', () => {
    const cache = readCache();
    expect(Object.keys(cache.files)).toEqual(['profiles/common/notes.md', 'profiles/good.ts', 'site.ts']);
    expect(cache.files['profiles/common/notes.md'].slice(1)).toEqual([CLEAN_NOTES.length, stampSeconds * 1000]);
    fs.rmSync(file('profiles/common/notes.md'));
    passes();
    expect(Object.keys(readCache().files)).toEqual(['profiles/good.ts', 'site.ts']);
  });

  test('records anew a file whose mtime alone moved, as a checkout leaves it', () => {
    setMtime('profiles/common/notes.md', stampSeconds - 30);
    passes();
    expect(readCache().files['profiles/common/notes.md'].slice(1)).toEqual([CLEAN_NOTES.length, (stampSeconds - 30) * 1000]);
  });

  test('reports a token added to a file found clean before', () => {
    site.write('profiles/good.ts', `${PROFILE}// ${TOKEN}\n`);
    fails(['profiles/good.ts:4: a Docker Hub personal access token is in clear text']);
  });

  test('reports a token on every run, and never records its file', () => {
    site.write('profiles/common/notes.md', notes(TOKEN));
    fails([LEAK]);
    expect(Object.keys(readCache().files)).toEqual(['profiles/good.ts', 'site.ts']);
    fails([LEAK]);
    site.write('profiles/common/notes.md', CLEAN_NOTES);
    passes();
    expect(Object.keys(readCache().files)).toContain('profiles/common/notes.md');
  });

  test('refuses a recorded file replaced by a symbolic link', () => {
    fs.rmSync(file('profiles/common/notes.md'));
    fs.symlinkSync('../good.ts', file('profiles/common/notes.md'));
    fails(['profiles/common/notes.md is a symbolic link; profiles/ holds regular files only: copy the file in instead']);
  });

  // Content rewritten to the same size, its mtime set back to the recorded one: only the racy
  // rule tells whether the stamp can be trusted.
  describe('a file with the recorded size and mtime', () => {
    beforeEach(() => writeStamped('profiles/common/notes.md', notes(TOKEN)));

    test('is read again when its mtime was within a second of the save: it may have changed since', () => {
      fs.utimesSync(cacheFile(), stampSeconds + 0.5, stampSeconds + 0.5);
      fails([LEAK]);
    });

    // The accepted trade-off, as with Git's index: a file is not read when its stamp is old
    // enough to be trusted, so a warm run spends nothing on unchanged files.
    test('is not read when its mtime was well before the save', () => {
      fs.utimesSync(cacheFile(), stampSeconds + 5, stampSeconds + 5);
      passes();
    });
  });

  test('ignores a cache that is garbage, torn, has one record that is not, or was written by other code', () => {
    const forged = readCache();
    writeStamped('profiles/common/notes.md', notes(TOKEN));
    const write = (cache: Cache | string) => fs.writeFileSync(cacheFile(), typeof cache === 'string' ? cache : JSON.stringify(cache));
    // The forged cache, as is, claims the file is clean: it would be believed.
    write(forged);
    passes();
    const text = JSON.stringify(forged);
    for (const cache of [
      'garbage',
      text.slice(0, text.length / 2),
      { ...forged, files: { ...forged.files, 'profiles/extra.md': null as unknown as CleanRecord } },
      { ...forged, code: 'f'.repeat(64) },
    ]) {
      write(cache);
      fails([LEAK]);
    }
  });

  test('does not fail when the cache cannot be written', () => {
    fs.rmSync(cacheFile());
    fs.mkdirSync(cacheFile());
    passes();
    passes();
    site.write('profiles/common/notes.md', notes(TOKEN));
    fails([LEAK]);
  });
});
