// Each attack in test/fixtures/html/attacks.md, checked in the HTML pack and in the EPUB, which
// share the body renderer, the sanitiser and the URL policy.
// (The browser tests load the same paper in Chromium and check that nothing ran.)

import { resolve } from 'node:path';
import { decodeHTML } from 'entities';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, Pack } from '../src/model.js';
import { renderHtml } from '../src/render/html/index.js';
import { RULES } from '../src/check/rules.js';
import { indexPaper } from '../src/check/index-paper.js';
import { collect } from '../src/check/validate.js';
import { collectingOptions, packOf, paper, paperFile, publicationOf } from './helpers/html-pack.js';
import { hubAround } from './helpers/packs.js';
import { renderEpubArchive } from './helpers/epub.js';

const ATTACKS = resolve(import.meta.dirname, 'fixtures/html/attacks.md');

interface Rendered {
  /** The document that holds the pack's first piece. */
  document: string;
  /** Every text file of the output (all documents; the EPUB's package and stylesheet too). */
  everything: string;
  diagnostics: Diagnostic[];
}

/** One output format and where its markup differs: heading levels, in-pack links, image sources. */
interface HostileOutput {
  name: string;
  render(pack: Pack): Promise<Rendered>;
  /** Level of a piece title; its `##` sections are one below. */
  titleLevel: number;
  /** How an in-pack link looks. */
  inPackHref: RegExp;
  /** How the contents links to the attack piece. */
  contentsLink: string;
  imageSource: RegExp;
  /** `<meta http-equiv>` elements the output writes itself. */
  ownHttpEquiv: number;
  /** Articles in the document that holds the attack piece (the test pack has two pieces). */
  articles: number;
  /** Pack-level hostile values as the output must show them, escaped. */
  escapedPackValues: string[];
}

const OUTPUTS: HostileOutput[] = [
  {
    name: 'HTML pack',
    async render(pack) {
      const options = collectingOptions();
      const html = renderHtml(pack, options);
      return { document: html, everything: html, diagnostics: options.diagnostics };
    },
    titleLevel: 2,
    inPackHref: /^#/,
    contentsLink: '<a href="#attacks">Attack &lt;/title&gt;',
    imageSource: /^data:image\//,
    ownHttpEquiv: 1,
    articles: 2,
    escapedPackValues: [
      '<html lang="en&quot; onload=&quot;x">',
      '<title>&lt;/title&gt;&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; – &lt;b&gt;&quot;&gt;&lt;script&gt;',
      '<meta name="generator" content="&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;">',
    ],
  },
  {
    name: 'EPUB pack',
    async render(pack) {
      const options = collectingOptions();
      const archive = await renderEpubArchive(pack, options);
      const texts = archive.entries.filter((entry) => /\.(xhtml|opf|css|xml)$/.test(entry.name)).map((entry) => archive.text(entry.name));
      return { document: archive.text(`EPUB/${pack.pieces[0]!.id}.xhtml`), everything: texts.join('\n'), diagnostics: options.diagnostics };
    },
    titleLevel: 1,
    inPackHref: /^(#|[a-z0-9-]+\.xhtml(#|$)|hub\.[a-z]+\.xhtml$)/,
    contentsLink: '<a href="attacks.xhtml">Attack &lt;/title&gt;',
    imageSource: /^images\/[0-9a-f]{16}\.(png|jpg|svg)$/,
    ownHttpEquiv: 0,
    articles: 1,
    escapedPackValues: [
      'lang="en&quot; onload=&quot;x" xml:lang="en&quot; onload=&quot;x">',
      '<title>&lt;/title&gt;&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>',
      '<dc:title>&lt;/title&gt;&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;</dc:title>',
      '<meta name="generator" content="&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;"/>',
    ],
  },
];

/** Every start tag in `fragment`, as [name, attributes]. */
function tags(fragment: string): [string, string][] {
  return [...fragment.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)].map((match) => [match[1]!.toLowerCase(), match[2]!]);
}

describe.each(OUTPUTS)('$name against hostile papers', (output) => {
  let html: string;
  let body: string;
  let everything: string;
  let options: { diagnostics: Diagnostic[] };
  const sectionTag = `h${output.titleLevel + 1}`;

  beforeAll(async () => {
    const rendered = await output.render(packOf([paperFile(ATTACKS), paper('other', 'A second paper, so the pack has contents.')]));
    html = rendered.document;
    body = html.slice(html.indexOf('</head>'));
    everything = rendered.everything;
    options = rendered;
  });

  /** The rendered markup of one `##` section of the attack paper. */
  function section(slug: string): string {
    const start = html.indexOf(`<${sectionTag} id="attacks--${slug}">`);
    expect(start).toBeGreaterThan(0);
    const next = html.indexOf(`<${sectionTag} `, start + 1);
    return html.slice(start, next === -1 ? html.indexOf('</article>', start) : next);
  }

  it('contains no script element and no event-handler attribute anywhere', () => {
    expect(everything).not.toMatch(/<script/i);
    for (const [name, attributes] of tags(everything)) {
      // Attribute names only: a quoted value may hold the words (the citation_title of an attack paper does), escaped.
      expect(attributes.replace(/"[^"]*"/g, '""'), `<${name}${attributes}>`).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  it('has only http, https, mailto and #fragment link targets, whatever the obfuscation', () => {
    const hrefs = [...everything.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)].map((match) => decodeHTML(match[1]!));
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) {
      if (!/^(https?:\/\/|mailto:)/.test(href)) expect(href).toMatch(output.inPackHref);
    }
    const links = section('dangerous-link-targets');
    expect(links).not.toMatch(/href="[^"]*(javascript|vbscript|data:)/i);
    for (const text of ['plain javascript', 'entity colon', 'hex entity', 'tab inside', 'control character', 'vbscript', 'data URL', 'raw html link', 'raw entity link', 'raw newline link', 'protocol-relative link', 'reference style']) {
      expect(links, text).toMatch(new RegExp(`(<span class="refused-link">|<li>)${text}(</span>)?`));
    }
  });

  it('removes iframe, object, embed, form, base, meta http-equiv, link and style from papers', () => {
    const embedded = section('embedded-content');
    for (const [name] of tags(embedded)) expect([sectionTag, 'p']).toContain(name);
    expect(embedded).not.toContain('evil.example');
    // The head keeps exactly its own meta tags and one style element.
    expect(body).not.toMatch(/<(iframe|object|embed|form|input|button|base|meta|link|style)\b/i);
    expect(html.match(/<meta http-equiv/g) ?? []).toHaveLength(output.ownHttpEquiv);
  });

  it('removes SVG and MathML with their scripting, keeping harmless text', () => {
    const vector = section('svg-and-mathml');
    expect(vector).not.toMatch(/<(svg|math|animate|maction|a)\b/i);
    expect(vector).toContain('svg text');
    expect(vector).toContain('math text');
    expect(vector).not.toContain('__pwned');
  });

  it('keeps script text inside code spans as visible, escaped code', () => {
    expect(html).toContain('<code>&lt;script&gt;window.__pwned=\'code\'&lt;/script&gt;</code>');
  });

  it('does not let raw HTML close the article or main, or smuggle a comment', () => {
    const breakout = section('breaking-out-of-markup');
    expect(breakout).not.toMatch(/<\/(article|main)>|<!--/);
    expect(html.match(/<\/article>/g)).toHaveLength(output.articles);
    expect(html.match(/<\/main>/g)).toHaveLength(1);
  });

  it('escapes every metadata value wherever it lands', () => {
    expect(html).toContain(`<h${output.titleLevel} id="attacks.title">Attack &lt;/title&gt;&lt;script&gt;`);
    // quotes in prose become curly (smart typography), which an attribute cannot be closed with either
    expect(html).toContain('<p class="subtitle">&lt;img src=x onerror=\u201dwindow.__pwned=1\u201d&gt;</p>');
    expect(html).toContain('<dd>Eve &quot;&lt;b&gt;&quot; O\'Hack and &lt;script&gt;window.__pwned=&quot;author&quot;&lt;/script&gt;</dd>');
    expect(html).toContain('<li>x&quot; onmouseover=&quot;window.__pwned=1</li>');
    expect(html).toContain('<dd>&lt;/dd&gt;&lt;/dl&gt;&lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt;</dd>');
    expect(html).toContain('<p class="summary">\u201c&gt;&lt;svg onload=window.__pwned=1&gt;</p>');
    expect(everything).toContain(output.contentsLink);
  });

  it('escapes the pack-level values on the cover, in <title> and in attributes', async () => {
    const hostile = '"><script>window.__pwned=1</script>';
    const pack = packOf([paper('one', 'Body.')], { title: `</title>${hostile}`, subtitle: hostile, hubName: `<b>${hostile}`, lang: `en" onload="x`, generator: hostile });
    const { everything: cover } = await output.render(pack);
    expect(cover).not.toMatch(/<script|<b>|onload="x"/);
    for (const escaped of output.escapedPackValues) expect(cover).toContain(escaped);
  });

  it('links to a remote image instead of fetching it, with a warning', () => {
    const remote = section('remote-image');
    expect(remote).toContain('<a class="remote-image" href="https://evil.example/tracker.png">Image (online): A chart hosted elsewhere</a>');
    const sources = [...everything.matchAll(/<img[^>]+src="([^"]*)"/g)].map((match) => match[1]!);
    for (const source of sources) expect(source).toMatch(output.imageSource);
    expect(options.diagnostics).toContainEqual(expect.objectContaining({ code: 'HTML001', file: 'publications/attacks.md' }));
  });

  it('warns about every refused link and about the raw HTML it removed', () => {
    // Raw <a> tags are links like Markdown ones: the pack keeps only the text of those it may not
    // keep, and validation says so (HUB240), as it reports what the allowlist removed (HUB221).
    const attacks = publicationOf(paperFile(ATTACKS));
    const found = RULES.flatMap((rule) => rule(collect(hubAround([attacks]), [indexPaper(attacks, 'commonmark')])));
    const refused = found.filter((diagnostic) => diagnostic.code === 'HUB240');
    expect(refused).toHaveLength(14);
    expect(options.diagnostics.filter((diagnostic) => diagnostic.code === 'HTML002')).toEqual([]);
    const cleaned = found.filter((diagnostic) => diagnostic.code === 'HUB221');
    expect(cleaned).toHaveLength(1);
    for (const removed of ['<script>', '<iframe>', '<object>', '<embed>', '<form>', '<base>', '<meta>', '<svg>']) {
      expect(cleaned[0]!.message).toContain(removed);
    }
    for (const diagnostic of [...found, ...options.diagnostics]) expect(diagnostic.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('cannot be tricked by private-use characters into duplicating rendered fragments', async () => {
    const { document: sneaky } = await output.render(packOf([paper('sneaky', 'A <span title="\uE0000\uE001">\uE0000\uE001</span> *b*')]));
    expect(sneaky).toContain('<p>A \uE0000\uE001 <em>b</em></p>');
  });
});
