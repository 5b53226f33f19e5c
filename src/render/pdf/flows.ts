// The pack as a sequence of flows, each starting on a new page: the cover, the contents, the
// introduction, then one flow per piece. Flows are laid out one at a time, as they are drawn,
// so the layout holds one piece's tokens and items, never the pack's.

import type { Token } from 'marked';
import type { Footnote } from '../../markdown/lex.js';
import { headingLevels, sectionHeadings } from '../../markdown/anchors.js';
import type { DateFormat, Pack, PackPiece, ShownField, Status } from '../../model.js';
import { authorList, captionParts, formatDate, statusName } from '../metadata.js';
import { Issues, type LayoutContext } from './context.js';
import { citeItems, identifierLines, logoItems } from './imprint.js';
import { bodyStyle, layoutBlocks, type BlockContext, type Box } from './blocks.js';
import { layoutSegments, lineMetrics, markLinkEnds, type Segment } from './inline.js';
import { fullHeight, gap, structNode, type Item, type LineItem, type Run, type StructNode, type TextStyle } from './layout.js';
import type { RunningHead } from './document.js';
import type { FontSet } from './fonts.js';
import type { Theme } from './theme.js';
import type { ImageInfo } from './images.js';

export interface Flow {
  kind: 'cover' | 'imprint' | 'contents' | 'introduction' | 'piece';
  /** Running header; none on the cover. */
  head?: RunningHead;
  /** The structure element holding everything in the flow. */
  section: StructNode;
  items: Item[];
  issues: Issues;
  /** Where warnings about this flow point. */
  source: { file: string; line: number };
  /** Metadata fields set in the flow (title, subtitle, summary), each with its own issues, so warnings point at the field. */
  fields?: { issues: Issues; source: { file: string; line: number; column: number; field: string } }[];
}

/** Shared by every flow of one render. */
export interface FlowEnvironment {
  pack: Pack;
  fonts: FontSet;
  theme: Theme;
  /** Width of the text column. */
  width: number;
  /** Height of the text area of a page. */
  height: number;
  destinations: ReadonlySet<string>;
  image: (path: string) => ImageInfo;
}

const STATUS_FLAG: Record<Status, string | undefined> = { draft: 'DRAFT', review: 'IN REVIEW', published: undefined };

/** A piece's title; its slug if the title is blank (validation reports that; the PDF still needs a heading). */
function titleOf(piece: PackPiece): string {
  return piece.publication.metadata.title.trim() || piece.id;
}

export function context(env: FlowEnvironment, issues: Issues, notePrefix = '', noteNames: ReadonlySet<string> = new Set()): LayoutContext {
  return {
    fonts: env.fonts,
    theme: env.theme,
    issues,
    notePrefix,
    isDestination: (name) => env.destinations.has(name) || noteNames.has(name),
    image: env.image,
  };
}

function blockContext(ctx: LayoutContext, tokens: readonly Token[], env: FlowEnvironment, notes: Footnote[] = [], firstLine?: number): BlockContext {
  // Top-level tokens' raws follow one another through the source: their lines, for warnings about one block.
  const lines = new Map<Token, number>();
  if (firstLine !== undefined) {
    let line = firstLine;
    // (A single newline marked meets is added to the token before it: the footnotes token, first, may hold one.)
    for (const token of tokens) {
      lines.set(token, line);
      for (let i = token.raw.indexOf('\n'); i !== -1; i = token.raw.indexOf('\n', i + 1)) line++;
    }
  }
  return { ...ctx, headingLevel: headingLevels(tokens), maxFigureHeight: env.height * 0.75, pageHeight: env.height, lineOf: (token) => lines.get(token), notes, breakout: breakout(env) };
}

/** What the text measure leaves of the page's width, at the right. */
function breakout(env: FlowEnvironment): number {
  return Math.max(0, env.width - env.theme.measure);
}

/** A paragraph of plain text in one style (titles, metadata, cover lines); display lines are balanced. */
function textLines(text: string, style: TextStyle, box: Box, ctx: LayoutContext, leading: number, balance = false): LineItem[] {
  return layoutSegments([{ kind: 'text', text, style }], { x: box.x, width: box.width, leading, balance }, ctx);
}

export function spacer(height: number): LineItem {
  return { kind: 'line', height, baseline: 0, runs: [], decorations: [] };
}

// ---- cover --------------------------------------------------------------------------------------

export function coverFlow(env: FlowEnvironment): Flow {
  const { pack, theme } = env;
  const issues = new Issues();
  const ctx = context(env, issues);
  const section = structNode('Sect', null);
  const box: Box = { x: 0, width: env.width, parent: section, size: theme.size.body, tight: false };
  const base = (node: StructNode): TextStyle => bodyStyle(box, ctx, node);
  const logo = logoItems(env, section);
  const items: Item[] = [...logo, spacer(env.height * 0.22 - logo.reduce((sum, item) => sum + item.height, 0))];
  items.push(...textLines(pack.hubName, { ...base(structNode('P', section)), face: 'semibold', size: 13, color: theme.colour.muted }, box, ctx, 1.3));
  items.push(spacer(14), { ...spacer(18), decorations: [{ x: 0, width: 64, y: 0, height: 5, color: theme.colour.link }] });
  const title = textLines(pack.title, { ...base(structNode('H1', section)), face: 'semibold', size: theme.size.coverTitle }, box, ctx, 1.15, true);
  items.push(...title);
  if (pack.subtitle) {
    items.push(spacer(10), ...textLines(pack.subtitle, { ...base(structNode('P', section)), size: theme.size.coverSubtitle, color: theme.colour.muted }, box, ctx, 1.3));
  }
  items.push(spacer(40));
  const count = pack.pieces.length;
  const facts = [formatDate(pack.date, pack.dateFormat), `${count} ${count === 1 ? 'paper' : 'papers'}`].filter(Boolean);
  items.push(...textLines(facts.join(' \u00B7 '), { ...base(structNode('P', section)), size: 12 }, box, ctx, 1.4));
  const unpublished = pack.pieces.filter((piece) => piece.publication.metadata.status !== 'published').length;
  if (unpublished > 0) {
    const note = `Includes ${unpublished} unpublished ${unpublished === 1 ? 'paper' : 'papers'} (draft or in review), marked as such.`;
    items.push(spacer(6), ...textLines(note, { ...base(structNode('P', section)), face: 'semibold', size: 11, color: theme.colour.draft }, box, ctx, 1.4));
  }
  return { kind: 'cover', section, items, issues, source: { file: pack.slug, line: 1 } };
}

// ---- contents -----------------------------------------------------------------------------------

export interface ContentsEntry {
  id: string;
  title: string;
  /** 1: a piece; 2: one of its sections. */
  level: 1 | 2;
  flag?: string;
}

/** Anchor of the introduction: slugs never start with a hyphen, so it cannot clash with a piece. */
export const INTRODUCTION_ID = '-introduction';

/** The introduction, every piece and its top-level sections, in order. */
export function contentsEntries(pack: Pack): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  if (pack.introduction) entries.push({ id: INTRODUCTION_ID, title: 'Introduction', level: 1 });
  for (const piece of pack.pieces) {
    const flag = STATUS_FLAG[piece.publication.metadata.status];
    entries.push({ id: piece.id, title: titleOf(piece), level: 1, ...(flag ? { flag } : {}) });
    for (const heading of sectionHeadings(piece.headings)) entries.push({ id: heading.id, title: heading.text, level: 2 });
  }
  return entries;
}

/** The contents, whose items can be laid out more than once: without page numbers, to count its pages, then with them. */
export interface ContentsFlow {
  head: RunningHead;
  /** The structure element holding everything in the contents, the same each time its items are laid out. */
  section: StructNode;
  /** Its items, each laid out when reached; `pageOf` is undefined to count pages: numbers do not change the layout. */
  items(pageOf?: (id: string) => number | undefined): Generator<Item>;
}

/**
 * The contents: each entry a link, dot leaders to its right-aligned page number, sections
 * nested in their piece (TOC > TOCI > Reference > Link, and a TOC inside a piece's TOCI).
 * Entries are laid out one at a time, so a contents of many thousand entries is never held whole.
 */
export function contentsFlow(env: FlowEnvironment, entries: readonly ContentsEntry[]): ContentsFlow {
  const section = structNode('Sect', null);
  return { head: { text: `${env.pack.title} \u00B7 Contents` }, section, items: (pageOf) => contentsItems(env, entries, section, pageOf) };
}

function* contentsItems(env: FlowEnvironment, entries: readonly ContentsEntry[], section: StructNode, pageOf?: (id: string) => number | undefined): Generator<Item> {
  const { theme, fonts } = env;
  const ctx = context(env, new Issues());
  const width = Math.min(env.width, theme.measure);
  const box: Box = { x: 0, width, parent: section, size: theme.size.body, tight: false };
  const headingNode = structNode('H1', section);
  const heading = textLines('Contents', { ...bodyStyle(box, ctx, headingNode), face: 'semibold', size: theme.size.heading[0] }, box, ctx, theme.leading.heading);
  heading[0]!.marks = [{ kind: 'outline', title: 'Contents', level: 1 }];
  yield* heading;
  yield gap(12);
  const toc = structNode('TOC', section);
  const leaderStyle: TextStyle = { ...bodyStyle(box, ctx), size: theme.size.body - 1, color: theme.colour.muted };
  const numberColumn = fonts.width('semibold', '0000', theme.size.body);
  let pieceItem: StructNode | undefined;
  let sections: StructNode | undefined;
  for (const [index, entry] of entries.entries()) {
    const piece = entry.level === 1;
    if (piece || !pieceItem) {
      pieceItem = structNode('TOCI', toc);
      sections = undefined;
    } else {
      sections ??= structNode('TOC', pieceItem);
    }
    const item = piece ? pieceItem : structNode('TOCI', sections!);
    const link = structNode('Link', structNode('Reference', item));
    const indent = piece ? 0 : 16;
    const size = piece ? theme.size.body : theme.size.body - 1;
    const style: TextStyle = {
      ...bodyStyle(box, ctx, link),
      face: piece ? 'semibold' : 'regular',
      size,
      link: { target: { kind: 'dest', name: entry.id }, label: entry.title, node: link },
    };
    const segments: Segment[] = [{ kind: 'text', text: entry.title, style }];
    if (entry.flag) {
      const color = entry.flag === STATUS_FLAG.draft ? theme.colour.draft : theme.colour.muted;
      segments.push({ kind: 'text', text: ` (${entry.flag.toLowerCase()})`, style: { ...style, face: 'regular', color } });
    }
    const lines = layoutSegments(segments, { x: indent, width: width - indent - numberColumn - 8, leading: 1.3 }, ctx);
    const number = String(pageOf?.(entry.id) ?? '');
    const last = lines[lines.length - 1]!;
    const numberWidth = fonts.width(style.face, number, size);
    const textEnd = Math.max(indent, ...last.runs.map((run) => run.x + run.width));
    const leader = leaderRun(textEnd + 4, width - numberWidth - 4, leaderStyle, ctx);
    if (leader) last.runs.push(leader);
    last.runs.push({ text: number, x: width - numberWidth, width: numberWidth, style });
    markLinkEnds(lines);
    for (let i = 0; i < lines.length - 1; i++) lines[i]!.keepWithNext = true;
    // A piece's entry stays with its first section's.
    if (piece && entries[index + 1]?.level === 2) last.keepWithNext = true;
    if (piece && index > 0) yield gap(8);
    yield* lines;
  }
}

/**
 * Dot leaders between `from` and `to`, an artifact. The dots sit on a grid measured from the
 * left margin, so the leaders of every entry line up in columns.
 */
function leaderRun(from: number, to: number, style: TextStyle, ctx: LayoutContext): Run | undefined {
  const pitch = ctx.fonts.width(style.face, '. ', style.size);
  const first = Math.ceil(from / pitch) * pitch;
  const count = Math.floor((to - first) / pitch);
  if (count < 2) return undefined;
  const text = '. '.repeat(count).trimEnd();
  return { text, x: first, width: ctx.fonts.width(style.face, text, style.size), style, artifact: true };
}

// ---- introduction -------------------------------------------------------------------------------

export function introductionFlow(env: FlowEnvironment, tokens: readonly Token[]): Flow {
  const { theme, pack } = env;
  const issues = new Issues();
  const ctx = blockContext(context(env, issues), tokens, env);
  const section = structNode('Sect', null);
  const box: Box = { x: 0, width: env.width, parent: section, size: theme.size.body, tight: false };
  const heading = textLines('Introduction', { ...bodyStyle(box, ctx, structNode('H1', section)), face: 'semibold', size: theme.size.heading[0] }, box, ctx, theme.leading.heading);
  heading[0]!.marks = [
    { kind: 'dest', name: INTRODUCTION_ID },
    { kind: 'section', id: INTRODUCTION_ID },
    { kind: 'outline', title: 'Introduction', level: 1 },
  ];
  for (const line of heading) line.keepWithNext = true;
  const items: Item[] = [...heading, gap(14), ...layoutBlocks(tokens, box, ctx)];
  return { kind: 'introduction', head: { text: `${pack.title} \u00B7 Introduction` }, section, items, issues, source: { file: pack.slug, line: 1 } };
}

// ---- pieces -------------------------------------------------------------------------------------

export function pieceFlow(env: FlowEnvironment, piece: PackPiece): Flow {
  const { theme, pack } = env;
  const { metadata } = piece.publication;
  const issues = new Issues();
  const notePrefix = `${piece.id}--note-`;
  const notes: Footnote[] = [];
  const tokens = piece.source();
  const ctx = blockContext(context(env, issues, notePrefix, noteNames(tokens, notePrefix)), tokens, env, notes, piece.publication.bodyLine);
  const lang = metadata.lang && metadata.lang !== pack.lang ? { lang: metadata.lang } : {};
  const section = structNode('Art', null, lang);
  const box: Box = { x: 0, width: env.width, parent: section, size: theme.size.body, tight: false };
  const items: Item[] = [];
  const flag = STATUS_FLAG[metadata.status];
  if (flag) items.push(badge(flag, metadata.status, box, ctx), gap(10));

  const fields: NonNullable<Flow['fields']> = [];
  /** A layout context whose problems are the field's, not the body's. */
  const fieldContext = (field: ShownField): LayoutContext => {
    const own = new Issues();
    const at = piece.publication.positions.get(field) ?? { line: 1, column: 1 };
    fields.push({ issues: own, source: { file: piece.publication.displayPath, line: at.line, column: at.column, field } });
    return context(env, own);
  };
  const title = textLines(titleOf(piece), { ...bodyStyle(box, ctx, structNode('H1', section)), face: 'semibold', size: theme.size.heading[0] }, box, fieldContext('title'), theme.leading.heading, true);
  title[0]!.marks = [
    { kind: 'dest', name: piece.id },
    { kind: 'section', id: piece.id },
    { kind: 'outline', title: titleOf(piece), level: 1 },
  ];
  items.push(...title);
  if (metadata.subtitle) {
    items.push(gap(4), ...textLines(metadata.subtitle, { ...bodyStyle(box, ctx, structNode('P', section)), size: 14, color: theme.colour.muted }, box, fieldContext('subtitle'), 1.3, true));
  }
  items.push(gap(10), ...metadataLines(piece, box, ctx, pack.dateFormat));
  if (metadata.summary) {
    const node = structNode('P', section);
    const summary = textLines(metadata.summary, { ...bodyStyle(box, ctx, node), size: 12.5 }, { ...box, x: 12, width: box.width - ctx.breakout - 12 }, fieldContext('summary'), 1.4);
    for (const line of summary) line.decorations = [fullHeight(0, 3, theme.colour.link)];
    items.push(gap(12), ...summary);
  }
  items.push(gap(24, [{ x: 0, width: box.width, y: 8, height: 0.75, color: theme.colour.rule }]));
  for (const item of items) item.keepWithNext = true; // the heading block never ends a page on its own
  items.push(...layoutBlocks(tokens, box, ctx));
  if (notes.length > 0) items.push(...notesBlock(notes, box, ctx));
  items.push(...citeItems(piece, box, ctx));
  return {
    kind: 'piece',
    head: {
      text: `${pack.title} \u00B7 ${titleOf(piece)}`,
      ...(flag ? { flag, flagColour: metadata.status === 'draft' ? theme.colour.draft : theme.colour.text } : {}),
    },
    section,
    items,
    issues,
    source: { file: piece.publication.displayPath, line: piece.publication.bodyLine },
    fields,
  };
}

function badge(flag: string, status: Status, box: Box, ctx: LayoutContext): LineItem {
  const { theme } = ctx;
  const size = 10;
  const style: TextStyle = {
    ...bodyStyle(box, ctx, structNode('P', box.parent)),
    face: 'bold',
    size,
    color: status === 'draft' ? theme.colour.badgeText : theme.colour.reviewText,
  };
  const width = ctx.fonts.width('bold', flag, size);
  const padX = 8;
  const height = 20;
  return {
    kind: 'line',
    height,
    baseline: 14,
    runs: [{ text: flag, x: padX, width, style }],
    decorations: [{ x: 0, width: width + 2 * padX, y: 0, height, color: status === 'draft' ? theme.colour.draft : theme.colour.review }],
  };
}

/** The piece's facts under its title: its type (and series), authors, dates, a status other than published, tags. */
function metadataLines(piece: PackPiece, box: Box, ctx: LayoutContext, dateFormat: DateFormat): Item[] {
  const { metadata } = piece.publication;
  const { theme } = ctx;
  const size = 10.5;
  const date = formatDate(metadata.date, dateFormat);
  const lines: [label: string, value: string][] = [
    ['', captionParts(metadata).join(' \u00B7 ')],
    ['By ', authorList(metadata.authors)],
    ['', metadata.updated ? `${date} (updated ${formatDate(metadata.updated, dateFormat)})` : date],
    ['Status: ', metadata.status === 'published' ? '' : statusName(metadata.status)],
    ['Tags: ', metadata.tags.join(', ')],
  ];
  const items: Item[] = [];
  lines.forEach(([label, value], index) => {
    if (!value) return;
    const node = structNode('P', box.parent);
    const style: TextStyle = { ...bodyStyle(box, ctx, node), size, color: theme.colour.muted };
    const segments: Segment[] = [{ kind: 'text', text: value, style: index === 0 ? { ...style, face: 'semibold', color: theme.colour.text } : style }];
    if (label) segments.unshift({ kind: 'text', text: label, style: { ...style, face: 'semibold', color: theme.colour.text } });
    items.push(...layoutSegments(segments, { x: 0, width: box.width, leading: 1.4 }, ctx));
  });
  items.push(...identifierLines(piece, box, ctx));
  return items;
}

/** Anchor names of a body's footnotes. */
function noteNames(tokens: readonly Token[], prefix: string): Set<string> {
  const names = new Set<string>();
  for (const token of tokens) {
    if (token.type === 'footnotes') for (const note of (token as unknown as { items: Footnote[] }).items) names.add(`${prefix}${note.label}`);
  }
  return names;
}

/** The piece's footnotes at its end, each a Note element (with the ID PDF/UA asks for) that its marker links to. */
function notesBlock(notes: readonly Footnote[], box: Box, ctx: BlockContext): Item[] {
  const { theme } = ctx;
  const headingNode = structNode('H2', box.parent);
  const heading = textLines('Notes', { ...bodyStyle(box, ctx, headingNode), face: 'semibold', size: theme.size.heading[1] }, box, ctx, theme.leading.heading);
  heading[0]!.marks = [{ kind: 'outline', title: 'Notes', level: 2 }];
  for (const line of heading) line.keepWithNext = true;
  const items: Item[] = [gap(theme.space.headingBefore[1]), ...heading, gap(theme.space.headingAfter)];
  const numbered = notes.map((note, index) => ({ note, number: note.refs[0]?.id ?? String(index + 1) }));
  numbered.sort((a, b) => Number(a.number) - Number(b.number));
  const indent = 24;
  numbered.forEach(({ note, number }, index) => {
    const name = `${ctx.notePrefix}${note.label}`;
    const li = structNode('Note', box.parent, { id: name });
    const body: Box = { x: indent, width: box.width - indent, parent: li, size: theme.size.note, tight: true };
    const noteItems = layoutBlocks(note.content, body, ctx);
    const label = `${number}.`;
    const labelStyle: TextStyle = { ...bodyStyle(body, ctx, structNode('Lbl', li)) };
    const labelWidth = ctx.fonts.width('regular', label, theme.size.note);
    const run = { text: label, x: indent - 6 - labelWidth, width: labelWidth, style: labelStyle };
    const first = noteItems[0];
    if (first?.kind === 'line') first.runs.unshift(run);
    else noteItems.unshift({ kind: 'line', ...lineMetrics('regular', theme.size.note, theme.leading.body, ctx), runs: [run], decorations: [] });
    noteItems[0]!.marks = [{ kind: 'dest', name }];
    if (index > 0) items.push(gap(theme.space.listItem));
    items.push(...noteItems);
  });
  return items;
}
