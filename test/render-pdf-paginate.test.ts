// Pagination rules, on hand-built items: figures that shrink or wait for the next page, the
// last page of a flow never holding three lines or fewer, keeps across gaps. No PDF involved.

import { describe, expect, test } from 'vitest';
import { gap, structNode, type ImageItem, type Item, type LineItem, type RowItem, type TextStyle } from '../src/render/pdf/layout.js';
import { LAST_PAGE_LINES, planPages, type Placed } from '../src/render/pdf/paginate.js';

const frame = { top: 0, bottom: 100 };
const style: TextStyle = { face: 'regular', size: 10, color: '#000', strike: false, underline: false, rise: 0, node: structNode('P', null) };

/** A line of text (it has a run, so it counts as a line of the page). */
const line = (name: string, keepWithNext = false): LineItem => ({
  kind: 'line',
  height: 10,
  baseline: 8,
  runs: [{ text: name, x: 0, width: 10, style }],
  decorations: [],
  keepWithNext,
});
const lines = (prefix: string, count: number): LineItem[] => Array.from({ length: count }, (_, i) => line(`${prefix}${i + 1}`));
const figure = (height: number, minHeight?: number, keepWithNext = false): ImageItem => ({
  kind: 'image',
  x: 0,
  width: 200,
  height,
  ...(minHeight !== undefined ? { minHeight } : {}),
  path: '/hub/figure.png',
  node: structNode('Figure', null, { alt: 'A chart' }),
  decorations: [],
  keepWithNext,
});
const names = (page: readonly Placed[]): string[] =>
  page.map(({ item }) => (item.kind === 'line' ? item.runs[0]!.text : item.kind === 'image' ? `figure:${Math.round(item.height)}` : item.kind));

describe('figures', () => {
  test('scale down to the space left when they may', () => {
    const pages = planPages([...lines('a', 4), figure(80, 40), ...lines('b', 4)], frame);
    expect(names(pages[0]!)).toEqual(['a1', 'a2', 'a3', 'a4', 'figure:60']);
    const placed = pages[0]![4]!.item as ImageItem;
    expect(placed.width).toBeCloseTo(150); // proportions kept: 200 × 60/80
  });

  test('that cannot shrink enough wait for the next page while the text after them fills this one', () => {
    const pages = planPages([...lines('a', 6), figure(80, 60), gap(4), ...lines('b', 5)], frame);
    expect(names(pages[0]!)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'b3', 'b4']);
    expect(names(pages[1]!)).toEqual(['figure:80', 'gap', 'b5']); // the space after the figure goes with it
  });

  test('keep their caption with them when they wait, and keep their order', () => {
    const caption = line('caption');
    const pages = planPages([...lines('a', 6), figure(60, 60, true), caption, figure(20), ...lines('b', 12)], frame);
    expect(names(pages[0]!)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'b3', 'b4']);
    expect(names(pages[1]!)).toEqual(['figure:60', 'caption', 'figure:20', 'b5']);
  });

  test('still come at the end of their flow when the text runs out first', () => {
    const pages = planPages([...lines('a', 8), figure(50, 50), ...lines('b', 1)], frame);
    expect(names(pages[0]!)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'b1']);
    expect(names(pages[1]!)).toEqual(['figure:50']);
  });

  test('led by a heading are not sent ahead without it', () => {
    const pages = planPages([...lines('a', 5), line('heading', true), figure(60, 60), ...lines('b', 6)], frame);
    expect(names(pages[1]!).slice(0, 2)).toEqual(['heading', 'figure:60']);
  });
});

describe('the last page of a flow', () => {
  test(`holds at least ${LAST_PAGE_LINES} lines, taken from the page before`, () => {
    const pages = planPages(lines('a', 12), frame);
    expect(LAST_PAGE_LINES).toBe(4);
    expect(pages.map((page) => page.length)).toEqual([8, 4]);
    expect(names(pages[1]!)).toEqual(['a9', 'a10', 'a11', 'a12']);
  });

  test('takes lines only where a break is allowed', () => {
    const items = [...lines('a', 6), line('k1', true), line('k2', true), line('k3', true), line('k4'), ...lines('b', 1)];
    const pages = planPages(items, frame);
    // a break inside k1–k4 is not allowed, so the break moves to before k1
    expect(names(pages[1]!)).toEqual(['k1', 'k2', 'k3', 'k4', 'b1']);
  });

  test('is left alone when it is already full enough or the flow has one page', () => {
    expect(planPages(lines('a', 14), frame).map((page) => page.length)).toEqual([10, 4]);
    expect(planPages(lines('a', 3), frame).map((page) => page.length)).toEqual([3]);
  });

  test('counts table rows as lines, and never takes half a split row', () => {
    const cell = (n: number) => ({ node: structNode('TD', null), lines: Array.from({ length: n }, (_, i) => line(`c${i}`)) });
    const row = (n: number): RowItem => ({ kind: 'row', node: structNode('TR', null), padding: 0, height: 10 * n, decorations: [], cells: [cell(n)] });
    const pages = planPages([...lines('a', 9), row(1), row(1), row(1)], frame);
    expect(pages.map((page) => page.filter((p) => !p.artifact).length)).toEqual([8, 4]);
  });
});

describe('keeps', () => {
  test('reach across gaps: a heading keeps with the two lines after it', () => {
    const items: Item[] = [...lines('a', 7), line('heading', true), gap(2), line('first', true), line('second'), ...lines('b', 6)];
    const pages = planPages(items, frame);
    expect(names(pages[0]!).at(-1)).toBe('a7');
    expect(names(pages[1]!).slice(0, 4)).toEqual(['heading', 'gap', 'first', 'second']);
  });
});
