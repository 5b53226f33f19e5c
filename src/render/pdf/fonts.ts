// The embedded fonts: Source Sans 3 for text and headings, Source Code Pro for code.
// Opened once per render with fontkit; the same font objects measure words for our own
// line breaker and are handed to pdfkit for embedding, so measured and drawn widths agree.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { create as createFont, type Font as FontkitFont } from 'fontkit';
import type { RenderCache } from '../../model.js';
import type { Face } from './theme.js';

const FILES: Record<Face, [pkg: string, file: string]> = {
  regular: ['source-sans', 'SourceSans3-Regular.ttf'],
  italic: ['source-sans', 'SourceSans3-It.ttf'],
  semibold: ['source-sans', 'SourceSans3-Semibold.ttf'],
  semiboldItalic: ['source-sans', 'SourceSans3-SemiboldIt.ttf'],
  bold: ['source-sans', 'SourceSans3-Bold.ttf'],
  boldItalic: ['source-sans', 'SourceSans3-BoldIt.ttf'],
  mono: ['source-code-pro', 'SourceCodePro-Regular.ttf'],
  monoBold: ['source-code-pro', 'SourceCodePro-Semibold.ttf'],
};

/** Shown instead of a character the font lacks: visible, never an empty box. */
export const REPLACEMENT = '\u25A1';

/** Word widths are cached per face; a pack with a runaway vocabulary just starts over. */
const WIDTH_CACHE_LIMIT = 50_000;
/** Longer strings are measured character by character and not cached (see `advance`). */
const CACHED_WORD_LENGTH = 64;

const require = createRequire(import.meta.url);

export function fontPath(face: Face): string {
  const [pkg, file] = FILES[face];
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'TTF', file);
}

/** fontkit's own version: another fontkit may shape differently. Its package.json is not exported, so read beside its entry. */
function fontkitVersion(): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dirname(require.resolve('fontkit')), '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

function readFont(face: Face): Buffer {
  const path = fontPath(face);
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new Error(`Cannot read the PDF font ${path}; is the npm package installed?`, { cause });
  }
}

/**
 * A copy of a font file whose post table says version 3 (no glyph names), for fontkit: pdfkit
 * reads only the table's header (italic angle, fixed pitch), and fontkit would decode all the
 * glyph names with it (tens of milliseconds a face). Nothing we draw or embed uses a glyph's
 * name; the embedded subsets are made from the file itself.
 */
function withoutGlyphNames(file: Buffer): Buffer {
  const copy = Buffer.from(file);
  const tables = copy.readUInt16BE(4);
  for (let record = 12; record < 12 + 16 * tables; record += 16) {
    if (copy.toString('latin1', record, record + 4) === 'post') copy.writeUInt32BE(0x00030000, copy.readUInt32BE(record + 8));
  }
  return copy;
}

/** A chunk as fontkit shaped it, as plain data: what measuring and drawing need, and what the shaping cache keeps. */
export interface ShapedChunk {
  /** The chunk's advance, in font units. */
  readonly advance: number;
  /** Its glyphs; null when one sits off its advance (marks placed by GPOS): pdfkit then draws the run itself. */
  readonly glyphs: readonly ShapedGlyph[] | null;
}

export interface ShapedGlyph {
  readonly id: number;
  /** The glyph's own advance (hmtx), in font units. */
  readonly advanceWidth: number;
  /** Its advance in the run, kerning included. */
  readonly xAdvance: number;
  /** The characters it draws, for the PDF's ToUnicode map. */
  readonly codePoints: readonly number[];
}

function shapedChunk(font: FontkitFont, chunk: string): ShapedChunk {
  const run = font.layout(chunk);
  const offset = run.positions.some((position) => position.xOffset !== 0 || position.yOffset !== 0);
  return {
    advance: run.advanceWidth,
    glyphs: offset
      ? null
      : run.glyphs.map((glyph, i) => ({ id: glyph.id, advanceWidth: glyph.advanceWidth, xAdvance: run.positions[i]!.xAdvance, codePoints: glyph.codePoints })),
  };
}

/**
 * One face: its fontkit font and what it has shaped.
 *
 * Shaping a new word with fontkit (GSUB, GPOS) is the costliest step of the whole render, and
 * both our measuring and the drawing need it. Words are therefore measured as they will be
 * drawn (`word ` with its trailing space, pdfkit's own chunking), and each chunk is shaped once
 * per render (and, with a shaping cache, once per set of font files).
 */
class FaceShaper {
  readonly widths = new Map<string, number>();
  /** The chunks this render has used. */
  private readonly chunks = new Map<string, ShapedChunk>();
  /** Whether a chunk was shaped here rather than found in the shaping cache. */
  shapedAny = false;

  constructor(
    readonly font: FontkitFont,
    /** What the shaping cache holds for the face, still packed: a chunk is unpacked when first used. */
    private readonly stored: StoredFace,
  ) {}

  chunk(chunk: string): ShapedChunk {
    let shaped = this.chunks.get(chunk);
    if (shaped) return shaped;
    // An entry that does not unpack is shaped again: the same result, only slower.
    shaped = this.stored.unpack(chunk);
    if (!shaped) {
      shaped = shapedChunk(this.font, chunk);
      this.shapedAny = true;
    }
    if (this.chunks.size >= SHAPED_CHUNK_LIMIT) this.chunks.clear();
    this.chunks.set(chunk, shaped);
    return shaped;
  }

  /** What to keep for the next render: this render's chunks, then the rest of what the cache held, up to the limit. */
  packed(): PackedFace {
    const kept = new PackedFaceWriter();
    for (const [chunk, shaped] of this.chunks) kept.add(chunk, pack(shaped));
    for (const [chunk, packed] of this.stored.entries()) {
      if (kept.size >= SHAPED_CHUNK_LIMIT) break;
      if (!this.chunks.has(chunk)) kept.add(chunk, packed);
    }
    return kept.finish();
  }

  /** Advance of the word `text` in font units, shaped as drawn: `text + ' '`. */
  shape(text: string): number {
    return this.chunk(`${text} `).advance - this.chunk(' ').advance;
  }
}

/** Bump when ShapedChunk, its packing or the cache entry's layout changes meaning. */
const SHAPING_FORMAT = 4;
/** Chunks kept per face, in memory and in the cache; a runaway vocabulary starts over. */
const SHAPED_CHUNK_LIMIT = 20_000;

/**
 * A chunk packed as numbers: advance, then per glyph id, advanceWidth, xAdvance, the number
 * of code points and the code points; `[advance]` alone when pdfkit must draw it.
 */
function pack(shaped: ShapedChunk): number[] {
  const out = [shaped.advance];
  if (shaped.glyphs === null) return out;
  out.push(shaped.glyphs.length);
  for (const glyph of shaped.glyphs) out.push(glyph.id, glyph.advanceWidth, glyph.xAdvance, glyph.codePoints.length, ...glyph.codePoints);
  return out;
}

function unpack(numbers: ArrayLike<number>): ShapedChunk | undefined {
  if (numbers.length === 0) return undefined;
  if (numbers.length === 1) return { advance: numbers[0]!, glyphs: null };
  const glyphs: ShapedGlyph[] = [];
  let at = 2;
  for (let count = numbers[1]!; count > 0; count--) {
    const points = numbers[at + 3]!;
    if (!(points >= 0) || at + 4 + points > numbers.length) return undefined;
    // Copied one by one: Array.prototype.slice on a typed array takes V8's slow generic path.
    const codePoints = new Array<number>(points);
    for (let i = 0; i < points; i++) codePoints[i] = numbers[at + 4 + i]!;
    glyphs.push({ id: numbers[at]!, advanceWidth: numbers[at + 1]!, xAdvance: numbers[at + 2]!, codePoints });
    at += 4 + points;
  }
  return at === numbers.length ? { advance: numbers[0]!, glyphs } : undefined;
}

/**
 * A face's chunks in the cache: their texts as one string, each ended by CHUNK_END, and their
 * packed numbers one after another in a base64 Int32Array, each preceded by its length. Two long
 * strings a face, not thousands of small ones, are quick to parse and to hash.
 */
interface PackedFace {
  chunks: string;
  numbers: string;
}

/** Ends each chunk's text in PackedFace.chunks; a chunk holding it is not kept. */
const CHUNK_END = '\0';

const INT32 = 2 ** 31;

class PackedFaceWriter {
  private readonly chunks: string[] = [];
  private numbers: number[] = [];

  get size(): number {
    return this.chunks.length;
  }

  add(chunk: string, packed: ArrayLike<number>): void {
    for (let i = 0; i < packed.length; i++) {
      const n = packed[i]!;
      if (!Number.isInteger(n) || n < -INT32 || n >= INT32) return; // not kept: shaped again next time
    }
    if (chunk.includes(CHUNK_END)) return;
    this.chunks.push(chunk);
    this.numbers.push(packed.length);
    for (let i = 0; i < packed.length; i++) this.numbers.push(packed[i]!);
  }

  finish(): PackedFace {
    const numbers = Int32Array.from(this.numbers);
    return { chunks: this.chunks.map((chunk) => chunk + CHUNK_END).join(''), numbers: Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength).toString('base64') };
  }
}

/** What the cache holds for one face; its index is made on first use. */
class StoredFace {
  private index: Map<string, number> | undefined;

  constructor(
    private readonly chunks: readonly string[] = [],
    private readonly numbers: Int32Array = new Int32Array(0),
  ) {}

  static from(stored: PackedFace | undefined): StoredFace {
    if (!stored) return new StoredFace();
    const bytes = Buffer.from(stored.numbers, 'base64');
    if (bytes.length % 4 !== 0) return new StoredFace();
    const ints = new Int32Array(bytes.length / 4);
    new Uint8Array(ints.buffer).set(bytes);
    return new StoredFace(stored.chunks.split(CHUNK_END).slice(0, -1), ints);
  }

  unpack(chunk: string): ShapedChunk | undefined {
    const at = this.offsets().get(chunk);
    return at === undefined ? undefined : unpack(this.numbers.subarray(at + 1, at + 1 + this.numbers[at]!));
  }

  *entries(): Generator<[chunk: string, packed: Int32Array]> {
    for (const [chunk, at] of this.offsets()) yield [chunk, this.numbers.subarray(at + 1, at + 1 + this.numbers[at]!)];
  }

  private offsets(): Map<string, number> {
    if (this.index) return this.index;
    this.index = new Map();
    let at = 0;
    for (const chunk of this.chunks) {
      const length = this.numbers[at];
      if (length === undefined || length < 0 || at + 1 + length > this.numbers.length) break; // damaged: what follows is shaped again
      this.index.set(chunk, at);
      at += 1 + length;
    }
    return this.index;
  }
}

/** The cache entry: the faces' packed chunks, with a checksum of them all. */
interface StoredShaping {
  format: number;
  sum: string;
  faces: Partial<Record<Face, PackedFace>>;
}

/** What the shaping cache holds for each face, if it was made from these very font files. */
function readRenderCache(cache: RenderCache | undefined, key: string): Partial<Record<Face, PackedFace>> {
  const stored = cache?.read(key) as Partial<StoredShaping> | undefined;
  if (stored?.format !== SHAPING_FORMAT || typeof stored.faces !== 'object' || stored.faces === null) return {};
  const faces = stored.faces;
  const wellFormed = (packed: PackedFace | undefined): boolean => packed === undefined || (typeof packed.chunks === 'string' && typeof packed.numbers === 'string');
  // A damaged entry would still be numbers: the checksum catches what unpacking cannot.
  return FACE_NAMES.every((face) => wellFormed(faces[face])) && stored.sum === checksum(faces) ? faces : {};
}

const FACE_NAMES = Object.keys(FILES) as Face[];

function checksum(faces: Partial<Record<Face, PackedFace>>): string {
  const hash = createHash('sha256');
  for (const face of FACE_NAMES) {
    const packed = faces[face];
    if (packed) hash.update(`${face} ${packed.chunks.length} ${packed.numbers.length}\n`).update(packed.chunks).update(packed.numbers);
  }
  return hash.digest('hex');
}

export class FontSet {
  readonly fonts: Record<Face, FontkitFont>;
  private readonly files: Record<Face, Uint8Array>;
  private readonly faces: Record<Face, FaceShaper>;
  /** fontkit's metrics are getters that read the font's tables on every call. */
  private readonly unitsPerEm: Record<Face, number>;
  private readonly verticalMetrics: Record<Face, { ascent: number; descent: number }>;
  private readonly coverage = new Map<Face, Map<number, boolean>>();
  /** The shaping cache, and its key: the font files themselves, the packing and fontkit's version. */
  private readonly cache: RenderCache | undefined;
  private readonly cacheKey: string;

  constructor(cache?: RenderCache) {
    const fonts = {} as Record<Face, FontkitFont>;
    const version = fontkitVersion();
    this.cache = version === undefined ? undefined : cache; // without fontkit's version, a cache could be stale
    // Packed numbers are stored in this machine's byte order.
    const hash = createHash('sha256').update(`${SHAPING_FORMAT} fontkit ${version} ${endianness()}`);
    const files = {} as Record<Face, Buffer>;
    for (const face of FACE_NAMES) {
      const buffer = (files[face] = readFont(face));
      hash.update(buffer);
      fonts[face] = createFont(withoutGlyphNames(buffer));
    }
    this.files = files;
    this.cacheKey = `pdf-shaping-${hash.digest('hex').slice(0, 16)}`;
    const known = readRenderCache(this.cache, this.cacheKey);
    const faces = {} as Record<Face, FaceShaper>;
    for (const face of FACE_NAMES) faces[face] = new FaceShaper(fonts[face], StoredFace.from(known[face]));
    this.fonts = fonts;
    this.faces = faces;
    this.unitsPerEm = {} as Record<Face, number>;
    this.verticalMetrics = {} as Record<Face, { ascent: number; descent: number }>;
    for (const face of FACE_NAMES) {
      const font = fonts[face];
      this.unitsPerEm[face] = font.unitsPerEm;
      this.verticalMetrics[face] = { ascent: font.ascent / font.unitsPerEm, descent: -font.descent / font.unitsPerEm };
    }
  }

  /** Keep what this render shaped for the next one (when anything is new). */
  async saveShaping(): Promise<void> {
    if (!this.cache || !FACE_NAMES.some((face) => this.faces[face].shapedAny)) return;
    const faces: Partial<Record<Face, PackedFace>> = {};
    for (const face of FACE_NAMES) faces[face] = this.faces[face].packed();
    await this.cache.write(this.cacheKey, { format: SHAPING_FORMAT, sum: checksum(faces), faces } satisfies StoredShaping);
  }

  /** One drawing chunk (a word and its trailing space, as pdfkit splits text), shaped. */
  chunk(face: Face, chunk: string): ShapedChunk {
    return this.faces[face].chunk(chunk);
  }

  /** The font file of `face`. */
  file(face: Face): Uint8Array {
    return this.files[face];
  }

  /** The font object to register with pdfkit for `face`. */
  pdfkitFont(face: Face): FontkitFont {
    return this.fonts[face];
  }

  /** Ascent and descent (positive, below the baseline) per point of size. */
  metrics(face: Face): { ascent: number; descent: number } {
    return this.verticalMetrics[face];
  }

  /** Width of `text` at `size` points, as pdfkit will draw it (kerning within words included). */
  width(face: Face, text: string, size: number): number {
    const perEm = size / this.unitsPerEm[face];
    if (!text.includes(' ')) return this.advance(face, text) * perEm;
    // Phrases are summed word by word, so every word is measured once per face.
    const words = text.split(' ');
    let sum = (words.length - 1) * this.advance(face, ' ');
    for (const word of words) sum += this.advance(face, word);
    return sum * perEm;
  }

  /** Advance width in font units. */
  private advance(face: Face, text: string): number {
    if (text.length > CACHED_WORD_LENGTH) {
      // Long tokens (URLs, a 20,000-character word) are summed per character: linear, and
      // never poisons the cache. Kerning across characters is ignored, which only errs by a hair.
      let sum = 0;
      for (const char of text) sum += this.advance(face, char);
      return sum;
    }
    const { widths } = this.faces[face];
    let width = widths.get(text);
    if (width === undefined) {
      width = text === ' ' || text === '' ? this.faces[face].chunk(text).advance : this.faces[face].shape(text);
      if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
      widths.set(text, width);
    }
    return width;
  }

  /** Whether `face` has a glyph for the code point. */
  covers(face: Face, codePoint: number): boolean {
    let cache = this.coverage.get(face);
    if (!cache) {
      cache = new Map();
      this.coverage.set(face, cache);
    }
    let known = cache.get(codePoint);
    if (known === undefined) {
      known = this.fonts[face].hasGlyphForCodePoint(codePoint);
      cache.set(codePoint, known);
    }
    return known;
  }

  /**
   * `text` with every character `face` cannot draw replaced by a visible box; the replaced
   * characters are passed to `missing`. Printable ASCII is always covered and skips the check.
   */
  drawable(face: Face, text: string, missing: (char: string) => void): string {
    if (/^[\x20-\x7e\t\n\r\f]*$/.test(text)) return text;
    // Most text with curly quotes or dashes is fine as it is: copy only from the first problem on.
    let out: string | undefined;
    for (let index = 0; index < text.length; ) {
      const codePoint = text.codePointAt(index)!;
      const length = codePoint > 0xffff ? 2 : 1;
      const drawn = BREAKING_SPACE.has(codePoint) || (!drawsNothing(codePoint) && this.covers(face, codePoint));
      if (!drawn) {
        out ??= text.slice(0, index);
        // Control and format characters are dropped (the font would draw an empty .notdef box);
        // anything else the font lacks becomes a visible replacement.
        if (!drawsNothing(codePoint)) {
          missing(text.slice(index, index + length));
          out += REPLACEMENT;
        }
      } else if (out !== undefined) {
        out += text.slice(index, index + length);
      }
      index += length;
    }
    return out ?? text;
  }
}

const BREAKING_SPACE = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/** Control and format characters (soft hyphen, joiners, variation selectors) that have no visible form. */
function drawsNothing(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint < 0xa0) ||
    codePoint === 0xad ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    codePoint === 0xfeff
  );
}
