// What layout needs besides the tokens: fonts, theme, and a place to note problems.
// Problems are collected per piece and turned into diagnostics once (see diagnostics.ts).

import type { FontSet } from './fonts.js';
import type { Theme, Face } from './theme.js';
import type { ImageInfo } from './images.js';
import type { TokenWalk } from '../../markdown/lex.js';

/** Problems met while laying out one piece (or the introduction). */
export class Issues implements TokenWalk {
  readonly missingCharacters = new Set<string>();
  readonly rightToLeft = new Set<string>();
  rawHtml = 0;
  readonly images: { src: string; reason: 'remote' | 'unreadable' | 'unsupported' | 'inline' }[] = [];
  readonly brokenLinks = new Set<string>();
  readonly unknownTokens = new Set<string>();
  unknownToken(type: string): void {
    this.unknownTokens.add(type);
  }
  /** Lists or blockquotes nested deeper than the measure lets them indent (issue 10). */
  nestingFlattened = false;
  /** Tables set as stacked records, with their column count and line in the paper when known. */
  readonly tablesAsRecords: { reason: 'wide' | 'tall'; columns: number; line?: number }[] = [];
}

export interface LayoutContext {
  readonly fonts: FontSet;
  readonly theme: Theme;
  readonly issues: Issues;
  /** Whether `#name` is an anchor somewhere in the pack. */
  readonly isDestination: (name: string) => boolean;
  /** Prefix that makes this piece's footnote anchors unique in the pack. */
  readonly notePrefix: string;
  /** Facts about a local image file, or why it cannot be drawn (cached for the render). */
  readonly image: (path: string) => ImageInfo;
}

const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** `text` ready to draw in `face`: missing glyphs replaced, right-to-left scripts noted. */
export function drawableText(ctx: LayoutContext, face: Face, text: string): string {
  if (RIGHT_TO_LEFT.test(text)) {
    for (const char of text) if (RIGHT_TO_LEFT.test(char)) ctx.issues.rightToLeft.add(char);
  }
  return ctx.fonts.drawable(face, text, (char) => ctx.issues.missingCharacters.add(char));
}
