import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fragmentWarnings, keptForLinkCheck, renderHtml, renderPiece, partSettings } from '../src/render/html/index.js';
import { safeUrl } from '../src/render/html/sanitize.js';
import { collectingOptions, packOf, paper, paperFile } from './helpers/html-pack.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/html');
const showcase = paperFile(resolve(FIXTURES, 'showcase.md'));

function render(...sources: Parameters<typeof packOf>[0]): { html: string; codes: string[] } {
  const options = collectingOptions();
  const html = renderHtml(packOf(sources), options);
  return { html, codes: options.diagnostics.map((diagnostic) => diagnostic.code) };
}

describe('renderHtml document', () => {
  const { html } = render(showcase, paper('second', '## Only section\n\nText.', 'title: Second paper\ndate: 2010-01-02\ntype: essay'));

  it('starts with the doctype and puts the Content-Security-Policy first in <head>', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta http-equiv="Content-Security-Policy" ')).toBe(true);
    const csp = /content="([^"]*)"/.exec(html)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline|https?:/);
  });

  it('has a cover, the contents, then one article per piece, in that order', () => {
    const cover = html.indexOf('<h1>Test pack</h1>');
    const contents = html.indexOf('<nav class="toc"');
    const first = html.indexOf('<article class="piece" id="showcase"');
    const second = html.indexOf('<article class="piece" id="second"');
    expect(cover).toBeGreaterThan(0);
    expect(contents).toBeGreaterThan(cover);
    expect(first).toBeGreaterThan(contents);
    expect(second).toBeGreaterThan(first);
    expect(html).toContain('<dd>2 pieces</dd>');
    expect(html).toContain('<dd><time datetime="2010-03-31">31 March 2010</time></dd>');
  });

  it('has landmarks, a skip link to main, and no script or external reference', () => {
    expect(html).toContain('<a class="skip-link" href="#hub.main">Skip to main content</a>');
    expect(html).toContain('<main id="hub.main"');
    expect(html).toContain('<header>');
    expect(html).toContain('<footer class="colophon');
    expect(html).not.toMatch(/<script|<link\b|@import|url\(/i);
  });

  it('links every piece and its sections from the contents', () => {
    expect(html).toContain('<li><a href="#showcase">Testing Small Changes on the Ward</a>');
    expect(html).toContain('<li><a href="#showcase--what-the-trusts-tested">What the trusts tested</a></li>');
    expect(html).toContain('<li><a href="#second--only-section">Only section</a></li>');
  });

  it('shifts heading levels under the piece title and uses the pack-wide ids', () => {
    expect(html).toContain('<h2 id="showcase.title">Testing Small Changes on the Ward</h2>');
    expect(html).toContain('<h3 id="showcase--what-the-trusts-tested">What the trusts tested</h3>');
    expect(html).toContain('<h4 id="showcase--costs-and-results">Costs and results</h4>');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  });

  it('shows the metadata block with dates as people write them, the type once, the status only when not published', () => {
    expect(html).toContain('<p class="caption">Case study, Hub Case Studies <strong class="badge">In review</strong></p>');
    expect(html).toContain('<p class="subtitle">What four hospital trusts learned from running quick, cheap tests</p>');
    expect(html).toContain('<dt>Authors</dt><dd>Siân Llewellyn, Ade Okonkwo and Tomás Ó Briain</dd>');
    expect(html).toContain('<dt>Date</dt><dd><time datetime="2009-06-30">30 June 2009</time></dd>');
    expect(html).toContain('<dt>Updated</dt><dd><time datetime="2009-07-14">14 July 2009</time></dd>');
    expect(html).toContain('<dt>Status</dt><dd>In review</dd>');
    expect(html).not.toContain('<dt>Type</dt>');
    expect(html).not.toContain('<dd>Published</dd>');
    expect(html).toContain('<ul class="tags"><li>health</li><li>testing</li><li>staff-engagement</li></ul>');
    expect(html).toContain('<p class="summary">Four trusts ran twenty-two small tests');
  });

  it('renders tables with column headers, alignment classes and a focusable named scroll region', () => {
    expect(html).toContain('<div class="table-wrap" role="region" tabindex="0" aria-label="Table 1, Testing Small Changes on the Ward">');
    expect(html).toContain('<th scope="col" class="align-left">Trust</th><th scope="col" class="align-right">Tests</th>');
    expect(html).toContain('<td class="align-center">Yes</td>');
    expect(html).not.toMatch(/\salign=/);
  });

  it('embeds local images as data: URIs with their MIME type, and makes a lone image a figure', () => {
    expect(html).toMatch(/<figure>\n<img src="data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+" alt="Bar chart of the cost per trust/);
    expect(html).toContain('<figcaption>Figure 1. Cost of the tests at each trust, in thousands of pounds.</figcaption>');
    expect(html).toMatch(/scalable drawing: <img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Small bar chart of test costs by trust">/);
  });

  it('numbers footnotes per piece with unique ids and back-references', () => {
    expect(html).toContain('<sup class="note-ref"><a id="showcase.fnref-1" href="#showcase.fn-1"><span class="visually-hidden">Note </span>1</a></sup>');
    expect(html).toContain('<a id="showcase.fnref-1-2" href="#showcase.fn-1">');
    expect(html).toContain('<section class="notes" aria-labelledby="showcase.notes">\n<h3 id="showcase.notes">Notes</h3>');
    expect(html).toMatch(/<li id="showcase.fn-1"><p>Rochdale, Royal Cornwall.*results\. <a class="note-back" href="#showcase.fnref-1">.*<a class="note-back" href="#showcase.fnref-1-2">/);
    expect(html).toContain('<li id="showcase.fn-2"><p>The survey had six questions');
  });

  it('renders task lists as text markers with accessible labels, and keeps nested and numbered lists', () => {
    expect(html).toContain('<ul class="tasks">');
    expect(html).toContain('<span class="task-mark" aria-hidden="true">☑</span><span class="visually-hidden">Done: </span>Agree the measure');
    expect(html).toContain('<span class="task-mark" aria-hidden="true">☐</span><span class="visually-hidden">Not done: </span>Publish every result');
    expect(html).toMatch(/<ol>\n<li><strong>Handover routines<\/strong>, where nurses changed how information passes between shifts:<ul>/);
  });

  it('escapes code and decodes entities in text exactly once', () => {
    expect(html).toContain('<pre><code class="language-yaml">trust: Rochdale\ntests: 7\n');
    expect(html).toContain('Term\u00a0sheet &amp; notes © 2009, with an escaped *asterisk*');
  });

  it('keeps allowlisted raw HTML and links within the pack', () => {
    // Raw HTML arrives as tokens: details as its summary in bold, then its content (both packs alike).
    expect(html).toContain('<p><strong>Method notes</strong></p>\n<p>Each test was RCT-free');
    expect(html).toContain('highlighted words, H<sub>2</sub>O, E = mc<sup>2</sup> and a <code>Ctrl</code> key');
    expect(html).toContain('<a href="mailto:hub@example.gov.uk">the hub</a>');
    expect(html).toContain('<a href="https://www.institute.nhs.uk/">the NHS Institute for Innovation and Improvement</a>');
  });

  it('is deterministic: the same pack renders to identical bytes', () => {
    const again = render(showcase, paper('second', '## Only section\n\nText.', 'title: Second paper\ndate: 2010-01-02\ntype: essay'));
    expect(again.html).toBe(html);
  });

  it('names the hub in <title> once', () => {
    expect(html).toContain('<title>Test pack – Whitehall Innovation Hub</title>');
    const own = renderHtml(packOf([showcase], { title: 'Whitehall Innovation Hub reader pack' }), collectingOptions());
    expect(own).toContain('<title>Whitehall Innovation Hub reader pack</title>');
  });

  it('uses the paper size in the print stylesheet', () => {
    expect(html).toContain('@page { size: A4;');
    const letter = renderHtml(packOf([showcase]), { ...collectingOptions(), paper: 'letter' });
    expect(letter).toContain('@page { size: letter;');
    expect(/style-src ('[^']+')/.exec(letter)![1]).not.toBe(/style-src ('[^']+')/.exec(html)![1]);
  });
});

describe('renderHtml headings', () => {
  it('gives headings the outline levels the PDF gives them: the shallowest under the title, never a skip, at most h6', () => {
    const { html } = render(paper('deep', '# Top\n\n## Two\n\n###### Six\n'));
    expect(html).toContain('<h3 id="deep--top">Top</h3>');
    expect(html).toContain('<h4 id="deep--two">Two</h4>');
    expect(html).toContain('<h5 id="deep--six">Six</h5>');
    const { html: deep } = render(paper('deeper', '### A\n\n#### B\n\n##### C\n\n###### D\n\n###### E\n\n### F\n'));
    expect([...deep.matchAll(/<h(\d) id="deeper--(\w)">/g)].map((match) => `${match[2]}${match[1]}`)).toEqual(['a3', 'b4', 'c5', 'd6', 'e6', 'f3']);
  });
});

describe('renderHtml introduction', () => {
  it('renders the introduction after the contents, as the PDF does, and lists it there', () => {
    const options = collectingOptions();
    const pack = packOf([paper('one', 'Body.'), paper('two', 'Body.')], { introduction: 'Welcome to *this* pack.' });
    const html = renderHtml(pack, options);
    const introduction = html.indexOf('<section class="introduction" aria-labelledby="hub.introduction">');
    const contents = html.indexOf('<nav class="toc"');
    expect(contents).toBeGreaterThan(html.indexOf('<h1>'));
    expect(introduction).toBeGreaterThan(contents);
    expect(introduction).toBeLessThan(html.indexOf('<article'));
    expect(html).toContain('<li><a href="#hub.introduction">Introduction</a></li>');
    expect(html).toContain('<p>Welcome to <em>this</em> pack.</p>');
  });

  it('has no contents for a pack of one paper', () => {
    const html = renderHtml(packOf([paper('one', 'Body.')]), collectingOptions());
    expect(html).not.toContain('<nav class="toc"');
    expect(html).toContain('<article class="piece" id="one"');
  });
});

describe('renderHtml warnings', () => {
  it('keeps only the text of a link the pack may not keep (validation warns about it, HUB240)', () => {
    const options = collectingOptions();
    const html = renderHtml(packOf([paper('links', 'See [the file](../data/file.csv) and [this](javascript:alert(1)).')]), options);
    expect(html).toContain('<p>See the file and this.</p>');
    expect(options.diagnostics).toEqual([]);
  });

  it('sends an in-pack link to an anchor the piece lacks to the piece itself (validate reports HUB205)', () => {
    const { html, codes } = render(paper('frag', 'See [below](#nowhere).'));
    expect(html).toContain('<a href="#frag">below</a>');
    expect(codes).toEqual([]);
  });

  it('reports an unreadable image as an error (HTML004) and shows its alt text', () => {
    const options = collectingOptions();
    const html = renderHtml(packOf([{ ...paper('img', '![A missing chart](missing.png)'), folder: FIXTURES }]), options);
    expect(html).toContain('<span class="missing-image">[A missing chart]</span>');
    expect(options.diagnostics).toEqual([expect.objectContaining({ code: 'HTML004', severity: 'error' })]);
  });

  it('refuses unsupported image types (HTML005) and images without alt text (HTML007)', () => {
    const { codes } = render({ ...paper('img', '![Notes](showcase.md)\n\n![](images/pilot-costs.png)'), folder: FIXTURES });
    expect(codes).toEqual(['HTML005', 'HTML007']);
  });

  it('renders nothing and warns nothing for a clean paper', () => {
    const { codes } = render(paper('clean', 'Just *text* and a [link](https://www.gov.uk/).'));
    expect(codes).toEqual([]);
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://www.gov.uk/guidance', 'https://www.gov.uk/guidance'],
    ['HTTP://EXAMPLE.ORG', 'http://example.org/'],
    ['mailto:hub@example.gov.uk', 'mailto:hub@example.gov.uk'],
    ['#the-hub-strategy', '#the-hub-strategy'],
    ['#with space', '#with%20space'],
  ])('allows %s', (input, output) => {
    expect(safeUrl(input)).toBe(output);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'javascript&#58;alert(1)',
    'javascript&colon;alert(1)',
    '&#x6A;avascript:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'jav\nascript:alert(1)',
    '\u0001javascript:alert(1)',
    '  javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'DATA:image/png;base64,iVBORw0KGgo=',
    'file:///etc/passwd',
    '//evil.example/',
    '../relative/path.html',
    'paper.md',
    '#',
    '',
  ])('refuses %j', (input) => {
    expect(safeUrl(input)).toBeUndefined();
  });
});

describe('the contents', () => {
  it('lists the same sections of each piece as the PDF: its shallowest headings with text', async () => {
    const { contentsEntries } = await import('../src/render/pdf/flows.js');
    const pack = packOf([
      paper('deep', '### First\n\nText.\n\n#### Inside\n\n### Second\n', 'title: Deep\ndate: 2009-05-01'),
      paper('mixed', '# Top\n\n## Below top\n\n# Next top\n', 'title: Mixed\ndate: 2009-05-02'),
    ]);
    const html = renderHtml(pack, collectingOptions());
    const nav = html.slice(html.indexOf('<nav class="toc"'), html.indexOf('</nav>'));
    const listed = [...nav.matchAll(/<li><a href="#([^"]+)">/g)].map((match) => match[1]);
    expect(listed).toEqual(['deep', 'deep--first', 'deep--second', 'mixed', 'mixed--top', 'mixed--next-top']);
    expect(listed).toEqual(contentsEntries(pack).map((entry) => entry.id));
  });
});

describe('the end-of-pack check of # links', () => {
  const pack = packOf([paper('first', '## Aims\n\n<p><span id="spot">Here</span>.</p>\n\n## Method\n\nMore.\n', 'title: First\ndate: 2010-01-01')]);
  const piece = pack.pieces[0]!;
  const rendered = renderPiece(piece, partSettings(pack));
  const links = ['first--aims', 'first--spot', 'first--method', 'first--extra', 'nowhere'].map((target) => ({ target, where: { file: 'first.md', line: 1 } }));
  // As if the renderer had left out the Method heading's id and made one the pack does not know.
  const part = { ...rendered, ids: [...rendered.ids.filter((id) => id !== 'first--method'), 'first--extra'], fragmentLinks: links };
  const targets = (warnings: { message: string }[]): string[] => warnings.map((warning) => /#(\S+) /.exec(warning.message)![1]!);

  it('keeps of a part only the ids the pack does not hold, trusts the pack only where the part agrees, and finds the same broken links', () => {
    expect(rendered.ids).toEqual(['first', 'first--aims', 'first--spot', 'first--method']);
    const kept = keptForLinkCheck(part, piece);
    expect(kept.ids).toEqual(['first--extra']);
    expect(targets(fragmentWarnings([kept]))).toEqual(['first--method', 'nowhere']);
    expect(targets(fragmentWarnings([part]))).toEqual(['first--method', 'nowhere']);
  });

  it('keeps to the end only the links that leave their part: a link to an id of its own is found at once', () => {
    const kept = keptForLinkCheck({ ...part, fragmentLinks: [...links, { target: 'first%2D%2Daims', where: { file: 'first.md', line: 2 } }] }, piece);
    expect(kept.fragmentLinks.map((link) => link.target)).toEqual(['first--method', 'nowhere']);
    expect(targets(fragmentWarnings([kept]))).toEqual(['first--method', 'nowhere']);
  });
});
