// A small ZIP reader for the EPUB tests, independent of the writer (fflate): it reads the
// central directory and each local header by hand and inflates with node:zlib.

import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header in the archive. */
  offset: number;
  /** Extra field length in the local header and in the central directory record. */
  localExtraLength: number;
  centralExtraLength: number;
  /** Where the entry's data begins. */
  dataOffset: number;
}

export interface ZipArchive {
  entries: ZipEntry[];
  read(name: string): Buffer;
  text(name: string): string;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export function readZip(archive: Buffer): ZipArchive {
  let end = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
    if (archive.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end === -1) throw new Error('not a ZIP archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (archive.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`bad central directory record at ${at}`);
    const nameLength = archive.readUInt16LE(at + 28);
    const centralExtraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const offset = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    if (archive.readUInt32LE(offset) !== LOCAL_HEADER) throw new Error(`bad local header for ${name}`);
    const localNameLength = archive.readUInt16LE(offset + 26);
    const localExtraLength = archive.readUInt16LE(offset + 28);
    entries.push({
      name,
      method: archive.readUInt16LE(at + 10),
      flags: archive.readUInt16LE(at + 8),
      crc: archive.readUInt32LE(at + 16),
      compressedSize: archive.readUInt32LE(at + 20),
      size: archive.readUInt32LE(at + 24),
      offset,
      localExtraLength,
      centralExtraLength,
      dataOffset: offset + 30 + localNameLength + localExtraLength,
    });
    at += 46 + nameLength + centralExtraLength + commentLength;
  }
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const read = (name: string): Buffer => {
    const entry = byName.get(name);
    if (!entry) throw new Error(`no entry ${name} in the archive`);
    const data = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    const bytes = entry.method === 0 ? Buffer.from(data) : entry.method === 8 ? inflateRawSync(data) : undefined;
    if (!bytes) throw new Error(`${name}: compression method ${entry.method}`);
    if (bytes.length !== entry.size) throw new Error(`${name}: ${bytes.length} bytes, the directory says ${entry.size}`);
    if (crc32(bytes) !== entry.crc) throw new Error(`${name}: CRC does not match the directory`);
    return bytes;
  };
  return { entries, read, text: (name) => read(name).toString('utf8') };
}
