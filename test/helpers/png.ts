// PNG files made by hand for tests: the bytes of each chunk as the specification lays them out.

import { crc32, deflateSync } from 'node:zlib';

/** A PNG file: 8-bit samples, `channels` of them per pixel (colour type 6: RGBA, 4: grey and alpha), rows already filtered. */
export function pngFile(width: number, height: number, colourType: 4 | 6, filteredRows: Buffer): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colourType, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(filteredRows)), chunk('IEND', Buffer.alloc(0))]);
}

