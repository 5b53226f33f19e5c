// The PDF page a publisher signs off, checked by machine on the file itself: fonts without an
// incomplete CIDSet, outline counts, list numbering, notes, nested contents and captions (read
// with qpdf's JSON), the same bytes whatever order images decode in, dot leaders to
// right-aligned page numbers and code that never runs past its box (read with pdfjs).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { samplePack } from './fixtures/pdf/papers.js';
import { packOf, pieceOf, readPdf, renderToBytes, unmarkedPainting, type PdfRead } from './helpers/pdf.js';
import { pngFile } from './helpers/png.js';
import { fontPath } from '../src/render/pdf/fonts.js';
import { FACES, THEME } from '../src/render/pdf/theme.js';

const work = mkdtempSync(join(tmpdir(), 'hub-pdf-page-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type QpdfObject = { value?: Record<string, unknown> };
interface Qpdf {
  objects: Map<string, Record<string, unknown>>;
  trailerRoot: Record<string, unknown>;
}

/** The PDF's objects as qpdf reads them (an independent parser from pdfjs and pdfkit). */
function qpdfJson(bytes: Buffer): Qpdf {
  const file = join(work, `q-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { maxBuffer: 1 << 28 }).toString()) as { qpdf: [unknown, Record<string, QpdfObject>] };
  const objects = new Map<string, Record<string, unknown>>();
  for (const [key, object] of Object.entries(json.qpdf[1])) {
    if (key.startsWith('obj:') && object.value && typeof object.value === 'object') objects.set(key.slice(4), object.value);
  }
  const trailer = json.qpdf[1]['trailer'] as { value: { '/Root': string } };
  return { objects, trailerRoot: objects.get(trailer.value['/Root'])! };
}

function deref(pdf: Qpdf, value: unknown): Record<string, unknown> {
  return (typeof value === 'string' && pdf.objects.get(value)) || (value as Record<string, unknown>);
}

/** A tiny RGBA PNG (alpha makes pdfkit decode it asynchronously), of `size` pixels square. */
function rgbaPng(size: number, shade: number): Buffer {
  const row = Buffer.alloc(1 + size * 4);
  for (let x = 0; x < size; x++) row.set([shade, (x * 7) % 256, 255 - shade, x % 2 ? 255 : 128], 1 + x * 4);
  return pngFile(size, size, 6, Buffer.concat(Array.from({ length: size }, () => row)));
}

/** `pixels` (rows of `stride` bytes, `bpp` bytes a pixel) with PNG's row filters applied, row r using filter r mod 5 (ISO 15948, 9.2). */
function filterRows(pixels: Uint8Array, stride: number, bpp: number): Buffer {
  const rows = pixels.length / stride;
  const out = Buffer.alloc(rows * (stride + 1));
  for (let row = 0; row < rows; row++) {
    const filter = row % 5;
    out[row * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const at = row * stride + i;
      const left = i < bpp ? 0 : pixels[at - bpp]!;
      const up = row === 0 ? 0 : pixels[at - stride]!;
      const upLeft = row === 0 || i < bpp ? 0 : pixels[at - stride - bpp]!;
      const estimate = left + up - upLeft;
      const paeth = Math.abs(estimate - left) <= Math.abs(estimate - up) && Math.abs(estimate - left) <= Math.abs(estimate - upLeft) ? left : Math.abs(estimate - up) <= Math.abs(estimate - upLeft) ? up : upLeft;
      const predicted = [0, left, up, (left + up) >> 1, paeth][filter]!;
      out[row * (stride + 1) + 1 + i] = (pixels[at]! - predicted) & 0xff;
    }
  }
  return out;
}

let sample: Buffer;
let sampleQpdf: Qpdf;
let sampleRead: PdfRead;

beforeAll(async () => {
  sample = (await renderToBytes(samplePack())).bytes;
  sampleQpdf = qpdfJson(sample);
  sampleRead = await readPdf(sample, { structure: true });
}, 60_000);

describe('PDF/UA structure', () => {
  test('no font carries a CIDSet, so none can list fewer glyphs than its subset holds', () => {
    const descriptors = [...sampleQpdf.objects.values()].filter((object) => object['/Type'] === '/FontDescriptor');
    expect(descriptors.length).toBeGreaterThanOrEqual(4);
    for (const descriptor of descriptors) {
      expect(descriptor['/CIDSet']).toBeUndefined();
      expect(descriptor['/FontFile2']).toBeDefined();
    }
  });

  test("each font's descriptor gives the font file's own italic angle and fixed pitch", () => {
    // Read from the file's post table here, apart from fontkit (which hub lets skip the table's glyph names).
    const postHeaders = new Map(
      FACES.map((face) => {
        const file = readFileSync(fontPath(face));
        let post = 0;
        for (let record = 12; record < 12 + 16 * file.readUInt16BE(4); record += 16) if (file.toString('latin1', record, record + 4) === 'post') post = file.readUInt32BE(record + 8);
        return [basename(fontPath(face), '.ttf'), { italicAngle: file.readInt32BE(post + 4) / 65536, fixedPitch: file.readUInt32BE(post + 12) !== 0 }];
      }),
    );
    const descriptors = [...sampleQpdf.objects.values()].filter((object) => object['/Type'] === '/FontDescriptor');
    const seen = descriptors.map((descriptor) => {
      const header = postHeaders.get(String(descriptor['/FontName']).replace(/^\/[A-Z]{6}\+/, ''));
      expect(header, String(descriptor['/FontName'])).toBeDefined();
      expect(descriptor['/ItalicAngle']).toBe(header!.italicAngle);
      expect((descriptor['/Flags'] as number) & 1).toBe(header!.fixedPitch ? 1 : 0); // FixedPitch, ISO 32000-1 table 123
      return header!;
    });
    // The sample draws italics and code, so both kinds are checked.
    expect(seen.some((header) => header.italicAngle !== 0)).toBe(true);
    expect(seen.some((header) => header.fixedPitch)).toBe(true);
  });

  test('the outline counts its open items: pieces open, their headings folded', () => {
    const outlines = deref(sampleQpdf, sampleQpdf.trailerRoot['/Outlines']);
    const children = (item: Record<string, unknown>): Record<string, unknown>[] => {
      const found: Record<string, unknown>[] = [];
      for (let at = item['/First']; at; at = deref(sampleQpdf, at)['/Next']) found.push(deref(sampleQpdf, at));
      return found;
    };
    const top = children(outlines);
    const visibleUnderTop = top.reduce((sum, item) => sum + children(item).length, 0);
    expect(outlines['/Count']).toBe(top.length + visibleUnderTop);
    let folded = 0;
    for (const item of top) {
      const kids = children(item);
      if (kids.length > 0) expect(item['/Count']).toBe(kids.length);
      for (const kid of kids) {
        const grandchildren = children(kid);
        if (grandchildren.length === 0) continue;
        folded++;
        expect(kid['/Count']).toBeLessThan(0);
        expect(Math.abs(kid['/Count'] as number)).toBeGreaterThanOrEqual(grandchildren.length);
      }
    }
    expect(folded).toBeGreaterThan(0);
  });

  const elements = (pdf: Qpdf, role: string): Record<string, unknown>[] => [...pdf.objects.values()].filter((object) => object['/S'] === `/${role}`);
  const kids = (pdf: Qpdf, element: Record<string, unknown>): Record<string, unknown>[] => {
    const k = element['/K'];
    const list = Array.isArray(k) ? k : k === undefined ? [] : [k];
    return list.map((child) => deref(pdf, child)).filter((child) => child && typeof child === 'object' && '/S' in child);
  };

  test('lists say how they are numbered: Decimal when ordered, the bullet shape when not', () => {
    const numbering = elements(sampleQpdf, 'L').map((list) => (deref(sampleQpdf, list['/A']) as Record<string, unknown> | undefined)?.['/ListNumbering']);
    expect(numbering.length).toBeGreaterThan(2);
    expect(numbering).toContain('/Decimal');
    expect(numbering).toContain('/Disc');
    expect(numbering).toContain('/Circle');
    expect(numbering.every((value) => ['/Decimal', '/Disc', '/Circle', '/Square'].includes(value as string))).toBe(true);
  });

  test('notes are Note elements with IDs, listed in the IDTree, and their markers link to them', () => {
    const notes = elements(sampleQpdf, 'Note');
    expect(notes.length).toBeGreaterThan(0);
    const ids = notes.map((note) => note['/ID']);
    for (const id of ids) expect(typeof id).toBe('string');
    expect(new Set(ids).size).toBe(ids.length);
    const tree = deref(sampleQpdf, deref(sampleQpdf, sampleQpdf.trailerRoot['/StructTreeRoot'])['/IDTree']);
    const names = (tree['/Names'] as unknown[]).filter((_, index) => index % 2 === 0);
    expect(names.sort()).toEqual([...ids].sort());
    const marked = sampleRead.links.flat().filter((link) => link.dest?.includes('--note-'));
    expect(marked.length).toBeGreaterThanOrEqual(notes.length);
  });

  test('the contents nests sections in their piece, each entry a Reference holding its Link', () => {
    const [toc] = elements(sampleQpdf, 'TOC').filter((element) => deref(sampleQpdf, element['/P'])['/S'] !== '/TOCI');
    const pieces = kids(sampleQpdf, toc!);
    expect(pieces.every((item) => item['/S'] === '/TOCI')).toBe(true);
    let nested = 0;
    for (const item of pieces) {
      const parts = kids(sampleQpdf, item);
      expect(parts[0]!['/S']).toBe('/Reference');
      expect(kids(sampleQpdf, parts[0]!)[0]!['/S']).toBe('/Link');
      const sub = parts.find((part) => part['/S'] === '/TOC');
      if (sub) {
        nested++;
        for (const section of kids(sampleQpdf, sub)) expect(kids(sampleQpdf, section)[0]!['/S']).toBe('/Reference');
      }
    }
    expect(nested).toBeGreaterThan(0);
  });

  test('a figure with a title has its Caption inside the Figure', () => {
    const captioned = elements(sampleQpdf, 'Figure').filter((figure) => kids(sampleQpdf, figure).some((child) => child['/S'] === '/Caption'));
    expect(captioned.length).toBeGreaterThan(0);
    for (const figure of captioned) expect(figure['/Alt']).toBeDefined();
  });
});

describe('determinism', () => {
  test('the same bytes whatever order pdfkit finishes decoding the images in', async () => {
    const figures = [420, 420, 420, 420, 420, 420, 420, 420].map((size, index) => {
      const path = join(work, `figure-${index}.png`);
      writeFileSync(path, rgbaPng(size, index * 40));
      return `![Figure ${index}](${path} "Figure ${index}")`;
    });
    const pack = () => packOf([pieceOf({ slug: 'figures', title: 'Figures', body: figures.join('\n\nSome text between figures.\n\n') })]);
    const first = (await renderToBytes(pack())).bytes;
    for (let run = 0; run < 3; run++) expect((await renderToBytes(pack())).bytes.equals(first)).toBe(true);
  }, 60_000);
});

describe('figures with transparency', () => {
  test('a PNG with an alpha channel keeps every pixel: colours in the image, alpha in its soft mask, whatever the row filters', async () => {
    const width = 37;
    const height = 23;
    // Values that make every filter's arithmetic wrap around and every Paeth branch be taken.
    const sample = (x: number, y: number, channel: number): number => (x * 71 + y * 113 + channel * 59 + ((x * y) % 7) * 31) & 0xff;
    const cases = ([6, 4] as const).map((colourType) => {
      const channels = colourType === 6 ? 4 : 2;
      const pixels = new Uint8Array(width * height * channels);
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) pixels[(y * width + x) * channels + c] = sample(x, y, c);
      const path = join(work, `filters-${colourType}.png`);
      writeFileSync(path, pngFile(width, height, colourType, filterRows(pixels, width * channels, channels)));
      const colour = pixels.filter((_, i) => i % channels !== channels - 1);
      const alpha = pixels.filter((_, i) => i % channels === channels - 1);
      return { path, colour: Buffer.from(colour), alpha: Buffer.from(alpha) };
    });
    const body = cases.map(({ path }, index) => `![Filtered ${index}](${path})`).join('\n\nBetween the figures.\n\n');
    const { bytes, warnings } = await renderToBytes(packOf([pieceOf({ slug: 'filters', title: 'Filters', body })]));
    expect(warnings).toEqual([]);
    const file = join(work, 'filters.pdf');
    writeFileSync(file, bytes);
    const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', file], { maxBuffer: 1 << 28 }).toString()) as {
      qpdf: [unknown, Record<string, { stream?: { dict: Record<string, unknown>; data?: string } }>];
    };
    const streams = json.qpdf[1];
    const images = Object.values(streams).filter(({ stream }) => stream?.dict['/Subtype'] === '/Image' && stream.dict['/SMask'] !== undefined);
    const decoded = images.map(({ stream }) => ({
      colour: Buffer.from(stream!.data!, 'base64'),
      alpha: Buffer.from(streams[`obj:${stream!.dict['/SMask'] as string}`]!.stream!.data!, 'base64'),
    }));
    expect(decoded).toHaveLength(2);
    for (const expected of cases) expect(decoded.some(({ colour, alpha }) => colour.equals(expected.colour) && alpha.equals(expected.alpha))).toBe(true);
  }, 60_000);
});

describe('contents and code', () => {
  test('contents entries have dot leaders (artifacts) to page numbers aligned on the right', () => {
    const page = sampleRead.boxes[1]!;
    const numbers = page.filter((box) => /^\d+$/.test(box.str));
    expect(numbers.length).toBeGreaterThan(5);
    const right = numbers.map((box) => box.x + box.width);
    for (const edge of right) expect(edge).toBeCloseTo(right[0]!, 0);
    expect(right[0]).toBeLessThanOrEqual(THEME.margins.left + THEME.measure + 0.5);
    // leaders are drawn, but are not text: every contents line's dots are in the artifacts
    expect(sampleRead.artifacts[1]).toMatch(/(\. ){5,}/);
    expect(sampleRead.pages[1]).not.toMatch(/\. \. \./);
  });

  test('long code lines wrap at a space or punctuation with a continuation mark, inside the margins', async () => {
    const long = 'const horizontal = computeTheWidthOfEverything(alpha, beta, gamma) + anotherQuiteLongIdentifier + yetAnotherIdentifierHere + one + two;';
    const body = ['```js', `  ${long}`, `${'word'.repeat(60)}`, '```'].join('\n');
    const { bytes } = await renderToBytes(packOf([pieceOf({ slug: 'code', title: 'Code', body })]));
    const read = await readPdf(bytes);
    const page = read.pages.length - 1;
    const right = read.sizes[page]!.width - THEME.margins.right;
    for (const box of read.boxes[page]!) expect(box.x + box.width).toBeLessThanOrEqual(right + 0.01);
    const text = read.pages[page]!.replace(/\s+/g, ' ');
    // the tagged text is the code as written: the marks are artifacts
    expect(text.replace(/ /g, '')).toContain(long.replace(/ /g, ''));
    expect(read.artifacts[page]).toContain('\u2192');
    expect(text).not.toMatch(/hori zontal|horiz ontal/);
    expect(unmarkedPainting(bytes).unmarked).toEqual([]);
  });
});
