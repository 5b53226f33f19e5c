// Inline layout: marked's inline tokens → styled words → lines, with our own greedy line
// breaker. Widths come from FontSet's per-face word cache, so breaking is linear in the text
// (a 20,000-character word is cut by measured characters, not by pdfkit's quadratic wrapper).

import type { Token, Tokens } from 'marked';
import { decodeHTML, decodeHTMLStrict } from 'entities';
import { plainText, visitToken, type InlineType, type TokenVisitor } from '../../markdown/lex.js';
import { safeUrl } from '../../markdown/links.js';
import type { Face } from './theme.js';
import { drawableText, type LayoutContext } from './context.js';
import { structNode, type LineItem, type LinkSpan, type LinkTarget, type Run, type TextStyle } from './layout.js';

const BOLDER: Record<Face, Face> = {
  regular: 'bold',
  italic: 'boldItalic',
  semibold: 'bold',
  semiboldItalic: 'boldItalic',
  bold: 'bold',
  boldItalic: 'boldItalic',
  mono: 'monoBold',
  monoBold: 'monoBold',
};
const ITALIC: Record<Face, Face> = {
  regular: 'italic',
  italic: 'italic',
  semibold: 'semiboldItalic',
  semiboldItalic: 'semiboldItalic',
  bold: 'boldItalic',
  boldItalic: 'boldItalic',
  mono: 'mono',
  monoBold: 'monoBold',
};
const MONO: Record<Face, Face> = {
  regular: 'mono',
  italic: 'mono',
  semibold: 'monoBold',
  semiboldItalic: 'monoBold',
  bold: 'monoBold',
  boldItalic: 'monoBold',
  mono: 'mono',
  monoBold: 'monoBold',
};

/** Text in one style, or a forced line break. */
export type Segment = { kind: 'text'; text: string; style: TextStyle } | { kind: 'break' };

/** Where a link goes: internal anchors the pack knows, http(s) and mailto URLs; anything else is not a link. */
export function linkTarget(href: string, ctx: LayoutContext): LinkTarget | undefined {
  if (href.startsWith('#')) {
    const name = decodeURIComponentSafe(href.slice(1));
    if (ctx.isDestination(name)) return { kind: 'dest', name };
    ctx.issues.brokenLinks.add(href);
    return undefined;
  }
  const uri = safeUrl(href);
  return uri ? { kind: 'uri', uri } : undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6});|#([0-9]{1,7});|([A-Za-z][A-Za-z0-9]{1,31});)/g;

/**
 * Character references as CommonMark reads them in text (marked leaves them to the HTML
 * renderer): named ones need their semicolon, numeric ones at most 6 hex or 7 decimal digits,
 * and anything else stays as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) return decodeHTMLStrict(whole);
    const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
  });
}

/** Visible text of raw HTML: tags and comments removed, entities decoded. */
export function htmlText(html: string): string {
  return decodeHTML(html.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/<[^>]*>/g, ''));
}

/** Flatten inline tokens into styled segments. Styles only ever derive new values. */
export function inlineSegments(tokens: readonly Token[], style: TextStyle, ctx: LayoutContext): Segment[] {
  const out: Segment[] = [];
  collect(tokens, style, ctx, out);
  return out;
}

function collect(tokens: readonly Token[], style: TextStyle, ctx: LayoutContext, out: Segment[]): void {
  const place: InlinePlace = { style, ctx, out };
  for (const token of tokens) visitToken(INLINE_LAYOUT, token, place, ctx.issues);
}

/** Where inline tokens are set: their style, and the segments they add to. */
interface InlinePlace {
  style: TextStyle;
  ctx: LayoutContext;
  out: Segment[];
}

/** Each inline token type's segments; a block token inside a line arrives as its text (visitToken). */
const INLINE_LAYOUT: TokenVisitor<InlineType, InlinePlace, void> = {
  text: (token, { style, ctx, out }) => {
    if (token.type === 'text' && token.tokens) collect(token.tokens, style, ctx, out);
    else out.push({ kind: 'text', text: decodeEntities(token.text), style });
  },
  escape: (token, { style, out }) => {
    out.push({ kind: 'text', text: token.text, style });
  },
  strong: (token, { style, ctx, out }) => collect(token.tokens, { ...style, face: BOLDER[style.face] }, ctx, out),
  em: (token, { style, ctx, out }) => collect(token.tokens, { ...style, face: ITALIC[style.face] }, ctx, out),
  del: (token, { style, ctx, out }) => collect(token.tokens, { ...style, strike: true }, ctx, out),
  sup: (token, { style, ctx, out }) => collect(token.tokens, { ...style, size: style.size * 0.68, rise: style.size * 0.36 }, ctx, out),
  sub: (token, { style, ctx, out }) => collect(token.tokens, { ...style, size: style.size * 0.68, rise: style.size * -0.12 }, ctx, out),
  codespan: (token, { style, out }) => {
    out.push({ kind: 'text', text: token.text, style: { ...style, face: MONO[style.face], size: style.size * 0.9 } });
  },
  link: (token, { style, ctx, out }) => link(token, style, ctx, out),
  image: (token, { style, ctx, out }) => {
    // Images inside links or emphasis are not drawn: their alt text stands in, visibly.
    ctx.issues.images.push({ src: token.href, reason: 'inline' });
    out.push({ kind: 'text', text: `[image: ${token.text}]`, style: { ...style, face: ITALIC[style.face] } });
  },
  br: (_token, { out }) => {
    out.push({ kind: 'break' });
  },
  html: (token, { style, ctx, out }) => {
    if (/^<br\s*\/?>$/i.test(token.text.trim())) {
      out.push({ kind: 'break' });
      return;
    }
    ctx.issues.rawHtml++;
    out.push({ kind: 'text', text: htmlText(token.text), style });
  },
  checkbox: () => {}, // drawn as the list item's label
  anchor: () => {}, // a destination on its block's first line (blocks.ts)
  abbreviation: (token, { style, out }) => {
    // A Span with /E: assistive technology reads the expansion.
    out.push({ kind: 'text', text: decodeEntities(token.text), style: { ...style, node: structNode('Span', style.node, { expanded: token.title }) } });
  },
  footnoteRef: (token, { style, ctx, out }) => {
    const target = linkTarget(`#${ctx.notePrefix}${token.label}`, ctx);
    const raised = { ...style, size: style.size * 0.68, rise: style.size * 0.36 };
    if (!target) {
      out.push({ kind: 'text', text: token.id, style: raised });
      return;
    }
    const node = structNode('Link', style.node);
    out.push({
      kind: 'text',
      text: token.id,
      style: { ...raised, color: ctx.theme.colour.link, link: { target, label: `Note ${token.id}`, node }, node },
    });
  },
};

function link(token: Tokens.Link, style: TextStyle, ctx: LayoutContext, out: Segment[]): void {
  const target = linkTarget(token.href, ctx);
  if (!target) {
    collect(token.tokens, style, ctx, out);
    return;
  }
  const node = structNode('Link', style.node);
  const label = plainText(token.tokens) || token.href;
  collect(
    token.tokens,
    { ...style, color: ctx.theme.colour.link, underline: true, link: { target, label, node }, node },
    ctx,
    out,
  );
}

// ---- words and lines ------------------------------------------------------------------------

/** Part of a word in one style (words may change style midway: `**bold**ness`). */
interface Piece {
  text: string;
  width: number;
  style: TextStyle;
}

type Atom =
  | { kind: 'word'; pieces: Piece[]; width: number }
  | { kind: 'space'; style: TextStyle; width: number }
  | { kind: 'break' };

const BREAKABLE_SPACE = /([ \t\n\r\f]+)/;

function atomsOf(segments: readonly Segment[], ctx: LayoutContext): Atom[] {
  const atoms: Atom[] = [];
  let word: { kind: 'word'; pieces: Piece[]; width: number } | undefined;
  for (const segment of segments) {
    if (segment.kind === 'break') {
      atoms.push(segment);
      word = undefined;
      continue;
    }
    const { style } = segment;
    let space: number | undefined;
    for (const part of drawableText(ctx, style.face, segment.text).split(BREAKABLE_SPACE)) {
      if (part === '') continue;
      if (part.charCodeAt(0) <= 0x20) {
        word = undefined;
        const last = atoms[atoms.length - 1];
        if (last?.kind !== 'space') atoms.push({ kind: 'space', style, width: (space ??= ctx.fonts.width(style.face, ' ', style.size)) });
        continue;
      }
      const piece = { text: part, style, width: ctx.fonts.width(style.face, part, style.size) };
      if (word) {
        word.pieces.push(piece);
        word.width += piece.width;
      } else {
        word = { kind: 'word', pieces: [piece], width: piece.width };
        atoms.push(word);
      }
    }
  }
  return atoms;
}

/** Widths for table column sizing: the text on one line, and its widest unbreakable word. */
export function measureSegments(segments: readonly Segment[], ctx: LayoutContext): { natural: number; longestWord: number } {
  let natural = 0;
  let line = 0;
  let longestWord = 0;
  for (const atom of atomsOf(segments, ctx)) {
    if (atom.kind === 'break') {
      natural = Math.max(natural, line);
      line = 0;
    } else {
      line += atom.width;
      if (atom.kind === 'word') longestWord = Math.max(longestWord, atom.width);
    }
  }
  return { natural: Math.max(natural, line), longestWord };
}

/** A line before it becomes runs: pieces and spaces, and the space it ended on (drawn, not counted). */
interface RawLine {
  parts: (Piece | { kind: 'space'; style: TextStyle; width: number })[];
  width: number;
  trailing?: TextStyle;
}

/** Characters after which a too-long word may be cut (URLs, paths, hyphenated compounds). */
const SOFT_BREAK_AFTER = /[/\-.?&=_,;:]/;

/**
 * Cut a word wider than a line into chunks: the first fits in `first` points, the rest in `width`.
 * Cuts after a URL-ish separator when one falls in the last 60% of the chunk.
 */
function cutWord(pieces: readonly Piece[], first: number, width: number, ctx: LayoutContext): Piece[][] {
  const chars: { char: string; width: number; style: TextStyle }[] = [];
  for (const piece of pieces) {
    for (const char of piece.text) {
      chars.push({ char, width: ctx.fonts.width(piece.style.face, char, piece.style.size), style: piece.style });
    }
  }
  const chunks: Piece[][] = [];
  let start = 0;
  let available = first;
  while (start < chars.length) {
    let end = start;
    let used = 0;
    let softEnd = -1;
    while (end < chars.length && (end === start || used + chars[end]!.width <= available)) {
      used += chars[end]!.width;
      if (SOFT_BREAK_AFTER.test(chars[end]!.char) && used >= available * 0.4) softEnd = end + 1;
      end++;
    }
    if (end < chars.length && softEnd > start) end = softEnd;
    chunks.push(piecesOf(chars.slice(start, end)));
    start = end;
    available = width;
  }
  return chunks;
}

function piecesOf(chars: readonly { char: string; width: number; style: TextStyle }[]): Piece[] {
  const pieces: Piece[] = [];
  for (const { char, width, style } of chars) {
    const last = pieces[pieces.length - 1];
    if (last && last.style === style) {
      last.text += char;
      last.width += width;
    } else {
      pieces.push({ text: char, width, style });
    }
  }
  return pieces;
}

/** Greedy line breaking at spaces; a word wider than the line is cut. */
function breakLines(atoms: readonly Atom[], width: number, ctx: LayoutContext): RawLine[] {
  const lines: RawLine[] = [];
  let line: RawLine = { parts: [], width: 0 };
  let space: { kind: 'space'; style: TextStyle; width: number } | undefined;
  const endLine = (): void => {
    if (space && line.parts.length > 0) line.trailing = space.style;
    lines.push(line);
    line = { parts: [], width: 0 };
    space = undefined;
  };
  const place = (pieces: readonly Piece[], wordWidth: number): void => {
    if (space && line.parts.length > 0) {
      line.parts.push(space);
      line.width += space.width;
    }
    space = undefined;
    line.parts.push(...pieces);
    line.width += wordWidth;
  };
  for (const atom of atoms) {
    if (atom.kind === 'break') {
      endLine();
    } else if (atom.kind === 'space') {
      if (line.parts.length > 0) space = atom;
    } else {
      const spaceWidth = space && line.parts.length > 0 ? space.width : 0;
      const fits = line.parts.length === 0 ? atom.width <= width : line.width + spaceWidth + atom.width <= width;
      if (fits) {
        place(atom.pieces, atom.width);
        continue;
      }
      if (atom.width <= width) {
        endLine();
        place(atom.pieces, atom.width);
        continue;
      }
      // Wider than a whole line: start it here if a fair part of the line is free, else on the next.
      let first = width - line.width - spaceWidth;
      if (line.parts.length > 0 && first < width * 0.3) {
        endLine();
        first = width;
      } else if (line.parts.length === 0) {
        first = width;
      }
      const chunks = cutWord(atom.pieces, first, width, ctx);
      chunks.forEach((chunk, index) => {
        if (index > 0) endLine();
        place(chunk, chunk.reduce((sum, piece) => sum + piece.width, 0));
      });
    }
  }
  if (line.parts.length > 0) endLine();
  return lines;
}

/**
 * Lines as even as they can be: the narrowest width (found by halving) that still needs no
 * more lines than the full width does, so a heading never ends on one stranded word.
 */
function balancedLines(atoms: readonly Atom[], width: number, ctx: LayoutContext): RawLine[] {
  const greedy = breakLines(atoms, width, ctx);
  if (greedy.length < 2) return greedy;
  const widest = atoms.reduce((most, atom) => (atom.kind === 'word' ? Math.max(most, atom.width) : most), 0);
  let low = Math.max(widest, width / greedy.length);
  let high = width;
  if (low >= high) return greedy;
  for (let step = 0; step < 12; step++) {
    const middle = (low + high) / 2;
    if (breakLines(atoms, middle, ctx).length <= greedy.length) high = middle;
    else low = middle;
  }
  return breakLines(atoms, high, ctx);
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return (
    a === b ||
    (a.face === b.face &&
      a.size === b.size &&
      a.color === b.color &&
      a.strike === b.strike &&
      a.underline === b.underline &&
      a.rise === b.rise &&
      a.link === b.link &&
      a.node === b.node)
  );
}

function runsOf(line: RawLine): Run[] {
  const runs: Run[] = [];
  let x = 0;
  for (const part of line.parts) {
    const text = 'text' in part ? part.text : ' ';
    const last = runs[runs.length - 1];
    if (last && sameStyle(last.style, part.style)) {
      last.text += text;
      last.width += part.width;
    } else {
      runs.push({ text, x, width: part.width, style: part.style });
    }
    x += part.width;
  }
  // The word space a line ended on is kept in the text (so extracted text and screen readers
  // see separate words) but takes no width.
  const last = runs[runs.length - 1];
  if (line.trailing && last) last.text += ' ';
  return runs;
}

export interface ParagraphOptions {
  /** Left edge and width of the text column. */
  x: number;
  width: number;
  /** Line height as a multiple of the largest size on the line. */
  leading: number;
  align?: 'left' | 'center' | 'right';
  /** Break into lines of even length (display headings): as many lines as the column needs, as narrow as they go. */
  balance?: boolean;
}

/** Height of a line of `size`-point text in `face`, and where its baseline sits (half-leading above and below). */
export function lineMetrics(face: Face, size: number, leading: number, ctx: LayoutContext): { height: number; baseline: number } {
  const { ascent, descent } = ctx.fonts.metrics(face);
  const height = size * leading;
  return { height, baseline: (height - (ascent + descent) * size) / 2 + ascent * size };
}

/** Lay out styled segments as lines of text. No segments, no lines. */
export function layoutSegments(segments: readonly Segment[], options: ParagraphOptions, ctx: LayoutContext): LineItem[] {
  const atoms = atomsOf(segments, ctx);
  const baseSize = segments.reduce((size, s) => (s.kind === 'text' ? Math.max(size, s.style.size) : size), 0);
  const raws = options.balance ? balancedLines(atoms, options.width, ctx) : breakLines(atoms, options.width, ctx);
  const lines = raws.map((raw): LineItem => {
    const runs = runsOf(raw);
    const size = runs.reduce((max, run) => Math.max(max, run.style.rise === 0 ? run.style.size : 0), 0) || baseSize;
    const face = runs.find((run) => run.style.size === size)?.style.face ?? 'regular';
    const { height, baseline } = lineMetrics(face, size, options.leading, ctx);
    const shift =
      options.align === 'center' ? (options.width - raw.width) / 2 : options.align === 'right' ? options.width - raw.width : 0;
    for (const run of runs) run.x += options.x + shift;
    return { kind: 'line', height, baseline, runs, decorations: [] };
  });
  markLinkEnds(lines);
  return lines;
}

/** Flag the last run of every link in `lines` (see Run.endsLink); call again after adding runs. */
export function markLinkEnds(lines: readonly LineItem[]): void {
  const last = new Map<LinkSpan, Run>();
  for (const line of lines) {
    for (const run of line.runs) {
      if (!run.style.link) continue;
      delete run.endsLink;
      last.set(run.style.link, run);
    }
  }
  for (const run of last.values()) run.endsLink = true;
}

/** Lay out inline tokens as lines of text. */
export function layoutInline(
  tokens: readonly Token[],
  style: TextStyle,
  options: ParagraphOptions,
  ctx: LayoutContext,
): LineItem[] {
  return layoutSegments(inlineSegments(tokens, style, ctx), options, ctx);
}
