import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferedWriter, WindowedReader } from '../../src/io/buffered-file';

describe('BufferedWriter and WindowedReader', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-io-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Texts of every size around the 256 KiB chunk, with characters of one to four UTF-8 bytes.
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.tuple(fc.constantFrom('a', 'é', '€', '𝄞'), fc.integer({ min: 1, max: 140_000 })).map(([c, n]) => c.repeat(n)),
  );

  test('what is written reads back at the offsets the writer gave, in any order', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), fc.func(fc.integer()), (texts, order) => {
        const file = path.join(dir, 'f');
        const fd = fs.openSync(file, 'w+');
        try {
          const writer = new BufferedWriter(fd);
          const extents = texts.map((t) => writer.write(t));
          writer.flush();
          expect(fs.statSync(file).size).toBe(writer.position);
          expect(fs.readFileSync(file, 'utf8')).toBe(texts.join(''));
          const reader = new WindowedReader(fd);
          const indexes = texts.map((_, i) => i).sort((a, b) => order(a) - order(b));
          for (const i of indexes) {
            expect(reader.read(extents[i].offset, extents[i].length).toString('utf8')).toBe(texts[i]);
          }
        } finally {
          fs.closeSync(fd);
        }
      }),
      { numRuns: 40 },
    );
  });

  test('a read past the end of the file returns what there is', () => {
    const file = path.join(dir, 'f');
    fs.writeFileSync(file, 'abc');
    const fd = fs.openSync(file, 'r');
    try {
      expect(new WindowedReader(fd).read(1, 10).toString()).toBe('bc');
    } finally {
      fs.closeSync(fd);
    }
  });
});
