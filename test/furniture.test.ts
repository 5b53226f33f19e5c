// Publishing furniture read back from real packs made by bin/hub: the HTML parsed by parse5,
// the PDF by pdfjs. Each piece ends with "How to cite" (the same words `hub cite` prints)
// and its licence; identifiers sit in the metadata block; the imprint is in the colophon and
// on the PDF's second page; a one-paper HTML pack carries Google Scholar's citation_* tags.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { describe, expect, it } from 'vitest';
import { makeHub, paper, PROJECT, runHub } from './helpers/hub.js';
import { readPdf, rolesOf, squash, type StructNodeRead } from './helpers/pdf.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

// The sample hub's own logo: a real PNG, as a hub would keep one.
const PNG_LOGO = readFileSync(join(PROJECT, 'publications/images/hub-logo.png'));
const CONFIG = [
  'name: Policy Lab', 'publisher: Policy Lab', 'place: Cardiff', 'logo: publications/images/logo.png', 'logo-alt: Policy Lab logo',
  'licence: OGL-UK-3.0', 'copyright: © Crown copyright 2010', 'contact: lab@example.gov.uk', 'accessibility-statement: https://example.gov.uk/accessible-formats',
].join('\n');

function furnishedHub(): string {
  return makeHub({
    'hub.config.yaml': `${CONFIG}\n`,
    'publications/images/logo.png': PNG_LOGO,
    'publications/open-policy.md': paper({
      title: 'Open Policy', authors: '[Siân Llewellyn, Tomás Ó Briain]', date: '2009-06-29', isbn: '978-1-84775-123-2', 'command-paper': 'Cm 7894',
      doi: '10.1000/182', url: 'https://example.gov.uk/open-policy.pdf', licence: 'CC-BY-4.0', copyright: '"© Siân Llewellyn 2009"',
    }),
    'publications/second-thoughts.md': paper({ title: 'Second Thoughts', type: 'essay', authors: '[María de la Cruz]', date: '2010-02-01', 'hc-number': '"312"', session: '2009-10' }),
  });
}

function exportPack(root: string, args: string[]): void {
  const run = runHub(['export', '--dir', root, ...args]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

function citeText(root: string, slug: string): string {
  return runHub(['cite', '--dir', root, slug]).stdout.trim();
}

function elements(node: Node, test: (element: Element) => boolean, found: Element[] = []): Element[] {
  if ('tagName' in node && test(node)) found.push(node);
  if ('childNodes' in node) for (const child of node.childNodes) elements(child, test, found);
  if ('content' in node) elements(node.content as Node, test, found);
  return found;
}

function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return 'childNodes' in node ? node.childNodes.map(text).join('') : '';
}

const attr = (element: Element, name: string): string | undefined => element.attrs.find((a) => a.name === name)?.value;
const hasClass = (element: Element, name: string): boolean => (attr(element, 'class') ?? '').split(' ').includes(name);

describe('the HTML pack', () => {
  it('ends each piece with How to cite (as hub cite prints it) and its licence, and shows its identifiers', () => {
    const root = furnishedHub();
    exportPack(root, ['--out', join(root, 'pack.html')]);
    const document = parse(readFileSync(join(root, 'pack.html'), 'utf8'));
    const articles = elements(document, (element) => element.tagName === 'article');
    expect(articles.map((article) => attr(article, 'id'))).toEqual(['open-policy', 'second-thoughts']);

    const [policy, essay] = articles.map((article) => {
      const last = article.childNodes.filter((child): child is Element => 'tagName' in child).at(-1)!;
      return { article, last };
    });
    expect(hasClass(policy!.last, 'cite')).toBe(true);
    expect(squash(text(elements(policy!.last, (element) => element.tagName === 'h3')[0]!))).toBe('How to cite this paper');
    const reference = elements(policy!.last, (element) => hasClass(element, 'reference'))[0]!;
    expect(text(reference)).toBe(citeText(root, 'open-policy'));
    expect(text(elements(reference, (element) => element.tagName === 'cite')[0]!)).toBe('Open Policy');
    expect(elements(reference, (element) => element.tagName === 'a').map((a) => attr(a, 'href'))).toEqual(['https://doi.org/10.1000/182']);
    const licence = elements(policy!.last, (element) => hasClass(element, 'licence'))[0]!;
    expect(squash(text(licence))).toBe('© Siân Llewellyn 2009. Published under the Creative Commons Attribution 4.0 International.');
    expect(elements(licence, (element) => element.tagName === 'a').map((a) => attr(a, 'href'))).toEqual(['https://creativecommons.org/licenses/by/4.0/']);

    expect(squash(text(elements(essay!.last, (element) => element.tagName === 'h3')[0]!))).toBe('How to cite this essay');
    expect(text(elements(essay!.last, (element) => hasClass(element, 'reference'))[0]!)).toBe(citeText(root, 'second-thoughts'));
    expect(squash(text(elements(essay!.last, (element) => hasClass(element, 'licence'))[0]!))).toBe('© Crown copyright 2010. Published under the Open Government Licence v3.0.');

    const rows = new Map(elements(policy!.article, (element) => element.tagName === 'div' && element.parentNode !== null && hasClass(element.parentNode as Element, 'meta'))
      .map((row) => [squash(text(elements(row, (e) => e.tagName === 'dt')[0]!)), elements(row, (e) => e.tagName === 'dd')[0]!]));
    expect(squash(text(rows.get('Published as')!))).toBe('ISBN 978-1-84775-123-2, Cm 7894');
    expect(elements(rows.get('DOI')!, (e) => e.tagName === 'a').map((a) => attr(a, 'href'))).toEqual(['https://doi.org/10.1000/182']);
    expect(elements(rows.get('Online')!, (e) => e.tagName === 'a').map((a) => attr(a, 'href'))).toEqual(['https://example.gov.uk/open-policy.pdf']);
    const essayRows = new Map(elements(essay!.article, (element) => element.tagName === 'dt').map((dt) => [squash(text(dt)), squash(text(dt.parentNode!))]));
    expect(essayRows.get('Published as')).toBe('Published asHC 312 2009-10');

    const logo = elements(document, (element) => element.tagName === 'img' && element.parentNode !== null && hasClass(element.parentNode as Element, 'logo'));
    expect(logo.map((img) => [attr(img, 'alt'), attr(img, 'src')?.slice(0, 22)])).toEqual([['Policy Lab logo', 'data:image/png;base64,']]);

    const colophon = squash(text(elements(document, (element) => hasClass(element, 'colophon'))[0]!));
    expect(colophon).toContain('Published by Policy Lab, Cardiff.');
    expect(colophon).toContain('© Crown copyright 2010');
    expect(colophon).toContain('This publication is licensed under the terms of the Open Government Licence v3.0 except where otherwise stated.');
    expect(colophon).toContain('Contact: lab@example.gov.uk');
    expect(colophon).toContain('This publication is available in an accessible format: https://example.gov.uk/accessible-formats');
    // Scholar's tags describe one paper: a pack of several has none.
    expect(elements(document, (element) => element.tagName === 'meta' && (attr(element, 'name') ?? '').startsWith('citation_'))).toEqual([]);
  });

  it("gives a one-paper export Google Scholar's citation_* tags and the paper's own imprint", () => {
    const root = furnishedHub();
    exportPack(root, ['open-policy', '--out', join(root, 'one.html')]);
    const document = parse(readFileSync(join(root, 'one.html'), 'utf8'));
    const head = elements(document, (element) => element.tagName === 'head')[0]!;
    const tags = elements(head, (element) => element.tagName === 'meta' && (attr(element, 'name') ?? '').startsWith('citation_')).map((meta) => [attr(meta, 'name'), attr(meta, 'content')]);
    expect(tags).toEqual([
      ['citation_title', 'Open Policy'],
      ['citation_author', 'Siân Llewellyn'],
      ['citation_author', 'Tomás Ó Briain'],
      ['citation_publication_date', '2009/06/29'],
      ['citation_publisher', 'Policy Lab'],
      ['citation_isbn', '978-1-84775-123-2'],
      ['citation_doi', '10.1000/182'],
      ['citation_technical_report_number', 'Cm 7894'],
      ['citation_pdf_url', 'https://example.gov.uk/open-policy.pdf'],
    ]);
    const colophon = squash(text(elements(document, (element) => hasClass(element, 'colophon'))[0]!));
    expect(colophon).toContain('ISBN 978-1-84775-123-2, Cm 7894');
    expect(colophon).toContain('DOI 10.1000/182');
    expect(colophon).toContain('© Siân Llewellyn 2009');
    expect(colophon).toContain('Creative Commons Attribution 4.0 International');
  });
});

function figures(node: StructNodeRead | null, found: StructNodeRead[] = []): StructNodeRead[] {
  if (!node) return found;
  if (node.role === 'Figure') found.push(node);
  for (const child of node.children) figures(child, found);
  return found;
}

describe('the PDF pack', () => {
  it('has the logo on the cover, an imprint page after it, and How to cite at the end of each piece', async () => {
    const root = furnishedHub();
    exportPack(root, ['open-policy', '--format', 'pdf', '--out', join(root, 'one.pdf')]);
    const pdf = await readPdf(readFileSync(join(root, 'one.pdf')), { structure: true });

    expect(figures(pdf.structure[0]!).map((figure) => figure.alt)).toEqual(['Policy Lab logo']);
    const imprint = squash(pdf.pages[1]!);
    for (const line of [
      'Published by Policy Lab, Cardiff.', '© Siân Llewellyn 2009', 'This publication is licensed under the Creative Commons Attribution 4.0 International licence',
      'ISBN 978-1-84775-123-2, Cm 7894', 'DOI 10.1000/182', 'Contact: lab@example.gov.uk', 'This publication is available in an accessible format: https://example.gov.uk/accessible-formats',
    ]) expect(imprint).toContain(line);
    expect(pdf.links[1]!.map((link) => link.url)).toEqual(['https://creativecommons.org/licenses/by/4.0/', 'https://doi.org/10.1000/182', 'https://example.gov.uk/accessible-formats']);
    expect(rolesOf([pdf.structure[1]!])).not.toContain('H1');

    const last = squash(pdf.pages.at(-1)!);
    expect(last).toContain(`How to cite this paper ${citeText(root, 'open-policy').replace(/\u00a0/g, ' ')}`);
    expect(last).toContain('© Siân Llewellyn 2009. Published under the Creative Commons Attribution 4.0 International.');
    // The page's last links are the reference's DOI and the licence (the metadata block's may come before them).
    expect(pdf.links.at(-1)!.map((link) => link.url).slice(-2)).toEqual(['https://doi.org/10.1000/182', 'https://creativecommons.org/licenses/by/4.0/']);
    const piecePages = pdf.pages.slice(2).join('\n');
    expect(squash(piecePages)).toContain('Published as: ISBN 978-1-84775-123-2, Cm 7894');
    expect(pdf.outline.flatMap((entry) => entry.items.map((item) => item.title))).toContain('How to cite this paper');
  });
});
