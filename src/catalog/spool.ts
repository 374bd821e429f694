import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferedWriter, type Extent, WindowedReader } from '../io/buffered-file';
import type { CatalogProfile } from './render';

/**
 * Keeps the catalog's rendered profiles in a temporary file instead of memory while a synth
 * renders thousands of them: each profile's HTML and Markdown are appended as they are made and
 * read back, one at a time, when the catalog is written. The file has no name once it is open,
 * so nothing is left behind however the process ends; `close()` frees it.
 */
export class CatalogSpool {
  /** Opens a spool in a new temporary directory under `parent`. */
  static open(parent: string = os.tmpdir()): CatalogSpool {
    return new CatalogSpool(fs.mkdtempSync(path.join(parent, 'nnf-profiles-catalog-')));
  }

  private readonly fd: number;
  private readonly writer: BufferedWriter;
  private readonly reader: WindowedReader;

  /** The temporary directory, while the system keeps the file's name (Windows does). */
  private dir?: string;

  private constructor(dir: string) {
    this.fd = fs.openSync(path.join(dir, 'profiles'), 'w+', 0o600);
    this.writer = new BufferedWriter(this.fd);
    this.reader = new WindowedReader(this.fd);
    try {
      fs.unlinkSync(path.join(dir, 'profiles'));
      fs.rmdirSync(dir);
    } catch {
      this.dir = dir;
    }
  }

  /** Moves `profile`'s texts to the file; the profile returned reads them back when asked. */
  add(profile: CatalogProfile): CatalogProfile {
    const html = this.writer.write(profile.html);
    const markdown = this.writer.write(profile.markdown);
    const read = (extent: Extent) => this.read(extent);
    return {
      name: profile.name,
      get html() {
        return read(html);
      },
      get markdown() {
        return read(markdown);
      },
    };
  }

  close(): void {
    fs.closeSync(this.fd);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private read({ offset, length }: Extent): string {
    this.writer.flush();
    const bytes = this.reader.read(offset, length);
    if (bytes.length !== length) throw new Error(`the catalog's temporary file ended early at byte ${offset + bytes.length} of ${offset + length}`);
    return bytes.toString('utf8');
  }
}
