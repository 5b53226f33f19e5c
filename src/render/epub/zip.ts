// The EPUB's ZIP container, streamed: each entry is compressed (fflate) and written to the
// output as it is added, and the next waits for the output to drain, so memory holds one
// entry at a time, never the archive.

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

const MIMETYPE = 'application/epub+zip';
/** DOS timestamps start in 1980. */
const EARLIEST = Date.UTC(1980, 0, 1);

export class EpubArchive {
  private readonly zip: Zip;
  private readonly timestamp: Date;
  private failure: Error | undefined;
  private readonly done: Promise<void>;

  /** Every entry gets `modified` as its time, so the same pack gives the same bytes. */
  constructor(
    private readonly out: Writable,
    modified: Date,
  ) {
    // ZIP times are local times: a Date whose local fields are the UTC fields of `modified`
    // gives the same bytes in every time zone.
    const utc = new Date(Math.max(EARLIEST, modified.getTime()));
    this.timestamp = new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
    let finished!: () => void;
    this.done = new Promise((resolve) => (finished = resolve));
    this.zip = new Zip((error, chunk, final) => {
      if (error) this.failure ??= error;
      else out.write(chunk);
      if (final) finished();
    });
    // First, stored (not compressed), with no extra field: reading systems find the text at byte 38.
    this.add(new ZipPassThrough('mimetype'), Buffer.from(MIMETYPE, 'ascii'));
  }

  private add(entry: ZipPassThrough | ZipDeflate, bytes: Uint8Array): void {
    entry.mtime = this.timestamp;
    this.zip.add(entry);
    entry.push(bytes, true);
    if (this.failure) throw this.failure;
  }

  /** Add a file (text as UTF-8), deflated, then wait until the output can take more. */
  async file(name: string, content: string | Uint8Array): Promise<void> {
    this.add(new ZipDeflate(name, { level: 6 }), typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  /** Write the central directory and end the output. */
  async end(): Promise<void> {
    this.zip.end();
    await this.done;
    if (this.failure) throw this.failure;
    this.out.end();
  }
}
