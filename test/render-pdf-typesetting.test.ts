// Typesetting measured on a generated pack of 120 papers (bench/corpus.mjs, with some figures
// made large): the measure of running text, the white left on pages with figures, and what
// stands at the foot and the end of pages. Laid out and paginated as the renderer does, no PDF.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error: the corpus generator is plain JavaScript
import { barChartPng, generateCorpus, mulberry32 } from '../bench/corpus.mjs';
import { openHub } from '../src/check/hub.js';
import { loadPublications } from '../src/check/paper.js';
import { validateSome } from '../src/check/validate.js';
import type { Pack } from '../src/model.js';
import { readPaperBody } from '../src/load/load.js';
import { buildPack } from '../src/pack/assemble.js';
import { FontSet } from '../src/render/pdf/fonts.js';
import { pieceFlow, type FlowEnvironment } from '../src/render/pdf/flows.js';
import { probeImage } from '../src/render/pdf/images.js';
import type { Item, LineItem, RowItem } from '../src/render/pdf/layout.js';
import { LAST_PAGE_LINES, planPages, type Placed } from '../src/render/pdf/paginate.js';
import { THEME } from '../src/render/pdf/theme.js';

const PAPERS = 120;
const root = mkdtempSync(join(tmpdir(), 'hub-typesetting-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Flowed {
  items: Item[];
  pages: Placed[][];
  title: string;
}

let flowed: Flowed[];
const paper = THEME.paper.a4;
const frame = { top: THEME.margins.top, bottom: paper.height - THEME.margins.bottom };
const available = frame.bottom - frame.top;

beforeAll(async () => {
  generateCorpus({ papers: PAPERS, seed: 12, dir: root });
  // Figures of every shape, up to a page tall, so that some cannot fit where they are cited.
  const random = mulberry32(5);
  const tools = { random, int: (a: number, b: number) => a + Math.floor(random() * (b - a + 1)), pick: <T>(list: T[]) => list[Math.floor(random() * list.length)], chance: (p: number) => random() < p };
  const sizes = [[800, 1000], [1200, 640], [640, 900], [900, 500], [500, 700], [240, 150]];
  sizes.forEach(([width, height], index) => writeFileSync(join(root, 'publications', 'images', `fig-${index + 1}.png`), barChartPng(tools, width, height)));
  const hub = await openHub(root);
  const listed = await loadPublications(hub, 'metadata');
  const checked = await validateSome(hub, listed.map((publication) => publication.path), listed);
  const pack: Pack = buildPack(hub, { papers: checked.papers, titleOf: () => undefined, bodyOf: (publication) => readPaperBody(publication.path), generator: 'hub test', sourceDateEpoch: '1269993600' });
  const env: FlowEnvironment = {
    pack,
    fonts: new FontSet(),
    theme: THEME,
    width: paper.width - THEME.margins.left - THEME.margins.right,
    height: available,
    destinations: new Set(),
    image: probeImage,
  };
  flowed = pack.pieces.map((piece) => {
    const flow = pieceFlow(env, piece);
    return { items: flow.items, pages: planPages(flow.items, frame), title: piece.publication.metadata.title };
  });
}, 120_000);

const text = (line: LineItem): string => line.runs.filter((run) => !run.artifact).map((run) => run.text).join('').trim();
const role = (item: Item): string | undefined => (item.kind === 'line' ? item.runs[0]?.style.node.role : undefined);
const isHeading = (item: Item): boolean => /^H[2-6]$/.test(role(item) ?? '');
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe(`a generated pack of ${PAPERS} papers`, () => {
  test('sets running text 60–75 characters to the line (median of full lines)', () => {
    const counts: number[] = [];
    for (const { items } of flowed) {
      const paragraphs = new Map<unknown, LineItem[]>();
      for (const item of items) {
        if (item.kind !== 'line' || role(item) !== 'P' || item.runs[0]!.style.node.parent?.role !== 'Art') continue;
        const node = item.runs[0]!.style.node;
        paragraphs.set(node, [...(paragraphs.get(node) ?? []), item]);
      }
      for (const lines of paragraphs.values()) for (const line of lines.slice(0, -1)) counts.push([...text(line)].length);
    }
    expect(counts.length).toBeGreaterThan(10_000);
    const measure = median(counts);
    expect(measure).toBeGreaterThanOrEqual(60);
    expect(measure).toBeLessThanOrEqual(75);
  });

  test('leaves little white on pages with figures: text fills the page, the figure shrinks or moves on', () => {
    const blanks: number[] = [];
    for (const { pages } of flowed) {
      pages.slice(0, -1).forEach((page) => {
        if (!page.some(({ item }) => item.kind === 'image')) return;
        const bottom = Math.max(...page.filter(({ item }) => item.kind !== 'gap').map(({ y, item }) => y + item.height));
        blanks.push((frame.bottom - bottom) / available);
      });
    }
    expect(blanks.length).toBeGreaterThan(30);
    const sorted = [...blanks].sort((a, b) => a - b);
    expect(median(blanks)).toBeLessThan(0.05);
    expect(sorted[Math.floor(sorted.length * 0.9)]!).toBeLessThan(0.15);
    expect(sorted.at(-1)!).toBeLessThan(0.3);
  });

  test('never ends a page on a heading, or on a heading and one line', () => {
    const stranded: string[] = [];
    for (const { pages, title } of flowed) {
      pages.slice(0, -1).forEach((page, number) => {
        const lines = page.filter(({ item, artifact }) => !artifact && item.kind !== 'gap').map(({ item }) => item);
        const last = lines.at(-1);
        const before = lines.at(-2);
        if ((last && isHeading(last)) || (before && isHeading(before) && last && !isHeading(last))) stranded.push(`${title}, page ${number + 1}`);
      });
    }
    expect(stranded).toEqual([]);
  });

  test(`never ends a piece with a page of fewer than ${LAST_PAGE_LINES} lines`, () => {
    const short: string[] = [];
    for (const { pages, title } of flowed) {
      const last = pages.at(-1)!;
      // Figures are placed by their own rule: a page of figures may leave the last lines over.
      if (pages.length < 2 || [...last, ...pages.at(-2)!].some(({ item }) => item.kind === 'image')) continue;
      const lines = last.filter(({ item, artifact }) => !artifact && (item.kind === 'row' || (item.kind === 'line' && item.runs.length > 0))).length;
      if (lines < LAST_PAGE_LINES) short.push(`${title}: ${lines}`);
    }
    expect(short).toEqual([]);
  });

  test('keeps two lines of a paragraph and two rows of a table on each side of a page break', () => {
    const broken: string[] = [];
    for (const { pages, title } of flowed) {
      for (let at = 0; at + 1 < pages.length; at++) {
        const count = (page: Placed[], key: (item: Item) => unknown, value: unknown): number =>
          page.filter(({ item, artifact }) => !artifact && key(item) === value).length;
        const lastLine = pages[at]!.filter(({ item }) => item.kind !== 'gap').at(-1)?.item;
        const firstLine = pages[at + 1]!.find(({ item, artifact }) => !artifact && item.kind !== 'gap')?.item;
        if (!lastLine || !firstLine) continue;
        // The paragraph a line belongs to (a line may start inside a link).
        const byNode = (item: Item): unknown => {
          let node = item.kind === 'line' ? item.runs[0]?.style.node : undefined;
          while (node && node.role === 'Link') node = node.parent ?? undefined;
          return node?.role === 'P' ? node : undefined;
        };
        const node = byNode(lastLine);
        if (node && node === byNode(firstLine)) {
          if (count(pages[at]!, byNode, node) < 2 || count(pages[at + 1]!, byNode, node) < 2) broken.push(`${title}: paragraph at page ${at + 1}`);
        }
        if (lastLine.kind === 'row' && firstLine.kind === 'row' && lastLine.node.parent === firstLine.node.parent && lastLine !== (firstLine as RowItem).repeatHeader) {
          const table = lastLine.node.parent;
          const byTable = (item: Item): unknown => (item.kind === 'row' && item.repeatHeader ? item.node.parent : undefined);
          if (count(pages[at]!, byTable, table) < 2 || count(pages[at + 1]!, byTable, table) < 2) broken.push(`${title}: table at page ${at + 1}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  test('breaks piece titles in balanced lines, never leaving one word on the last', () => {
    let multiline = 0;
    for (const { items } of flowed) {
      const title = items.filter((item): item is LineItem => item.kind === 'line' && role(item) === 'H1');
      if (title.length < 2) continue;
      multiline++;
      expect(text(title.at(-1)!).split(/\s+/).length).toBeGreaterThan(1);
    }
    expect(multiline).toBeGreaterThan(0);
  });
});
