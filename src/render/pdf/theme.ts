// The look of the PDF, as data: page geometry, faces, sizes, leading, colours.
// Sizes are PDF points. Body text follows GOV.UK's accessible-documents guidance:
// a sans-serif of about 12pt, left-aligned, dark text on white, links underlined, set to a
// measure of about 65 characters; tables, code and figures may use the page's full width.

import type { PaperSize } from '../../model.js';

/** The font faces the renderer embeds (files resolved in fonts.ts). */
export const FACES = ['regular', 'italic', 'semibold', 'semiboldItalic', 'bold', 'boldItalic', 'mono', 'monoBold'] as const;
export type Face = (typeof FACES)[number];

export interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface Theme {
  paper: Record<PaperSize, { width: number; height: number }>;
  margins: Margins;
  /** Width of running text, in points (the page between the margins is wider: see Box.width). */
  measure: number;
  /** Figures may be scaled down to this share of their size to fit the rest of a page. */
  figureFloor: number;
  /** Baselines of the running header and footer, measured from the page's top and bottom edges. */
  headerBaseline: number;
  footerBaseline: number;
  size: {
    body: number;
    small: number;
    note: number;
    code: number;
    table: number;
    /** Indexed by heading level 1–6. */
    heading: readonly [number, number, number, number, number, number];
    coverTitle: number;
    coverSubtitle: number;
  };
  /** Line height as a multiple of the font size. */
  leading: { body: number; heading: number; code: number; table: number };
  /** Vertical space around blocks, in points. */
  space: {
    paragraph: number;
    headingBefore: readonly [number, number, number, number, number, number];
    headingAfter: number;
    listItem: number;
    codePadding: number;
    cellPaddingX: number;
    cellPaddingY: number;
    figure: number;
  };
  indent: { list: number; quote: number; quoteBar: number };
  colour: {
    text: string;
    muted: string;
    link: string;
    rule: string;
    codeBackground: string;
    tableHeaderBackground: string;
    quoteBar: string;
    draft: string;
    review: string;
    badgeText: string;
    reviewText: string;
    placeholder: string;
  };
}

export const THEME: Theme = {
  paper: {
    a4: { width: 595.28, height: 841.89 },
    letter: { width: 612, height: 792 },
  },
  margins: { top: 72, bottom: 68, left: 72, right: 72 },
  measure: 340,
  figureFloor: 0.6,
  headerBaseline: 42,
  footerBaseline: 36,
  size: {
    body: 12,
    small: 9,
    note: 10,
    code: 9.5,
    table: 10,
    heading: [24, 17, 14, 12.5, 12, 12],
    coverTitle: 32,
    coverSubtitle: 16,
  },
  leading: { body: 1.42, heading: 1.22, code: 1.4, table: 1.3 },
  space: {
    paragraph: 8,
    headingBefore: [0, 18, 14, 12, 10, 10],
    headingAfter: 6,
    listItem: 3,
    codePadding: 6,
    cellPaddingX: 5,
    cellPaddingY: 3.5,
    figure: 10,
  },
  indent: { list: 20, quote: 16, quoteBar: 3 },
  colour: {
    text: '#0b0c0c',
    muted: '#505a5f',
    link: '#1d70b8',
    rule: '#b1b4b6',
    codeBackground: '#f3f2f1',
    tableHeaderBackground: '#f3f2f1',
    quoteBar: '#b1b4b6',
    draft: '#d4351c',
    review: '#ffdd00',
    badgeText: '#ffffff',
    reviewText: '#0b0c0c',
    placeholder: '#505a5f',
  },
};
