// Issue 10: content that must never be lost or mangled, through the real bin/hub.
// Hostile nesting, wide and tall tables, a leading H1 that repeats the title, links to papers
// outside the pack, and the PDF's missing-glyph warning for the title.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfPageTexts } from './helpers/browser.js';
import { makeHub, paper, runHub } from './helpers/hub.js';
import { readPdf, type StructNodeRead } from './helpers/pdf.js';

const deepList = (levels: number, text = 'deepest item text'): string => `${'- '.repeat(levels)}${text}\n`;
const deepQuote = (levels: number, text = 'deepest quote text'): string => `${'>'.repeat(levels)} ${text}\n`;

function roles(node: StructNodeRead | null, found: string[] = []): string[] {
  if (!node) return found;
  found.push(node.role);
  for (const child of node.children) roles(child, found);
  return found;
}

async function exportPdf(root: string, args: string[] = []): Promise<{ status: number | null; stderr: string; text: string; bytes: Buffer }> {
  const out = join(root, 'pack.pdf');
  const run = runHub(['export', '--dir', root, '--format', 'pdf', '--out', out, ...args]);
  if (run.status !== 0) return { status: run.status, stderr: run.stderr, text: '', bytes: Buffer.alloc(0) };
  const bytes = readFileSync(out);
  return { status: run.status, stderr: run.stderr, text: (await pdfPageTexts(new Uint8Array(bytes))).join('\n'), bytes };
}

describe('1. deep nesting', () => {
  const hostile = (): string => makeHub({
    'publications/deep-list.md': paper({ title: 'Deep List' }, `Before the list.\n\n${deepList(5000)}`),
    'publications/deep-quote.md': paper({ title: 'Deep Quote' }, `Before the quote.\n\n${deepQuote(10000)}`),
    'publications/good.md': paper({ title: 'Good Paper' }, '## Fine\n\nA good paper with a good line.\n'),
  });

  it('validate names each hostile paper and its line, says "nesting too deep", and checks the others', () => {
    const root = hostile();
    const run = runHub(['validate', '--dir', root]);
    expect(run.stderr + run.stdout).not.toMatch(/Maximum call stack|RangeError/);
    expect(run.stdout).toMatch(/publications\/deep-list\.md:12:\d+ +warning +HUB212 .*nesting too deep/);
    expect(run.stdout).toMatch(/publications\/deep-quote\.md:12:\d+ +warning +HUB212 .*nesting too deep/);
    expect(run.stdout).toMatch(/hint: /);
    expect(run.stdout).not.toContain('good.md');
    expect(run.status).toBe(0);
  });

  it('export keeps every paper and the deepest text in HTML and PDF, capped', async () => {
    const root = hostile();
    const html = runHub(['export', '--dir', root, '--out', join(root, 'pack.html')]);
    expect(html.stderr).not.toMatch(/Maximum call stack|RangeError/);
    expect(html.status).toBe(0);
    const page = readFileSync(join(root, 'pack.html'), 'utf8');
    for (const text of ['deepest item text', 'deepest quote text', 'A good paper with a good line.']) expect(page).toContain(text);
    const pdf = await exportPdf(root);
    expect(pdf.stderr).not.toMatch(/Maximum call stack|RangeError/);
    expect(pdf.status).toBe(0);
    for (const text of ['deepest item text', 'deepest quote text', 'A good paper with a good line.']) expect(pdf.text).toContain(text);
  });

  it.each([
    ['500 nested list levels', deepList(500)],
    ['1,000 nested blockquotes', deepQuote(1000, 'deepest item text')],
  ])('the PDF of %s keeps the deepest text, with one warning', async (_name, body) => {
    const root = makeHub({ 'publications/nest.md': paper({ title: 'Nested' }, `Intro.\n\n${body}`) });
    const pdf = await exportPdf(root);
    expect(pdf.status).toBe(0);
    expect(pdf.text).toContain('deepest item text');
    const warnings = pdf.stderr.split('\n').filter((line) => / warning /.test(line));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/publications\/nest\.md:\d+:\d+ +warning +HUB213 .*nest/i);
  });
});

describe('2. wide and tall tables in the PDF', () => {
  const wideTable = (columns: number, rows: number): string => {
    const header = `| ${Array.from({ length: columns }, (_, c) => `h${c + 1}`).join(' | ')} |`;
    const rule = `| ${Array.from({ length: columns }, () => '---').join(' | ')} |`;
    const body = Array.from({ length: rows }, (_, r) => `| ${Array.from({ length: columns }, (_, c) => `r${r + 1} c${c + 1} value`).join(' | ')} |`);
    return [header, rule, ...body].join('\n') + '\n';
  };

  it('a 40-column table is set as stacked records, tagged as a table or list, with a warning at its line', async () => {
    const root = makeHub({ 'publications/wide.md': paper({ title: 'Wide' }, `Intro.\n\n${wideTable(40, 8)}`) });
    const pdf = await exportPdf(root);
    expect(pdf.status).toBe(0);
    expect(pdf.text).toContain('r6 c40 value');
    expect(pdf.text).toContain('h40: r6 c40 value');
    expect(pdf.stderr).toMatch(/publications\/wide\.md:12:1 +warning +HUB214 .*table/m);
    const read = await readPdf(new Uint8Array(pdf.bytes), { structure: true });
    const tagged = read.structure.flatMap((node) => roles(node));
    expect(tagged.some((role) => role === 'Table' || role === 'L')).toBe(true);
  });

  it('a table with a row taller than a page keeps every cell', async () => {
    const tall = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
    const body = `| Name | Notes |\n| --- | --- |\n| first row | short |\n| tall row | ${tall} |\n| last row | end of table |\n`;
    const root = makeHub({ 'publications/tall.md': paper({ title: 'Tall' }, body) });
    const pdf = await exportPdf(root);
    expect(pdf.status).toBe(0);
    for (const text of ['word0', 'word700', 'word1499', 'end of table']) expect(pdf.text).toContain(text);
    expect(pdf.stderr).toMatch(/publications\/tall\.md:10:1 +warning +HUB214 .*table/m);
  });
});

describe('4. a leading H1 that repeats the title', () => {
  const files = {
    'publications/repeats.md': paper({ title: 'Keeping Rural Buses Running' }, '# Keeping Rural Buses Running\n\nThe body starts here.\n\n## Routes\n\nText.\n'),
    'publications/links-to-it.md': paper({ title: 'Another Paper', date: '2009-04-01' }, 'See [the top](repeats.md#keeping-rural-buses-running).\n'),
  };

  it('is shown once in the HTML contents and page, and links to its anchor still work', () => {
    const root = makeHub(files);
    const run = runHub(['export', '--dir', root, '--out', join(root, 'pack.html')]);
    expect(run.status).toBe(0);
    const html = readFileSync(join(root, 'pack.html'), 'utf8');
    // The piece's own text, up to its How-to-cite block (which names the paper by design).
    const article = html.slice(html.indexOf('<article'), html.indexOf('<section class="cite"'));
    expect(article.match(/Keeping Rural Buses Running/g)).toHaveLength(1);
    const contents = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
    expect(contents.match(/Keeping Rural Buses Running/g)).toHaveLength(1);
    const href = /href="#([^"]+)">the top</.exec(html)?.[1];
    expect(href).toBeDefined();
    expect(html).toContain(`id="${href}"`);
  });

  it('is shown once on the PDF page and in its outline', async () => {
    const root = makeHub(files);
    const pdf = await exportPdf(root);
    expect(pdf.status).toBe(0);
    const read = await readPdf(new Uint8Array(pdf.bytes));
    const titles = (nodes: typeof read.outline): string[] => nodes.flatMap((node) => [node.title, ...titles(node.items)]);
    expect(titles(read.outline).filter((title) => title === 'Keeping Rural Buses Running')).toHaveLength(1);
    const page = read.pages.find((text) => text.includes('The body starts here.'))!;
    const body = page.slice(0, page.indexOf('How to cite this paper'));
    expect(body).toContain('Routes');
    expect(body.match(/Keeping Rural Buses Running/g)).toHaveLength(1);
  });
});

describe('13. a link to a paper outside the pack', () => {
  it('says the title once when the link text already names it', () => {
    const root = makeHub({
      'publications/buses.md': paper({ title: 'Keeping Rural Buses Running', status: 'draft' }),
      'publications/note.md': paper({ title: 'Note' }, 'As argued in [Keeping Rural Buses Running](buses.md), and [elsewhere](buses.md).\n'),
    });
    const run = runHub(['export', '--dir', root, '--out', join(root, 'pack.html')]);
    expect(run.status).toBe(0);
    const html = readFileSync(join(root, 'pack.html'), 'utf8');
    expect(html).not.toContain('Keeping Rural Buses Running (see “Keeping Rural Buses Running”');
    expect(html).toContain('Keeping Rural Buses Running (not in this pack), and elsewhere (see “Keeping Rural Buses Running”, not in this pack)');
  });
});

describe('16. the missing-glyph warning for the title', () => {
  it('points at the title field, not at the body', async () => {
    const root = makeHub({ 'publications/rocket.md': paper({ title: 'Launch 🚀' }, 'Plain body text.\n') });
    const pdf = await exportPdf(root);
    expect(pdf.status).toBe(0);
    expect(pdf.stderr).toMatch(/publications\/rocket\.md:2:8 +warning +PDF001 +title /m);
  });
  it('points at the summary and subtitle fields where they are (the pack keeps those fields’ positions)', async () => {
    const front = ['---', 'title: Launch', 'type: report', 'date: 2009-05-01', 'authors: [Ada Lovelace]', 'subtitle: Lift 🚀 off', 'status: published', 'summary: Counting down 🚀 now.', '---', 'Plain body text.', ''];
    const root = makeHub({ 'publications/rocket.md': front.join('\n') });
    const pdf = await exportPdf(root);
    expect(pdf.status).toBe(0);
    expect(pdf.stderr).toMatch(/publications\/rocket\.md:6:11 +warning +PDF001 +subtitle /m);
    expect(pdf.stderr).toMatch(/publications\/rocket\.md:8:10 +warning +PDF001 +summary /m);
  });
});
