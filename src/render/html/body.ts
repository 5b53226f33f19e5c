// Markdown tokens → HTML: a typed walker, one function per token type. Every text is
// escaped here and every link target goes through `safeUrl`; raw HTML in papers arrives
// already cleaned and turned into tokens (markdown/rawhtml.ts), never as markup.

import { readBytes } from '../../io/files.js';
import { isAbsolute } from 'node:path';
import type { Token, Tokens } from 'marked';
import type { Diagnostic, PackAnchored } from '../../model.js';
import { IMAGE_TYPE_NAMES, imageMediaType, isRemote } from '../../markdown/links.js';
import { readRaster } from '../raster.js';
import { safeSvg } from '../svg.js';
import type { DecorativeImage } from '../../markdown/rawhtml.js';
import { plainText, visitToken, type AnchorToken, type DefinitionList, type Footnote, type FootnoteRef, type Footnotes, type HubTokenType, type Script, type TokenVisitor, type TokenWalk } from '../../markdown/lex.js';
import { escapeHtml, escapeMarkdownText, safeUrl } from './sanitize.js';
import type { Code } from '../../codes.js';

/** Diagnostic codes of the HTML renderer. Permanent: never reuse a number. */
export const HTML_CODES = {
  remoteImage: 'HTML001',
  refusedLink: 'HTML002',
  unreadableImage: 'HTML004',
  unsupportedImage: 'HTML005',
  brokenFragment: 'HTML006',
  missingAlt: 'HTML007',
  unknownToken: 'HTML008',
} as const satisfies Record<string, Code>;

/**
 * How the body is written out. The HTML pack is one document; an EPUB is one XHTML document per
 * piece: void elements closed, footnotes as EPUB asides, links between pieces across files, and
 * images kept as files of their own.
 */
export interface Markup {
  xhtml: boolean;
  /** Heading level of a piece's title: the piece's own headings sit below it. */
  titleLevel: number;
  /** The href for an id inside the pack: `#id` in one document, `file.xhtml#id` across several. */
  fragmentHref(id: string): string;
  /** The `src` of an image whose bytes were read: a data: URI, or a file in the package. */
  imageSource(path: string, mime: string, bytes: Buffer): string;
}

/** The HTML pack: one document, pieces under the pack's h1, images inline as data: URIs. */
export const HTML_MARKUP: Markup = {
  xhtml: false,
  titleLevel: 2,
  fragmentHref: (id) => `#${id}`,
  imageSource: (_path, mime, bytes) => `data:${mime};base64,${bytes.toString('base64')}`,
};

/** A `#` link in a piece, with where it came from, checked once every id of the page is known. */
export interface FragmentLink {
  target: string;
  where: Where;
}

/**
 * State of one piece being rendered: its warnings, ids, in-pack links for checking and
 * table numbers; the image cache is shared by the pieces of a page. Nothing here depends
 * on other pieces, so a piece renders the same alone as in the pack.
 */
export interface DocumentState {
  warn: (diagnostic: Diagnostic) => void;
  markup: Markup;
  images: Map<string, string | undefined>;
  ids: Set<string>;
  fragmentLinks: FragmentLink[];
  tables: number;
}

/** Where diagnostics for a run of Markdown point. */
export interface Where {
  file: string;
  line: number;
}

/** `<br>`, or `<br/>` in XHTML. */
function voidTag(name: string, attributes: string, context: SourceContext): string {
  return voidElement(name, attributes, context.document.markup);
}

/** One Markdown source being rendered: a piece body or the pack introduction. */
export interface SourceContext extends TokenWalk {
  document: DocumentState;
  where: Where;
  /** Prefix for footnote ids, unique in the pack. */
  idPrefix: string;
  /** Label used in table region names, e.g. the piece title. */
  label: string;
  footnoteNumbers: Map<string, number>;
  /** The outline level (the piece's title is 1) of each heading, asked in document order: see headingLevels. */
  headingLevel: (depth: number) => number;
}

export function warn(context: SourceContext, code: Code, message: string, hint?: string, severity: 'warning' | 'error' = 'warning'): void {
  context.document.warn({ code, severity, file: context.where.file, line: context.where.line, column: 1, message, ...(hint ? { hint } : {}) });
}

/** Render a token list, block or inline. */
export function renderTokens(tokens: readonly Token[], context: SourceContext): string {
  let html = '';
  for (const token of tokens) html += visitToken(HTML_TOKENS, token, context, context);
  return html;
}

/** Each token type's HTML. One document holds blocks and inlines alike, so one visitor serves both. */
const HTML_TOKENS: TokenVisitor<HubTokenType, SourceContext, string> = {
  // Definitions are gathered into the notes list at the end of the piece.
  space: () => '',
  def: () => '',
  footnote: () => '',
  footnotes: () => '',
  paragraph: renderParagraph,
  heading: renderHeading,
  code: renderCode,
  blockquote: (token, context) => `<blockquote${idAttribute(token, context)}>\n${renderTokens(token.tokens, context)}</blockquote>\n`,
  list: renderList,
  list_item: renderListItem,
  checkbox: renderCheckbox,
  table: renderTable,
  hr: (token, context) => `${voidTag('hr', idAttribute(token, context), context)}\n`,
  definitionList: renderDefinitionList,
  // Raw HTML is turned into tokens when a piece is lexed (markdown/rawhtml.ts); none reaches here as markup.
  html: (token) => escapeHtml(token.text),
  anchor: (token, context) => {
    // Its pack-wide id, from the pack's one pass over anchors (assignAnchorIds).
    const { id } = token as AnchorToken & PackAnchored;
    if (!id) return '';
    context.document.ids.add(id);
    return `<span id="${escapeHtml(id)}"></span>`;
  },
  text: (token, context) => (token.type === 'text' && token.tokens ? renderTokens(token.tokens, context) : escapeMarkdownText(token.text)),
  escape: (token) => escapeHtml(token.text),
  strong: (token, context) => `<strong>${renderTokens(token.tokens, context)}</strong>`,
  em: (token, context) => `<em>${renderTokens(token.tokens, context)}</em>`,
  del: (token, context) => `<del>${renderTokens(token.tokens, context)}</del>`,
  sup: renderScript,
  sub: renderScript,
  codespan: (token) => `<code>${escapeHtml(token.text)}</code>`,
  br: (_token, context) => `${voidTag('br', '', context)}\n`,
  link: renderLink,
  image: renderImage,
  footnoteRef: renderFootnoteRef,
  abbreviation: (token) => `<abbr title="${escapeHtml(token.title)}">${escapeMarkdownText(token.text)}</abbr>`,
};

function renderScript(token: Script, context: SourceContext): string {
  return `<${token.type}>${renderTokens(token.tokens, context)}</${token.type}>`;
}

function renderParagraph(token: Tokens.Paragraph, context: SourceContext): string {
  const only = token.tokens.filter((child) => !(child.type === 'text' && child.raw.trim() === ''));
  const lone = only.length === 1 && only[0]!.type === 'image' ? (only[0] as Tokens.Image) : undefined;
  if (lone && isAbsolute(lone.href)) return renderFigure(lone, context, idAttribute(token, context));
  return `<p${idAttribute(token, context)}>${renderTokens(token.tokens, context)}</p>\n`;
}

/** ` id="…"` for a block the pack gave an anchor id (a heading, or a kramdown attribute list's id). */
function idAttribute(token: Token, context: SourceContext): string {
  const id = (token as PackAnchored).id;
  if (!id) return '';
  context.document.ids.add(id);
  return ` id="${escapeHtml(id)}"`;
}

/** The tag of a heading at an outline level under a piece title at `titleLevel`: levels follow on, capped at h6. */
export function headingTag(level: number, titleLevel: number): number {
  return Math.min(6, titleLevel + level - 1);
}

function renderHeading(token: Tokens.Heading, context: SourceContext): string {
  const level = headingTag(context.headingLevel(token.depth), context.document.markup.titleLevel);
  return `<h${level}${idAttribute(token, context)}>${renderTokens(token.tokens, context)}</h${level}>\n`;
}

function renderCode(token: Tokens.Code, context: SourceContext): string {
  const language = token.lang?.match(/^[\w+#.-]+/)?.[0];
  const attributes = language ? ` class="language-${escapeHtml(language)}"` : '';
  return `<pre${idAttribute(token, context)}><code${attributes}>${escapeHtml(token.text)}</code></pre>\n`;
}

function renderList(token: Tokens.List, context: SourceContext): string {
  const tag = token.ordered ? 'ol' : 'ul';
  const start = token.ordered && token.start !== '' && token.start !== 1 ? ` start="${token.start}"` : '';
  const classes = token.items.some((item) => item.task) ? ' class="tasks"' : '';
  let html = `<${tag}${idAttribute(token, context)}${start}${classes}>\n`;
  // Items inline, not through renderListItem: lists nest up to MAX_NESTING deep, each frame counts.
  for (const item of token.items) html += `<li>${renderTokens(item.tokens, context)}</li>\n`;
  return html + `</${tag}>\n`;
}

function renderListItem(token: Tokens.ListItem, context: SourceContext): string {
  return `<li>${renderTokens(token.tokens, context)}</li>\n`;
}

/** A text marker rather than a form control: a pack is read, not filled in. */
function renderCheckbox(token: Tokens.Checkbox): string {
  return token.checked
    ? '<span class="task-mark" aria-hidden="true">☑</span><span class="visually-hidden">Done: </span>'
    : '<span class="task-mark" aria-hidden="true">☐</span><span class="visually-hidden">Not done: </span>';
}

function renderDefinitionList(token: DefinitionList, context: SourceContext): string {
  let html = `<dl${idAttribute(token as unknown as Token, context)}>\n`;
  for (const item of token.items) {
    for (const term of item.terms) html += `<dt>${renderTokens(term, context)}</dt>\n`;
    for (const definition of item.definitions) html += `<dd>${renderTokens(definition, context).trimEnd()}</dd>\n`;
  }
  return html + '</dl>\n';
}

function alignClass(align: Tokens.TableCell['align']): string {
  return align ? ` class="align-${align}"` : '';
}

function renderTable(token: Tokens.Table, context: SourceContext): string {
  const number = ++context.document.tables;
  const name = escapeHtml(`Table ${number}, ${context.label}`);
  let html = `<div class="table-wrap" role="region" tabindex="0" aria-label="${name}">\n<table${idAttribute(token, context)}>\n<thead>\n<tr>`;
  for (const cell of token.header) {
    html += `<th scope="col"${alignClass(cell.align)}>${renderTokens(cell.tokens, context)}</th>`;
  }
  html += '</tr>\n</thead>\n';
  if (token.rows.length > 0) {
    html += '<tbody>\n';
    for (const row of token.rows) {
      html += '<tr>';
      for (const cell of row) html += `<td${alignClass(cell.align)}>${renderTokens(cell.tokens, context)}</td>`;
      html += '</tr>\n';
    }
    html += '</tbody>\n';
  }
  return html + '</table>\n</div>\n';
}

function renderLink(token: Tokens.Link, context: SourceContext): string {
  const content = renderTokens(token.tokens, context);
  const href = safeUrl(token.href);
  if (href === undefined) {
    warn(
      context,
      HTML_CODES.refusedLink,
      `The link target ${JSON.stringify(token.href.slice(0, 80))} is not allowed in a pack; the link text is shown without a link.`,
      'Use an http, https or mailto address, or a link to another paper in the pack.',
    );
    return `<span class="refused-link">${content}</span>`;
  }
  let target = href;
  if (href.startsWith('#')) {
    context.document.fragmentLinks.push({ target: href.slice(1), where: context.where });
    target = context.document.markup.fragmentHref(href.slice(1));
  }
  const title = token.title ? ` title="${escapeMarkdownText(token.title)}"` : '';
  return `<a href="${escapeHtml(target)}"${title}>${content}</a>`;
}

function imageAlt(token: Tokens.Image & DecorativeImage, context: SourceContext): string {
  const alt = plainText(token.tokens).trim();
  // A decorative raw <img> has alt="" on purpose (validation warned when the attribute was missing).
  if (alt === '' && !token.decorative) {
    warn(context, HTML_CODES.missingAlt, `The image ${JSON.stringify(token.href.slice(0, 80))} has no alt text.`, 'Describe the image between the brackets: ![what it shows](path).');
  }
  return alt;
}

/** An image as an `<img>` with a data: URI, or its alt text (and a warning) when it cannot be embedded. */
function renderImage(token: Tokens.Image, context: SourceContext): string {
  const alt = imageAlt(token, context);
  if (isRemote(token.href)) {
    warn(
      context,
      HTML_CODES.remoteImage,
      `The remote image ${JSON.stringify(token.href.slice(0, 80))} was not fetched; the pack links to it instead.`,
      'Save the image inside the hub and link to the file, so the pack works offline.',
    );
    const href = safeUrl(token.href);
    const text = `Image (online): ${alt || 'untitled'}`;
    if (href === undefined) return `<span class="remote-image">${escapeHtml(text)}</span>`;
    return `<a class="remote-image" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  }
  const source = imageSource(token.href, context);
  if (source === undefined) return `<span class="missing-image">[${escapeHtml(alt || 'image')}]</span>`;
  return voidTag('img', ` src="${escapeHtml(source)}" alt="${escapeHtml(alt)}"`, context);
}

/** An image alone in its paragraph is a figure; its title, if any, is the caption. */
function renderFigure(token: Tokens.Image, context: SourceContext, id: string): string {
  const caption = token.title ? `<figcaption>${escapeMarkdownText(token.title)}</figcaption>\n` : '';
  return `<figure${id}>\n${renderImage(token, context)}\n${caption}</figure>\n`;
}

/**
 * A local image as the packs embed it: its bytes as they are once the raster reader finds them
 * whole (else `problem` says what is wrong), or for an SVG, made safe (drawing elements alone: an
 * <img> never runs script, and this one has none). Undefined for types the packs do not embed and
 * for an SVG that cannot be made safe. Throws when unreadable.
 */
function embeddable(path: string): { mime: string; bytes: Buffer } | { problem: string } | undefined {
  const mime = imageMediaType(path);
  if (mime === undefined) return undefined;
  const bytes = readBytes(path);
  if (mime !== 'image/svg+xml') {
    const raster = readRaster(bytes, mime);
    return raster && !raster.ok ? { problem: raster.problem } : { mime, bytes };
  }
  const svg = safeSvg(bytes.toString('utf8'));
  return svg ? { mime, bytes: Buffer.from(svg.svg) } : undefined;
}

/** A local image as `markup` embeds it (a data: URI, or a file of the EPUB): the hub's logo; see `embeddable`. */
export function embeddedImage(path: string, markup: Markup): string | undefined {
  const image = embeddable(path);
  return image && !('problem' in image) ? markup.imageSource(path, image.mime, image.bytes) : undefined;
}

/** An empty element, closed as XHTML wants it when the markup is XHTML. */
export function voidElement(name: string, attributes: string, markup: Markup): string {
  return `<${name}${attributes}${markup.xhtml ? '/' : ''}>`;
}

/** Images read for a page and kept for their next use (a logo or figure repeated across pieces). */
const IMAGES_KEPT = 32;

/** Where a piece's image comes from in the output (a data: URI, or a file in the EPUB), warning when it cannot be shown. */
function imageSource(path: string, context: SourceContext): string | undefined {
  const cache = context.document.images;
  if (cache.has(path)) return cache.get(path);
  const mime = imageMediaType(path);
  let uri: string | undefined;
  if (!isAbsolute(path)) {
    warn(context, HTML_CODES.unreadableImage, `The image ${JSON.stringify(path.slice(0, 80))} is not a file in the hub.`, 'Link to an image file inside the hub folder.', 'error');
  } else if (mime === undefined) {
    warn(
      context,
      HTML_CODES.unsupportedImage,
      `The image ${JSON.stringify(path)} is not a ${IMAGE_TYPE_NAMES} file; its alt text is shown instead.`,
      'Convert the image to PNG or SVG.',
    );
  } else {
    try {
      const image = embeddable(path);
      if (image === undefined) {
        warn(context, HTML_CODES.unsupportedImage, `The image ${JSON.stringify(path)} is not a readable SVG; its alt text is shown instead.`, 'Save it again as SVG from the drawing program.');
      } else if ('problem' in image) {
        warn(context, HTML_CODES.unreadableImage, `The image ${JSON.stringify(path)} cannot be shown (${image.problem}); its alt text is shown instead.`, 'Save the image again from the program that made it.', 'error');
      } else {
        uri = context.document.markup.imageSource(path, image.mime, image.bytes);
      }
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      warn(context, HTML_CODES.unreadableImage, `The image ${JSON.stringify(path)} could not be read (${reason}); its alt text is shown instead.`, 'Check that the file exists.', 'error');
    }
  }
  // Only images that can be shown are kept: each use of one that cannot warns at its own line,
  // whichever thread renders the piece. The oldest go first, so a pack of thousands of figures
  // holds a few of them, not all.
  if (uri !== undefined) {
    cache.set(path, uri);
    if (cache.size > IMAGES_KEPT) cache.delete(cache.keys().next().value!);
  }
  return uri;
}

/** Notes are numbered 1, 2, 3 … per piece, in order of first reference. */
export function numberFootnotes(tokens: readonly Token[]): { notes: Footnote[]; numbers: Map<string, number> } {
  const list = tokens.find((token): token is Footnotes => token.type === 'footnotes');
  const notes = list ? [...list.items] : [];
  return { notes, numbers: new Map(notes.map((note, index) => [note.label, index + 1])) };
}

function footnoteIds(context: SourceContext, number: number, occurrence: number): { note: string; ref: string } {
  const suffix = occurrence > 0 ? `-${occurrence + 1}` : '';
  return { note: `${context.idPrefix}.fn-${number}`, ref: `${context.idPrefix}.fnref-${number}${suffix}` };
}

function renderFootnoteRef(token: FootnoteRef, context: SourceContext): string {
  const number = context.footnoteNumbers.get(token.label);
  if (number === undefined) return escapeMarkdownText(token.raw);
  const ids = footnoteIds(context, number, token.index);
  const roles = context.document.markup.xhtml ? ' epub:type="noteref" role="doc-noteref"' : '';
  return `<sup class="note-ref"><a id="${escapeHtml(ids.ref)}" href="#${escapeHtml(ids.note)}"${roles}><span class="visually-hidden">Note </span>${number}</a></sup>`;
}

/**
 * The notes of one piece, each with links back to where it was cited: an ordered list in HTML;
 * in XHTML (EPUB) one `aside` per note, which reading systems can show as a pop-up.
 */
export function renderNotes(notes: readonly Footnote[], context: SourceContext, headingLevelTag: number): string {
  if (notes.length === 0) return '';
  const { xhtml } = context.document.markup;
  const headingId = `${context.idPrefix}.notes`;
  // Reading systems show EPUB footnotes as pop-ups and hide them in the text: a "Notes" heading would head nothing.
  let html = xhtml
    ? '<section class="notes" aria-label="Notes">\n'
    : `<section class="notes" aria-labelledby="${escapeHtml(headingId)}">\n<h${headingLevelTag} id="${escapeHtml(headingId)}">Notes</h${headingLevelTag}>\n<ol>\n`;
  notes.forEach((note, index) => {
    const number = index + 1;
    let backLinks = '';
    note.refs.forEach((_, occurrence) => {
      const ids = footnoteIds(context, number, occurrence);
      const mark = occurrence > 0 ? `↩<sup>${occurrence + 1}</sup>` : '↩';
      backLinks += ` <a class="note-back" href="#${escapeHtml(ids.ref)}"${xhtml ? ' role="doc-backlink"' : ''}><span aria-hidden="true">${mark}</span><span class="visually-hidden">Back to reference ${number}${occurrence > 0 ? ` (${occurrence + 1})` : ''}</span></a>`;
    });
    const content = renderTokens(note.content, context).trimEnd();
    const body = content.endsWith('</p>') ? content.slice(0, -4) + backLinks + '</p>' : content + `\n<p>${backLinks.trim()}</p>`;
    const id = escapeHtml(footnoteIds(context, number, 0).note);
    if (xhtml) {
      const label = `<span class="note-number">${number}.</span> `;
      const labelled = body.startsWith('<p>') ? `<p>${label}${body.slice(3)}` : `<p>${label}</p>\n${body}`;
      html += `<aside class="footnote" id="${id}" epub:type="footnote" role="doc-footnote">\n${labelled}\n</aside>\n`;
    } else {
      html += `<li id="${id}">${body}</li>\n`;
    }
  });
  return html + (xhtml ? '' : '</ol>\n') + '</section>\n';
}
