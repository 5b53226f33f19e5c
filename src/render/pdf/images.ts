// Image facts for layout: the pixel size of a PNG or JPEG, read from its header, or of an SVG,
// read from its root element once it is made safe, so the measuring pass can place figures
// without decoding them. pdfkit decodes rasters when drawing; SVGs are drawn as vectors.

import { readBytesIfReadable } from '../../io/files.js';
import { imageMediaType } from '../../markdown/links.js';
import { safeSvg } from '../svg.js';

export type ImageInfo =
  | { ok: true; width: number; height: number; /** The sanitised SVG, for an SVG figure. */ svg?: string }
  | { ok: false; reason: 'unreadable' | 'unsupported' };

export function probeImage(path: string): ImageInfo {
  const data = readBytesIfReadable(path);
  if (data === undefined) return { ok: false, reason: 'unreadable' };
  if (imageMediaType(path) === 'image/svg+xml') {
    const svg = safeSvg(data.toString('utf8'));
    return svg ? { ok: true, width: svg.width, height: svg.height, svg: svg.svg } : { ok: false, reason: 'unsupported' };
  }
  return pngSize(data) ?? jpegSize(data) ?? { ok: false, reason: 'unsupported' };
}
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(data: Buffer): ImageInfo | undefined {
  if (data.length < 24 || PNG_SIGNATURE.some((byte, i) => data[i] !== byte)) return undefined;
  if (data.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  return width > 0 && height > 0 ? { ok: true, width, height } : undefined;
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(data: Buffer): ImageInfo | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 9 < data.length) {
    if (data[pos] !== 0xff) return undefined;
    const marker = data[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2; // markers without a length
      continue;
    }
    if (isStartOfFrame(marker)) {
      const height = data.readUInt16BE(pos + 5);
      const width = data.readUInt16BE(pos + 7);
      return width > 0 && height > 0 ? { ok: true, width, height } : undefined;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame
    pos += 2 + data.readUInt16BE(pos + 2);
  }
  return undefined;
}
