// fontkit ships no types; this declares the part of it the PDF renderer uses.
declare module 'fontkit' {
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: unknown): GlyphRun;
    glyphForCodePoint(codePoint: number): Glyph;
    createSubset(): Subset;
  }
  /** What pdfkit embeds: glyphs in subset order, and the font file of just those. */
  export interface Subset {
    readonly glyphs: number[];
    includeGlyph(glyph: number): number;
    encode(): Uint8Array;
  }
  export interface Glyph {
    readonly id: number;
    readonly advanceWidth: number;
    readonly codePoints: number[];
  }
  export interface GlyphPosition {
    readonly xAdvance: number;
    readonly xOffset: number;
    readonly yOffset: number;
  }
  export interface GlyphRun {
    readonly advanceWidth: number;
    readonly glyphs: readonly Glyph[];
    readonly positions: readonly GlyphPosition[];
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
