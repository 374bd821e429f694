import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers/temp-site';

// semver is what npm itself judges `engines` with (through npm-install-checks); jest and ts-jest
// bring it, and it has no types of its own here.
const semver = require('semver') as {
  subset(sub: string, dom: string, options?: { includePrerelease?: boolean }): boolean;
  validRange(range: string): string | null;
};

/**
 * The Node.js versions the README's "Set up" tells people to use, as ranges: "24" is every 24.x,
 * "22.12" every 22.x from 22.12 on. They are the first numbers after "Node.js" in that section.
 */
function readmeNodeVersions(): Array<{ named: string; range: string }> {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const setUp = /^## Set up\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (setUp === undefined) throw new Error('README.md has no "## Set up" section');
  const sentence = /Node\.js (\d+(?:\.\d+)*(?:(?:, | or | and )\d+(?:\.\d+)*)*)/.exec(setUp)?.[1];
  if (sentence === undefined) throw new Error('README.md\'s "Set up" names no Node.js version ("Node.js 24 or 22")');
  return sentence.split(/, | or | and /).map((named) => {
    const [major, minor = '0', patch = '0'] = named.split('.');
    return { named, range: `^${major}.${minor}.${patch}` };
  });
}

interface LockEntry {
  readonly version?: string;
  readonly engines?: Record<string, string> | string[];
  readonly optional?: boolean;
  readonly os?: string[];
}

describe('the Node.js versions the README names', () => {
  const versions = readmeNodeVersions();
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };

  test('are maintained LTS lines, not Node.js 20 (end of life in April 2026) or older', () => {
    expect(versions.length).toBeGreaterThan(0);
    for (const { named } of versions) expect(Number(named.split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  test("are what package.json's engines says is tested", () => {
    const engines = pkg.engines?.node;
    expect(engines && semver.validRange(engines)).toBeTruthy();
    for (const { named, range } of versions) expect([named, semver.subset(range, engines!)]).toEqual([named, true]);
  });

  // `npm ci` warns EBADENGINE about every package whose engines.node leaves out the running
  // Node.js: on what the README names it must not.
  test("satisfy every locked package's engines.node, so npm ci prints no EBADENGINE", () => {
    const refusing: string[] = [];
    let checked = 0;
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (where === '') continue; // the project itself: package.json, above
      const engines = entry.engines;
      const node = Array.isArray(engines) ? undefined : engines?.node;
      if (node === undefined) continue;
      checked++;
      for (const { named, range } of versions) {
        if (!semver.subset(range, node, { includePrerelease: true }))
          refusing.push(`${where}@${entry.version}: engines.node "${node}" leaves out Node.js ${named}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(refusing).toEqual([]);
  });
});
