// Pagination: stack items down pages. Pure and cheap, and the same items always give the same
// breaks, so a flow can be planned from its items' shapes alone (the contents, counted before
// its page numbers are known) and drawn later from the items themselves. A flow is planned
// whole (its items are in memory anyway), so the end of a flow can be looked at before its
// pages are handed on.

import { structNode, type Cell, type ImageItem, type Item, type RowItem, type Run } from './layout.js';

/** The vertical extent of the text area on every page. */
export interface Frame {
  top: number;
  bottom: number;
}

export interface Placed {
  item: Item;
  /** Index of the item in the flow (both parts of a split row share it). */
  index: number;
  /** Top of the item on its page. */
  y: number;
  /** Drawn for the reader's convenience only (a repeated table header): tagged as an artifact. */
  artifact: boolean;
}

/** The fewest lines the last page of a flow may hold (a page of one to three lines looks like a mistake). */
export const LAST_PAGE_LINES = 4;

/**
 * Place `items` on pages, calling `onPage` with each finished page. Returns the number of pages
 * (at least one: a flow always starts a page).
 * - Gaps vanish at the top of a page and never end one.
 * - An item marked keepWithNext is moved to the next page with what follows it (headings,
 *   a paragraph's first and penultimate lines, a table's first and last two rows), unless the
 *   group is taller than a page.
 * - A figure that does not fit is scaled down to fit, but not below its `minHeight`; failing
 *   that, the text after it fills the page and the figure (with its caption) goes to the top
 *   of the next page.
 * - A table row that does not fit is split line by line; the table's header row is repeated.
 * - The last page holds at least LAST_PAGE_LINES lines, taken from the page before.
 */
export function paginate(items: readonly Item[], frame: Frame, onPage: (placed: Placed[]) => void): number {
  const pages = planPages(items, frame);
  for (const page of pages) onPage(page);
  return pages.length;
}

/** The pages of a flow, each a list of placed items. */
export function planPages(items: readonly Item[], frame: Frame): Placed[][] {
  const pages = stack(items, frame, -1);
  const earlier = fullerLastPage(items, pages);
  return earlier === undefined ? pages : stack(items, frame, earlier);
}

/**
 * What pagination reads of an item, without its text: its size, keeps and marks (a line's runs
 * only as whether it has any). Pages planned from the shapes of a flow's items are the pages of
 * the items themselves, so a long flow can be counted without holding it whole.
 */
export function pageShape(item: Item): Item {
  if (item.kind !== 'line') return item;
  const { runs, ...shape } = item;
  return { ...shape, decorations: [], runs: runs.length > 0 ? [SHAPE_RUN] : [] };
}

/** Stands for a line's text in its shape (see pageShape). */
const SHAPE_RUN: Run = {
  text: '',
  x: 0,
  width: 0,
  style: { face: 'regular', size: 0, color: '', strike: false, underline: false, rise: 0, node: structNode('Span', null) },
};

/** Lines of text and table rows on a page: what a reader counts as its content. */
function linesOn(page: readonly Placed[]): number {
  let lines = 0;
  for (const { item, artifact } of page) {
    if (artifact) continue;
    if (item.kind === 'row' || (item.kind === 'line' && item.runs.length > 0)) lines++;
  }
  return lines;
}

/**
 * When the last page holds too few lines, the index to break before instead, on the page before,
 * so that enough lines move over; undefined when the last page is fine or nothing can move.
 */
function fullerLastPage(items: readonly Item[], pages: readonly Placed[][]): number | undefined {
  if (pages.length < 2) return undefined;
  const last = pages[pages.length - 1]!;
  const previous = pages[pages.length - 2]!;
  const lines = linesOn(last);
  if (lines === 0 || lines >= LAST_PAGE_LINES) return undefined;
  if (last.some(({ item }) => item.kind === 'image')) return undefined; // figures are placed by their own rule
  const firstOfLast = last.find((placed) => !placed.artifact)?.index;
  const firstOfPrevious = previous.find((placed) => !placed.artifact)?.index;
  if (firstOfLast === undefined || firstOfPrevious === undefined) return undefined;
  if (previous[previous.length - 1]!.index === firstOfLast) return undefined; // a row split across the break
  let moved = lines;
  for (let index = firstOfLast - 1; index > firstOfPrevious; index--) {
    const item = items[index]!;
    if (item.kind === 'row' || (item.kind === 'line' && item.runs.length > 0)) moved++;
    if (moved >= LAST_PAGE_LINES && item.kind !== 'gap' && !keptWithPrevious(items, index)) return index;
  }
  return undefined;
}

/** Whether the item before `index` (gaps aside) keeps with it, so no page may end between them. */
function keptWithPrevious(items: readonly Item[], index: number): boolean {
  let before = index - 1;
  while (before >= 0 && items[before]!.kind === 'gap') before--;
  return before >= 0 && items[before]!.keepWithNext === true;
}

/** The height an item may be brought down to: a figure's floor, anything else its height. */
function smallest(item: Item): number {
  return item.kind === 'image' ? Math.min(item.height, item.minHeight ?? item.height) : item.height;
}

/** Last index of the group that starts at `index` (items kept with the next), and its smallest height. */
function keptGroup(items: readonly Item[], index: number): { end: number; height: number } {
  let height = smallest(items[index]!);
  let at = index;
  while (items[at]!.keepWithNext) {
    let next = at + 1;
    let gaps = 0;
    while (next < items.length && items[next]!.kind === 'gap') gaps += items[next++]!.height;
    if (next >= items.length) break;
    height += gaps + smallest(items[next]!);
    at = next;
  }
  return { end: at, height };
}

/** A figure scaled to `height`, keeping its proportions. */
function scaled(image: ImageItem, height: number): ImageItem {
  return height >= image.height ? image : { ...image, height, width: (image.width * height) / image.height };
}

/** A figure (and its caption) waiting for the top of the next page, and the space that followed it. */
interface Waiting {
  items: { item: Item; index: number }[];
  height: number;
  after: number;
}

/** Greedy stacking; `breakBefore` (an index, or -1) forces a page to end before that item. */
function stack(items: readonly Item[], frame: Frame, breakBefore: number): Placed[][] {
  const available = frame.bottom - frame.top;
  const pages: Placed[][] = [];
  let placed: Placed[] = [];
  let y = frame.top;
  let fresh = true;
  const waiting: Waiting[] = [];

  const endPage = (): void => {
    pages.push(placed);
    placed = [];
    y = frame.top;
    fresh = true;
  };
  const put = (item: Item, index: number, artifact = false): void => {
    placed.push({ item, index, y, artifact });
    y += item.height;
    fresh = false;
  };
  const putWaiting = (): void => {
    while (waiting.length > 0 && (fresh || y + waiting[0]!.height <= frame.bottom)) {
      const figure = waiting.shift()!;
      for (const { item, index } of figure.items) put(item, index);
      if (figure.after > 0) put({ kind: 'gap', height: figure.after, decorations: [] }, figure.items[0]!.index);
    }
  };
  /** Make room for `height` on this page or the next; a new page takes waiting figures first (not inside a table). */
  const room = (height: number, takesFigures = true): void => {
    if (!fresh && y + height > frame.bottom) endPage();
    if (fresh && takesFigures && waiting.length > 0) {
      putWaiting();
      if (y + height > frame.bottom) endPage();
    }
  };
  const startContinuedTable = (row: RowItem, index: number): void => {
    if (fresh && row.repeatHeader) put(row.repeatHeader, index, true);
  };

  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    if (index === breakBefore && !fresh) endPage();
    if (item.kind === 'gap') {
      if (fresh) continue;
      if (y + item.height > frame.bottom) endPage();
      else put(item, index);
      continue;
    }
    const group = keptGroup(items, index);
    if (item.kind === 'image') {
      if (fresh) room(0);
      const rest = group.height - smallest(item);
      const space = frame.bottom - y - rest;
      const led = index > 0 && items[index - 1]!.keepWithNext === true; // a heading placed with it
      if (!fresh && !led && (waiting.length > 0 || space < smallest(item))) {
        // Let the text after it fill this page; the figure opens the next one.
        const next = items[group.end + 1];
        const after = next?.kind === 'gap' ? next.height : 0;
        const members = items.slice(index, group.end + 1).map((member, offset) => ({ item: member, index: index + offset }));
        waiting.push({ items: members, height: members.reduce((sum, { item: member }) => sum + member.height, 0), after });
        index = group.end + (after > 0 ? 1 : 0);
        continue;
      }
      room(smallest(item) + rest);
      put(scaled(item, Math.max(smallest(item), frame.bottom - y - rest)), index);
      continue;
    }
    const continuesTable = item.kind === 'row' && item.repeatHeader !== undefined;
    // A row taller than a page is split from where it starts; anything else starts where it fits.
    room(group.height <= available ? group.height : item.kind === 'row' ? 0 : item.height, !continuesTable);
    if (item.kind === 'row') {
      let row: RowItem = item;
      startContinuedTable(row, index);
      while (y + row.height > frame.bottom) {
        const split = splitRow(row, frame.bottom - y);
        if (split) {
          put(split.head, index);
          row = split.rest;
        } else if (fresh) {
          break; // not even one line fits on an empty page: draw it and let it overflow
        }
        endPage();
        startContinuedTable(row, index);
      }
      put(row, index);
      continue;
    }
    put(item, index);
  }
  while (waiting.length > 0) {
    if (!fresh) endPage();
    putWaiting();
  }
  if (!fresh || pages.length === 0) endPage();
  return pages;
}

/** Split a row so its first part fits in `space`; undefined when not even one line of any cell fits. */
export function splitRow(row: RowItem, space: number): { head: RowItem; rest: RowItem } | undefined {
  const room = space - 2 * row.padding;
  const heads: Cell[] = [];
  const rests: Cell[] = [];
  let moved = false;
  for (const cell of row.cells) {
    let used = 0;
    let count = 0;
    while (count < cell.lines.length && used + cell.lines[count]!.height <= room) used += cell.lines[count++]!.height;
    if (count > 0) moved = true;
    heads.push({ node: cell.node, lines: cell.lines.slice(0, count) });
    rests.push({ node: cell.node, lines: cell.lines.slice(count) });
  }
  if (!moved) return undefined;
  return { head: { ...row, cells: heads, height: rowHeight(heads, row.padding) }, rest: { ...row, cells: rests, height: rowHeight(rests, row.padding) } };
}

function rowHeight(cells: readonly Cell[], padding: number): number {
  return Math.max(...cells.map((cell) => cell.lines.reduce((sum, line) => sum + line.height, 0))) + 2 * padding;
}
