// Block layout: marked's block tokens → a flat list of items (lines, gaps, images, table rows)
// for the paginator. One function per token type (a TokenVisitor), immutable boxes.

import type { Token, Tokens } from 'marked';
import type { AnchorToken, DefinitionList, Footnote } from '../../markdown/lex.js';
import type { DecorativeImage } from '../../markdown/rawhtml.js';
import { childTokenLists, plainText, visitToken, type BlockType, type TokenVisitor } from '../../markdown/lex.js';
import { isRemote } from '../../markdown/links.js';
import { flattenNesting } from '../../markdown/nesting.js';
import type { PackAnchored, PackHeadingToken } from '../../model.js';
import { drawableText, type LayoutContext } from './context.js';
import { htmlText, inlineSegments, layoutInline, layoutSegments, lineMetrics, linkTarget, measureSegments, type Segment } from './inline.js';
import {
  fullHeight,
  gap,
  structNode,
  type Cell,
  type Item,
  type LineItem,
  type ListNumbering,
  type Mark,
  type Rect,
  type Role,
  type RowItem,
  type Run,
  type StructNode,
  type TextStyle,
} from './layout.js';

/** Where blocks go: a column of the page, the structure element they belong to, the text size. */
export interface Box {
  readonly x: number;
  /** Width for tables, code and figures; running text is set `BlockContext.breakout` narrower. */
  readonly width: number;
  readonly parent: StructNode;
  readonly size: number;
  /** Inside a tight list item: paragraphs get list spacing. */
  readonly tight: boolean;
}

export interface BlockContext extends LayoutContext {
  /** PDF heading level (2–6) for a Markdown heading depth; never skips a level. */
  readonly headingLevel: (depth: number) => number;
  /** The tallest a figure may be: it must fit on one page. */
  readonly maxFigureHeight: number;
  /** The height of a page's text frame. */
  readonly pageHeight: number;
  /** The line in the paper of a top-level block, when known. */
  readonly lineOf: (token: Token) => number | undefined;
  /** Footnote definitions met so far, to be set as notes at the end of the piece. */
  readonly notes: Footnote[];
  /** Points between the text measure and the full width at the right: wide blocks may use them. */
  readonly breakout: number;
}

/** A laid-out block and the space it wants around it (adjacent spaces collapse to the larger). */
interface Block {
  items: Item[];
  before: number;
  after: number;
}

const NO_BLOCK: Block = { items: [], before: 0, after: 0 };

export function bodyStyle(box: Box, ctx: LayoutContext, node: StructNode = box.parent): TextStyle {
  return { face: 'regular', size: box.size, color: ctx.theme.colour.text, strike: false, underline: false, rise: 0, node };
}

/** Lay out a sequence of blocks, with collapsed spacing between them. */
export function layoutBlocks(tokens: readonly Token[], box: Box, ctx: BlockContext): Item[] {
  const items: Item[] = [];
  let pendingAfter = -1;
  let afterHeading = false;
  // Anchors between blocks land on the next block's first line.
  let anchors: Mark[] = [];
  for (const token of tokens) {
    if (token.type === 'anchor') {
      anchors.push(...destinationOf(token));
      continue;
    }
    const block = withAnchor(token, layoutBlock(token, box, ctx));
    if (block.items.length === 0) continue;
    if (anchors.length > 0) {
      block.items[0]!.marks = [...anchors, ...(block.items[0]!.marks ?? [])];
      anchors = [];
    }
    if (pendingAfter >= 0) {
      const space = Math.max(pendingAfter, block.before);
      if (space > 0) items.push(gap(space));
    }
    // A heading keeps with two lines of what follows, even when that is a one-line paragraph.
    if (afterHeading && block.items[0]!.kind !== 'gap') block.items[0]!.keepWithNext = true;
    afterHeading = token.type === 'heading';
    items.push(...block.items);
    pendingAfter = block.after;
  }
  return items;
}

/** A block with an id of its own (a kramdown attribute list's) is a link destination; headings mark theirs. */
function withAnchor(token: Token, block: Block): Block {
  const id = (token as PackAnchored).id;
  if (!id || token.type === 'heading') return block;
  const mark: Mark = { kind: 'dest', name: id };
  const first = block.items[0];
  if (!first) return { items: [{ kind: 'line', height: 0, baseline: 0, runs: [], decorations: [], marks: [mark] }], before: 0, after: 0 };
  first.marks = [mark, ...(first.marks ?? [])];
  return block;
}

function layoutBlock(token: Token, box: Box, ctx: BlockContext): Block {
  return visitToken(BLOCK_LAYOUT, token, { box, ctx }, ctx.issues);
}

/** Where a block is laid out. */
interface BlockPlace {
  box: Box;
  ctx: BlockContext;
}

/** Each block token type's layout; an inline token among blocks arrives as a paragraph (visitToken). */
const BLOCK_LAYOUT: TokenVisitor<BlockType, BlockPlace, Block> = {
  space: () => NO_BLOCK,
  def: () => NO_BLOCK,
  footnote: () => NO_BLOCK,
  checkbox: () => NO_BLOCK, // drawn as the list item's label
  anchor: () => NO_BLOCK, // placed by layoutBlocks
  footnotes: (token, { ctx }) => {
    ctx.notes.push(...token.items);
    return NO_BLOCK;
  },
  definitionList: (token, { box, ctx }) => definitionList(token, box, ctx),
  heading: (token, { box, ctx }) => heading(token, box, ctx),
  paragraph: (token, { box, ctx }) => paragraphOf(token.tokens, box, ctx),
  text: (token, { box, ctx }) => paragraphOf(('tokens' in token && token.tokens) || [{ type: 'text', raw: token.raw, text: token.text }], box, ctx),
  // A list item outside a list (raw HTML's stray <li>): its blocks, unmarked.
  list_item: (token, { box, ctx }) => ({ items: layoutBlocks(token.tokens, box, ctx), before: 0, after: 0 }),
  code: (token, { box, ctx }) => code(token, box, ctx),
  blockquote,
  list,
  table: (token, { box, ctx }) => table(token, box, ctx),
  hr: (_token, { box, ctx }) => rule(box, ctx),
  html: (token, { box, ctx }) => html(token, box, ctx),
};

// ---- text blocks ----------------------------------------------------------------------------

function paragraphSpace(box: Box, ctx: LayoutContext): number {
  return box.tight ? ctx.theme.space.listItem : ctx.theme.space.paragraph;
}

/** Orphans and widows: a paragraph's first two and last two lines stay together. */
function keepLinesTogether(lines: LineItem[]): void {
  if (lines.length < 2) return;
  lines[0]!.keepWithNext = true;
  lines[lines.length - 2]!.keepWithNext = true;
}

/** A paragraph, split around any images it holds (they become figures between the text). */
function paragraphOf(tokens: readonly Token[], box: Box, ctx: BlockContext): Block {
  const space = paragraphSpace(box, ctx);
  const items: Item[] = [];
  let run: Token[] = [];
  const flushText = (): void => {
    const node = structNode('P', box.parent);
    const lines = layoutInline(run, bodyStyle(box, ctx, node), textColumn(box, ctx), ctx);
    keepLinesTogether(lines);
    if (lines.length > 0 && items.length > 0) items.push(gap(space));
    items.push(...lines);
    run = [];
  };
  for (const token of tokens) {
    if (token.type !== 'image') {
      run.push(token);
      continue;
    }
    if (run.some((t) => plainText([t]).trim() !== '' || t.type === 'br')) flushText();
    run = [];
    const figureItems = figure(token as Tokens.Image, box, ctx);
    if (items.length > 0) items.push(gap(ctx.theme.space.figure));
    items.push(...figureItems);
  }
  if (run.length > 0) flushText();
  const anchors = inlineAnchors(tokens);
  if (anchors.length > 0 && items.length > 0) items[0]!.marks = [...anchors, ...(items[0]!.marks ?? [])];
  return { items, before: space, after: space };
}

/** The destination of an anchor token, by the pack-wide id the pack gave it. */
function destinationOf(token: Token): Mark[] {
  const { id } = token as AnchorToken & PackAnchored;
  return id ? [{ kind: 'dest', name: id }] : [];
}

/** Destinations for the anchors inside a run of inline tokens (`<a name>`, an `id` on an inline element). */
function inlineAnchors(tokens: readonly Token[]): Mark[] {
  const marks: Mark[] = [];
  const visit = (list: readonly Token[]): void => {
    for (const token of list) {
      if (token.type === 'anchor') marks.push(...destinationOf(token));
      for (const child of childTokenLists(token)) visit(child);
    }
  };
  visit(tokens);
  return marks;
}

/** The column running text is set in: the box less the breakout, never narrower than half the box. */
function textColumn(box: Box, ctx: BlockContext): { x: number; width: number; leading: number } {
  return { x: box.x, width: Math.max(box.width / 2, box.width - ctx.breakout), leading: ctx.theme.leading.body };
}

function heading(token: Tokens.Heading, box: Box, ctx: BlockContext): Block {
  const level = ctx.headingLevel(token.depth);
  const node = structNode(`H${level}` as Role, box.parent);
  const style: TextStyle = {
    ...bodyStyle(box, ctx, node),
    face: 'semibold',
    size: ctx.theme.size.heading[level - 1]!,
  };
  const lines = layoutInline(token.tokens, style, { ...textColumn(box, ctx), leading: ctx.theme.leading.heading, balance: true }, ctx);
  if (lines.length === 0) return NO_BLOCK;
  for (const line of lines) line.keepWithNext = true;
  const id = (token as Partial<PackHeadingToken>).id;
  const marks: Mark[] = [{ kind: 'outline', title: plainText(token.tokens).trim() || '(untitled)', level }];
  if (id) marks.unshift({ kind: 'dest', name: id }, { kind: 'section', id });
  lines[0]!.marks = marks;
  return { items: lines, before: ctx.theme.space.headingBefore[level - 1]!, after: ctx.theme.space.headingAfter };
}

function html(token: Tokens.HTML | Tokens.Tag, box: Box, ctx: BlockContext): Block {
  ctx.issues.rawHtml++;
  const text = htmlText(token.text).trim();
  if (text === '') return NO_BLOCK;
  const node = structNode('P', box.parent);
  const lines = layoutSegments([{ kind: 'text', text, style: bodyStyle(box, ctx, node) }], textColumn(box, ctx), ctx);
  keepLinesTogether(lines);
  const space = paragraphSpace(box, ctx);
  return { items: lines, before: space, after: space };
}

function rule(box: Box, ctx: BlockContext): Block {
  const height = 12;
  const line: Rect = { x: box.x, width: textColumn(box, ctx).width, y: height / 2, height: 0.75, color: ctx.theme.colour.rule };
  return { items: [gap(height, [line])], before: ctx.theme.space.paragraph, after: ctx.theme.space.paragraph };
}

// ---- code -----------------------------------------------------------------------------------

function code(token: Tokens.Code, box: Box, ctx: BlockContext): Block {
  const { theme } = ctx;
  const node = structNode('Code', box.parent);
  const size = theme.size.code;
  const style: TextStyle = { ...bodyStyle(box, ctx, node), face: 'mono', size };
  const markStyle: TextStyle = { ...style, color: theme.colour.muted };
  const markWidth = ctx.fonts.width('mono', CONTINUATION, size);
  const pad = theme.space.codePadding;
  const room = box.width - 2 * pad;
  const { height, baseline } = lineMetrics('mono', size, theme.leading.code, ctx);
  const tint = fullHeight(box.x, box.width, theme.colour.codeBackground);
  const items: Item[] = [gap(pad, [tint])];
  const source = token.text.replace(/\n$/, '');
  for (const sourceLine of source.split('\n')) {
    const chars = [...drawableText(ctx, 'mono', expandTabs(sourceLine.replace(/\r$/, '')))];
    const widths = chars.map((char) => ctx.fonts.width('mono', char, size));
    // Continued lines keep the line's indentation (unless that leaves too little room).
    const lead = chars.length - chars.join('').trimStart().length;
    const indent = Math.min(widths.slice(0, lead).reduce((sum, w) => sum + w, 0), room / 2);
    wrapCode(widths, chars, room, room - indent - markWidth).forEach(([from, to], part) => {
      const runs: Run[] = [];
      // A continued line starts with a mark, for the eye only: copied code has no mark in it.
      if (part > 0) runs.push({ text: CONTINUATION, x: box.x + pad + indent, width: markWidth, style: markStyle, artifact: true });
      const x = box.x + pad + (part > 0 ? indent + markWidth : 0);
      if (to > from) runs.push({ text: chars.slice(from, to).join(''), x, width: widths.slice(from, to).reduce((sum, w) => sum + w, 0), style });
      items.push({ kind: 'line', height, baseline, runs, decorations: [tint] });
    });
  }
  items.push(gap(pad, [tint]));
  // A code block's first two and last two lines stay together.
  if (items.length > 4) {
    items[1]!.keepWithNext = true;
    items[items.length - 3]!.keepWithNext = true;
  }
  return { items, before: theme.space.paragraph + 2, after: theme.space.paragraph + 2 };
}

/** Marks where a long code line goes on: a muted arrow and a space. */
const CONTINUATION = '\u2192 ';
/** Code lines break after a space or one of these, when one falls in the last part of the line. */
const CODE_BREAK_AFTER = /[\s,;:.([{)\]}>/\\|&=+*-]/;

/**
 * Where to cut a code line of characters with `widths`: [from, to) spans, the first fitting
 * `first` points and the rest `rest`. A cut goes after a space or punctuation in the last 60%
 * of the span when there is one, else where the span is full; never past its width.
 */
export function wrapCode(widths: readonly number[], chars: readonly string[], first: number, rest: number): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  do {
    const room = spans.length === 0 ? first : rest;
    let to = from;
    let used = 0;
    while (to < widths.length && (to === from || used + widths[to]! <= room)) used += widths[to++]!;
    if (to < widths.length) {
      for (let cut = to; cut > from + Math.ceil((to - from) * 0.4); cut--) {
        if (CODE_BREAK_AFTER.test(chars[cut - 1]!)) {
          to = cut;
          break;
        }
      }
    }
    spans.push([from, to]);
    from = to;
  } while (from < widths.length);
  return spans;
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(4 - (out.length % 4)) : char;
  return out;
}

// ---- containers -----------------------------------------------------------------------------

/** The narrowest a nested list or quotation may make the text: beyond it, nesting stops indenting. */
const MIN_MEASURE = 180;

/** How far a container may indent its content: `wanted`, or nothing once the measure would fall below MIN_MEASURE. */
function nestedIndent(box: Box, wanted: number, ctx: BlockContext): number {
  if (box.width - wanted >= MIN_MEASURE) return wanted;
  ctx.issues.nestingFlattened = true;
  return 0;
}

/**
 * Lists and quotations nested deeper than this are laid out flat, their blocks in order with
 * all their text: the page stopped indenting them long before (HUB213 says so), and laying
 * out each level costs stack (MAX_NESTING levels would overflow it).
 */
const MAX_LAYOUT_NESTING = 64;

const NESTING_ROLES: ReadonlySet<Role> = new Set(['L', 'BlockQuote']);
const LIST_ROLES: ReadonlySet<Role> = new Set(['L']);

/** How many of `parent` and its ancestors have one of `roles`: the depth of nesting at a block. */
function depthIn(parent: StructNode, roles: ReadonlySet<Role>): number {
  let depth = 0;
  for (let node: StructNode | null = parent; node; node = node.parent) if (roles.has(node.role)) depth++;
  return depth;
}

/** A list or quotation too deep to nest further: its blocks, flat, in this box. */
function flatNesting(token: Tokens.List | Tokens.Blockquote, { box, ctx }: BlockPlace): Block {
  ctx.issues.nestingFlattened = true;
  const space = ctx.theme.space.paragraph;
  return { items: layoutBlocks(flattenNesting([token]), box, ctx), before: space, after: space };
}

// Lists and quotations take the BlockPlace itself and loop without callbacks: each frame per
// level of nesting counts against the stack.
function blockquote(token: Tokens.Blockquote, place: BlockPlace): Block {
  const { box, ctx } = place;
  if (depthIn(box.parent, NESTING_ROLES) >= MAX_LAYOUT_NESTING) return flatNesting(token, place);
  const { indent, colour, space } = ctx.theme;
  const node = structNode('BlockQuote', box.parent);
  const shift = nestedIndent(box, indent.quote, ctx);
  const inner: Box = { ...box, x: box.x + shift, width: box.width - shift, parent: node, tight: false };
  const items = layoutBlocks(token.tokens, inner, ctx);
  // A quotation that can no longer indent gets no bar of its own: it would cover the text.
  const bar = fullHeight(box.x, indent.quoteBar, colour.quoteBar);
  if (shift > 0) for (const item of items) item.decorations = [bar, ...item.decorations];
  return { items, before: space.paragraph, after: space.paragraph };
}

const BULLETS = ['\u2022', '\u25E6', '\u25AA'];
/** The ListNumbering attribute that names each bullet, for assistive technology. */
const BULLET_NUMBERING: readonly ListNumbering[] = ['Disc', 'Circle', 'Square'];

function list(token: Tokens.List, place: BlockPlace): Block {
  const { box, ctx } = place;
  if (depthIn(box.parent, NESTING_ROLES) >= MAX_LAYOUT_NESTING) return flatNesting(token, place);
  const { theme } = ctx;
  const depth = depthIn(box.parent, LIST_ROLES);
  const node = structNode('L', box.parent, { listNumbering: token.ordered ? 'Decimal' : BULLET_NUMBERING[depth % BULLETS.length]! });
  const start = typeof token.start === 'number' ? token.start : 1;
  const labelStyle = bodyStyle(box, ctx);
  const labels = token.items.map((item, index) => {
    const ordinal = token.ordered ? `${start + index}.` : BULLETS[depth % BULLETS.length]!;
    return item.task ? `${token.ordered ? `${ordinal} ` : ''}${item.checked ? '\u2611' : '\u2610'}` : ordinal;
  });
  const gutter = 6;
  const widest = Math.max(...labels.map((label) => ctx.fonts.width(labelStyle.face, label, labelStyle.size)));
  const indent = nestedIndent(box, Math.max(theme.indent.list, Math.ceil(widest + gutter)), ctx);
  const tight = !token.loose;
  const items: Item[] = [];
  for (const [index, item] of token.items.entries()) {
    const li = structNode('LI', node);
    const body: Box = { ...box, x: box.x + indent, width: box.width - indent, parent: structNode('LBody', li), tight };
    const bodyItems = layoutBlocks(item.tokens, body, ctx);
    const label = labels[index]!;
    const labelWidth = ctx.fonts.width(labelStyle.face, label, labelStyle.size);
    const run = { text: label, x: box.x + indent - gutter - labelWidth, width: labelWidth, style: { ...labelStyle, node: structNode('Lbl', li) } };
    const first = bodyItems[0];
    if (first?.kind === 'line') {
      first.runs.unshift(run);
    } else {
      const metrics = lineMetrics(labelStyle.face, labelStyle.size, theme.leading.body, ctx);
      bodyItems.unshift({ kind: 'line', ...metrics, runs: [run], decorations: [], keepWithNext: true });
    }
    if (index > 0) items.push(gap(tight ? theme.space.listItem : theme.space.paragraph));
    items.push(...bodyItems);
  }
  const around = depth > 0 && tight ? theme.space.listItem : theme.space.paragraph;
  return { items, before: around, after: around };
}

/** A definition list as a tagged list: each entry an LI, its terms the label (Lbl), its definitions the body (LBody). */
function definitionList(token: DefinitionList, box: Box, ctx: BlockContext): Block {
  const { theme } = ctx;
  const node = structNode('L', box.parent);
  const items: Item[] = [];
  token.items.forEach((entry, index) => {
    const li = structNode('LI', node);
    const termStyle: TextStyle = { ...bodyStyle(box, ctx, structNode('Lbl', li)), face: 'semibold' };
    const terms = entry.terms.flatMap((term) => layoutInline(term, termStyle, textColumn(box, ctx), ctx));
    for (const line of terms) line.keepWithNext = true;
    const body: Box = { ...box, x: box.x + theme.indent.list, width: box.width - theme.indent.list, parent: structNode('LBody', li), tight: true };
    const definitions = entry.definitions.flatMap((definition, at) => [...(at > 0 ? [gap(theme.space.listItem)] : []), ...layoutBlocks(definition, body, ctx)]);
    if (index > 0) items.push(gap(theme.space.paragraph));
    items.push(...terms, ...(terms.length > 0 && definitions.length > 0 ? [gap(theme.space.listItem)] : []), ...definitions);
  });
  return { items, before: theme.space.paragraph, after: theme.space.paragraph };
}

// ---- figures --------------------------------------------------------------------------------

const PX_TO_PT = 72 / 96;
/** Figures up to two inches tall are never scaled down to fit a page. */
const MIN_FIGURE_HEIGHT = 144;

function figure(token: Tokens.Image, box: Box, ctx: BlockContext): Item[] {
  const alt = token.text.trim();
  const remote = isRemote(token.href);
  const info = remote ? undefined : ctx.image(token.href);
  if (!info?.ok) {
    ctx.issues.images.push({ src: token.href, reason: remote ? 'remote' : (info?.reason ?? 'unreadable') });
    return placeholder(token, alt, remote, box, ctx);
  }
  let width = info.width * PX_TO_PT;
  let height = info.height * PX_TO_PT;
  const scale = Math.min(1, box.width / width, ctx.maxFigureHeight / height);
  width *= scale;
  height *= scale;
  // A decorative raw <img> (alt="", or no alt, which validation warns about) is drawn as an artifact, skipped by screen readers.
  const node = (token as DecorativeImage).decorative ? undefined : structNode('Figure', box.parent, { alt: alt || 'Image' });
  // To fit the rest of a page a figure may shrink, but not below a share of its size nor below
  // a legible floor; the paginator moves it to the next page instead.
  const minHeight = Math.max(height * ctx.theme.figureFloor, Math.min(height, MIN_FIGURE_HEIGHT));
  const items: Item[] = [{ kind: 'image', x: box.x, width, height, minHeight, path: token.href, ...(info.svg ? { svg: info.svg } : {}), ...(node ? { node } : {}), decorations: [] }];
  if (token.title) {
    const caption = node ? structNode('Caption', node) : structNode('P', box.parent);
    const style: TextStyle = { ...bodyStyle(box, ctx, caption), face: 'italic', size: ctx.theme.size.note, color: ctx.theme.colour.muted };
    const lines = layoutSegments([{ kind: 'text', text: token.title, style }], textColumn(box, ctx), ctx);
    items[0]!.keepWithNext = true;
    items.push(gap(4), ...lines);
  }
  return items;
}

/** A visible stand-in for an image that cannot be drawn: its alt text, and a link if it is remote. */
function placeholder(token: Tokens.Image, alt: string, remote: boolean, box: Box, ctx: BlockContext): Item[] {
  const { theme } = ctx;
  const node = structNode('P', box.parent);
  const pad = 8;
  const style: TextStyle = { ...bodyStyle(box, ctx, node), face: 'italic', color: theme.colour.placeholder };
  const segments: Segment[] = [{ kind: 'text', text: `Image not included: ${alt || 'no description'}`, style }];
  const target = remote ? linkTarget(token.href, ctx) : undefined;
  if (target) {
    const link = structNode('Link', node);
    segments.push(
      { kind: 'break' },
      { kind: 'text', text: token.href, style: { ...style, face: 'regular', color: theme.colour.link, underline: true, link: { target, label: alt || token.href, node: link }, node: link } },
    );
  }
  const column = textColumn(box, ctx);
  const lines = layoutSegments(segments, { x: box.x + pad, width: column.width - 2 * pad, leading: theme.leading.body }, ctx);
  const frame = [fullHeight(box.x, column.width, theme.colour.codeBackground), fullHeight(box.x, 2, theme.colour.rule)];
  const items: Item[] = [gap(pad / 2, frame), ...lines, gap(pad / 2, frame)];
  for (const item of items) {
    item.decorations = frame;
    item.keepWithNext = true;
  }
  items[items.length - 1]!.keepWithNext = false;
  return items;
}

// ---- tables ---------------------------------------------------------------------------------

function table(token: Tokens.Table, box: Box, ctx: BlockContext): Block {
  const { theme } = ctx;
  const node = structNode('Table', box.parent);
  const padX = theme.space.cellPaddingX;
  const padY = theme.space.cellPaddingY;
  const columns = Math.max(token.header.length, ...token.rows.map((row) => row.length));
  const cellStyle = (header: boolean, cellNode: StructNode): TextStyle => ({
    ...bodyStyle(box, ctx, cellNode),
    face: header ? 'semibold' : 'regular',
    size: theme.size.table,
  });
  const measureRow = (cells: readonly Tokens.TableCell[], header: boolean) =>
    cells.map((cell) => measureSegments(inlineSegments(cell.tokens, cellStyle(header, node), ctx), ctx));
  const measured = [measureRow(token.header, true), ...token.rows.map((row) => measureRow(row, false))];
  if (!columnsReadable(measured, columns, box.width, 2 * padX)) return recordsTable(token, columns, 'wide', box, ctx);
  const widths = columnWidths(measured, columns, box.width, 2 * padX);
  const tableWidth = widths.reduce((sum, w) => sum + w, 0);

  const rowItem = (cells: readonly Tokens.TableCell[], header: boolean): RowItem => {
    const tr = structNode('TR', node);
    let x = box.x;
    const laidOut: Cell[] = [];
    for (let column = 0; column < columns; column++) {
      const cell = cells[column];
      const cellNode = structNode(header ? 'TH' : 'TD', tr, header ? { scope: 'Column' } : {});
      const lines = cell
        ? layoutInline(cell.tokens, cellStyle(header, cellNode), {
            x: x + padX,
            width: widths[column]! - 2 * padX,
            leading: theme.leading.table,
            align: cell.align ?? 'left',
          }, ctx)
        : [];
      laidOut.push({ node: cellNode, lines });
      x += widths[column]!;
    }
    const content = Math.max(...laidOut.map((cell) => cell.lines.reduce((sum, line) => sum + line.height, 0)), theme.size.table);
    const decorations: Rect[] = [
      { x: box.x, width: tableWidth, y: 'bottom', height: header ? 1.2 : 0.6, color: header ? theme.colour.muted : theme.colour.rule },
    ];
    if (header) decorations.unshift(fullHeight(box.x, tableWidth, theme.colour.tableHeaderBackground));
    return { kind: 'row', node: tr, cells: laidOut, padding: padY, height: content + 2 * padY, decorations };
  };

  const header = rowItem(token.header, true);
  header.keepWithNext = true;
  const items: Item[] = [header];
  for (const row of token.rows) {
    const item = rowItem(row, false);
    // A row taller than a page cannot be read as a row: set the whole table as records.
    if (item.height + header.height > ctx.pageHeight) return recordsTable(token, columns, 'tall', box, ctx);
    items.push({ ...item, repeatHeader: header });
  }
  // A table broken across pages keeps at least two body rows on each side of the break.
  if (items.length > 2) items[1]!.keepWithNext = true;
  if (items.length > 3) items[items.length - 2]!.keepWithNext = true;
  return { items, before: theme.space.paragraph + 2, after: theme.space.paragraph + 2 };
}

/** Whether every column can be as wide as its longest word: otherwise words would break into letters. */
function columnsReadable(measured: readonly { longestWord: number }[][], columns: number, available: number, padding: number): boolean {
  const minimum = new Array<number>(columns).fill(padding + 12);
  // As columnWidths does, one very long word (a URL) may wrap: it alone does not make the table unreadable.
  for (const row of measured) row.forEach((cell, column) => (minimum[column] = Math.max(minimum[column]!, Math.min(cell.longestWord + padding, available * 0.3))));
  return minimum.reduce((sum, width) => sum + width, 0) <= available;
}

/**
 * A table that cannot be set as a grid, as stacked records: each row a list item of
 * `header: value` lines, tagged L / LI / LBody, so every cell is read in order.
 */
function recordsTable(token: Tokens.Table, columns: number, reason: 'wide' | 'tall', box: Box, ctx: BlockContext): Block {
  const { theme } = ctx;
  const line = ctx.lineOf(token);
  ctx.issues.tablesAsRecords.push({ reason, columns, ...(line !== undefined ? { line } : {}) });
  const node = structNode('L', box.parent);
  const inset = theme.space.cellPaddingX;
  const items: Item[] = [];
  token.rows.forEach((row, index) => {
    const body = structNode('LBody', structNode('LI', node));
    const record: Item[] = [];
    for (let column = 0; column < columns; column++) {
      const cell = row[column];
      if (!cell || cell.text.trim() === '') continue;
      const paragraph = structNode('P', body);
      const style: TextStyle = { ...bodyStyle(box, ctx, paragraph), size: theme.size.table };
      const label = plainText(token.header[column]?.tokens) || `Column ${column + 1}`;
      const segments: Segment[] = [{ kind: 'text', text: `${label}: `, style: { ...style, face: 'semibold' } }, ...inlineSegments(cell.tokens, style, ctx)];
      record.push(...layoutSegments(segments, { x: box.x + inset, width: box.width - inset, leading: theme.leading.table }, ctx));
    }
    const rule = fullHeight(box.x, 2, theme.colour.rule);
    for (const item of record) item.decorations = [rule, ...item.decorations];
    if (index > 0) items.push(gap(theme.space.paragraph));
    items.push(...record);
  });
  return { items, before: theme.space.paragraph + 2, after: theme.space.paragraph + 2 };
}

/**
 * Column widths from content, in the spirit of CSS's automatic table layout: columns whose
 * natural width is within a fair share get it; the others get at least their longest word
 * (capped, so one URL cannot starve the rest) and share what is left in proportion to how
 * much more they would like.
 */
export function columnWidths(
  measured: readonly { natural: number; longestWord: number }[][],
  columns: number,
  available: number,
  padding: number,
): number[] {
  const natural = new Array<number>(columns).fill(padding + 12);
  const minimum = new Array<number>(columns).fill(padding + 12);
  for (const row of measured) {
    row.forEach((cell, column) => {
      natural[column] = Math.max(natural[column]!, cell.natural + padding);
      minimum[column] = Math.max(minimum[column]!, Math.min(cell.longestWord + padding, available * 0.3));
    });
  }
  const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
  if (sum(natural) <= available) return natural;
  const widths = [...natural];
  let open = natural.map((_, column) => column);
  let remaining = available;
  for (;;) {
    const fair = remaining / open.length;
    const content = open.filter((column) => natural[column]! <= fair);
    if (content.length === 0) break;
    remaining -= sum(content.map((column) => natural[column]!));
    open = open.filter((column) => natural[column]! > fair);
  }
  const floor = sum(open.map((column) => minimum[column]!));
  if (floor >= remaining) {
    for (const column of open) widths[column] = (minimum[column]! * remaining) / floor;
    return widths;
  }
  const wants = sum(open.map((column) => natural[column]! - minimum[column]!));
  for (const column of open) widths[column] = minimum[column]! + ((remaining - floor) * (natural[column]! - minimum[column]!)) / wants;
  return widths;
}
