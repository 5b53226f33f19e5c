// Typst reference: the bench corpus as one Typst document with the same parts as hub's PDF pack
// (cover, contents with page numbers, each paper on a new page, running heads, "Page N of M",
// lists, tables, code, footnotes, figures; Source Sans 3 and Source Code Pro), compiled to PDF
// in this process through Typst's npm binding.
//
// usage: node bench/typst-pack.mjs ROOT OUT.pdf [--untagged]
//        node bench/typst-pack.mjs --version
//   default: tagged, PDF/UA-1 (as hub's pack is tagged); --untagged: no structure tree at all.
// Exit 3 when the binding cannot load on this machine (the bench then skips the row).

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeHTML } from 'entities';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import { parse as parseYaml } from 'yaml';
import { readPapers } from './floors/papers.mjs';

const require = createRequire(import.meta.url);
const FONT_DIRS = [
  join(dirname(require.resolve('source-sans/package.json')), 'TTF'),
  join(dirname(require.resolve('source-code-pro/package.json')), 'TTF'),
];

/** Loaded on demand, so the converter can be imported where the native binding cannot load. */
export async function loadTypst() {
  try {
    const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    return NodeCompiler;
  } catch (error) {
    return { error: error.message.split('\n')[0] };
  }
}

// ---------------------------------------------------------------------------
// Markdown tokens → Typst markup

/** Markup-mode text: every character Typst gives a meaning to, escaped (marked leaves entities in text). */
const markup = (text) => decodeHTML(text).replace(/[\\*_`$#<>@=\-+/[\]~'"]/g, '\\$&');
/** A Typst string literal. */
const string = (text) => `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
/** A label from a slug or heading id (labels take letters, digits, `-`, `_`, `.`, `:`). */
const label = (id) => `<${id.replace(/[^A-Za-z0-9_.:-]/g, '-')}>`;

class Converter {
  /** `slugs`: the papers in the document, so links between them become internal jumps. */
  constructor(slugs) {
    this.slugs = slugs;
    this.notes = new Map();
  }

  inline(tokens = []) {
    return tokens.map((token) => this.span(token)).join('');
  }

  span(token) {
    switch (token.type) {
      case 'text':
        return token.tokens ? this.inline(token.tokens) : markup(token.text);
      case 'escape':
        return markup(token.text);
      case 'strong':
        return `#strong[${this.inline(token.tokens)}]`;
      case 'em':
        return `#emph[${this.inline(token.tokens)}]`;
      case 'del':
        return `#strike[${this.inline(token.tokens)}]`;
      case 'codespan':
        return `#raw(${string(token.text)})`;
      case 'br':
        return '#linebreak()';
      case 'link': {
        const slug = /^([a-z0-9-]+)\.md$/.exec(token.href)?.[1];
        if (slug) return this.slugs.has(slug) ? `#link(${label(slug)})[${this.inline(token.tokens)}]` : this.inline(token.tokens);
        return `#link(${string(token.href)})[${this.inline(token.tokens)}]`;
      }
      case 'image':
        return `#box(image(${string(`/${token.href}`)}, height: 1em, alt: ${string(token.text)}))`;
      case 'footnoteRef': {
        const note = this.notes.get(token.label);
        return note === undefined ? '' : `#footnote[${note}]`;
      }
      case 'html':
        return markup(token.text);
      case 'checkbox':
        // Drawn from the list item's own `task` and `checked`.
        return '';
      default:
        throw new Error(`typst-pack: no conversion for inline token ${token.type}`);
    }
  }

  /** Footnote texts by label, converted before the body that refers to them. */
  collectNotes(tokens) {
    for (const token of tokens) {
      if (token.type !== 'footnotes') continue;
      for (const item of token.items) this.notes.set(item.label, item.content.map((t) => this.block(t)).join(' '));
    }
  }

  listItems(token) {
    return token.items
      .map((item) => {
        const box = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
        const content = item.tokens
          .map((t) => (t.type === 'text' ? this.inline(t.tokens ?? [{ type: 'text', text: t.text }]) : this.block(t)))
          .join('\n');
        return `[${box}${content}]`;
      })
      .join(', ');
  }

  block(token) {
    switch (token.type) {
      case 'space':
      case 'checkbox':
      case 'footnotes':
      case 'footnote':
        return '';
      case 'heading':
        // The paper's title is the level-1 heading; its own headings sit one level below.
        return `${'='.repeat(Math.min(6, token.depth))} ${this.inline(token.tokens)}`;
      case 'paragraph': {
        const only = token.tokens?.length === 1 ? token.tokens[0] : undefined;
        if (only?.type === 'image') {
          const caption = only.title ? `, caption: [${markup(only.title)}]` : '';
          return `#figure(image(${string(`/${only.href}`)}, width: 240pt, alt: ${string(only.text)})${caption})`;
        }
        return this.inline(token.tokens);
      }
      case 'text':
        return this.inline(token.tokens ?? [{ type: 'text', text: token.text }]);
      case 'list': {
        if (!token.ordered) return `#list(${this.listItems(token)})`;
        return `#enum(start: ${token.start === '' ? 1 : token.start}, ${this.listItems(token)})`;
      }
      case 'blockquote':
        return `#quote(block: true)[${token.tokens.map((t) => this.block(t)).join('\n\n')}]`;
      case 'code':
        return `#raw(block: true, ${token.lang ? `lang: ${string(token.lang)}, ` : ''}${string(token.text)})`;
      case 'table': {
        const align = token.align.map((a) => a ?? 'left').join(', ');
        const cells = (row) => row.map((cell) => `[${this.inline(cell.tokens)}]`).join(', ');
        const header = `table.header(${token.header.map((cell) => `[*${this.inline(cell.tokens)}*]`).join(', ')})`;
        return `#table(columns: ${token.header.length}, align: (${align},), ${header}, ${token.rows.map(cells).join(', ')})`;
      }
      case 'hr':
        return '#line(length: 100%, stroke: 0.5pt + rgb("#b1b4b6"))';
      case 'html':
        return markup(token.text);
      default:
        throw new Error(`typst-pack: no conversion for block token ${token.type}`);
    }
  }

  body(tokens) {
    this.notes.clear();
    this.collectNotes(tokens);
    return tokens
      .map((token) => this.block(token))
      .filter(Boolean)
      .join('\n\n');
  }
}

/** marked-footnote keeps per-document state that only parse() resets: a fresh instance per paper, as hub does. */
const lex = (body) => new Marked({ gfm: true }).use(markedFootnote()).lexer(body);

/** hub's theme (src/render/pdf/theme.ts) in Typst: A4, the same margins, sizes and colours. */
function preamble(title, authors) {
  return `#set document(title: ${string(title)}, author: (${authors.map(string).join(', ')}${authors.length === 1 ? ',' : ''}))
#set text(font: "Source Sans 3", size: 11.5pt, lang: "en", region: "GB", fill: rgb("#0b0c0c"))
#set par(leading: 0.62em, spacing: 1.1em)
#show raw: set text(font: "Source Code Pro", size: 9.5pt)
#show raw.where(block: true): block.with(fill: rgb("#f3f2f1"), inset: 6pt, width: 100%)
#show link: it => underline(text(fill: rgb("#1d70b8"), it))
#show heading: set text(weight: "semibold")
#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 24pt); it }
#show heading.where(level: 2): set text(size: 17pt)
#show heading.where(level: 3): set text(size: 14pt)
#show heading.where(level: 4): set text(size: 12.5pt)
#set table(stroke: 0.5pt + rgb("#b1b4b6"), inset: (x: 5pt, y: 3.5pt), fill: (_, y) => if y == 0 { rgb("#f3f2f1") })
#set page(
  paper: "a4",
  margin: (top: 72pt, bottom: 68pt, left: 72pt, right: 72pt),
  header: context {
    let here-page = here().page()
    let before = query(selector(heading.where(level: 1)).before(here()))
    if before.len() > 0 {
      set text(size: 9pt, fill: rgb("#505a5f"))
      [${markup(title)} · #before.last().body]
      line(length: 100%, stroke: 0.5pt + rgb("#b1b4b6"))
    }
  },
  footer: context align(right, text(size: 9pt, fill: rgb("#505a5f"))[Page #counter(page).display() of #counter(page).final().first()]),
)
`;
}

/** The whole pack as one Typst source. `papers`: [{ slug, frontMatter, body }]. */
export function typstPack(papers, { title = 'Benchmark reader pack', hubName = 'hub benchmark corpus' } = {}) {
  const converter = new Converter(new Set(papers.map((paper) => paper.slug)));
  const metadata = papers.map((paper) => parseYaml(paper.frontMatter));
  const authors = [...new Set(metadata.flatMap((m) => m.authors ?? []))].slice(0, 12);
  const parts = [preamble(title, authors.length ? authors : [hubName])];
  parts.push(`#page(header: none, footer: none)[
  #v(30%)
  #text(size: 9pt, weight: "semibold", fill: rgb("#505a5f"))[${markup(hubName)}]
  #line(length: 44pt, stroke: 3pt + rgb("#1d70b8"))
  #text(size: 32pt, weight: "semibold")[${markup(title)}]
  #v(16pt)
  #text(size: 9pt)[${papers.length} papers]
]
#outline(title: [Contents], depth: 2)
`);
  papers.forEach((paper, index) => {
    const m = metadata[index];
    const date = m.date instanceof Date ? m.date.toISOString().slice(0, 10) : String(m.date);
    parts.push(`= ${markup(m.title)} ${label(paper.slug)}`);
    if (m.subtitle) parts.push(`#text(size: 16pt, fill: rgb("#505a5f"))[${markup(m.subtitle)}]`);
    parts.push(`#text(size: 9pt, fill: rgb("#505a5f"))[${markup((m.authors ?? []).join(', '))} · ${markup(date)} · ${markup(m.type)} · ${markup(m.status)}]`);
    if (m.summary) parts.push(`#emph[${markup(m.summary)}]`);
    parts.push(converter.body(lex(paper.body)));
  });
  return parts.join('\n\n');
}

async function main() {
  const [root, out, ...flags] = process.argv.slice(2);
  if (root === '--version') {
    // For the bench's machine description, and to learn whether the binding loads at all.
    const NodeCompiler = await loadTypst();
    if (NodeCompiler.error) {
      console.error(NodeCompiler.error);
      process.exit(3);
    }
    const { version } = require('@myriaddreamin/typst-ts-node-compiler/package.json');
    console.log(`typst-ts-node-compiler ${version}`);
    return;
  }
  if (!root || !out || flags.some((flag) => flag !== '--untagged')) {
    console.error('usage: node bench/typst-pack.mjs ROOT OUT.pdf [--untagged]');
    process.exit(2);
  }
  const NodeCompiler = await loadTypst();
  if (NodeCompiler.error) {
    console.error(`typst-pack: the Typst binding cannot load here: ${NodeCompiler.error}`);
    process.exit(3);
  }
  const source = typstPack(readPapers(root));
  const compiler = NodeCompiler.create({ workspace: join(root, 'publications'), fontArgs: [{ fontPaths: FONT_DIRS }] });
  const tagged = !flags.includes('--untagged');
  const pdf = compiler.pdf({ mainFileContent: source }, tagged ? { pdfStandard: 'ua-1', creationTimestamp: 0 } : { pdfTags: false, creationTimestamp: 0 });
  writeFileSync(out, pdf);
}

if (process.argv[1] === new URL(import.meta.url).pathname) await main();
