// The embedded fonts: Source Sans 3 for text and headings, Source Code Pro for code.
// Opened once per render with fontkit; the same font objects measure words for our own
// line breaker and are handed to pdfkit for embedding, so measured and drawn widths agree.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { create as createFont, type Font as FontkitFont, type GlyphRun } from 'fontkit';
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

/** Word widths (and shaped runs) are cached per face; a pack with a runaway vocabulary just starts over. */
const WIDTH_CACHE_LIMIT = 50_000;
/** Longer strings are measured character by character and not cached (see `advance`). */
const CACHED_WORD_LENGTH = 64;

export function fontPath(face: Face): string {
  const [pkg, file] = FILES[face];
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'TTF', file);
}

function openFont(face: Face): FontkitFont {
  const path = fontPath(face);
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (cause) {
    throw new Error(`Cannot read the PDF font ${path}; is the npm package installed?`, { cause });
  }
  return createFont(buffer);
}

/**
 * One face: its fontkit font, a cache of word widths, and the font object pdfkit embeds.
 *
 * Shaping a new word with fontkit (GSUB, GPOS) is the costliest step of the whole render, and
 * both our measuring and the drawing need it. Words are therefore measured as they will be
 * drawn (`word ` with its trailing space, pdfkit's own chunking), and the shaped run is kept
 * until the writer asks for it once (`take`); the font object given to pdfkit hands such runs
 * over in the same way. Each chunk is shaped once per render.
 */
class FaceShaper {
  readonly widths = new Map<string, number>();
  private readonly shaped = new Map<string, GlyphRun>();
  readonly forPdfkit: FontkitFont;

  constructor(readonly font: FontkitFont) {
    this.forPdfkit = Object.create(font, {
      layout: { value: (text: string, features?: unknown): GlyphRun => (features === undefined ? this.take(text) : font.layout(text, features)) },
    }) as FontkitFont;
  }

  /** The shaped run of `chunk`: the one measuring made, handed over once, else shaped now. */
  take(chunk: string): GlyphRun {
    const run = this.shaped.get(chunk);
    if (!run) return this.font.layout(chunk);
    this.shaped.delete(chunk); // whoever takes it keeps (and may rescale) it
    return run;
  }

  /** Advance of `text` in font units, shaping `text + ' '` and keeping the run for pdfkit. */
  shape(text: string): number {
    const chunk = `${text} `;
    const run = this.font.layout(chunk);
    const width = run.advanceWidth - this.spaceAdvance();
    if (this.shaped.size >= WIDTH_CACHE_LIMIT) this.shaped.clear();
    this.shaped.set(chunk, run);
    return width;
  }

  private space: number | undefined;
  private spaceAdvance(): number {
    return (this.space ??= this.font.layout(' ').advanceWidth);
  }
}

export class FontSet {
  readonly fonts: Record<Face, FontkitFont>;
  private readonly faces: Record<Face, FaceShaper>;
  /** fontkit's metrics are getters that read the font's tables on every call. */
  private readonly unitsPerEm: Record<Face, number>;
  private readonly verticalMetrics: Record<Face, { ascent: number; descent: number }>;
  private readonly coverage = new Map<Face, Map<number, boolean>>();

  constructor() {
    const fonts = {} as Record<Face, FontkitFont>;
    const faces = {} as Record<Face, FaceShaper>;
    for (const face of Object.keys(FILES) as Face[]) {
      fonts[face] = openFont(face);
      faces[face] = new FaceShaper(fonts[face]);
    }
    this.fonts = fonts;
    this.faces = faces;
    this.unitsPerEm = {} as Record<Face, number>;
    this.verticalMetrics = {} as Record<Face, { ascent: number; descent: number }>;
    for (const face of Object.keys(FILES) as Face[]) {
      const font = fonts[face];
      this.unitsPerEm[face] = font.unitsPerEm;
      this.verticalMetrics[face] = { ascent: font.ascent / font.unitsPerEm, descent: -font.descent / font.unitsPerEm };
    }
  }

  /** The shaped glyph run of one drawing chunk (a word and its trailing space), unscaled font units. */
  glyphRun(face: Face, chunk: string): GlyphRun {
    return this.faces[face].take(chunk);
  }

  /** The font object to register with pdfkit for `face`. */
  pdfkitFont(face: Face): FontkitFont {
    return this.faces[face].forPdfkit;
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
      width = text === ' ' || text === '' ? this.fonts[face].layout(text).advanceWidth : this.faces[face].shape(text);
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
