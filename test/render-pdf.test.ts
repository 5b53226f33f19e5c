// The PDF renderer, end to end: render a realistic pack, read it back with pdfjs-dist
// (an independent parser) and check what a reader, a screen reader and a viewer would see.

import { beforeAll, describe, expect, test } from 'vitest';
import { CHART, samplePack } from './fixtures/pdf/papers.js';
import { packOf, pieceOf, readPdf, renderToBytes, rolesOf, squash, unmarkedPainting, type PdfRead, type Rendered } from './helpers/pdf.js';
import { THEME } from '../src/render/pdf/theme.js';
import { packCreated } from '../src/pack/assemble.js';

let rendered: Rendered;
let pdf: PdfRead;

beforeAll(async () => {
  rendered = await renderToBytes(samplePack());
  pdf = await readPdf(rendered.bytes, { structure: true, fonts: true });
}, 60_000);

const TITLES = ['Total Place in Practice', 'Recovery and Employment', 'Leading Innovation'];

/** 1-based page on which `text` first appears after the cover and contents (tagged content only). */
function pageWith(read: PdfRead, text: string): number {
  return read.pages.findIndex((page, index) => index >= 2 && squash(page).includes(text)) + 1;
}

describe('a rendered pack', () => {
  test('has the page count renderPdf reported, on A4', () => {
    expect(pdf.pageCount).toBe(rendered.pages);
    expect(pdf.pageCount).toBeGreaterThanOrEqual(7);
    for (const size of pdf.sizes) expect(size).toEqual({ width: 595.28, height: 841.89 });
  });

  test('opens with a cover: hub, title, subtitle, date and count, without running header or page number', () => {
    const cover = squash(pdf.pages[0]!);
    expect(cover).toContain('Whitehall Innovation Hub');
    expect(cover).toContain('Place & Recovery');
    expect(cover).toContain('Papers from the hub, 2009');
    expect(cover).toContain('31 March 2010 · 3 papers');
    expect(pdf.artifacts[0]).toBe('');
  });

  test('lists every piece and its sections in the contents, with the page each begins on', () => {
    const contents = squash(pdf.pages[1]!);
    expect(contents.startsWith('Contents')).toBe(true);
    for (const title of TITLES) {
      const match = new RegExp(`${title}(?: \\((?:draft|in review)\\))? ?(\\d+)`).exec(contents);
      expect(match, title).not.toBeNull();
      const page = Number(match![1]);
      expect(squash(pdf.pages[page - 1]!)).toMatch(new RegExp(`^(DRAFT |IN REVIEW )?${title}`));
    }
    const section = /Peer support ?(\d+)/.exec(contents);
    expect(section).not.toBeNull();
    expect(squash(pdf.pages[Number(section![1]) - 1]!)).toContain('Peer support');
    // every entry is a link to its piece or section
    const targets = pdf.links[1]!.map((link) => link.dest);
    expect(targets).toEqual(expect.arrayContaining(['total-place-in-practice', 'recovery-and-employment--peer-support', 'leading-innovation--conclusion']));
  });

  test('keeps every piece’s title and body text, in order', () => {
    const all = squash(pdf.pages.join('\n'));
    const order = [
      'This pack brings together three papers on place-based working.',
      'Total Place in Practice',
      'It mixes bold, italic, bold italic, struck, inline code and a link to the Treasury in one line.',
      'Counting the money took longer than expected.',
      'And a reply nested inside it.',
      'indented code block second line',
      'continues after a hard break, and another after a backslash break.',
      'Total Place pilot reports, 2009.',
      'Recovery and Employment',
      'Peer workers (Ελληνικά: υποστήριξη από ομότιμους; Русский: поддержка равных) help people back to work.',
      'Area 45',
      'Leading Innovation',
      'Innovation is a habit, not a project.',
    ];
    let from = 0;
    for (const text of order) {
      const at = all.indexOf(text, from);
      expect(at, text).toBeGreaterThanOrEqual(from);
      from = at + text.length;
    }
  });

  test('starts each piece on a new page with its metadata block and status mark', () => {
    for (const title of TITLES) {
      const page = squash(pdf.pages[pageWith(pdf, title) - 1]!);
      // the type, then the authors and the date as people write it; the status only when not published
      expect(page).toMatch(/ Paper By .+ 16 November 2009( Status: (Draft|In review))? /);
      expect(page).not.toMatch(/Type:|Status: Published/);
    }
    expect(squash(pdf.pages[pageWith(pdf, 'Recovery and Employment') - 1]!)).toMatch(/^DRAFT Recovery and Employment/);
    expect(squash(pdf.pages[pageWith(pdf, 'Leading Innovation') - 1]!)).toMatch(/^IN REVIEW Leading Innovation/);
  });

  test('marks running headers and page numbers as pagination artifacts, from the contents on', () => {
    const total = pdf.pageCount;
    pdf.artifacts.slice(1).forEach((artifact, index) => {
      expect(artifact).toContain(`Page ${index + 2} of ${total}`);
      expect(artifact).toContain('Place & Recovery ·');
      expect(pdf.pages[index + 1]).not.toContain(`Page ${index + 2} of`);
    });
    const draftPage = pageWith(pdf, 'Recovery and Employment');
    expect(pdf.artifacts[draftPage - 1]).toContain('Place & Recovery · Recovery and Employment');
    expect(pdf.artifacts[draftPage - 1]).toContain('DRAFT');
  });

  test('repeats a table’s header row (as an artifact) on every page the table continues on', () => {
    const first = pageWith(pdf, 'Area 1 1250');
    const last = pageWith(pdf, 'Area 45');
    expect(last).toBeGreaterThan(first);
    for (let page = first + 1; page <= last; page++) {
      expect(squash(pdf.artifacts[page - 1]!)).toContain('Area Job starts Note');
    }
  });

  test('makes external links clickable and internal links jump to their piece or heading', async () => {
    const links = pdf.links.flat();
    expect(links).toContainEqual({ url: 'https://www.hm-treasury.gov.uk/', contents: 'a link to the Treasury' });
    const internal = links.filter((link) => link.dest === 'recovery-and-employment--peer-support');
    expect(internal.length).toBeGreaterThan(0);
    expect(await pdf.destinationPage('recovery-and-employment--peer-support')).toBe(pageWith(pdf, 'Peer support'));
    expect(await pdf.destinationPage('recovery-and-employment')).toBe(pageWith(pdf, 'Recovery and Employment'));
    // the footnote reference jumps to its note
    const note = links.find((link) => link.dest?.startsWith('total-place-in-practice--note-'));
    expect(note).toBeDefined();
    expect(await pdf.destinationPage(note!.dest!)).toBe(pageWith(pdf, 'Total Place pilot reports, 2009.'));
  });

  test('has an outline: pieces with their headings nested under them', () => {
    const titles = pdf.outline.map((item) => item.title);
    expect(titles).toEqual(['Contents', 'Introduction', ...TITLES]);
    expect(pdf.outline[1]!.page).toBe(3);
    const totalPlace = pdf.outline[2]!;
    expect(totalPlace.page).toBe(pageWith(pdf, 'Total Place in Practice'));
    expect(totalPlace.items.map((item) => item.title)).toEqual(['Following the money', 'Notes', 'How to cite this paper']);
    expect(totalPlace.items[0]!.items.map((item) => item.title)).toEqual(['What the pilots found']);
  });

  test('embeds every font, all from the Source families, never a standard-14 font', () => {
    expect(pdf.fonts.size).toBeGreaterThanOrEqual(4);
    for (const [name, embedded] of pdf.fonts) {
      expect(name).toMatch(/^Source(Sans3|CodePro)-/);
      expect(embedded, name).toBe(true);
    }
    expect(pdf.fonts.has('SourceCodePro-Regular')).toBe(true);
  });

  test('sets document information, language and the title shown in the title bar', () => {
    expect(pdf.info).toMatchObject({
      Title: 'Place & Recovery',
      Author: 'Tomás Ó Briain; José Carvalho; Ada Lovelace; Siân Llewellyn',
      Subject: 'Papers from the hub, 2009',
      Keywords: 'total-place, local-government, mental-health',
      Creator: 'hub 0.1.0',
      Language: 'en-GB',
      PDFFormatVersion: '1.7',
    });
    expect(pdf.displayDocTitle).toBe(true);
    expect(pdf.xmp).toContain('<rdf:li xml:lang="x-default">Place &amp; Recovery</rdf:li>');
    expect(pdf.xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
  });

  test('is tagged, with a structure tree of the expected roles', () => {
    expect(pdf.marked).toBe(true);
    const roles = new Set(rolesOf(pdf.structure));
    for (const role of ['Document', 'Sect', 'Art', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Figure', 'Link', 'BlockQuote', 'Code', 'TOC', 'TOCI']) {
      expect(roles, role).toContain(role);
    }
    expect(roles).not.toContain('H4'); // `####` after `##` becomes H3: levels never skip
  });

  test('draws nothing outside tagged content or artifacts', () => {
    const { streams, unmarked } = unmarkedPainting(rendered.bytes);
    // Every page's content, and on every page with a footer its own stream for "Page N of M".
    const footers = pdf.artifacts.filter((artifact) => /Page \d+ of \d+/.test(artifact)).length;
    expect(footers).toBe(pdf.pageCount - 1); // all but the cover
    expect(streams).toBe(pdf.pageCount + footers);
    expect(unmarked).toEqual([]);
  });

  test('gives every link annotation a description, and pages with annotations a structure tab order', () => {
    const raw = rendered.bytes.toString('latin1');
    const annotations = raw.match(/\/Subtype \/Link[^]*?>>/g) ?? [];
    expect(annotations.length).toBeGreaterThan(5);
    for (const annotation of annotations) expect(annotation).toMatch(/\/StructParent \d+/);
    expect(pdf.links.flat().every((link) => link.contents)).toBe(true);
    const pages = raw.match(/\/Type \/Page\n[^]*?>>/g) ?? [];
    for (const page of pages.filter((dict) => dict.includes('/Annots'))) expect(page).toContain('/Tabs /S');
  });

  test('gives figures their alt text', () => {
    const figures: string[] = [];
    const visit = (node: { role: string; alt?: string; children: unknown[] }): void => {
      if (node.role === 'Figure') figures.push(node.alt ?? '');
      node.children.forEach((child) => visit(child as typeof node));
    };
    pdf.structure.forEach((tree) => tree && visit(tree));
    expect(figures).toEqual(['Spending by service across the pilot areas', 'A support worker at a job centre']);
  });

  test('draws nothing past the margins', () => {
    const { left, right } = THEME.margins;
    pdf.boxes.forEach((boxes, index) => {
      for (const box of boxes) {
        expect(box.x, `page ${index + 1}: ${box.str}`).toBeGreaterThanOrEqual(left - 0.5);
        expect(box.x + box.width, `page ${index + 1}: ${box.str}`).toBeLessThanOrEqual(595.28 - right + 0.5);
      }
    });
  });

  test('gives no warnings for a clean pack', () => {
    expect(rendered.warnings).toEqual([]);
  });
});

describe('output', () => {
  test('is byte-identical for the same inputs', async () => {
    const again = await renderToBytes(samplePack());
    expect(Buffer.compare(again.bytes, rendered.bytes)).toBe(0);
  });

  test('dates the document from SOURCE_DATE_EPOCH when it is set', async () => {
    // The pack layer turns SOURCE_DATE_EPOCH into pack.created; the renderer reads no environment.
    const created = packCreated([], '1262304000');
    const { bytes } = await renderToBytes(packOf([pieceOf({ slug: 'a', title: 'A', body: 'Text.' })], { created }));
    expect((await readPdf(bytes)).info['CreationDate']).toBe('D:20100101000000Z');
  });

  test('uses US Letter when asked', async () => {
    const letter = await renderToBytes(packOf([pieceOf({ slug: 'a', title: 'A', body: 'Text.' })]), 'letter');
    const read = await readPdf(letter.bytes);
    expect(read.sizes[0]).toEqual({ width: 612, height: 792 });
  });
});

describe('awkward input', () => {
  test('reports characters the fonts lack once per paper, showing a visible box instead', async () => {
    const pack = packOf([pieceOf({ slug: 'emoji', title: 'Emoji', body: 'Launch 🚀 day 🚀 in 東京.\n\nAnd again 🚀.' })]);
    const { bytes, warnings } = await renderToBytes(pack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'PDF001', severity: 'warning', file: 'publications/emoji.md', line: 12, column: 1 });
    expect(warnings[0]!.message).toContain('🚀 (U+1F680)');
    expect(warnings[0]!.message).toContain('東 (U+6771)');
    const read = await readPdf(bytes);
    expect(squash(read.pages.join(' '))).toContain('Launch □ day □ in □□.');
  });

  test('warns about right-to-left text', async () => {
    const { warnings } = await renderToBytes(packOf([pieceOf({ slug: 'rtl', title: 'RTL', body: 'שלום and مرحبا' })]));
    expect(warnings.map((warning) => warning.code)).toContain('PDF002');
  });

  test('reads raw HTML as structure, never printing its tags', async () => {
    const body = '<div class="box">\nKept <b>words</b>\n</div>\n\nInline <kbd>Ctrl</kbd> key, H<sub>2</sub>O.';
    const { bytes, warnings } = await renderToBytes(packOf([pieceOf({ slug: 'html', title: 'HTML', body })]));
    expect(warnings).toEqual([]);
    const text = squash((await readPdf(bytes)).pages.join(' '));
    expect(text).toContain('Kept words');
    expect(text).toContain('Inline Ctrl key, H2O.');
    expect(text).not.toMatch(/<\/?(div|b|kbd|sub)\b/);
  });

  test('shows a placeholder with the alt text for missing, unsupported and remote images, never fetching', async () => {
    const body = [
      '![Missing chart](/nowhere/chart.png)',
      `![Not a picture](${CHART.replace('chart.png', 'not-an-image.gif')})`,
      '![Remote photo](https://example.org/photo.png)',
    ].join('\n\n');
    const { bytes, warnings } = await renderToBytes(packOf([pieceOf({ slug: 'images', title: 'Images', body })]));
    expect(warnings.map((warning) => warning.code)).toEqual(['PDF003', 'PDF003', 'PDF004']);
    const read = await readPdf(bytes);
    const text = squash(read.pages.join(' '));
    expect(text).toContain('Image not included: Missing chart');
    expect(text).toContain('Image not included: Not a picture');
    expect(text).toContain('Image not included: Remote photo https://example.org/photo.png');
    expect(read.links.flat()).toContainEqual({ url: 'https://example.org/photo.png', contents: 'Remote photo' });
  });

  test('describes each link by its text, PDF string escapes and characters past ASCII included', async () => {
    const label = 'Café: draft) \\ “quoted” — 🙂 (';
    const url = 'https://example.org/a(b)c?d=é';
    const { bytes } = await renderToBytes(packOf([pieceOf({ slug: 'links', title: 'Links', body: `See [${label.replace(/[\\()]/g, '\\$&')}](<${url}>).` })]));
    const read = await readPdf(bytes);
    expect(read.links.flat()).toContainEqual({ url: encodeURI(url).replace(/%25/g, '%'), contents: label });
  });

  test('wraps a 20,000-character word inside the margins', async () => {
    const word = 'abcdefghij'.repeat(2000);
    const { bytes } = await renderToBytes(packOf([pieceOf({ slug: 'long', title: 'Long', body: `Before ${word} after.` })]));
    const read = await readPdf(bytes);
    const text = read.pages.join('').replace(/\s+/g, '');
    expect(text).toContain(`Before${word}after.`);
    for (const box of read.boxes.flat()) expect(box.x + box.width).toBeLessThanOrEqual(595.28 - THEME.margins.right + 0.5);
  });

  test('renders an empty pack piece and a piece with only headings', async () => {
    const pack = packOf([pieceOf({ slug: 'empty', title: 'Empty', body: '' }), pieceOf({ slug: 'heads', title: 'Heads', body: '# One\n## Two\n### Three' })]);
    const { bytes, pages } = await renderToBytes(pack);
    const read = await readPdf(bytes);
    expect(read.pageCount).toBe(pages);
    expect(squash(read.pages.join(' '))).toContain('One Two Three');
  });

  test('handles a link spanning lines with a footnote reference inside it', async () => {
    const words = 'long link text '.repeat(12);
    const body = `Read [${words}with a note[^n] and more ${words}](https://example.org/report).\n\n[^n]: The note.`;
    const { bytes } = await renderToBytes(packOf([pieceOf({ slug: 'nested', title: 'Nested', body })]));
    const read = await readPdf(bytes, { structure: true });
    const links = read.links.flat();
    expect(links.filter((link) => link.url === 'https://example.org/report').length).toBeGreaterThanOrEqual(2);
    expect(links.some((link) => link.dest === 'nested--note-n')).toBe(true);
    // on the piece's page (after the cover: a one-paper pack has no contents): the link and the note reference
    expect(read.pageCount).toBe(2);
    expect(rolesOf([read.structure[1]!]).filter((role) => role === 'Link')).toHaveLength(2);
  });

  test('sends a link to an anchor the piece lacks to the piece itself (validate reports it as HUB205)', async () => {
    const { bytes, warnings } = await renderToBytes(packOf([pieceOf({ slug: 'a', title: 'A', body: 'See [nowhere](#missing-piece).' })]));
    expect(warnings).toEqual([]);
    const pdf = await readPdf(bytes);
    const internal = pdf.links.flat().filter((link) => link.dest !== undefined);
    expect(internal.map((link) => link.dest)).toContain('a');
  });
});

describe('named destinations', () => {
  /** The names of the Dests tree as written (a plain dictionary: pdfkit writes no object streams), decoded. */
  function destinationNames(bytes: Buffer): string[] {
    const text = bytes.toString('latin1');
    const tree = text.slice(text.indexOf('/Names [', text.indexOf('/XYZ') - 4000));
    const names: string[] = [];
    for (const match of tree.slice(0, tree.indexOf('\n]')).matchAll(/^ {4}\(((?:\\.|[^\\)])*)\) \[\d+ 0 R \/XYZ/gm)) {
      const raw = match[1]!.replace(/\\(.)/g, '$1');
      names.push(raw.startsWith('\xfe\xff') ? Buffer.from(raw.slice(2), 'latin1').swap16().toString('utf16le') : raw);
    }
    return names;
  }

  test('are found by name when past ASCII (written UTF-16), and written in collation order', async () => {
    const body = 'See [Ŵyr](#ŵyr-a-wyresau), [ábaco](#ábaco) and [brackets](#paren--back).\n\n## Zebra\n\n## Ŵyr a wyresau\n\n## Ábaco\n\n## (Paren) \\\\ back';
    const pack = packOf([pieceOf({ slug: 'b-piece', title: 'B', body }), pieceOf({ slug: 'a-piece', title: 'A', body: 'Text.' })]);
    const { bytes, warnings } = await renderToBytes(pack);
    expect(warnings).toEqual([]);
    const read = await readPdf(bytes);
    // The cover, the contents, then piece B (all its headings fit its page), then A.
    for (const name of ['b-piece--ŵyr-a-wyresau', 'b-piece--ábaco', 'b-piece--paren--back', 'b-piece--zebra']) {
      expect(await read.destinationPage(name), name).toBe(3);
    }
    expect(await read.destinationPage('a-piece')).toBe(4);
    const names = destinationNames(bytes);
    expect(names).toContain('b-piece--ŵyr-a-wyresau');
    expect(names).toEqual([...names].sort(new Intl.Collator().compare));
    expect(names.length).toBeGreaterThanOrEqual(6);
  });
});
