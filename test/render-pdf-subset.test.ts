// The PDF's font subsets are written straight from the font files (src/render/pdf/subset.ts),
// and must be the very bytes fontkit's own TTFSubset.encode gives, for every face hub embeds:
// the same glyphs in the same order, composite glyphs' components renumbered and added.

import { readFileSync } from 'node:fs';
import { create } from 'fontkit';
import { describe, expect, test } from 'vitest';
import { fontPath } from '../src/render/pdf/fonts.js';
import { encodeTrueTypeSubset } from '../src/render/pdf/subset.js';
import { FACES } from '../src/render/pdf/theme.js';

/** Glyph ids of a string's characters in `font`, in order of first use. */
function glyphsOf(font: ReturnType<typeof create>, text: string): number[] {
  return [...text].map((char) => font.glyphForCodePoint(char.codePointAt(0)!).id);
}

const TEXTS = [
  'The Hub Strategy: innovation, routine, Whitehall.',
  'Naïve café façade — Łódź, Kraków, Zoë Ó Briain, Siân; “quotes” ‘and’ ﬁ ﬂ ½ € £ → □ ✓',
  'ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧ',
  'ΑΒΓΔΕΖΗΘ αβγδεζηθ АБВГДЕЖЗ абвгдежз 0123456789 {}[]()<>#%&*+=/\\|',
];

describe('TrueType subsets', () => {
  for (const face of FACES) {
    test(`${face}: the bytes fontkit writes, composites included`, () => {
      const file = readFileSync(fontPath(face));
      let composites = false;
      for (const text of TEXTS) {
        const font = create(file);
        const ids = glyphsOf(font, text);
        const theirs = font.createSubset();
        const ours = font.createSubset();
        for (const id of ids) {
          theirs.includeGlyph(id);
          ours.includeGlyph(id);
        }
        const expected = theirs.encode();
        const actual = encodeTrueTypeSubset(file, ours);
        expect(actual).toBeDefined();
        expect(ours.glyphs).toEqual(theirs.glyphs); // components added alike
        expect(Buffer.from(actual!).equals(Buffer.from(expected))).toBe(true);
        composites ||= theirs.glyphs.length > new Set(ids).size + 1;
      }
      expect(composites).toBe(true); // accented letters are built from components
    });
  }
});
