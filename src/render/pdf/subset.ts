// A TrueType subset written as fontkit's TTFSubset.encode writes it, byte for byte, straight
// from the font file. fontkit decodes each table it copies into objects (fpgm, prep and cvt as
// arrays of numbers) and encodes them again value by value through restructure, which costs
// more than the rest of embedding a font; here they are copied, and only what a subset changes
// is written anew: the glyphs and their offsets and metrics, and the counts in head, hhea, maxp.
// A test checks the bytes against fontkit's for every face hub embeds.

/** The subset as pdfkit's embedded font holds it: glyph ids in subset order, and how to add one. */
export interface SubsetGlyphs {
  readonly glyphs: readonly number[];
  includeGlyph(glyph: number): number;
}

interface Table {
  offset: number;
  length: number;
}

/** Composite glyph flags (OpenType glyf table). */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
/** macStyle bits fontkit knows (bold … extended): the others do not survive its decoding. */
const MAC_STYLE_KNOWN = 0x7f;

/**
 * The font file of the subset, or undefined for a font this encoder does not cover (not
 * TrueType outlines, or a table laid out otherwise than fontkit assumes): fontkit then encodes it.
 */
export function encodeTrueTypeSubset(file: Uint8Array, subset: SubsetGlyphs): Uint8Array | undefined {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tables = tableDirectory(view);
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const maxp = tables.get('maxp');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  const hmtx = tables.get('hmtx');
  if (!head || head.length < 54 || !hhea || hhea.length < 36 || !maxp || maxp.length < 32 || !loca || !glyf || !hmtx) return undefined;
  if (view.getUint32(maxp.offset) !== 0x00010000) return undefined;
  const longOffsets = view.getInt16(head.offset + 50) === 1;
  const numberOfMetrics = view.getUint16(hhea.offset + 34);
  const locaAt = (gid: number): number => (longOffsets ? view.getUint32(loca.offset + 4 * gid) : view.getUint16(loca.offset + 2 * gid) * 2);

  // The glyphs, as fontkit's _addGlyph takes them: composites name their components by subset id.
  const outlines: Uint8Array[] = [];
  const offsets: number[] = [];
  const metrics: number[] = [];
  let offset = 0;
  for (let index = 0; index < subset.glyphs.length; index++) {
    const gid = subset.glyphs[index]!;
    const start = locaAt(gid);
    const end = locaAt(gid + 1);
    let outline: Uint8Array = file.subarray(glyf.offset + start, glyf.offset + end);
    if (end - start >= 10 && view.getInt16(glyf.offset + start) < 0) {
      outline = Uint8Array.from(outline);
      const components = new DataView(outline.buffer);
      for (let at = 10, flags = MORE_COMPONENTS; flags & MORE_COMPONENTS; ) {
        flags = components.getUint16(at);
        components.setUint16(at + 2, subset.includeGlyph(components.getUint16(at + 2)));
        at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) at += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
      }
    }
    outlines.push(outline);
    offsets.push(offset);
    offset += outline.length;
    // fontkit's _getTableMetrics: glyphs past the last long metric share its advance.
    const metric = Math.min(gid, numberOfMetrics - 1);
    metrics.push(numberOfMetrics > 0 ? view.getUint16(hmtx.offset + 4 * metric) : 0);
    metrics.push(gid < numberOfMetrics ? view.getInt16(hmtx.offset + 4 * gid + 2) : leftBearing(view, hmtx, numberOfMetrics, gid));
  }
  offsets.push(offset);

  const count = outlines.length;
  const parts: { tag: string; bytes: Uint8Array }[] = [];
  const headBytes = Uint8Array.from(file.subarray(head.offset, head.offset + 54));
  const headView = new DataView(headBytes.buffer);
  headView.setUint16(44, headView.getUint16(44) & MAC_STYLE_KNOWN);
  parts.push({ tag: 'head', bytes: headBytes });
  const hheaBytes = Uint8Array.from(file.subarray(hhea.offset, hhea.offset + 36));
  hheaBytes.fill(0, 24, 32); // four reserved int16s, written as zeros
  new DataView(hheaBytes.buffer).setUint16(34, count);
  parts.push({ tag: 'hhea', bytes: hheaBytes });
  const locaBytes = new Uint8Array(offsets.length * (longOffsets ? 4 : 2));
  const locaView = new DataView(locaBytes.buffer);
  offsets.forEach((at, i) => (longOffsets ? locaView.setUint32(4 * i, at) : locaView.setUint16(2 * i, at >>> 1)));
  parts.push({ tag: 'loca', bytes: locaBytes });
  const maxpBytes = Uint8Array.from(file.subarray(maxp.offset, maxp.offset + 32));
  new DataView(maxpBytes.buffer).setUint16(4, count);
  parts.push({ tag: 'maxp', bytes: maxpBytes });
  // cvt holds int16s: an odd last byte does not survive fontkit's decoding.
  const cvt = tables.get('cvt ');
  if (cvt) parts.push({ tag: 'cvt ', bytes: file.subarray(cvt.offset, cvt.offset + (cvt.length & ~1)) });
  const prep = tables.get('prep');
  if (prep) parts.push({ tag: 'prep', bytes: file.subarray(prep.offset, prep.offset + prep.length) });
  const glyfBytes = new Uint8Array(offset);
  outlines.reduce((at, outline) => (glyfBytes.set(outline, at), at + outline.length), 0);
  parts.push({ tag: 'glyf', bytes: glyfBytes });
  const hmtxBytes = new Uint8Array(2 * metrics.length);
  const hmtxView = new DataView(hmtxBytes.buffer);
  metrics.forEach((value, i) => (i % 2 === 0 ? hmtxView.setUint16(2 * i, value) : hmtxView.setInt16(2 * i, value)));
  parts.push({ tag: 'hmtx', bytes: hmtxBytes });
  const fpgm = tables.get('fpgm');
  if (fpgm) parts.push({ tag: 'fpgm', bytes: file.subarray(fpgm.offset, fpgm.offset + fpgm.length) });
  return directoryAndTables(parts);
}

/** A font file as restructure lays out fontkit's Directory: 'true', the table records (checksums 0), then each table, unpadded. */
function directoryAndTables(parts: readonly { tag: string; bytes: Uint8Array }[]): Uint8Array {
  const header = 12 + 16 * parts.length;
  const out = new Uint8Array(header + parts.reduce((sum, part) => sum + part.bytes.length, 0));
  const view = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(parts.length));
  writeTag(out, 0, 'true');
  view.setUint16(4, parts.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, parts.length * 16 - power * 16);
  let at = header;
  parts.forEach(({ tag, bytes }, index) => {
    const record = 12 + 16 * index;
    writeTag(out, record, tag);
    view.setUint32(record + 8, at);
    view.setUint32(record + 12, bytes.length);
    out.set(bytes, at);
    at += bytes.length;
  });
  return out;
}

function writeTag(out: Uint8Array, at: number, tag: string): void {
  for (let i = 0; i < 4; i++) out[at + i] = tag.charCodeAt(i);
}

/** A glyph's left side bearing past the long metrics (0 past the end of the table, as fontkit reads it). */
function leftBearing(view: DataView, hmtx: Table, numberOfMetrics: number, gid: number): number {
  const at = 4 * numberOfMetrics + 2 * (gid - numberOfMetrics);
  return at + 2 <= hmtx.length ? view.getInt16(hmtx.offset + at) : 0;
}

function tableDirectory(view: DataView): Map<string, Table> {
  const tables = new Map<string, Table>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(view.getUint8(record), view.getUint8(record + 1), view.getUint8(record + 2), view.getUint8(record + 3));
    tables.set(tag, { offset: view.getUint32(record + 8), length: view.getUint32(record + 12) });
  }
  return tables;
}
