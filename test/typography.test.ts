// What both packs share about how text reads: smart typography in prose (never in code), dates
// as people in the UK write them (or ISO, by config), and SVG figures made safe and shown,
// through the real `bin/hub` as well as the modules.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Tokens } from 'marked';
import { lexMarkdown } from '../src/markdown/lex.js';
import { smartText, smartTypography } from '../src/markdown/smart.js';
import { formatDate } from '../src/render/metadata.js';
import { safeSvg } from '../src/render/svg.js';
import { makeHub, paper, runHub } from './helpers/hub.js';
import { readPdf } from './helpers/pdf.js';

const hubs: string[] = [];
afterAll(() => {
  for (const root of hubs) rmSync(root, { recursive: true, force: true });
});

/** The text of a paragraph's inline tokens, as a renderer would take it. */
function inlineText(tokens: readonly Tokens.Generic[]): string {
  return tokens.map((token) => (token.tokens ? inlineText(token.tokens) : (token.text as string))).join('');
}
const smart = (markdown: string): string => inlineText(smartTypography(lexMarkdown(markdown)).find((token): token is Tokens.Paragraph => token.type === 'paragraph')!.tokens);

describe('smart typography', () => {
  test.each([
    [`He said "it's -- ok..." and 'no'.`, 'He said \u201cit\u2019s \u2013 ok\u2026\u201d and \u2018no\u2019.'],
    [`the '90s --- then`, 'the \u201990s \u2014 then'],
    [`"**bold**" and "*it*"`, '\u201cbold\u201d and \u201cit\u201d'],
    [`("quoted") and [a "link"](https://example.org)`, '(\u201cquoted\u201d) and a \u201clink\u201d'],
  ])('%s', (input, output) => {
    expect(smart(input)).toBe(output);
  });

  test('leaves code, escapes and autolinks exactly as written', () => {
    expect(smart('`a -- "b"` and \\"c\\" and <https://example.org/a--b>')).toBe('a -- "b" and "c" and https://example.org/a--b');
    const fenced = smartTypography(lexMarkdown('Text.\n\n```\n"y" -- z...\n```\n')).find((token) => token.type === 'code');
    expect((fenced as Tokens.Code).text).toBe('"y" -- z...');
    expect(smartText("The Citizen's \"Budget\"")).toBe('The Citizen\u2019s \u201cBudget\u201d');
  });
});

describe('dates', () => {
  test('read as people in the UK write them, or ISO when asked; anything else as written', () => {
    expect(formatDate('2010-03-31', 'long')).toBe('31 March 2010');
    expect(formatDate('2009-01-05', 'long')).toBe('5 January 2009');
    expect(formatDate('2010-03-31', 'iso')).toBe('2010-03-31');
    expect(formatDate('2010-13-01', 'long')).toBe('2010-13-01');
    expect(formatDate('', 'long')).toBe('');
  });

  test('date-format in hub.config.yaml chooses ISO for both packs, and a wrong value is named', () => {
    const root = makeHub({ 'hub.config.yaml': 'date-format: iso\n', 'publications/one.md': paper({ date: '2009-03-14' }, '## It\'s "here"\n\nText -- with dashes.\n') });
    hubs.push(root);
    const run = runHub(['export', '--dir', root, '--format', 'html,pdf', '--out', join(root, 'out')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const html = readFileSync(join(root, 'out.html'), 'utf8');
    expect(html).toContain('<time datetime="2009-03-14">2009-03-14</time>');
    expect(html).toContain('It\u2019s \u201chere\u201d');
    expect(html).toContain('Text \u2013 with dashes.');
    const bad = makeHub({ 'hub.config.yaml': 'date-format: american\n', 'publications/one.md': paper() });
    hubs.push(bad);
    const refused = runHub(['validate', '--dir', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/hub\.config\.yaml:1:\d+ +error +HUB104 +date-format/);
  });
});

const CHART_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 400 200" width="10cm" onload="alert(1)">
<script>alert(2)</script><foreignObject><p>html</p></foreignObject>
<a href="https://evil.example/"><rect x="10" y="10" width="100" height="150" fill="url(https://evil.example/#p)" stroke="url(#g)"/></a>
<image xlink:href="/etc/passwd" width="5" height="5"/>
<text x="20" y="190" font-family="Arial">Spend by service</text></svg>`;

describe('SVG figures', () => {
  test('are made safe: drawing only, no script, handler, link or outside reference; sized from their units', () => {
    const safe = safeSvg(CHART_SVG)!;
    expect(safe.svg).not.toMatch(/script|onload|foreignObject|<a[\s>]|evil|passwd/);
    expect(safe.svg).toContain('stroke="url(#g)"');
    expect(safe.svg).toContain('Spend by service');
    expect(safe.width).toBeCloseTo((10 / 2.54) * 96, 3);
    expect(safe.height).toBeCloseTo(safe.width / 2, 3);
    expect(safeSvg('<html><body>not an svg</body></html>')).toBeUndefined();
  });

  test('validate accepts them, the HTML embeds them as a safe data: image and the PDF draws them, with their alt text', async () => {
    const root = makeHub({
      'publications/images/chart.svg': CHART_SVG,
      'publications/one.md': paper({}, '## Spending\n\n![Bar chart of spending by service](images/chart.svg "Figure 1: spending")\n'),
    });
    hubs.push(root);
    const validate = runHub(['validate', '--dir', root]);
    expect(validate.stdout + validate.stderr).not.toContain('HUB209');
    expect(validate.status).toBe(0);
    const run = runHub(['export', '--dir', root, '--format', 'html,pdf', '--out', join(root, 'out')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const html = readFileSync(join(root, 'out.html'), 'utf8');
    const uri = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="Bar chart of spending by service">/.exec(html);
    expect(uri).not.toBeNull();
    const embedded = Buffer.from(uri![1]!, 'base64').toString('utf8');
    expect(embedded).toContain('Spend by service');
    expect(embedded).not.toMatch(/script|onload|evil/);
    const pdf = await readPdf(readFileSync(join(root, 'out.pdf')), { structure: true, fonts: true });
    expect(pdf.pages.join(' ')).toContain('Spend by service'); // drawn as vectors and text, not a placeholder
    expect(pdf.pages.join(' ')).not.toContain('Image not included');
    const figures: { role: string; alt?: string }[] = [];
    const visit = (node: { role: string; alt?: string; children: unknown[] }): void => {
      if (node.role === 'Figure') figures.push(node);
      for (const child of node.children) visit(child as typeof node);
    };
    for (const tree of pdf.structure) if (tree) visit(tree);
    expect(figures).toContainEqual(expect.objectContaining({ alt: 'Bar chart of spending by service' }));
    for (const embeddedFont of pdf.fonts.values()) expect(embeddedFont).toBe(true);
  }, 60_000);
});
