import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CatalogSpool } from '../../src/catalog/spool';

describe('CatalogSpool', () => {
  let parent: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-spool-test-'));
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  test('keeps texts in a nameless file and gives them back, as often as asked', () => {
    const spool = CatalogSpool.open(parent);
    const profiles = Array.from({ length: 300 }, (_, i) => ({
      name: `p${i}`,
      html: `<article>${'x'.repeat(i * 37)} µ ${i}</article>`,
      markdown: `### p${i} — ${'y'.repeat(i * 11)}`,
    }));
    // Nameless from the start: a process killed meanwhile leaves nothing behind.
    expect(fs.readdirSync(parent)).toEqual([]);
    const spooled = profiles.map((p) => spool.add(p));
    // Two million bytes or so: far more than one read window.
    expect(profiles.reduce((sum, p) => sum + p.html.length + p.markdown.length, 0)).toBeGreaterThan(1_000_000);
    for (const i of [299, 0, 150, 151, 0]) {
      expect({ name: spooled[i].name, html: spooled[i].html, markdown: spooled[i].markdown }).toEqual(profiles[i]);
    }
    spool.close();
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
