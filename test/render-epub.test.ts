// The EPUB reader pack, read back with the test's own ZIP reader (test/helpers/zip-reader.ts,
// node:zlib; the writer uses fflate): container, package metadata, navigation, content documents.

import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectingOptions, packOf, paper, paperFile, type PaperSource } from './helpers/html-pack.js';
import { epubcheck, renderEpub, renderEpubArchive } from './helpers/epub.js';
import { makeHub, paper as hubPaper, runHub } from './helpers/hub.js';
import { readZip, type ZipArchive } from './helpers/zip-reader.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/html');
const showcase = paperFile(join(FIXTURES, 'showcase.md'));
// Beside the showcase, which links to the-hub-strategy.md.
const strategy = inFixtures(paper('the-hub-strategy', '## The approach\n\nSmall tests first.\n', 'title: The Hub Strategy\ndate: 2008-09-15\nauthors: [Siân Llewellyn]'));
const second = inFixtures(paper(
  'second',
  '## Only section\n\nSee [the costs](showcase.md#costs-and-results) and [the strategy](the-hub-strategy.md).[^n]\n\n<details open><summary>More</summary>A line<br>and <wbr>another.</details>\n\n[^n]: A note of the second paper.\n',
  'title: Second paper\ndate: 2010-01-02\ntype: essay\nauthors: [Ruth Okonkwo, Siân Llewellyn]\nisbn: 978-0-306-40615-7',
));

function inFixtures(source: PaperSource): PaperSource {
  return { ...source, folder: FIXTURES };
}

/** The package document's metadata as [property or element, value] pairs. */
function metadataOf(opf: string): [string, string][] {
  const block = /<metadata[^>]*>([\s\S]*?)<\/metadata>/.exec(opf)![1]!;
  return [...block.matchAll(/<(dc:[a-z]+)[^>]*>([^<]*)<\/dc:[a-z]+>|<meta property="([^"]+)">([^<]*)<\/meta>/g)].map((match) => [match[1] ?? match[3]!, match[2] ?? match[4]!]);
}

function values(metadata: [string, string][], name: string): string[] {
  return metadata.filter(([key]) => key === name).map(([, value]) => value);
}

describe('EPUB container and package', () => {
  let archive: ZipArchive;
  let bytes: Buffer;
  const options = collectingOptions();
  const pack = packOf([showcase, strategy, second], { introduction: 'Why these papers: [the ward tests](showcase.md) first.' });

  beforeAll(async () => {
    bytes = await renderEpub(pack, options);
    archive = readZip(bytes);
  });

  it('starts with the mimetype entry: stored, no extra field, its text at byte 38', () => {
    const first = archive.entries[0]!;
    expect(first).toMatchObject({ name: 'mimetype', method: 0, offset: 0, localExtraLength: 0, centralExtraLength: 0, size: 20 });
    expect(bytes.readUInt16LE(8)).toBe(0); // compression method in the local header
    expect(bytes.readUInt16LE(28)).toBe(0); // extra field length in the local header
    expect(bytes.toString('ascii', 30, 38)).toBe('mimetype');
    expect(bytes.toString('ascii', 38, 58)).toBe('application/epub+zip');
    expect(archive.text('mimetype')).toBe('application/epub+zip');
  });

  it('points the container at the package document, and the manifest lists every other file', () => {
    expect(archive.text('META-INF/container.xml')).toContain('<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>');
    const opf = archive.text('EPUB/package.opf');
    const hrefs = [...opf.matchAll(/<item [^>]*href="([^"]+)"/g)].map((match) => `EPUB/${match[1]}`).sort();
    const files = archive.entries.map((entry) => entry.name).filter((name) => !['mimetype', 'META-INF/container.xml', 'EPUB/package.opf'].includes(name));
    expect(hrefs).toEqual(files.sort());
    expect(opf).toMatch(/<item id="image-[0-9a-f]{16}" href="images\/[0-9a-f]{16}\.png" media-type="image\/png"\/>/);
    expect(opf).toMatch(/<item id="image-[0-9a-f]{16}" href="images\/[0-9a-f]{16}\.svg" media-type="image\/svg\+xml"\/>/);
  });

  it('has the metadata: identifier, title, language, every author, dates, publisher', () => {
    const metadata = metadataOf(archive.text('EPUB/package.opf'));
    expect(values(metadata, 'dc:identifier')).toEqual([expect.stringMatching(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)]);
    expect(values(metadata, 'dc:title')).toEqual(['Test pack']);
    expect(values(metadata, 'dc:language')).toEqual(['en-GB']);
    expect(values(metadata, 'dc:creator')).toEqual(['Siân Llewellyn', 'Ade Okonkwo', 'Tomás Ó Briain', 'Ruth Okonkwo']);
    expect(values(metadata, 'dc:date')).toEqual(['2010-03-31']);
    expect(values(metadata, 'dcterms:modified')).toEqual(['2010-03-31T00:00:00Z']);
    expect(values(metadata, 'dc:publisher')).toEqual(['Whitehall Innovation Hub']);
  });

  it('describes its accessibility (EPUB Accessibility 1.1) and claims no conformance by default', () => {
    const metadata = metadataOf(archive.text('EPUB/package.opf'));
    expect(values(metadata, 'schema:accessMode')).toEqual(['textual', 'visual']);
    expect(values(metadata, 'schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
    expect(values(metadata, 'schema:accessibilityFeature')).toEqual(expect.arrayContaining(['structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText']));
    expect(values(metadata, 'schema:accessibilityHazard')).toEqual(['none']);
    expect(values(metadata, 'schema:accessibilitySummary')[0]).toMatch(/^Reflowable text .* every image has a text description\. No sound/);
    expect(values(metadata, 'dcterms:conformsTo')).toEqual([]);
    expect(values(metadata, 'a11y:certifiedBy')).toEqual([]);
  });

  it('reads cover, introduction, contents, every piece in pack order, then the colophon', () => {
    const opf = archive.text('EPUB/package.opf');
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"\/>/g)].map((match) => match[1]);
    expect(spine).toEqual(['cover', 'introduction', 'contents', 'piece-showcase', 'piece-the-hub-strategy', 'piece-second', 'colophon']);
    expect(opf).toContain('<item id="contents" href="hub.contents.xhtml" media-type="application/xhtml+xml" properties="nav"/>');
  });

  it('lists every piece in order in the nav, with its headings nested below it', () => {
    const nav = archive.text('EPUB/hub.contents.xhtml');
    const toc = /<nav epub:type="toc"[^>]*>([\s\S]*?)<\/nav>/.exec(nav)![1]!;
    const pieces = [...toc.matchAll(/^<li><a href="([a-z0-9-]+\.xhtml)">/gm)].map((match) => match[1]);
    expect(pieces).toEqual(['showcase.xhtml', 'the-hub-strategy.xhtml', 'second.xhtml']);
    // `##` under the piece, `###` under that.
    expect(toc).toMatch(/<li><a href="showcase.xhtml">Testing Small Changes on the Ward<\/a>\n<ol>\n<li><a href="showcase.xhtml#showcase--what-the-trusts-tested">What the trusts tested<\/a>\n<ol>\n<li><a href="showcase.xhtml#showcase--costs-and-results">Costs and results<\/a><\/li>\n<\/ol>\n<\/li>/);
    expect(toc).toContain('<li><a href="hub.introduction.xhtml">Introduction</a></li>');
    const landmarks = /<nav epub:type="landmarks"[^>]*>([\s\S]*?)<\/nav>/.exec(nav)![1]!;
    expect(landmarks).toContain('<a epub:type="cover" href="hub.cover.xhtml">');
    expect(landmarks).toContain('<a epub:type="toc" href="hub.contents.xhtml">');
    expect(landmarks).toContain('<a epub:type="bodymatter" href="showcase.xhtml">');
  });

  it('gives each piece its own XHTML document with one h1, the XHTML markup of the HTML pack', () => {
    const piece = archive.text('EPUB/showcase.xhtml');
    expect(piece.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en-GB" xml:lang="en-GB">')).toBe(true);
    expect(piece.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(piece).toContain('<h1 id="showcase.title">Testing Small Changes on the Ward</h1>');
    expect(piece).toContain('<h2 id="showcase--what-the-trusts-tested">What the trusts tested</h2>');
    expect(piece).toContain('<h3 id="showcase--costs-and-results">Costs and results</h3>');
    expect(piece).toContain('<th scope="col" class="align-left">Trust</th>');
    expect(piece).toMatch(/<figure>\n<img src="images\/[0-9a-f]{16}\.png" alt="Bar chart of the cost per trust[^"]*"\/>\n<figcaption>Figure 1\./);
    expect(piece).toContain('<hr/>');
    expect(piece).not.toMatch(/<(br|hr|img|wbr)\b[^>]*[^/]>/);
    expect(piece).not.toMatch(/<script|\son[a-z]+=|https?:\/\/[^"]*\.(png|jpe?g|svg|css|js)\b|url\(/i);
  });

  it('writes footnotes as EPUB asides with DPUB-ARIA roles, linked both ways', () => {
    const piece = archive.text('EPUB/showcase.xhtml');
    expect(piece).toContain('<a id="showcase.fnref-1" href="#showcase.fn-1" epub:type="noteref" role="doc-noteref"><span class="visually-hidden">Note </span>1</a>');
    expect(piece).toMatch(/<aside class="footnote" id="showcase.fn-1" epub:type="footnote" role="doc-footnote">\n<p><span class="note-number">1\.<\/span> Rochdale, Royal Cornwall/);
    expect(piece).toContain('<a class="note-back" href="#showcase.fnref-1" role="doc-backlink">');
    expect(piece).toContain('<section class="notes" aria-label="Notes">\n<aside class="footnote" id="showcase.fn-1"');
    expect(piece).not.toMatch(/<ol>\n<li id="showcase.fn-/);
  });

  it('writes raw HTML as well-formed XHTML: turned into tokens, a <details> is its summary in bold then its content, void elements closed', () => {
    expect(archive.text('EPUB/second.xhtml')).toContain('<p><strong>More</strong></p>\n<p>A line<br/>\nand another.</p>');
  });

  it('rewrites links between pieces to file.xhtml#id, and keeps links out of the pack as text', () => {
    const piece = archive.text('EPUB/second.xhtml');
    expect(piece).toContain('<a href="showcase.xhtml#showcase--costs-and-results">the costs</a>');
    expect(piece).toContain('<a href="the-hub-strategy.xhtml#the-hub-strategy">the strategy</a>');
    expect(archive.text('EPUB/hub.introduction.xhtml')).toContain('<a href="showcase.xhtml#showcase">the ward tests</a>');
    expect(archive.text('EPUB/showcase.xhtml')).toContain('<a href="the-hub-strategy.xhtml#the-hub-strategy">the hub’s strategy</a>');
  });

  it('has a stylesheet with relative sizes, no colours and no fonts', () => {
    const css = archive.text('EPUB/hub.css');
    expect(css).not.toMatch(/\b(color|background)\s*:|#[0-9a-f]{3,6}\b|rgb\(|@font-face|url\(/i);
    expect(css).not.toMatch(/(font-size|line-height|margin|padding)\s*:[^;]*\d(px|pt)/);
    expect(css).toContain('font-size: 1.7em');
  });

  it('makes the same bytes from the same pack', async () => {
    const again = await renderEpub(packOf([showcase, strategy, second], { introduction: 'Why these papers: [the ward tests](showcase.md) first.' }), collectingOptions());
    expect(again.equals(bytes)).toBe(true);
  });
});

describe('EPUB identifier and conformance claim', () => {
  it('uses the ISBN of a single-paper pack, else its DOI', async () => {
    const isbn = await renderEpubArchive(packOf([second]), collectingOptions());
    expect(values(metadataOf(isbn.text('EPUB/package.opf')), 'dc:identifier')).toEqual(['urn:isbn:9780306406157']);
    const doi = await renderEpubArchive(packOf([showcase]), collectingOptions());
    expect(values(metadataOf(doi.text('EPUB/package.opf')), 'dc:identifier')).toEqual(['urn:doi:10.5555/hub.2009.004']);
  });

  it('keeps a pack’s UUID while its text changes, and gives another selection another one', async () => {
    const identifier = async (sources: Parameters<typeof packOf>[0]): Promise<string> =>
      values(metadataOf((await renderEpubArchive(packOf(sources), collectingOptions())).text('EPUB/package.opf')), 'dc:identifier')[0]!;
    const edited = { ...strategy, text: strategy.text.replace('## ', 'A new first line.\n\n## ') };
    expect(await identifier([showcase, strategy])).toBe(await identifier([showcase, edited]));
    expect(await identifier([showcase, strategy])).not.toBe(await identifier([strategy, second]));
  });

  it('claims conformance only when the hub config names who evaluated it (a11y:certifiedBy)', () => {
    const hub = makeHub({
      'hub.config.yaml': 'name: Test Hub\na11y:certifiedBy: Digital Accessibility Centre\n',
      'publications/one.md': hubPaper({ title: 'One' }),
    });
    const out = join(mkdtempSync(join(tmpdir(), 'hub-epub-')), 'pack.epub');
    const result = runHub(['export', '--dir', hub, '--format', 'epub', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const metadata = metadataOf(readZip(readFileSync(out)).text('EPUB/package.opf'));
    expect(values(metadata, 'dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.2 Level AA']);
    expect(values(metadata, 'a11y:certifiedBy')).toEqual(['Digital Accessibility Centre']);
  });
});

describe('hub export --format epub (bin/hub)', () => {
  it('writes exports/<pack-slug>.epub beside the HTML, the same bytes on every run', () => {
    const hub = makeHub({
      'hub.config.yaml': 'name: Whitehall Innovation Hub\n',
      'publications/one.md': hubPaper({ title: 'One' }, '## Start\n\nSee [two](two.md#more).\n'),
      'publications/two.md': hubPaper({ title: 'Two', date: '2009-04-01' }, '## More\n\nText.[^a]\n\n[^a]: A note.\n'),
    });
    const first = runHub(['export', '--format', 'html,epub'], { cwd: hub });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^Wrote exports\/whitehall-innovation-hub-reader-pack\.html .*\nWrote exports\/whitehall-innovation-hub-reader-pack\.epub \(\d+ KB, 2 pieces\) in [\d.]+ s\n$/);
    expect(first.status).toBe(0);
    const file = join(hub, 'exports/whitehall-innovation-hub-reader-pack.epub');
    const bytes = readFileSync(file);
    expect(runHub(['export', '--format', 'epub'], { cwd: hub }).status).toBe(0);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const opf = readZip(bytes).text('EPUB/package.opf');
    expect(values(metadataOf(opf), 'dcterms:modified')).toEqual(['2009-04-01T00:00:00Z']);
    expect(readZip(bytes).text('EPUB/one.xhtml')).toContain('<a href="two.xhtml#two--more">two</a>');
  });

  it('gives papers of one slug in two folders a piece each (--force): two files, links to each, EPUBCheck clean', () => {
    // A site moved in whole may have a notes.md in many folders: HUB201, which --force lets through.
    const hub = makeHub({
      'hub.config.yaml': 'name: Whitehall Innovation Hub\n',
      'publications/agile/notes.md': hubPaper({ title: 'Agile' }, '## Start\n\nSee [design](../design/notes.md#method) and [the other](notes-2.md).\n'),
      'publications/design/notes.md': hubPaper({ title: 'Design', date: '2009-04-01' }, '## Method\n\nText.\n'),
      'publications/agile/notes-2.md': hubPaper({ title: 'Notes two', date: '2009-05-01' }, '## Method\n\nMore text.\n'),
    });
    const out = join(mkdtempSync(join(tmpdir(), 'hub-epub-slugs-')), 'pack.epub');
    const result = runHub(['export', '--dir', hub, '--force', '--format', 'epub,html', '--sort', 'date', '--out', out]);
    expect(result.stderr).toContain('HUB201');
    expect(result.status, result.stderr).toBe(0);
    const archive = readZip(readFileSync(out));
    const pieces = archive.entries.map((entry) => entry.name).filter((name) => /^EPUB\/[^.]+\.xhtml$/.test(name));
    // The first keeps the slug; the second takes the next number no paper's slug has.
    expect(pieces.sort()).toEqual(['EPUB/notes-2.xhtml', 'EPUB/notes-3.xhtml', 'EPUB/notes.xhtml']);
    expect(archive.text('EPUB/notes.xhtml')).toContain('<a href="notes-3.xhtml#notes-3--method">design</a>');
    expect(archive.text('EPUB/notes.xhtml')).toContain('<a href="notes-2.xhtml#notes-2">the other</a>');
    expect(archive.text('EPUB/notes-3.xhtml')).toContain('Design');
    const report = epubcheck(out);
    expect(report.messages).toEqual([]);
    const html = readFileSync(out.replace(/\.epub$/, '.html'), 'utf8');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('states the rights (dc:rights) and the publisher of the hub from its config', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hub-epub-rights-')), 'pack.epub');
    const result = runHub(['export', '--format', 'epub', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const metadata = metadataOf(readZip(readFileSync(out)).text('EPUB/package.opf'));
    expect(values(metadata, 'dc:rights')).toEqual(['© Crown copyright 2010. Published under the Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).']);
    expect(values(metadata, 'dc:publisher')).toEqual(['Whitehall Innovation Hub']);
  });

  it('dates the package from SOURCE_DATE_EPOCH when it is set', () => {
    const hub = makeHub({ 'hub.config.yaml': 'name: Whitehall Innovation Hub\n', 'publications/one.md': hubPaper({ title: 'One' }) });
    const result = runHub(['export', '--dir', hub, '--format', 'epub'], { env: { SOURCE_DATE_EPOCH: '1270000000' } });
    expect(result.status).toBe(0);
    const opf = readZip(readFileSync(join(hub, 'exports/whitehall-innovation-hub-reader-pack.epub'))).text('EPUB/package.opf');
    expect(values(metadataOf(opf), 'dcterms:modified')).toEqual(['2010-03-31T01:46:40Z']);
    expect(values(metadataOf(opf), 'dc:date')).toEqual(['2010-03-31']);
  });
});
