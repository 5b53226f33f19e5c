// Each attack in test/fixtures/html/attacks.md, checked in the rendered pack.
// (The browser tests load the same paper in Chromium and check that nothing ran.)

import { resolve } from 'node:path';
import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/render/html/index.js';
import { RULES } from '../src/check/rules.js';
import { indexPaper } from '../src/check/index-papers.js';
import { collect } from '../src/check/validate.js';
import { collectingOptions, packOf, paper, paperFile, publicationOf } from './helpers/html-pack.js';
import { hubAround } from './helpers/packs.js';

const options = collectingOptions();
const html = renderHtml(packOf([paperFile(resolve(import.meta.dirname, 'fixtures/html/attacks.md'))]), options);
const body = html.slice(html.indexOf('</head>'));

/** The rendered HTML of one `##` section of the attack paper. */
function section(slug: string): string {
  const start = html.indexOf(`<h3 id="attacks--${slug}">`);
  expect(start).toBeGreaterThan(0);
  const next = html.indexOf('<h3 ', start + 1);
  return html.slice(start, next === -1 ? html.indexOf('</article>', start) : next);
}

/** Every start tag in `fragment`, as [name, attributes]. */
function tags(fragment: string): [string, string][] {
  return [...fragment.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)].map((match) => [match[1]!.toLowerCase(), match[2]!]);
}

describe('HTML pack against hostile papers', () => {
  it('contains no script element and no event-handler attribute anywhere', () => {
    expect(html).not.toMatch(/<script/i);
    for (const [name, attributes] of tags(html)) {
      expect(attributes, `<${name}${attributes}>`).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  it('has only http, https, mailto and #fragment link targets, whatever the obfuscation', () => {
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((match) => decodeHTML(match[1]!));
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/|mailto:|#)/);
    const links = section('dangerous-link-targets');
    expect(links).not.toMatch(/href="[^"]*(javascript|vbscript|data:)/i);
    for (const text of ['plain javascript', 'entity colon', 'hex entity', 'tab inside', 'control character', 'vbscript', 'data URL', 'raw html link', 'raw entity link', 'raw newline link', 'protocol-relative link', 'reference style']) {
      expect(links, text).toMatch(new RegExp(`(<span class="refused-link">|<li>)${text}(</span>)?`));
    }
  });

  it('removes iframe, object, embed, form, base, meta http-equiv, link and style from papers', () => {
    const embedded = section('embedded-content');
    for (const [name] of tags(embedded)) expect(['h3', 'p']).toContain(name);
    expect(embedded).not.toContain('evil.example');
    // The head keeps exactly its own meta tags and one style element.
    expect(body).not.toMatch(/<(iframe|object|embed|form|input|button|base|meta|link|style)\b/i);
    expect(html.match(/<meta http-equiv/g)).toHaveLength(1);
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
    expect(html.match(/<\/article>/g)).toHaveLength(1);
    expect(html.match(/<\/main>/g)).toHaveLength(1);
  });

  it('escapes every metadata value wherever it lands', () => {
    expect(html).toContain('<h2 id="attacks.title">Attack &lt;/title&gt;&lt;script&gt;');
    expect(html).toContain('<p class="subtitle">&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;</p>');
    expect(html).toContain('<dd>Eve &quot;&lt;b&gt;&quot; O\'Hack and &lt;script&gt;window.__pwned=&quot;author&quot;&lt;/script&gt;</dd>');
    expect(html).toContain('<li>x&quot; onmouseover=&quot;window.__pwned=1</li>');
    expect(html).toContain('<dd>&lt;/dd&gt;&lt;/dl&gt;&lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt;</dd>');
    expect(html).toContain('<p class="summary">&quot;&gt;&lt;svg onload=window.__pwned=1&gt;</p>');
    expect(html).toContain('<a href="#attacks">Attack &lt;/title&gt;');
  });

  it('escapes the pack-level values on the cover, in <title> and in attributes', () => {
    const hostile = '"><script>window.__pwned=1</script>';
    const pack = packOf([paper('one', 'Body.')], { title: `</title>${hostile}`, subtitle: hostile, hubName: `<b>${hostile}`, lang: `en" onload="x`, generator: hostile });
    const cover = renderHtml(pack, collectingOptions());
    expect(cover).not.toMatch(/<script|<b>|onload="x"/);
    expect(cover).toContain('<html lang="en&quot; onload=&quot;x">');
    expect(cover).toContain('<title>&lt;/title&gt;&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; – &lt;b&gt;&quot;&gt;&lt;script&gt;');
    expect(cover).toContain('<meta name="generator" content="&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;">');
  });

  it('links to a remote image instead of fetching it, with a warning', () => {
    const remote = section('remote-image');
    expect(remote).toContain('<a class="remote-image" href="https://evil.example/tracker.png">Image (online): A chart hosted elsewhere</a>');
    expect(html).not.toMatch(/<img[^>]+src="(?!data:image\/)/);
    expect(options.diagnostics).toContainEqual(expect.objectContaining({ code: 'HTML001', file: 'publications/attacks.md' }));
  });

  it('warns about every refused link and about the raw HTML it removed', () => {
    // Raw <a> tags are links like Markdown ones: the pack keeps only the text of those it may not
    // keep, and validation says so (HUB240), as it reports what the allowlist removed (HUB221).
    const attacks = publicationOf(paperFile(resolve(import.meta.dirname, 'fixtures/html/attacks.md')));
    const found = RULES.flatMap((rule) => rule(collect(hubAround([attacks]), [indexPaper(attacks)])));
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

  it('cannot be tricked by private-use characters into duplicating rendered fragments', () => {
    const sneaky = renderHtml(packOf([paper('sneaky', 'A <span title="\uE0000\uE001">\uE0000\uE001</span> *b*')]), collectingOptions());
    expect(sneaky).toContain('<p>A \uE0000\uE001 <em>b</em></p>');
  });
});
