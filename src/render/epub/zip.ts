// The EPUB's ZIP container, streamed: each entry is compressed (fflate) and written to the
// output as it is added, and the next waits for the output to drain, so memory holds one
// entry at a time, never the archive.

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { deflateSync, Zip, type ZipInputFile } from 'fflate';

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
    this.add('mimetype', Buffer.from(MIMETYPE, 'ascii'), false);
  }

  /**
   * One entry, compressed whole. The archive keeps each entry's description until it writes the
   * central directory, so the description is a few plain fields, not a compressor with its buffers.
   */
  private add(filename: string, bytes: Buffer, deflate: boolean): void {
    const entry: ZipInputFile = { filename, size: bytes.length, crc: crc32(bytes), compression: deflate ? 8 : 0, mtime: this.timestamp };
    this.zip.add(entry);
    // Hub's buffers are never shared memory, which is all the cast rules out.
    const data = (deflate ? deflateSync(bytes, { level: 6 }) : bytes) as Uint8Array<ArrayBuffer>;
    entry.ondata!(null, data, true);
    if (this.failure) throw this.failure;
  }

  /** Add a file (text as UTF-8), deflated, then wait until the output can take more. */
  async file(name: string, content: string | Buffer): Promise<void> {
    this.add(name, typeof content === 'string' ? Buffer.from(content, 'utf8') : content, true);
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
