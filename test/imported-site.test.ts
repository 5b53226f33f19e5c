// What a site moved into a hub needs (issue 11, closed on the GOV.UK service manual): a link to an
// anchor that does not exist is a warning and lands on the paper; GIF images; raw <img> without alt;
// heading levels that never skip in any pack. Fixtures are written here, never taken from the manual.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import omggif from 'omggif';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { describe, expect, it } from 'vitest';
import { checkWithNu, javaAvailable, shouldRun } from './helpers/browser.js';
import { epubcheck, epubcheckAvailable } from './helpers/epub.js';
import { makeHub, paper, runHub } from './helpers/hub.js';
import { readPdf, rolesOf, squash, unmarkedPainting } from './helpers/pdf.js';
import { readZip } from './helpers/zip-reader.js';

describe('a link to an anchor that does not exist', () => {
  const hub = makeHub({
    'hub.config.yaml': 'name: Anchor Test Hub\n',
    'publications/first.md': paper({ title: 'First', date: '2010-01-01' }, '## Aims\n\nSee [our method](#method) and [their aims](second.md#goals).\n'),
    'publications/second.md': paper({ title: 'Second', date: '2010-01-02' }, '## Aims\n\nText.\n'),
  });

  it('is a warning that says where the packs send it; --strict still refuses', () => {
    const run = runHub(['validate', '--dir', hub], { cwd: hub });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('publications/first.md:12:5  warning  HUB205  link to "#method": this paper has no such heading; packs link to the start of this paper');
    expect(run.stdout).toContain('publications/first.md:12:31  warning  HUB205  link to "second.md#goals": publications/second.md has no heading "#goals"; packs link to the start of that paper');
    expect(run.stdout).toContain('0 errors, 2 warnings in 1 of 2 files');
    expect(runHub(['validate', '--strict', '--dir', hub]).status).toBe(1);
  });

  it('lets the export through without --force, each link going to the start of its paper', async () => {
    const run = runHub(['export', '--dir', hub, '--format', 'html,pdf', '--out', join(hub, 'out/pack')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning  HUB205  link to "#method"');
    expect(run.stderr).not.toContain('--force');
    const html = readFileSync(join(hub, 'out/pack.html'), 'utf8');
    expect(html).toContain('See <a href="#first">our method</a> and <a href="#second">their aims</a>.');
    const pdf = await readPdf(readFileSync(join(hub, 'out/pack.pdf')));
    const targets = pdf.links.flat().map((link) => link.dest).filter((dest) => typeof dest === 'string');
    expect(targets).toEqual(expect.arrayContaining(['first', 'second']));
  });

  it('to a paper that does not exist stays an error', () => {
    const broken = makeHub({ 'publications/a.md': paper({}, 'See [gone](gone.md#x).\n') });
    const run = runHub(['validate', '--dir', broken]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error  HUB204  link to "gone.md#x": no such paper');
  });
});

/** A two-frame animated GIF, 12×6: a red frame with a transparent right half, then a blue one. */
function animatedGif(): Buffer {
  const width = 12;
  const height = 6;
  const buffer = Buffer.alloc(2048);
  const writer = new omggif.GifWriter(buffer, width, height, { loop: 0, palette: [0xff0000, 0x0000ff, 0x000000, 0xffffff] });
  const frame = (left: number, right: number): number[] => Array.from({ length: width * height }, (_, i) => (i % width < width / 2 ? left : right));
  writer.addFrame(0, 0, width, height, frame(0, 2), { delay: 50, transparent: 2 });
  writer.addFrame(0, 0, width, height, frame(1, 1), { delay: 50 });
  return buffer.subarray(0, writer.end());
}

/** A PNG file of 8-bit samples with `data` as its pixel data (compressed or not: the tests decide). */
function pngFile(width: number, height: number, colourType: 2 | 6, data: Buffer): Buffer {
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(pngCrc(Buffer.concat([head.subarray(4), body])));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = colourType;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}

/** CRC-32 as PNG uses it, written out here so the fixture does not lean on the code under test. */
function pngCrc(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Whole chunks (checksums right), but pixel data that is not zlib data; RGBA, which pdfkit would decode and throw from a callback. */
function corruptPng(): Buffer {
  return pngFile(20, 10, 6, Buffer.from('these bytes are not compressed pixels'));
}

/** A small, whole grey RGB PNG: each row a filter byte 0, then its pixels. */
function smallPng(width: number, height: number): Buffer {
  const rows = Buffer.alloc(height * (1 + width * 3), 0x80);
  for (let y = 0; y < height; y++) rows[y * (1 + width * 3)] = 0;
  return pngFile(width, height, 2, deflateSync(rows));
}

/** `pdfimages -list` (poppler): the image XObjects drawn on each page, as width×height colour. */
function pdfImages(file: string): string[] {
  const result = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdfimages failed: ${result.stderr}`);
  return result.stdout.split('\n').slice(2).filter((line) => line.trim() !== '').map((line) => {
    const [page, , type, width, height, colour] = line.trim().split(/\s+/);
    return `p${page} ${type} ${width}x${height} ${colour}`;
  });
}

describe('GIF images', () => {
  const gif = animatedGif();
  const hub = makeHub({
    'hub.config.yaml': 'name: GIF Test Hub\n',
    'publications/moving.md': paper({ title: 'Moving pictures' }, '## Demo\n\n![A red square that turns blue](images/demo.gif)\n\n<p><img src="images/demo.gif" alt="The same, as raw HTML"></p>\n'),
    'publications/images/demo.gif': gif,
  });

  it('validate accepts them: one image-type list', () => {
    const run = runHub(['validate', '--dir', hub], { cwd: hub });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('HUB209');
  });

  it('the HTML and EPUB packs embed the GIF as it is; the PDF draws its first frame as a PNG, tagged as a figure', async () => {
    const run = runHub(['export', '--dir', hub, '--format', 'html,pdf,epub', '--out', join(hub, 'out/pack')], { cwd: hub });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const html = readFileSync(join(hub, 'out/pack.html'), 'utf8');
    const embedded = `data:image/gif;base64,${gif.toString('base64')}`;
    expect(html.split(embedded)).toHaveLength(3);

    const epub = readZip(readFileSync(join(hub, 'out/pack.epub')));
    const gifs = epub.entries.filter((entry) => entry.name.endsWith('.gif'));
    expect(gifs).toHaveLength(1); // stored once, used twice
    expect(Buffer.compare(epub.read(gifs[0]!.name), gif)).toBe(0);
    expect(epub.read('EPUB/package.opf').toString('utf8')).toMatch(/href="[^"]+\.gif" media-type="image\/gif"/);

    const pdfFile = join(hub, 'out/pack.pdf');
    // Both figures: the first frame, 12×6, as an RGB image (transparent pixels laid on white).
    expect(pdfImages(pdfFile).filter((line) => line.includes('12x6'))).toEqual([expect.stringMatching(/^p\d+ image 12x6 rgb$/), expect.stringMatching(/^p\d+ image 12x6 rgb$/)]);
    const bytes = readFileSync(pdfFile);
    const pdf = await readPdf(bytes, { structure: true });
    expect(rolesOf(pdf.structure).filter((role) => role === 'Figure')).toHaveLength(2);
    expect(unmarkedPainting(bytes).unmarked).toEqual([]);
  });

  it.runIf(shouldRun('EPUBCheck', epubcheckAvailable))('the EPUB with a GIF passes EPUBCheck', () => {
    const report = epubcheck(join(hub, 'out/pack.epub'));
    expect(report.messages).toEqual([]);
  });
});

describe('a corrupt image', () => {
  const hub = makeHub({
    'hub.config.yaml': 'name: Corrupt Test Hub\n',
    'publications/broken.md': paper({ title: 'Broken picture' }, '## Chart\n\n![Spend by area](images/chart.png)\n\nText after the chart.\n'),
    'publications/images/chart.png': corruptPng(),
  });

  it('gives a diagnostic naming the file and a placeholder in every pack; the export finishes', async () => {
    const run = runHub(['export', '--dir', hub, '--format', 'html,pdf,epub', '--out', join(hub, 'out/pack')], { cwd: hub });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Wrote out\/pack\.pdf/);
    expect(run.stderr).toMatch(/broken\.md:\d+:1 {2}warning {2}PDF003 {2}Image publications\/images\/chart\.png cannot be read; a placeholder with its alt text is shown\./);
    expect(run.stderr).toMatch(/broken\.md:\d+:1 {2}error {2}HTML004 {2}The image "[^"]*publications\/images\/chart\.png" cannot be shown \(its pixel data cannot be decompressed\)/);
    const html = readFileSync(join(hub, 'out/pack.html'), 'utf8');
    expect(html).not.toContain('data:image/png');
    expect(html).toContain('<span class="missing-image">[Spend by area]</span>');
    const pdf = await readPdf(readFileSync(join(hub, 'out/pack.pdf')));
    const text = squash(pdf.pages.join(' '));
    expect(text).toContain('Image not included: Spend by area');
    expect(text).toContain('Text after the chart.');
    expect(pdfImages(join(hub, 'out/pack.pdf'))).toEqual([]);
  });
});

describe('a raw <img> without alt', () => {
  const hub = makeHub({
    'hub.config.yaml': 'name: Alt Test Hub\n',
    'publications/marks.md': paper({ title: 'Marks' }, '## Marks\n\n<div>\n  <img src="images/mark.png" />\n</div>\n\n<p><img src="images/mark.png" alt=""></p>\n\n![](images/mark.png)\n\n<p><a href="https://example.org/marks"><img src="images/mark.png"></a></p>\n\n<p>See <a href="https://example.org/inline"><img src="images/mark.png"></a> here.</p>\n\n<div>\n  <a href="https://example.org/live">\n    <img src="images/mark.png" alt="A start page">\n  </a>\n</div>\n'),
    'publications/images/mark.png': smallPng(8, 4),
  });

  it('is a warning that says the packs mark it decorative; alt="" says nothing; a Markdown image without alt stays an error', () => {
    const run = runHub(['validate', '--dir', hub], { cwd: hub });
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n').filter((line) => / HUB2\d\d /.test(line));
    expect(lines).toEqual([
      'publications/marks.md:13:13  warning  HUB223  raw image "images/mark.png" has no alt attribute: the packs mark it decorative, so screen readers skip it',
      'publications/marks.md:18:1  error  HUB207  image "images/mark.png" has no alt text',
      'publications/marks.md:20:50  warning  HUB223  raw image "images/mark.png" has no alt attribute: the packs mark it decorative, so screen readers skip it',
      'publications/marks.md:22:55  warning  HUB223  raw image "images/mark.png" has no alt attribute: the packs mark it decorative, so screen readers skip it',
    ]);
    expect(run.stdout).toContain('hint: Add alt="…" saying what it shows, or alt="" if it only decorates.');
  });

  it('is embedded in both packs, as decorative: alt="" in the HTML, an artifact in the PDF', async () => {
    const run = runHub(['export', '--dir', hub, '--force', '--format', 'html,pdf', '--out', join(hub, 'out/pack')], { cwd: hub });
    expect(run.status, run.stderr).toBe(0);
    // HTML007 (no alt text) only for the Markdown image; the raw ones are decorative on purpose or warned by HUB223.
    expect(run.stderr.match(/HTML007/g)).toHaveLength(1);
    const html = readFileSync(join(hub, 'out/pack.html'), 'utf8');
    expect(html.match(/<img src="data:image\/png;base64,[^"]+" alt="">/g)).toHaveLength(5);
    // A link that is only an image, standing alone: the image as a figure, then the link, named by its address.
    expect(html).toMatch(/<figure>\n<img src="data:image\/png;base64,[^"]+" alt="">\n<\/figure>\n<p><a href="https:\/\/example\.org\/marks">https:\/\/example\.org\/marks<\/a><\/p>/);
    // Inside a sentence it stays a link, which keeps a name: its address after the decorative image.
    expect(html).toMatch(/See <a href="https:\/\/example\.org\/inline"><img src="data:image\/png;base64,[^"]+" alt="">https:\/\/example\.org\/inline<\/a> here\./);
    // A screenshot that opened the live page, as the service manual writes them: the same.
    expect(html).toMatch(/<figure>\n<img src="data:image\/png;base64,[^"]+" alt="A start page">\n<\/figure>\n<p><a href="https:\/\/example\.org\/live">https:\/\/example\.org\/live<\/a><\/p>/);
    // The PDF draws the five that stand as blocks; the one inside a sentence's link is text there, as for Markdown (PDF008).
    expect(pdfImages(join(hub, 'out/pack.pdf')).filter((line) => line.includes('8x4'))).toHaveLength(5);
    expect(run.stderr.match(/PDF008/g)).toHaveLength(1);
    // Of those five, the three decorative ones are artifacts: Figures only for the Markdown image and "A start page".
    const bytes = readFileSync(join(hub, 'out/pack.pdf'));
    const pdf = await readPdf(bytes, { structure: true });
    expect(rolesOf(pdf.structure).filter((role) => role === 'Figure')).toHaveLength(2);
    expect(unmarkedPainting(bytes).unmarked).toEqual([]);
  });
});

type Element = DefaultTreeAdapterTypes.Element;

/** The heading levels of a parsed HTML document, in document order. */
function headingLevelsIn(html: string): number[] {
  const levels: number[] = [];
  const visit = (node: DefaultTreeAdapterTypes.ParentNode): void => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      const match = /^h([1-6])$/.exec((child as Element).tagName);
      if (match) levels.push(Number(match[1]));
      visit(child as Element);
    }
  };
  visit(parse(html));
  return levels;
}

describe('heading levels that skip in the source', () => {
  // "On this page" as ###, then the sections as ##, as the service manual writes them; a raw <h4> under a ##.
  const body = '### On this page\n\n- one\n\n## First section\n\n<h4>A raw fourth level</h4>\n\nText.\n\n## Second section\n\n#### Deep\n';
  const hub = makeHub({
    'hub.config.yaml': 'name: Level Test Hub\n',
    'publications/levels.md': paper({ title: 'Levels' }, body),
    'publications/other.md': paper({ title: 'Other', date: '2009-03-15' }, '## Plain\n\n### Under it\n'),
  });
  const out = join(hub, 'out/pack');
  const exported = runHub(['export', '--dir', hub, '--format', 'html,pdf,epub', '--out', out], { cwd: hub });

  it('never skip in the HTML pack: renumbered as the PDF numbers them', () => {
    expect(exported.status, exported.stderr).toBe(0);
    const levels = headingLevelsIn(readFileSync(`${out}.html`, 'utf8'));
    levels.forEach((level, index) => expect(level - (levels[index - 1] ?? 0), `heading ${index}: ${levels.join(',')}`).toBeLessThanOrEqual(1));
    const html = readFileSync(`${out}.html`, 'utf8');
    expect(html).toContain('<h3 id="levels--on-this-page">On this page</h3>');
    expect(html).toContain('<h4 id="levels--a-raw-fourth-level">A raw fourth level</h4>');
    expect(html).toContain('<h4 id="levels--deep">Deep</h4>');
  });

  it('and the PDF tags the same levels', async () => {
    const pdf = await readPdf(readFileSync(`${out}.pdf`), { structure: true });
    const headings = rolesOf(pdf.structure).filter((role) => /^H\d$/.test(role));
    // The cover's and the contents' H1, then per piece: its title H1, its headings, and "How to cite" (H2).
    expect(headings).toEqual(['H1', 'H1', 'H1', 'H2', 'H2', 'H3', 'H2', 'H3', 'H2', 'H1', 'H2', 'H3', 'H2']);
  });

  it.runIf(shouldRun('Java (Nu Html Checker)', javaAvailable))('the Nu checker finds no error in the HTML pack', () => {
    const errors = checkWithNu(`${out}.html`).filter((message) => message.type === 'error');
    expect(errors.map((message) => message.message)).toEqual([]);
  });

  it.runIf(shouldRun('EPUBCheck', epubcheckAvailable))('the EPUB contents nest them without a gap, and EPUBCheck passes', () => {
    const report = epubcheck(`${out}.epub`);
    expect(report.messages).toEqual([]);
  });
});

describe('EPUB links to ids that are not headings, in another piece', () => {
  const hub = makeHub({
    'hub.config.yaml': 'name: Anchor EPUB Hub\nmarkdown: kramdown\n',
    'publications/a.md': paper({ title: 'A', date: '2010-01-01' }, '## Links\n\nSee [the promise](b.md#promise), [point 13](b.md#point-13) and [the note](b.md#note).\n'),
    'publications/b.md': paper({ title: 'B', date: '2010-01-02' }, '## Points\n\n<a name="promise"></a>\n\n<ol>\n  <li id="point-13">Thirteen</li>\n</ol>\n\nA note.\n{: #note}\n'),
  });

  it('point at the file that holds them', () => {
    const run = runHub(['export', '--dir', hub, '--format', 'epub', '--out', join(hub, 'out/pack.epub')], { cwd: hub });
    expect(run.status, run.stderr).toBe(0);
    const piece = readZip(readFileSync(join(hub, 'out/pack.epub'))).text('EPUB/a.xhtml');
    expect(piece).toContain('See <a href="b.xhtml#b--promise">the promise</a>, <a href="b.xhtml#b--point-13">point 13</a> and <a href="b.xhtml#b--note">the note</a>.');
  });

  it.runIf(shouldRun('EPUBCheck', epubcheckAvailable))('and EPUBCheck finds every fragment', () => {
    expect(epubcheck(join(hub, 'out/pack.epub')).messages).toEqual([]);
  });
});

describe('links written the web site’s way', () => {
  const hub = makeHub({
    'hub.config.yaml': 'name: Site Links Hub\n',
    'publications/first.md': paper({ title: 'First', date: '2010-01-01' }, 'See [the strategy](/government/publications/strategy), [second](second), [its aims](second.html#aims) and [the form](forms/form.pdf).\n'),
    'publications/second.md': paper({ title: 'Second', date: '2010-01-02' }, '## Aims\n\nText.\n'),
  });

  it('say what each is and how to link it: a site root, a paper by its page name, a file', () => {
    const run = runHub(['validate', '--dir', hub], { cwd: hub });
    expect(run.status, run.stdout).toBe(0);
    const lines = run.stdout.split('\n').filter((line) => line.includes('HUB240') || line.includes('hint:'));
    expect(lines).toEqual([
      'publications/first.md:10:5  warning  HUB240  link to "/government/publications/strategy" is relative to a web site\'s root: packs keep only its text',
      "    hint: Write the page's full address (https://…), or link to a paper by its file name.",
      'publications/first.md:10:56  warning  HUB240  link to "second" names a paper the web site\'s way: packs keep only its text',
      '    hint: Link to the paper by its file name: second.md.',
      'publications/first.md:10:74  warning  HUB240  link to "second.html#aims" names a paper the web site\'s way: packs keep only its text',
      '    hint: Link to the paper by its file name: second.md#aims.',
      'publications/first.md:10:107  warning  HUB240  link to "forms/form.pdf" is a file, not a paper: packs keep only its text',
      "    hint: Link to the file's address on the web, or put what it holds in a paper.",
    ]);
  });
});

describe('a page with only a title, exported under --force', () => {
  // A site's page brings a title and nothing else: no type, authors or date until the editor adds them.
  const hub = makeHub({
    'hub.config.yaml': 'name: Bare Page Hub\n',
    'publications/bare.md': '---\ntitle: About the guidance\n---\n\nThe guidance is maintained here.\n',
    'publications/news.md': '---\ntitle: What is new\n---\n\nNothing yet.\n',
  });
  const out = join(hub, 'out/pack');
  const exported = runHub(['export', '--dir', hub, '--force', '--include-drafts', '--format', 'html,pdf', '--out', out], { cwd: hub });

  it('says nothing it does not know: no type word, no empty date, a reference that starts with the title', async () => {
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('HUB101');
    const html = readFileSync(`${out}.html`, 'utf8');
    expect(html).toContain('<header class="piece-header">\n<p class="caption"><strong class="badge">Draft</strong></p>\n');
    expect(html).toContain('<li><a href="#bare">About the guidance</a></li>');
    expect(html).not.toContain('<dt>Date</dt>');
    expect(html).toContain('>How to cite this publication</h3>\n<p class="reference"><cite>About the guidance</cite> (no date) Bare Page Hub.</p>');
    const text = squash((await readPdf(readFileSync(`${out}.pdf`))).pages.join(" "));
    expect(text).toContain('How to cite this publication About the guidance (no date) Bare Page Hub.');
    expect(text).not.toMatch(/unknown|\(\)/i);
  });

  it('lists with an empty type, as it lists an empty date', () => {
    const row = runHub(['list', '--dir', hub, '--json']);
    expect(JSON.parse(row.stdout)).toContainEqual(expect.objectContaining({ title: 'About the guidance', type: '', date: '' }));
  });
});

describe("a site's own front-matter fields", () => {
  // As Jekyll, Hugo and Eleventy pages carry them; the values are made up here.
  const hub = makeHub({
    'hub.config.yaml': 'name: Site Fields Hub\n',
    'publications/page.md': paper({ layout: 'guide', permalink: '/guide/', description: 'What the guide covers.', lastUpdated: '2025-12-01', author: 'Siân Llewellyn', eleventyNavigation: '{ key: Guide }', autors: '[A]' }),
  });

  it('get hints that name the hub field meant, or say packs do not use them; typos still get the nearest name', () => {
    const run = runHub(['validate', '--dir', hub]);
    expect(run.status, run.stdout).toBe(0);
    const hints = new Map<string, string>();
    const lines = run.stdout.split('\n');
    lines.forEach((line, index) => {
      const field = /HUB113 {2}(\S+) /.exec(line)?.[1];
      if (field) hints.set(field, lines[index + 1]!.trim());
    });
    const unused = 'hint: It tells a site generator how to build the page; packs do not use it. Delete it once the page has moved into the hub for good.';
    expect(Object.fromEntries(hints)).toEqual({
      layout: unused,
      permalink: unused,
      eleventyNavigation: unused,
      description: 'hint: Site generators call summary "description": write it as summary (Plain-text summary, at most 120 words; required when published).',
      lastUpdated: 'hint: Site generators call updated "lastUpdated": write it as updated (Date of the last substantive revision, not before date).',
      author: 'hint: Site generators call authors "author": write it as authors (A non-empty list of names).',
      autors: 'hint: Did you mean authors?',
    });
  });
});

describe('links and images written from the site root (site-root)', () => {
  // As the service manual writes them: site-absolute, page addresses, images under the site's assets.
  const png = readFileSync(join(import.meta.dirname, 'fixtures/html/images/pilot-costs.png'));
  const body = [
    '## Aims',
    '',
    'See [the method](/manual/agile/method.html#steps), [the phases](/manual/phases), [agile](/manual/agile/) and [GOV.UK](/government/x).',
    '',
    '![Pilot costs by area](/manual/assets/images/costs.png)',
    '',
  ].join('\n');
  const files = {
    'publications/agile/index.md': paper({ title: 'Agile', date: '2010-01-01' }, body),
    'publications/agile/method.md': paper({ title: 'Method', date: '2010-01-02' }, '## Steps\n\nText.\n'),
    'publications/phases.md': paper({ title: 'Phases', date: '2010-01-03' }, '## Alpha\n\nText.\n'),
    'publications/assets/images/costs.png': png,
  };

  it('without it, each such link is kept as text, with a hint naming the site-root that would make it a paper', () => {
    const plain = makeHub({ 'hub.config.yaml': 'name: Site Hub\n', ...files });
    const run = runHub(['validate'], { cwd: plain });
    expect(run.stdout).toContain('publications/agile/index.md:12:5  warning  HUB240  link to "/manual/agile/method.html#steps" is relative to a web site\'s root: packs keep only its text\n    hint: Set `site-root: /manual/` in hub.config.yaml if the site served publications/ there: this then names publications/agile/method.md.');
    expect(run.stdout).toContain('error  HUB208  image "/manual/assets/images/costs.png" is outside the hub\'s publications/ folder\n    hint: Set `site-root: /manual/` in hub.config.yaml if the site served publications/ there: this then names publications/assets/images/costs.png.');
  });

  it('with it, links name their papers (a folder by its index) and images are embedded; other site paths stay text', () => {
    const hub = makeHub({ 'hub.config.yaml': 'name: Site Hub\nsite-root: /manual\n', ...files });
    const run = runHub(['validate', '--dir', hub]);
    expect(run.stdout).not.toContain('HUB208');
    expect(run.stdout.match(/HUB240/g)).toHaveLength(1);
    expect(run.stdout).toContain('link to "/government/x" is relative to a web site\'s root');
    expect(run.status, run.stdout).toBe(0);
    const out = join(hub, 'out/pack');
    const exported = runHub(['export', '--dir', hub, '--format', 'html,pdf', '--out', out]);
    expect(exported.status, exported.stderr).toBe(0);
    const html = readFileSync(`${out}.html`, 'utf8');
    expect(html).toContain('See <a href="#method--steps">the method</a>, <a href="#phases">the phases</a>, <a href="#agile">agile</a> and GOV.UK.');
    expect(html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="Pilot costs by area"/);
  });

  it('names the file a page of the site that was not moved in would be', () => {
    const hub = makeHub({ 'hub.config.yaml': 'name: Site Hub\nsite-root: /manual/\n', 'publications/first.md': paper({ title: 'First' }, '## Aims\n\nSee [the guide](/manual/guides/writing.html).\n') });
    const run = runHub(['validate'], { cwd: hub });
    expect(run.stdout).toContain('error  HUB204  link to "/manual/guides/writing.html": no such paper\n    hint: A page of the site that is not in the hub: move it in as publications/guides/writing.md, or write the page\'s full address (https://…).');
    expect(run.status).toBe(1);
  });

  it('must be an address path from the site root', () => {
    const run = runHub(['validate', '--dir', makeHub({ 'hub.config.yaml': 'name: Site Hub\nsite-root: manual/\n', ...files })]);
    expect(run.stdout).toMatch(/hub\.config\.yaml:2:\d+  error  HUB131  site-root  "manual\/" is not an address path from the site's root/);
    expect(run.status).toBe(1);
  });
});

describe("a folder's index.md", () => {
  // As a site serves agile/index.md at /agile/: the paper is agile, not one of many "index" papers.
  const files = {
    'publications/index.md': paper({ title: 'Home', date: '2010-01-01' }, 'See [agile](agile/index.md) and [design](design/index.md#method).\n'),
    'publications/agile/index.md': paper({ title: 'Agile', date: '2010-01-02' }, '## Start\n\nText.\n'),
    'publications/design/index.md': paper({ title: 'Design', date: '2010-01-03' }, '## Method\n\nText.\n'),
    'publications/User Research/index.md': paper({ title: 'User research', date: '2010-01-04' }, 'Text.\n'),
  };

  it('takes its folder\'s name as its slug (the publications folder\'s own stays index): no duplicate slugs, a rename hint for a folder that is not kebab-case', () => {
    const hub = makeHub(files);
    const run = runHub(['validate', '--dir', hub]);
    expect(run.stdout).not.toContain('HUB201');
    expect(run.stdout).toContain('publications/User Research/index.md:1:1  warning  HUB116  the folder name "User Research" is not kebab-case; this index.md\'s slug is user-research\n    hint: Rename the folder to user-research, so its name and its address in packs agree.');
    expect(run.status, run.stdout).toBe(0);
    const list = runHub(['list', '--dir', hub, '--json']);
    expect((JSON.parse(list.stdout) as { slug: string }[]).map((row) => row.slug).sort()).toEqual(['agile', 'design', 'index', 'user-research']);
  });

  it('is exported by that slug, and links to the folder reach it', () => {
    const hub = makeHub(files);
    const out = join(hub, 'one.html');
    const one = runHub(['export', 'agile', '--dir', hub, '--out', out]);
    expect(one.status, one.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<article class="piece" id="agile" aria-labelledby="agile.title">');
    const all = runHub(['export', '--dir', hub, '--out', join(hub, 'all.html')]);
    expect(all.status, all.stderr).toBe(0);
    expect(readFileSync(join(hub, 'all.html'), 'utf8')).toContain('See <a href="#agile">agile</a> and <a href="#design--method">design</a>.');
  });
});
