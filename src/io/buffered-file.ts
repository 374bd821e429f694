import * as fs from 'node:fs';

/** Bytes moved per system call: thousands of small texts go in a few hundred reads or writes. */
const CHUNK = 256 * 1024;

/** Where bytes lie in a file. */
export interface Extent {
  readonly offset: number;
  readonly length: number;
}

/** Appends texts to an open file as UTF-8, a chunk at a time. */
export class BufferedWriter {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private appended = 0;

  constructor(private readonly fd: number) {}

  /** Appends `text` and returns where its bytes start and how many there are. */
  write(text: string): Extent {
    const length = Buffer.byteLength(text, 'utf8');
    if (this.used + length > this.buffer.length) this.flush();
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(length);
    this.buffer.write(text, this.used, 'utf8');
    this.used += length;
    const offset = this.appended;
    this.appended += length;
    return { offset, length };
  }

  /** Bytes appended so far, written or still buffered. */
  get position(): number {
    return this.appended;
  }

  flush(): void {
    for (let done = 0; done < this.used; ) done += fs.writeSync(this.fd, this.buffer, done, this.used - done);
    this.used = 0;
  }
}

/** Reads ranges of an open file through a window of one chunk, so that nearby reads cost no system call. */
export class WindowedReader {
  private window = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private end = 0;

  constructor(private readonly fd: number) {}

  /**
   * The bytes at `offset`, `length` of them, or fewer at the end of the file. The buffer is
   * the reader's own: use it before the next read.
   */
  read(offset: number, length: number): Buffer {
    if (offset < this.start || offset + length > this.end) {
      if (length > this.window.length) this.window = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < this.window.length) {
        const n = fs.readSync(this.fd, this.window, filled, this.window.length - filled, offset + filled);
        if (n === 0) break;
        filled += n;
      }
      this.start = offset;
      this.end = offset + filled;
    }
    return this.window.subarray(offset - this.start, Math.min(offset + length, this.end) - this.start);
  }
}
