// Image facts for layout: the pixel size of a PNG, JPEG or GIF, read and checked by the packs'
// one raster reader (a damaged file is a placeholder, never handed to pdfkit's decoders), or of
// an SVG, read from its root element once it is made safe, so the measuring pass can place
// figures without decoding them. pdfkit draws PNG and JPEG; SVGs are drawn as vectors.

import { readBytesIfReadable } from '../../io/files.js';
import { imageMediaType } from '../../markdown/links.js';
import { gifFirstFrameAsPng, readRaster } from '../raster.js';
import { safeSvg } from '../svg.js';

export type ImageInfo =
  | { ok: true; width: number; height: number; /** SVG to draw instead of the file: a sanitised SVG, or a GIF's first frame. */ svg?: string }
  | { ok: false; reason: 'unreadable' | 'unsupported' };

export function probeImage(path: string): ImageInfo {
  const data = readBytesIfReadable(path);
  if (data === undefined) return { ok: false, reason: 'unreadable' };
  const mediaType = imageMediaType(path);
  if (mediaType === 'image/svg+xml') {
    const svg = safeSvg(data.toString('utf8'));
    return svg ? { ok: true, width: svg.width, height: svg.height, svg: svg.svg } : { ok: false, reason: 'unsupported' };
  }
  const raster = mediaType ? readRaster(data, mediaType) : undefined;
  if (!raster) return { ok: false, reason: 'unsupported' };
  if (!raster.ok) return { ok: false, reason: 'unreadable' };
  if (mediaType !== 'image/gif') return raster;
  // pdfkit takes PNG and JPEG only: a GIF's first frame goes in as a PNG, drawn through the SVG
  // path (whose one raster element is embedded data), so the figure keeps its tags and size.
  const png = gifFirstFrameAsPng(data);
  if (!png) return { ok: false, reason: 'unreadable' };
  const { width, height } = raster;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return { ok: true, width, height, svg };
}
