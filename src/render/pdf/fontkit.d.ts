// fontkit ships no types; this declares the part of it the PDF renderer uses.
declare module 'fontkit' {
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: unknown): GlyphRun;
  }
  export interface GlyphRun {
    readonly advanceWidth: number;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
