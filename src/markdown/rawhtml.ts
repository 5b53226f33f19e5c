// Raw HTML written in papers, turned into the same marked tokens the Markdown would give, once, so
// every stage (validation, the pack, each renderer) reads it as structure: a raw <h2> is a heading
// with an id, a raw <a href> a link that is checked, a raw <img> an image resolved like any other.
// The sanitiser's allowlist decides what survives; htmlparser2 (which it uses too) reads the result.

import type { Parser as HtmlParser } from 'htmlparser2';
import { decodeHTML } from 'entities/decode';
import type { Token, Tokens } from 'marked';
import type { Anchored, AnchorToken } from './anchors.js';
import type { DefinitionList } from './kramdown.js';
import { isRemote } from './links.js';
import { childTokenLists } from './tokens.js';
import { sanitizeRawHtml, type Removals } from './sanitize.js';
import { onFirstUse } from '../lazy.js';

/** htmlparser2, loaded when a paper first has raw HTML (the same CommonJS copy sanitize-html uses). */
const Parser = onFirstUse('htmlparser2', (loaded) => (loaded as { Parser: typeof HtmlParser }).Parser);

/**
 * A raw `<img>` with an empty `alt=""` (decorative, as the author said) or with no alt attribute
 * at all (taken as decorative, and validation warns). Markdown images never carry it: `![](x.png)`
 * is an image without alt text, an error.
 */
export interface DecorativeImage {
  decorative?: 'empty-alt' | 'no-alt';
}

/** What the conversion met in one body, for diagnostics. */
export interface RawHtmlReport {
  /** Tags and attributes the sanitiser removed. */
  removed: Removals;
  /** Tags kept only as their text (they have no Markdown equivalent). */
  textOnlyTags: Set<string>;
}

/** Turn the raw HTML of a lexed body into tokens (in place), once, for lexBody; reports what it met. */
export function convertRawHtml(tokens: Token[]): RawHtmlReport {
  const rawHtml: RawHtmlReport = { removed: { tags: new Set(), attributes: new Set() }, textOnlyTags: new Set() };
  convertList(tokens, true, rawHtml);
  return rawHtml;
}

// ---- a small tree from the sanitised HTML -------------------------------------------------------

interface ElementNode {
  kind: 'element';
  tag: string;
  attributes: Record<string, string>;
  children: Node[];
}
type Node = ElementNode | { kind: 'text'; text: string } | { kind: 'token'; token: Token };

// Private-use characters mark where Markdown tokens sit between raw HTML while it is sanitised and
// parsed; papers cannot forge them (they are stripped from the HTML first).
const SLOT = /\uE000(\d+)\uE001/g;
const SLOT_CHARS = /[\uE000\uE001]/g;

/** Parse sanitised HTML (with slots) into a tree; slots become the Markdown tokens they stand for. */
function parseTree(html: string, slots: readonly Token[]): ElementNode {
  const root: ElementNode = { kind: 'element', tag: '#root', attributes: {}, children: [] };
  const stack: ElementNode[] = [root];
  const top = (): ElementNode => stack[stack.length - 1]!;
  const parser = new (Parser())(
    {
      onopentag(tag, attributes) {
        const element: ElementNode = { kind: 'element', tag, attributes, children: [] };
        top().children.push(element);
        stack.push(element);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
      ontext(text) {
        let last = 0;
        for (const match of text.matchAll(SLOT)) {
          if (match.index > last) top().children.push({ kind: 'text', text: text.slice(last, match.index) });
          top().children.push({ kind: 'token', token: slots[Number(match[1])]! });
          last = match.index + match[0].length;
        }
        if (last < text.length) top().children.push({ kind: 'text', text: text.slice(last) });
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return root;
}

/**
 * How deep inside raw HTML elements each position of a token list is. CommonMark ends an HTML
 * block at a blank line, so `<ol>` … blank line … `    <li>` makes the indented `<li>` a code
 * block; inside an open element it is HTML, as the author (and kramdown) meant.
 */
function rawHtmlDepthTracker(): { feed(html: string): void; depth(): number } {
  let depth = 0;
  const parser = new (Parser())(
    {
      onopentag() {
        depth++;
      },
      onclosetag() {
        depth = Math.max(0, depth - 1);
      },
    },
    { decodeEntities: false },
  );
  return {
    feed: (html) => parser.write(html),
    depth: () => depth,
  };
}

// ---- the pass ----------------------------------------------------------------------------------

/** Replace raw HTML in a token list (in place, at every level below it too) by the tokens it means. */
function convertList(tokens: Token[], block: boolean, report: RawHtmlReport): void {
  for (const token of tokens) {
    const holdsBlocks = token.type === 'blockquote' || token.type === 'list_item' || token.type === 'list' || token.type === 'footnotes';
    for (const list of childTokenLists(token)) convertList(list, holdsBlocks, report);
  }
  if (!tokens.some((token) => token.type === 'html')) return;
  const slots: Token[] = [];
  const depth = rawHtmlDepthTracker();
  let html = '';
  for (const token of tokens) {
    if (token.type === 'html') {
      const text = (token as Tokens.HTML).text.replace(SLOT_CHARS, '');
      html += text;
      if (block) depth.feed(text);
    } else if (block && token.type === 'code' && (token as Tokens.Code).codeBlockStyle === 'indented' && depth.depth() > 0) {
      const text = token.raw.replace(SLOT_CHARS, '');
      html += text;
      depth.feed(text);
    } else {
      html += `\uE000${slots.length}\uE001`;
      slots.push(token);
    }
  }
  const tree = parseTree(sanitizeRawHtml(html, report.removed), slots);
  const converter = new Converter(report);
  const converted = block ? converter.blocks(tree.children) : converter.inlines(tree.children, false);
  tokens.splice(0, tokens.length, ...converted);
}

const HEADING = /^h([1-6])$/;
const STRONG = new Set(['strong', 'b']);
const EMPHASIS = new Set(['em', 'i']);
const DELETED = new Set(['del', 's', 'strike']);
const CODE = new Set(['code', 'kbd', 'samp', 'var', 'tt']);
// Wrappers that carry no meaning of their own in a pack: their content is kept, silently.
const TRANSPARENT = new Set(['div', 'span', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'tbody', 'thead', 'tfoot', '#root']);
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'blockquote', 'pre', 'hr', 'details', 'summary', 'figure', 'figcaption',
]);

function text(value: string): Tokens.Text {
  return { type: 'text', raw: value, text: value, escaped: false };
}

function attribute(element: ElementNode, name: string): string | undefined {
  const value = element.attributes[name];
  return value === undefined ? undefined : decodeHTML(value);
}

/** Plain text of a subtree, entities decoded (for code, alt text, raws). */
function textContent(nodes: readonly Node[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += decodeHTML(node.text);
    else if (node.kind === 'element') out += node.tag === 'br' ? '\n' : textContent(node.children);
    else out += node.token.raw;
  }
  return out;
}

function isBlockNode(node: Node): boolean {
  if (node.kind === 'element') return BLOCK_TAGS.has(node.tag);
  if (node.kind === 'token') return !INLINE_TOKEN_TYPES.has(node.token.type);
  return false;
}

// Markdown tokens that sit inside a paragraph; any other slot is a block of its own.
const INLINE_TOKEN_TYPES = new Set(['text', 'escape', 'strong', 'em', 'del', 'codespan', 'link', 'image', 'br', 'html', 'footnoteRef', 'checkbox', 'anchor', 'sup', 'sub']);

class Converter {
  constructor(private readonly report: RawHtmlReport) {}

  /** Block content: block elements map to block tokens; runs of inline content become paragraphs. */
  blocks(nodes: readonly Node[]): Token[] {
    const out: Token[] = [];
    let run: Node[] = [];
    const flush = (): void => {
      const inline = trimInline(this.inlines(run, false));
      run = [];
      if (inline.length === 0) return;
      out.push(...(imageThenLink(inline) ?? [paragraph(inline)]));
    };
    for (const node of nodes) {
      if (!isBlockNode(node)) {
        run.push(node);
        continue;
      }
      flush();
      if (node.kind === 'token') out.push(node.token);
      else out.push(...this.block(node as ElementNode));
    }
    flush();
    return out;
  }

  private block(element: ElementNode): Token[] {
    const anchors = this.anchors(element);
    const heading = HEADING.exec(element.tag);
    if (heading) {
      const tokens = trimInline(this.inlines(element.children, false));
      const token: Tokens.Heading & Anchored = { type: 'heading', raw: textContent(element.children), depth: Number(heading[1]), text: textContent(element.children), tokens };
      const id = attribute(element, 'id') ?? attribute(element, 'name');
      if (id) token.anchor = id;
      return [token];
    }
    const out: Token[] = [...anchors];
    switch (element.tag) {
      case 'p':
      case 'summary':
      case 'dt':
      case 'figcaption': {
        const inline = trimInline(this.inlines(element.children, false));
        if (inline.length > 0) out.push(...(element.tag === 'summary' ? [paragraph([strong(inline)])] : (imageThenLink(inline) ?? [paragraph(inline)])));
        return out;
      }
      case 'ul':
      case 'ol':
        out.push(this.list(element));
        return out;
      case 'li':
        // An item outside any list: its content.
        out.push(...this.blocks(element.children));
        return out;
      case 'blockquote':
        out.push({ type: 'blockquote', raw: '', text: textContent(element.children), tokens: this.blocks(element.children) } as Tokens.Blockquote);
        return out;
      case 'pre': {
        const code = textContent(element.children).replace(/^\n/, '').replace(/\n$/, '');
        out.push({ type: 'code', raw: '', text: code } as Tokens.Code);
        return out;
      }
      case 'hr':
        out.push({ type: 'hr', raw: '' } as Tokens.Hr);
        return out;
      case 'table':
        out.push(...this.table(element));
        return out;
      case 'dl':
        out.push(this.definitionList(element));
        return out;
      case 'dd':
        out.push(...this.blocks(element.children));
        return out;
      case 'figure':
        out.push(...this.figure(element));
        return out;
      case 'details':
      default:
        out.push(...this.blocks(element.children));
        return out;
    }
  }

  private anchors(element: ElementNode): AnchorToken[] {
    if (HEADING.test(element.tag)) return [];
    const out: AnchorToken[] = [];
    for (const name of ['id', 'name']) {
      const id = attribute(element, name);
      if (id) out.push({ type: 'anchor', raw: '', anchor: id });
    }
    return out;
  }

  private list(element: ElementNode): Tokens.List {
    const ordered = element.tag === 'ol';
    const startAttribute = ordered ? Number(attribute(element, 'start') ?? '1') : NaN;
    const items: Tokens.ListItem[] = [];
    const stray: Node[] = [];
    for (const child of element.children) {
      if (child.kind === 'element' && child.tag === 'li') {
        if (stray.length > 0) items.push(this.listItem(stray.splice(0)));
        items.push(this.listItem(child.children, this.anchors(child)));
      } else if (!(child.kind === 'text' && child.text.trim() === '') && !(child.kind === 'token' && child.token.type === 'space')) {
        stray.push(child);
      }
    }
    if (stray.length > 0) items.push(this.listItem(stray));
    return {
      type: 'list',
      raw: '',
      ordered,
      start: ordered ? (Number.isFinite(startAttribute) ? startAttribute : 1) : '',
      loose: false,
      items,
    };
  }

  private listItem(nodes: readonly Node[], anchors: AnchorToken[] = []): Tokens.ListItem {
    const blocks = this.blocks(nodes);
    // Tight items hold `text` blocks, as marked makes them.
    const tokens: Token[] = blocks.map((block) =>
      block.type === 'paragraph' ? ({ type: 'text', raw: '', text: (block as Tokens.Paragraph).text, tokens: (block as Tokens.Paragraph).tokens } as Tokens.Text) : block,
    );
    if (anchors.length > 0) {
      const first = tokens[0];
      if (first && first.type === 'text' && (first as Tokens.Text).tokens) (first as Tokens.Text).tokens!.unshift(...anchors);
      else tokens.unshift(...anchors);
    }
    return { type: 'list_item', raw: '', task: false, loose: false, text: textContent(nodes), tokens };
  }

  private table(element: ElementNode): Token[] {
    const rows: ElementNode[] = [];
    const caption: Node[] = [];
    const collect = (nodes: readonly Node[]): void => {
      for (const node of nodes) {
        if (node.kind !== 'element') continue;
        if (node.tag === 'tr') rows.push(node);
        else if (node.tag === 'caption') caption.push(...node.children);
        else if (node.tag === 'thead' || node.tag === 'tbody' || node.tag === 'tfoot') collect(node.children);
      }
    };
    collect(element.children);
    const cellsOf = (row: ElementNode, header: boolean): Tokens.TableCell[] => {
      const cells: Tokens.TableCell[] = [];
      for (const cell of row.children) {
        if (cell.kind !== 'element' || (cell.tag !== 'td' && cell.tag !== 'th')) continue;
        const tokens = trimInline(this.inlines(cell.children, false));
        cells.push({ text: textContent(cell.children), tokens, header, align: null });
        const span = Math.min(Number(attribute(cell, 'colspan') ?? '1') || 1, 50);
        for (let i = 1; i < span; i++) cells.push({ text: '', tokens: [], header, align: null });
      }
      return cells;
    };
    const out: Token[] = [];
    const captionInline = trimInline(this.inlines(caption, false));
    if (captionInline.length > 0) out.push(paragraph([strong(captionInline)]));
    if (rows.length === 0) return out;
    const header = cellsOf(rows[0]!, true);
    const body = rows.slice(1).map((row) => cellsOf(row, false));
    const columns = Math.max(header.length, ...body.map((row) => row.length));
    const pad = (cells: Tokens.TableCell[], isHeader: boolean): Tokens.TableCell[] => {
      while (cells.length < columns) cells.push({ text: '', tokens: [], header: isHeader, align: null });
      return cells;
    };
    out.push({ type: 'table', raw: '', header: pad(header, true), align: new Array(columns).fill(null), rows: body.map((row) => pad(row, false)) } as Tokens.Table);
    return out;
  }

  private definitionList(element: ElementNode): DefinitionList {
    const items: DefinitionList['items'] = [];
    for (const child of element.children) {
      if (child.kind !== 'element') continue;
      if (child.tag === 'dt') {
        const last = items[items.length - 1];
        const term = trimInline(this.inlines(child.children, false));
        if (last && last.definitions.length === 0) last.terms.push(term);
        else items.push({ terms: [term], definitions: [] });
      } else if (child.tag === 'dd') {
        if (items.length === 0) items.push({ terms: [], definitions: [] });
        items[items.length - 1]!.definitions.push(this.blocks(child.children));
      }
    }
    return { type: 'definitionList', raw: '', items };
  }

  /** A figure of one image and a caption is the image with its caption as title, as Markdown writes it. */
  private figure(element: ElementNode): Token[] {
    const captionNode = element.children.find((child): child is ElementNode => child.kind === 'element' && child.tag === 'figcaption');
    const rest = element.children.filter((child) => child !== captionNode);
    const blocks = this.blocks(rest);
    const lone = blocks.length === 1 && blocks[0]!.type === 'paragraph' ? (blocks[0] as Tokens.Paragraph).tokens.filter((t) => t.type !== 'anchor') : [];
    if (captionNode && lone.length === 1 && lone[0]!.type === 'image') {
      (lone[0] as Tokens.Image).title = textContent(captionNode.children).trim().replace(/\s+/g, ' ');
      return blocks;
    }
    return captionNode ? [...blocks, ...this.block(captionNode)] : blocks;
  }

  /** Inline content. Block elements met here are read as their inline content. */
  inlines(nodes: readonly Node[], inLink: boolean): Token[] {
    const out: Token[] = [];
    for (const node of nodes) {
      if (node.kind === 'text') {
        out.push(text(node.text.replace(/\s+/g, ' ')));
        continue;
      }
      if (node.kind === 'token') {
        out.push(node.token);
        continue;
      }
      out.push(...this.inline(node, inLink));
    }
    return out;
  }

  private inline(element: ElementNode, inLink: boolean): Token[] {
    const tag = element.tag;
    const anchors = this.anchors(element);
    const children = (): Token[] => this.inlines(element.children, inLink);
    const wrap = (type: 'strong' | 'em' | 'del' | 'sup' | 'sub'): Token => ({ type, raw: textContent(element.children), text: textContent(element.children), tokens: children() }) as Token;
    if (STRONG.has(tag)) return [...anchors, wrap('strong')];
    if (EMPHASIS.has(tag)) return [...anchors, wrap('em')];
    if (DELETED.has(tag)) return [...anchors, wrap('del')];
    if (tag === 'sup' || tag === 'sub') return [...anchors, wrap(tag)];
    if (CODE.has(tag)) {
      const code = textContent(element.children);
      return [...anchors, { type: 'codespan', raw: code, text: code } as Tokens.Codespan];
    }
    if (tag === 'br') return [{ type: 'br', raw: '<br>' } as Tokens.Br];
    if (tag === 'img') return [...anchors, this.image(element)];
    if (tag === 'a') return [...anchors, ...this.link(element, inLink)];
    if (!TRANSPARENT.has(tag) && !BLOCK_TAGS.has(tag)) this.report.textOnlyTags.add(tag);
    return [...anchors, ...children()];
  }

  private image(element: ElementNode): Tokens.Image & DecorativeImage {
    const src = attribute(element, 'src') ?? '';
    const written = attribute(element, 'alt');
    const alt = (written ?? '').trim();
    const title = attribute(element, 'title');
    const image: Tokens.Image & DecorativeImage = { type: 'image', raw: src, href: src, title: title ?? null, text: alt, tokens: alt ? [text(alt)] : [] };
    if (alt === '') image.decorative = written === undefined ? 'no-alt' : 'empty-alt';
    return image;
  }

  private link(element: ElementNode, inLink: boolean): Token[] {
    const href = attribute(element, 'href');
    let tokens = this.inlines(element.children, true);
    if (href === undefined || inLink) return tokens;
    // A link around only an image the pack may not show (a remote one) keeps a name: the alt text, else the URL.
    const content = tokens.filter((token) => !(token.type === 'text' && (token as Tokens.Text).text.trim() === ''));
    const lone = content.length === 1 && content[0]!.type === 'image' ? (content[0] as Tokens.Image & DecorativeImage) : undefined;
    if (lone && isRemote(lone.href)) {
      tokens = [text(lone.text || href)];
    } else if (lone?.decorative) {
      // A decorative image names nothing: the link keeps its address as its name, after the image.
      tokens = [...tokens, text(href)];
    } else if (content.length === 0) {
      tokens = [text(href)];
    }
    const title = attribute(element, 'title');
    return [{ type: 'link', raw: href, href, title: title ?? null, text: textContent(element.children), tokens } as Tokens.Link];
  }
}

// Blocks made here have an empty raw: there is no Markdown source for them, and the body index
// (links.ts) then looks for what they hold in the file itself. Links and images keep their target
// as raw, headings their text, so the index can find where they are.

const isBlank = (token: Token): boolean => token.type === 'text' && !(token as Tokens.Text).tokens && (token as Tokens.Text).text.trim() === '';

/**
 * A link that is only a local image, standing as a block of its own (a screenshot that opens the
 * live page): the image in a paragraph of its own, a figure, then the link, named by its address.
 * Both packs then show the image (the PDF draws no image inside a link) and keep where it led.
 */
function imageThenLink(inline: readonly Token[]): Token[] | undefined {
  const content = inline.filter((token) => !isBlank(token));
  const link = content.length === 1 && content[0]!.type === 'link' ? (content[0] as Tokens.Link) : undefined;
  // (A decorative image's link already carries its address as its name, after the image.)
  const inside = link?.tokens.filter((token) => !isBlank(token) && !(token.type === 'text' && (token as Tokens.Text).text === link.href)) ?? [];
  const image = inside.length === 1 && inside[0]!.type === 'image' ? inside[0]! : undefined;
  if (!link || !image || isRemote((image as Tokens.Image).href)) return undefined;
  return [paragraph([image]), paragraph([{ ...link, tokens: [text(link.href)] }])];
}

function paragraph(tokens: Token[]): Tokens.Paragraph {
  return { type: 'paragraph', raw: '', text: tokens.map((token) => token.raw).join(''), tokens };
}

function strong(tokens: Token[]): Tokens.Strong {
  const raw = tokens.map((token) => token.raw).join('');
  return { type: 'strong', raw, text: raw, tokens };
}

/** HTML collapses white space at the edges of a block: trim the first and last text tokens. */
function trimInline(tokens: Token[]): Token[] {
  const out = [...tokens];
  while (out.length > 0 && out[0]!.type === 'text' && (out[0] as Tokens.Text).text.trim() === '' && !(out[0] as Tokens.Text).tokens) out.shift();
  while (out.length > 0 && out[out.length - 1]!.type === 'text' && (out[out.length - 1] as Tokens.Text).text.trim() === '' && !(out[out.length - 1] as Tokens.Text).tokens) out.pop();
  const first = out[0];
  if (first?.type === 'text' && !(first as Tokens.Text).tokens) out[0] = text((first as Tokens.Text).text.replace(/^\s+/, ''));
  const last = out[out.length - 1];
  if (last?.type === 'text' && !(last as Tokens.Text).tokens) out[out.length - 1] = text((last as Tokens.Text).text.replace(/\s+$/, ''));
  return out;
}
