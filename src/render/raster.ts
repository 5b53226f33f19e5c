// Raster images (PNG, JPEG, GIF) read once for every pack: their pixel size, and whether the bytes
// are whole enough to draw. Each renderer checks an image here before embedding it, so a corrupt
// file becomes a diagnostic and a placeholder, never a crash inside a decoder (pdfkit's PNG decoder
// throws from a callback on bad data, which no caller can catch).

import { constants, crc32, inflateSync, deflateSync } from 'node:zlib';
import omggif from 'omggif';

export type RasterInfo = { ok: true; width: number; height: number } | { ok: false; problem: string };

/** Read a raster image of `mediaType` (as links.ts names it); undefined for other types (SVG). */
export function readRaster(data: Buffer, mediaType: string): RasterInfo | undefined {
  switch (mediaType) {
    case 'image/png':
      return readPng(data);
    case 'image/jpeg':
      return readJpeg(data);
    case 'image/gif':
      return readGif(data);
    default:
      return undefined;
  }
}

function problem(text: string): RasterInfo {
  return { ok: false, problem: text };
}

// ---- PNG: every chunk's checksum, and the pixel data inflated and its rows' filters checked -------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bits per sample allowed for each colour type, and the samples a pixel has. */
const PNG_COLOUR_TYPES: Readonly<Record<number, { depths: readonly number[]; samples: number }>> = {
  0: { depths: [1, 2, 4, 8, 16], samples: 1 },
  2: { depths: [8, 16], samples: 3 },
  3: { depths: [1, 2, 4, 8], samples: 1 },
  4: { depths: [8, 16], samples: 2 },
  6: { depths: [8, 16], samples: 4 },
};
/** Adam7's passes: first column and row, and steps. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

function readPng(data: Buffer): RasterInfo {
  if (data.length < 8 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return problem('not a PNG file');
  let pos = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlaced: boolean } | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (!ended) {
    if (pos + 12 > data.length) return problem('the file ends before its last chunk');
    const length = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (end > data.length) return problem(`the ${type} chunk runs past the end of the file`);
    if (crc32(data.subarray(pos + 4, pos + 8 + length)) !== data.readUInt32BE(pos + 8 + length)) return problem(`the ${type} chunk is damaged (its checksum does not match)`);
    const body = data.subarray(pos + 8, pos + 8 + length);
    if (!header && type !== 'IHDR') return problem('it does not start with a header chunk');
    if (type === 'IHDR') {
      if (length !== 13) return problem('its header chunk is damaged');
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, colour: body[9]!, interlaced: body[12] === 1 };
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    pos = end;
  }
  const { width, height, depth, colour, interlaced } = header!;
  const kind = PNG_COLOUR_TYPES[colour];
  if (width === 0 || height === 0 || !kind || !kind.depths.includes(depth)) return problem('its header gives no drawable size or colour type');
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return problem('its pixel data cannot be decompressed');
  }
  // Each row is a filter byte (0–4), then the row's bytes; interlaced images have a run of rows per pass.
  const bitsPerPixel = depth * kind.samples;
  const passes = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let at = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns <= 0 || rows <= 0) continue;
    const rowBytes = Math.ceil((columns * bitsPerPixel) / 8);
    for (let row = 0; row < rows; row++, at += 1 + rowBytes) {
      if (at + 1 + rowBytes > pixels.length) return problem('its pixel data is cut short');
      if (pixels[at]! > 4) return problem('its pixel data is damaged');
    }
  }
  return { ok: true, width, height };
}

// ---- JPEG: a frame header, then scan data, then the end marker ------------------------------------

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpeg(data: Buffer): RasterInfo {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return problem('not a JPEG file');
  let pos = 2;
  let size: { width: number; height: number } | undefined;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) return problem('its markers are damaged');
    const marker = data[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2; // markers without a length
      continue;
    }
    if (isStartOfFrame(marker) && pos + 9 <= data.length) size = { width: data.readUInt16BE(pos + 7), height: data.readUInt16BE(pos + 5) };
    if (marker === 0xda) {
      // Scan data follows; the image is whole when an end-of-image marker comes after it.
      if (!size || size.width === 0 || size.height === 0) return problem('it has no frame header before its scan data');
      return data.lastIndexOf(Buffer.from([0xff, 0xd9])) > pos ? { ok: true, ...size } : problem('the file is cut short');
    }
    if (marker === 0xd9) break;
    pos += 2 + data.readUInt16BE(pos + 2);
  }
  return problem('it has no image data');
}

// ---- GIF: the first frame decoded (an animated GIF is shown by its first frame where it cannot move) ----

type GifFrame = { width: number; height: number; rgba: Uint8Array } | { problem: string };

function decodeGifFrame(data: Buffer): GifFrame {
  try {
    const reader = new omggif.GifReader(data);
    if (reader.numFrames() === 0) return { problem: 'it has no frames' };
    if (reader.width === 0 || reader.height === 0) return { problem: 'its header gives no size' };
    const rgba = new Uint8Array(reader.width * reader.height * 4);
    reader.decodeAndBlitFrameRGBA(0, rgba);
    return { width: reader.width, height: reader.height, rgba };
  } catch {
    return { problem: 'its data cannot be decoded' };
  }
}

function readGif(data: Buffer): RasterInfo {
  const frame = decodeGifFrame(data);
  return 'problem' in frame ? problem(frame.problem) : { ok: true, width: frame.width, height: frame.height };
}

/**
 * A GIF's first frame as a PNG, for packs that take only PNG and JPEG (the PDF): transparent
 * pixels become white, the page's colour, so the PNG needs no alpha channel. Undefined when the
 * GIF cannot be decoded.
 */
export function gifFirstFrameAsPng(data: Buffer): Buffer | undefined {
  const frame = decodeGifFrame(data);
  if ('problem' in frame) return undefined;
  const { width, height, rgba } = frame;
  // Rows of filter byte 0 then RGB, each pixel laid on white by its alpha (0 or 255 in a GIF).
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = y * (1 + width * 3) + 1 + x * 3;
      const alpha = rgba[from + 3]! / 255;
      for (let channel = 0; channel < 3; channel++) rows[to + channel] = Math.round(rgba[from + channel]! * alpha + 255 * (1 - alpha));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
  return Buffer.concat([head, body, crc]);
}
