// Pagination: stack items down pages. Pure and cheap, so the measuring pass can run it over
// the whole pack to learn page numbers before anything is drawn, and the drawing pass gets
// exactly the same breaks.

import type { Cell, Item, RowItem } from './layout.js';

/** The vertical extent of the text area on every page. */
export interface Frame {
  top: number;
  bottom: number;
}

export interface Placed {
  item: Item;
  /** Top of the item on its page. */
  y: number;
  /** Drawn for the reader's convenience only (a repeated table header): tagged as an artifact. */
  artifact: boolean;
}

/**
 * Place `items` on pages, calling `onPage` with each finished page. Returns the number of pages
 * (at least one: a flow always starts a page).
 * - Gaps vanish at the top of a page and never end one.
 * - An item marked keepWithNext is moved to the next page with what follows it (headings,
 *   a paragraph's first and penultimate lines), unless the group is taller than a page.
 * - A table row that does not fit is split line by line; the table's header row is repeated.
 */
export function paginate(items: readonly Item[], frame: Frame, onPage: (placed: Placed[]) => void): number {
  const available = frame.bottom - frame.top;
  let pages = 0;
  let placed: Placed[] = [];
  let y = frame.top;
  let fresh = true;

  const endPage = (): void => {
    onPage(placed);
    pages++;
    placed = [];
    y = frame.top;
    fresh = true;
  };
  const put = (item: Item, artifact = false): void => {
    placed.push({ item, y, artifact });
    y += item.height;
    fresh = false;
  };
  const startContinuedTable = (row: RowItem): void => {
    if (fresh && row.repeatHeader) put(row.repeatHeader, true);
  };

  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    if (!fresh) {
      const group = keptHeight(items, index);
      if (y + group > frame.bottom && group <= available) endPage();
    }
    if (item.kind === 'gap') {
      if (fresh) continue;
      if (y + item.height > frame.bottom) endPage();
      else put(item);
      continue;
    }
    if (item.kind === 'row') {
      let row: RowItem = item;
      startContinuedTable(row);
      while (y + row.height > frame.bottom) {
        const split = splitRow(row, frame.bottom - y);
        if (split) {
          put(split.head);
          row = split.rest;
        } else if (fresh) {
          break; // not even one line fits on an empty page: draw it and let it overflow
        }
        endPage();
        startContinuedTable(row);
      }
      put(row);
      continue;
    }
    if (!fresh && y + item.height > frame.bottom) endPage();
    put(item);
  }
  if (!fresh || pages === 0) endPage();
  return pages;
}

/** Height of an item together with everything it is kept with (gaps in between included). */
function keptHeight(items: readonly Item[], index: number): number {
  let height = items[index]!.height;
  let at = index;
  while (items[at]!.keepWithNext) {
    at++;
    while (at < items.length && items[at]!.kind === 'gap') height += items[at++]!.height;
    if (at >= items.length) break;
    height += items[at]!.height;
  }
  return height;
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
