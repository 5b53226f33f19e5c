// The laid-out form of a flow of content, before it meets pdfkit: plain data, so layout and
// pagination are unit-tested without a PDF. Positions are points; x is measured from the left
// margin, y from the top of the item (items are stacked by the paginator).

import type { Face } from './theme.js';

/** Standard PDF structure types used by the renderer (ISO 32000-1, 14.8.4). */
export type Role =
  | 'Document'
  | 'Sect'
  | 'Art'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'H5'
  | 'H6'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Caption'
  | 'Link'
  | 'Reference'
  | 'Note'
  | 'Span'
  | 'BlockQuote'
  | 'Code'
  | 'TOC'
  | 'TOCI';

/** A node of the structure tree, created during layout; the writer turns it into a pdfkit element on first use. */
export interface StructNode {
  readonly role: Role;
  readonly parent: StructNode | null;
  /** Alternate description (Figure). */
  readonly alt?: string;
  /** Header cell scope (TH). */
  readonly scope?: 'Column' | 'Row';
  /** Natural language of the element, when it differs from the document's. */
  readonly lang?: string;
  /** How a list's items are labelled (L): ISO 32000-1, table 347. */
  readonly listNumbering?: ListNumbering;
  /** Element identifier (Note: PDF/UA-1 7.9 wants one on every note). */
  readonly id?: string;
  /** Expansion of an abbreviation (/E), read out in place of its text. */
  readonly expanded?: string;
}

export type ListNumbering = 'Decimal' | 'Disc' | 'Circle' | 'Square';

export function structNode(role: Role, parent: StructNode | null, extra: Partial<StructNode> = {}): StructNode {
  return { ...extra, role, parent };
}

export type LinkTarget = { kind: 'uri'; uri: string } | { kind: 'dest'; name: string };

/** One link in the text: its runs share the `node` (a Link element) and make one annotation each. */
export interface LinkSpan {
  target: LinkTarget;
  /** The link's text, used as the annotation's description. */
  label: string;
  node: StructNode;
}

/** How a piece of text is drawn. Immutable: nested inline tokens derive new styles with spread. */
export interface TextStyle {
  readonly face: Face;
  readonly size: number;
  readonly color: string;
  readonly strike: boolean;
  readonly underline: boolean;
  /** Baseline shift upwards (superscripts), in points. */
  readonly rise: number;
  readonly link?: LinkSpan;
  /** The structure element the text belongs to. */
  readonly node: StructNode;
}

/** A stretch of one line drawn in one style. `text` may end in a space that `width` does not count. */
export interface Run {
  text: string;
  x: number;
  width: number;
  style: TextStyle;
  /** The last run of its link: the writer ends the Link element once it is drawn. */
  endsLink?: boolean;
  /** Drawn for the eye only (contents leaders, code continuation marks): an artifact, not text. */
  artifact?: boolean;
}

/**
 * A filled rectangle drawn as a layout artifact (code tint, quote bar, rule, table border).
 * Heights and offsets relative to the item survive the item being split across pages.
 */
export interface Rect {
  x: number;
  width: number;
  /** Points from the item's top, or sitting on its bottom edge. */
  y: number | 'bottom';
  /** Points, or the item's whole height. */
  height: number | 'full';
  color: string;
}

export function fullHeight(x: number, width: number, color: string): Rect {
  return { x, width, y: 0, height: 'full', color };
}

/** Things that happen where an item lands: a named destination, an outline entry, a page record. */
export type Mark =
  | { kind: 'dest'; name: string }
  | { kind: 'outline'; title: string; level: number }
  | { kind: 'section'; id: string };

interface ItemBase {
  height: number;
  /** Drawn before the item's content, as artifacts. y is relative to the item's top. */
  decorations: Rect[];
  marks?: Mark[];
  /** Do not end a page after this item (headings, a paragraph's first line). */
  keepWithNext?: boolean;
}

export interface LineItem extends ItemBase {
  kind: 'line';
  /** Distance from the item's top to the text baseline. */
  baseline: number;
  runs: Run[];
}

/** Vertical space between blocks: dropped at the top of a page. */
export interface GapItem extends ItemBase {
  kind: 'gap';
}

export interface ImageItem extends ItemBase {
  kind: 'image';
  x: number;
  width: number;
  /** The least height the figure may be scaled down to, to fit the rest of a page. */
  minHeight?: number;
  path: string;
  /** The figure's sanitised SVG: drawn as vectors instead of the file at `path`. */
  svg?: string;
  /** The Figure element; none for a decorative image, drawn as an artifact. */
  node?: StructNode;
}

export interface Cell {
  node: StructNode;
  /** Lines of the cell, top to bottom, stacked from `padding` below the row's top. */
  lines: LineItem[];
}

/** A table row: its cells sit side by side. A row taller than a page is split line by line. */
export interface RowItem extends ItemBase {
  kind: 'row';
  node: StructNode;
  cells: Cell[];
  /** Space above the first line and below the last line of each cell. */
  padding: number;
  /** The table's header row, repeated (as an artifact) at the top of each page the table continues on. */
  repeatHeader?: RowItem;
}

export type Item = LineItem | GapItem | ImageItem | RowItem;

/** The structure nodes an item draws into: its own, its cells', its runs' and their links'. */
export function nodesOf(item: Item): StructNode[] {
  switch (item.kind) {
    case 'gap':
      return [];
    case 'image':
      return item.node ? [item.node] : [];
    case 'line':
      return item.runs.flatMap((run) => (run.style.link ? [run.style.node, run.style.link.node] : [run.style.node]));
    case 'row':
      return [item.node, ...item.cells.flatMap((cell) => [cell.node, ...cell.lines.flatMap(nodesOf)])];
  }
}

export function gap(height: number, decorations: Rect[] = []): GapItem {
  return { kind: 'gap', height, decorations };
}
