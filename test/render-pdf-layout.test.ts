// Layout and pagination of the PDF renderer, tested on hand-built marked tokens: no PDF involved.

import type { Token, Tokens } from 'marked';
import { describe, expect, test } from 'vitest';
import { layoutBlocks, columnWidths, type BlockContext, type Box } from '../src/render/pdf/blocks.js';
import { Issues } from '../src/render/pdf/context.js';
import { headingLevels } from '../src/markdown/anchors.js';
import { FontSet } from '../src/render/pdf/fonts.js';
import { layoutInline } from '../src/render/pdf/inline.js';
import { gap, structNode, type Item, type LineItem, type RowItem, type TextStyle } from '../src/render/pdf/layout.js';
import { paginate, splitRow, type Placed } from '../src/render/pdf/paginate.js';
import { THEME } from '../src/render/pdf/theme.js';

const fonts = new FontSet();
const WIDTH = 450;

function context(tokens: readonly Token[] = []): BlockContext {
  return {
    fonts,
    theme: THEME,
    issues: new Issues(),
    notePrefix: 'p--note-',
    isDestination: (name) => name === 'known',
    image: () => ({ ok: false, reason: 'unreadable' }),
    headingLevel: headingLevels(tokens),
    maxFigureHeight: 500,
    notes: [],
    breakout: 0,
  };
}

const section = structNode('Art', null);
const box: Box = { x: 0, width: WIDTH, parent: section, size: 11.5, tight: false };
const style: TextStyle = { face: 'regular', size: 11.5, color: '#000', strike: false, underline: false, rise: 0, node: structNode('P', section) };

const text = (value: string): Tokens.Text => ({ type: 'text', raw: value, text: value });
const strong = (...tokens: Token[]): Tokens.Strong => ({ type: 'strong', raw: '', text: '', tokens });
const em = (...tokens: Token[]): Tokens.Em => ({ type: 'em', raw: '', text: '', tokens });
const del = (...tokens: Token[]): Tokens.Del => ({ type: 'del', raw: '', text: '', tokens });
const codespan = (value: string): Tokens.Codespan => ({ type: 'codespan', raw: value, text: value });
const link = (href: string, ...tokens: Token[]): Tokens.Link => ({ type: 'link', raw: '', href, text: '', tokens });
const paragraph = (...tokens: Token[]): Tokens.Paragraph => ({ type: 'paragraph', raw: '', text: '', tokens });
const heading = (depth: number, value: string): Tokens.Heading => ({ type: 'heading', raw: '', depth, text: value, tokens: [text(value)] });
const item = (tokens: Token[], extra: Partial<Tokens.ListItem> = {}): Tokens.ListItem => ({ type: 'list_item', raw: '', task: false, loose: false, text: '', tokens, ...extra });
const list = (items: Tokens.ListItem[], ordered = false, start: number | '' = ''): Tokens.List => ({ type: 'list', raw: '', ordered, start, loose: false, items });

const lines = (items: readonly Item[]): LineItem[] => items.filter((i): i is LineItem => i.kind === 'line');
const lineText = (line: LineItem): string => line.runs.map((run) => run.text).join('');

describe('inline layout', () => {
  test('derives a new style for each nested construct, and back again', () => {
    const [line] = layoutInline(
      [text('plain '), strong(text('bold '), em(text('both'))), text(' '), em(text('it')), text(' '), del(text('gone')), text(' '), codespan('x = 1'), text(' end')],
      style,
      { x: 0, width: WIDTH, leading: 1.4 },
      context(),
    );
    const faces = line!.runs.map((run) => [run.text.trim(), run.style.face, run.style.strike]);
    expect(faces).toEqual([
      ['plain', 'regular', false],
      ['bold', 'bold', false],
      ['both', 'boldItalic', false],
      ['', 'regular', false],
      ['it', 'italic', false],
      ['', 'regular', false],
      ['gone', 'regular', true],
      ['', 'regular', false],
      ['x = 1', 'mono', false],
      ['end', 'regular', false],
    ]);
  });

  test('never fills a line past its width, and keeps the word spaces in the text', () => {
    const words = 'Place based working starts from the other end and asks what the public sector spends '.repeat(8);
    const laidOut = layoutInline([text(words)], style, { x: 0, width: 200, leading: 1.4 }, context());
    expect(laidOut.length).toBeGreaterThan(5);
    for (const line of laidOut) {
      const right = Math.max(...line.runs.map((run) => run.x + run.width));
      expect(right).toBeLessThanOrEqual(200.001);
    }
    expect(laidOut.map(lineText).join('')).toBe(words.replace(/ +$/, ' '));
  });

  test('cuts a word longer than a line, preferring a cut after a URL separator', () => {
    const url = 'https://example.org/' + 'segment/'.repeat(30) + 'end';
    const laidOut = layoutInline([text(url)], style, { x: 0, width: 150, leading: 1.4 }, context());
    expect(laidOut.length).toBeGreaterThan(3);
    expect(laidOut.map(lineText).join('')).toBe(url);
    for (const line of laidOut.slice(0, -1)) expect(lineText(line).endsWith('/')).toBe(true);
  });

  test('makes links to pack anchors internal, http(s) links external, and other hrefs plain text', () => {
    const ctx = context();
    const [line] = layoutInline(
      [link('#known', text('in')), text(' '), link('https://gov.uk', text('out')), text(' '), link('#unknown', text('lost')), text(' '), link('ftp://x', text('ftp'))],
      style,
      { x: 0, width: WIDTH, leading: 1.4 },
      ctx,
    );
    const targets = line!.runs.filter((run) => run.text.trim()).map((run) => [run.text.trim(), run.style.link?.target]);
    expect(targets).toEqual([
      ['in', { kind: 'dest', name: 'known' }],
      ['out', { kind: 'uri', uri: 'https://gov.uk/' }],
      ['lost ftp', undefined],
    ]);
    expect([...ctx.issues.brokenLinks]).toEqual(['#unknown']);
    expect(line!.runs[0]!.style.node.role).toBe('Link');
    expect(line!.runs[0]!.style.node.parent).toBe(style.node);
  });

  test('decodes entities in text but not in code', () => {
    const [line] = layoutInline([text('Fish &amp; chips &copy; '), codespan('&amp;')], style, { x: 0, width: WIDTH, leading: 1.4 }, context());
    expect(lineText(line!)).toBe('Fish & chips © &amp;');
  });

  test('breaks lines at hard breaks', () => {
    const laidOut = layoutInline([text('one'), { type: 'br', raw: '  \n' }, text('two')], style, { x: 0, width: WIDTH, leading: 1.4 }, context());
    expect(laidOut.map(lineText)).toEqual(['one', 'two']);
  });
});

describe('block layout', () => {
  test('numbers ordered lists from their start and indents nested lists further', () => {
    const tokens = [list([item([text('three'), list([item([text('inner')])])]), item([text('four')])], true, 3)];
    const laidOut = lines(layoutBlocks(tokens, box, context(tokens)));
    expect(laidOut.map(lineText)).toEqual(['3.three', '\u25E6inner', '4.four']); // a second-level bullet
    const bodyX = (line: LineItem) => line.runs[1]!.x;
    expect(bodyX(laidOut[1]!)).toBeGreaterThan(bodyX(laidOut[0]!));
    expect(laidOut[0]!.runs[0]!.style.node.role).toBe('Lbl');
    expect(laidOut[0]!.runs[1]!.style.node.parent?.role).toBe('LBody');
  });

  test('labels task list items with ticked and empty boxes', () => {
    const tokens = [list([item([text('done')], { task: true, checked: true }), item([text('to do')], { task: true, checked: false })])];
    expect(lines(layoutBlocks(tokens, box, context(tokens))).map(lineText)).toEqual(['\u2611done', '\u2610to do']);
  });

  test('wraps long code lines inside the tinted box, keeping indentation', () => {
    const code: Tokens.Code = { type: 'code', raw: '', text: `  ${'x'.repeat(200)}\nshort`, lang: '' };
    const items = layoutBlocks([code], box, context());
    const codeLines = lines(items);
    expect(codeLines.length).toBe(4);
    expect(lineText(codeLines[0]!).startsWith('  xxx')).toBe(true);
    // continued lines start with a mark, drawn as an artifact: the code's own text is unchanged
    const codeText = (line: LineItem) => line.runs.filter((run) => !run.artifact).map((run) => run.text).join('');
    expect(codeLines.map(codeText).join('')).toBe(`  ${'x'.repeat(200)}short`);
    expect(codeLines.map((line) => line.runs[0]!.artifact === true)).toEqual([false, true, true, false]);
    for (const item of items) expect(item.decorations).toContainEqual(expect.objectContaining({ color: THEME.colour.codeBackground, height: 'full' }));
    for (const line of codeLines) for (const run of line.runs) expect(run.x + run.width).toBeLessThanOrEqual(WIDTH - THEME.space.codePadding);
  });

  test('breaks long code lines after a space or punctuation, never mid-word when a break exists', () => {
    const source = 'const horizontal = computeTheWidthOfEverything(alpha, beta, gamma) + anotherQuiteLongIdentifier + yetAnotherIdentifierHere;';
    const code: Tokens.Code = { type: 'code', raw: '', text: source, lang: '' };
    const codeLines = lines(layoutBlocks([code], { ...box, width: 300 }, context()));
    expect(codeLines.length).toBeGreaterThan(1);
    const parts = codeLines.map((line) => line.runs.filter((run) => !run.artifact).map((run) => run.text).join(''));
    expect(parts.join('')).toBe(source);
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/[\s,;:.([{)\]}>\/\\|&=+*-]$/);
  });

  test('maps the shallowest heading to H2 and never skips a level', () => {
    const tokens = [heading(1, 'Top'), heading(3, 'Deep'), heading(2, 'Back')];
    const laidOut = lines(layoutBlocks(tokens, box, context(tokens)));
    expect(laidOut.map((line) => line.runs[0]!.style.node.role)).toEqual(['H2', 'H3', 'H3']);
    expect(laidOut.every((line) => line.keepWithNext)).toBe(true);
    expect(laidOut[0]!.marks).toContainEqual({ kind: 'outline', title: 'Top', level: 2 });
  });

  test('puts a bar beside everything in a blockquote, two bars when nested', () => {
    const inner: Tokens.Blockquote = { type: 'blockquote', raw: '', text: '', tokens: [paragraph(text('inner'))] };
    const outer: Tokens.Blockquote = { type: 'blockquote', raw: '', text: '', tokens: [paragraph(text('outer')), inner] };
    const laidOut = lines(layoutBlocks([outer], box, context()));
    expect(laidOut.map((line) => line.decorations.length)).toEqual([1, 2]);
    expect(laidOut[1]!.runs[0]!.x).toBeGreaterThan(laidOut[0]!.runs[0]!.x);
  });

  test('lays a table out as rows of cells, the header repeated on continued pages', () => {
    const cell = (value: string, header = false): Tokens.TableCell => ({ text: value, tokens: [text(value)], header, align: null });
    const table: Tokens.Table = { type: 'table', raw: '', align: [null, 'right'], header: [cell('Name', true), cell('Spend', true)], rows: [[cell('Health'), { ...cell('1,240'), align: 'right' }]] };
    const [header, row] = layoutBlocks([table], box, context()) as RowItem[];
    expect(header!.cells.map((c) => c.node.role)).toEqual(['TH', 'TH']);
    expect(header!.cells[0]!.node.scope).toBe('Column');
    expect(row!.cells.map((c) => c.node.role)).toEqual(['TD', 'TD']);
    expect(row!.repeatHeader).toBe(header);
    expect(header!.keepWithNext).toBe(true);
  });

  test('keeps raw HTML’s text and counts it', () => {
    const ctx = context();
    const html: Tokens.HTML = { type: 'html', raw: '', pre: false, block: true, text: '<p>Kept &amp; shown</p>' };
    expect(lines(layoutBlocks([html], box, ctx)).map(lineText)).toEqual(['Kept & shown']);
    expect(ctx.issues.rawHtml).toBe(1);
  });
});

describe('column widths', () => {
  test('are natural when the table fits', () => {
    expect(columnWidths([[{ natural: 50, longestWord: 20 }, { natural: 80, longestWord: 30 }]], 2, 400, 10)).toEqual([60, 90]);
  });

  test('give narrow columns their natural width and share the rest when it does not', () => {
    const widths = columnWidths([[{ natural: 40, longestWord: 20 }, { natural: 900, longestWord: 60 }]], 2, 400, 10);
    expect(widths[0]).toBe(50);
    expect(widths[0]! + widths[1]!).toBeCloseTo(400);
  });
});

describe('pagination', () => {
  const frame = { top: 0, bottom: 100 };
  const line = (height = 10, keepWithNext = false): LineItem => ({ kind: 'line', height, baseline: 8, runs: [], decorations: [], keepWithNext });
  const pagesOf = (items: Item[]): Placed[][] => {
    const pages: Placed[][] = [];
    paginate(items, frame, (placed) => pages.push(placed));
    return pages;
  };

  test('moves a heading that would be stranded at the foot of a page to the next', () => {
    const body = Array.from({ length: 9 }, () => line());
    const headingLine = line(10, true);
    const pages = pagesOf([...body, headingLine, gap(5), line(), line()]);
    expect(pages[0]!.map((p) => p.item)).toEqual(body);
    expect(pages[1]![0]!.item).toBe(headingLine);
  });

  test('drops gaps at the top of a page', () => {
    const pages = pagesOf([...Array.from({ length: 10 }, () => line()), gap(8), line()]);
    expect(pages[1]!.map((p) => p.item.kind)).toEqual(['line']);
  });

  test('always yields at least one page', () => {
    expect(pagesOf([])).toHaveLength(1);
  });

  test('splits a row taller than a page line by line, repeating the header as an artifact', () => {
    const cellLines = Array.from({ length: 25 }, () => line());
    const header: RowItem = { kind: 'row', node: structNode('TR', null), padding: 2, height: 14, decorations: [], cells: [{ node: structNode('TH', null), lines: [line()] }] };
    const tall: RowItem = { kind: 'row', node: structNode('TR', null), padding: 2, height: 254, decorations: [], repeatHeader: header, cells: [{ node: structNode('TD', null), lines: cellLines }] };
    const pages = pagesOf([header, tall]);
    // 8 lines fit beside the header on each page (100 - 14 - 2 × 2 padding): 25 lines take 4 pages
    expect(pages).toHaveLength(4);
    const drawn = pages.flatMap((page) => page.filter((p) => !p.artifact && p.item !== header).flatMap((p) => (p.item as RowItem).cells[0]!.lines));
    expect(drawn).toEqual(cellLines);
    expect(pages[1]![0]).toMatchObject({ item: header, artifact: true });
    for (const page of pages) expect(Math.max(...page.map((p) => p.y + p.item.height))).toBeLessThanOrEqual(100);
  });

  test('splitRow refuses when not one line fits', () => {
    const row: RowItem = { kind: 'row', node: structNode('TR', null), padding: 2, height: 14, decorations: [], cells: [{ node: structNode('TD', null), lines: [line()] }] };
    expect(splitRow(row, 8)).toBeUndefined();
  });
});
