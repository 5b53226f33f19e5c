// The HTML reader pack: one self-contained, accessible file that works offline.
// Cover, introduction, contents, then each piece as an <article>. Nothing in it can run
// script or reach the network: a Content-Security-Policy forbids both, and the body
// renderer never emits either.

import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { DateFormat, Metadata, Pack, PackPiece, PackSource, RenderOptions, Renderer } from '../../model.js';
import { authorList, formatDate, statusName, typeName } from '../metadata.js';
import { HTML_CODES, HTML_MARKUP, numberFootnotes, renderNotes, renderTokens, type DocumentState, type Markup, type SourceContext, type Where } from './body.js';
import { citeBlock, colophonHtml, identifierRows, logoHtml, scholarMeta } from './citation.js';

export { colophonHtml };
import { stylesheet } from './css.js';
import { escapeHtml } from './sanitize.js';

export { HTML_CODES } from './body.js';

// The pack's own ids contain a dot, which GitHub-style heading slugs never do, so they
// cannot clash with heading anchors.
const MAIN_ID = 'hub.main';
const CONTENTS_ID = 'hub.contents';
const INTRODUCTION_ID = 'hub.introduction';

/**
 * The pack as one HTML document, in chunks: head and cover, the introduction and the
 * contents, then one chunk per piece (each lexed only when reached), then the end.
 * Reads local images (synchronously) to embed them.
 */
export function* htmlChunks(pack: Pack, options: RenderOptions): Generator<string> {
  const document = documentState(options, HTML_MARKUP);
  const { css, hash } = stylesheet(options.paper);
  const csp = `default-src 'none'; style-src ${hash}; img-src data:; base-uri 'none'; form-action 'none'`;
  const out: string[] = [
    `<!DOCTYPE html>\n<html lang="${escapeHtml(pack.lang)}">\n<head>\n`,
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n`,
    '<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    '<meta name="color-scheme" content="light dark">\n',
    '<meta name="referrer" content="no-referrer">\n',
    `<meta name="generator" content="${escapeHtml(pack.generator)}">\n`,
    scholarMeta(pack),
    `<title>${escapeHtml(pack.title.includes(pack.hubName) ? pack.title : `${pack.title} – ${pack.hubName}`)}</title>\n`,
    `<style>${css}</style>\n</head>\n<body>\n`,
    `<a class="skip-link" href="#${MAIN_ID}">Skip to main content</a>\n`,
  ];
  renderCover(pack, out);
  out.push(`<main id="${MAIN_ID}" class="page">\n`);
  document.ids.add(MAIN_ID);
  // Contents, then introduction, then the pieces: the PDF pack's order. One paper needs no contents.
  if (pack.pieces.length > 1) renderContents(pack, out);
  if (pack.introduction) renderIntroduction(pack, pack.introduction, document, out);
  yield out.join('');
  for (const piece of pack.pieces) {
    const chunk: string[] = [];
    renderPiece(piece, document, pack.dateFormat, chunk);
    yield chunk.join('');
  }
  yield `</main>\n${colophonHtml(pack)}</body>\n</html>\n`;
  checkFragmentLinks(document);
}

/** Fresh state for rendering one pack (the HTML pack's one document, or all of an EPUB's). */
export function documentState(options: RenderOptions, markup: Markup): DocumentState {
  return { warn: options.warn, markup, images: new Map(), ids: new Set(), fragmentLinks: [], tables: 0 };
}


/** The whole pack as one string (tests; small packs). */
export function renderHtml(pack: Pack, options: RenderOptions): string {
  return [...htmlChunks(pack, options)].join('');
}

export const htmlRenderer: Renderer = {
  async render(pack, options, out: Writable) {
    for (const chunk of htmlChunks(pack, options)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    return {};
  },
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A `YYYY-MM-DD` date in a <time> element, shown as the pack shows dates. */
function dateHtml(date: string, format: DateFormat): string {
  const shown = escapeHtml(formatDate(date, format));
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `<time datetime="${escapeHtml(date)}">${shown}</time>` : shown;
}

export function renderCover(pack: Pack, out: string[], markup: Markup = HTML_MARKUP): void {
  const subtitle = pack.subtitle ? `<p class="subtitle">${escapeHtml(pack.subtitle)}</p>\n` : '';
  out.push(
    `<header>\n<div class="band"><div class="page"><p>${escapeHtml(pack.hubName)}</p></div></div>\n`,
    `<div class="cover"><div class="page">
${logoHtml(pack, markup)}<h1>${escapeHtml(pack.title)}</h1>
${subtitle}`,
    `<dl class="facts">
<div><dt>Date</dt><dd>${dateHtml(pack.date, pack.dateFormat)}</dd></div>
`,
    `<div><dt>Contents</dt><dd>${plural(pack.pieces.length, 'piece')}</dd></div>\n</dl>\n</div></div>\n</header>\n`,
  );
}

function sourceContext(document: DocumentState, where: Where, idPrefix: string, label: string): SourceContext {
  return { document, where, idPrefix, label, footnoteNumbers: new Map() };
}

/** The introduction of a curated pack, headed like a piece. */
export function renderIntroduction(pack: Pack, introduction: PackSource, document: DocumentState, out: string[]): void {
  const tokens = introduction.source();
  const context = sourceContext(document, { file: `${pack.slug} (introduction)`, line: 1 }, INTRODUCTION_ID, 'Introduction');
  const level = document.markup.titleLevel;
  out.push(`<section class="introduction" aria-labelledby="${INTRODUCTION_ID}">\n<h${level} id="${INTRODUCTION_ID}">Introduction</h${level}>\n`);
  renderSource(tokens, context, out);
  out.push('</section>\n');
}

function renderContents(pack: Pack, out: string[]): void {
  out.push(`<nav class="toc" aria-labelledby="${CONTENTS_ID}">\n<h2 id="${CONTENTS_ID}">Contents</h2>\n<ol>\n`);
  if (pack.introduction) out.push(`<li><a href="#${INTRODUCTION_ID}">Introduction</a></li>\n`);
  for (const piece of pack.pieces) {
    const { metadata } = piece.publication;
    out.push(
      `<li><a href="#${escapeHtml(piece.id)}">${escapeHtml(metadata.title)}</a>`,
      `<span class="toc-meta">${escapeHtml(typeName(metadata.type))}, ${dateHtml(metadata.date, pack.dateFormat)}${metadata.authors.length > 0 ? `, ${escapeHtml(authorList(metadata.authors))}` : ''}</span>`,
    );
    const sections = piece.headings.filter((heading) => heading.depth <= 2);
    if (sections.length > 0) {
      out.push('\n<ul>\n');
      for (const heading of sections) out.push(`<li><a href="#${escapeHtml(heading.id)}">${escapeHtml(heading.text)}</a></li>\n`);
      out.push('</ul>\n');
    }
    out.push('</li>\n');
  }
  out.push('</ol>\n</nav>\n');
}

function metaRow(term: string, valueHtml: string): string {
  return `<div><dt>${term}</dt><dd>${valueHtml}</dd></div>\n`;
}

function renderPieceHeader(piece: PackPiece, titleId: string, titleLevel: number, dateFormat: DateFormat): string {
  const metadata: Metadata = piece.publication.metadata;
  const badge = metadata.status === 'published' ? '' : ` <strong class="badge">${escapeHtml(statusName(metadata.status))}</strong>`;
  let html = `<header class="piece-header">\n<p class="caption">${escapeHtml(typeName(metadata.type))}${metadata.series ? `, ${escapeHtml(metadata.series)}` : ''}${badge}</p>\n`;
  html += `<h${titleLevel} id="${escapeHtml(titleId)}">${escapeHtml(metadata.title)}</h${titleLevel}>\n`;
  if (metadata.subtitle) html += `<p class="subtitle">${escapeHtml(metadata.subtitle)}</p>\n`;
  html += '<dl class="meta">\n';
  if (metadata.authors.length > 0) html += metaRow(metadata.authors.length === 1 ? 'Author' : 'Authors', escapeHtml(authorList(metadata.authors)));
  html += metaRow('Date', dateHtml(metadata.date, dateFormat));
  if (metadata.updated) html += metaRow('Updated', dateHtml(metadata.updated, dateFormat));
  // The type is the caption above the title ("Paper"); the status shows only when not published.
  if (metadata.status !== 'published') html += metaRow('Status', escapeHtml(statusName(metadata.status)));
  if (metadata.series) html += metaRow('Series', escapeHtml(metadata.series));
  if (metadata.tags.length > 0) {
    html += metaRow('Tags', `<ul class="tags">${metadata.tags.map((tag) => `<li>${escapeHtml(tag)}</li>`).join('')}</ul>`);
  }
  html += identifierRows(piece, metaRow);
  html += '</dl>\n';
  if (metadata.summary) html += `<p class="summary">${escapeHtml(metadata.summary)}</p>\n`;
  return html + '</header>\n';
}

/** One piece as an <article>: its header (title, metadata), its body and its notes. Lexes the piece. */
export function renderPiece(piece: PackPiece, document: DocumentState, dateFormat: DateFormat, out: string[]): void {
  const { publication } = piece;
  const titleId = `${piece.id}.title`;
  document.ids.add(piece.id);
  const { lang: paperLang } = publication.metadata;
  const lang = paperLang ? ` lang="${escapeHtml(paperLang)}"${document.markup.xhtml ? ` xml:lang="${escapeHtml(paperLang)}"` : ''}` : '';
  const context = sourceContext(document, { file: publication.displayPath, line: publication.bodyLine }, piece.id, publication.metadata.title);
  out.push(`<article class="piece" id="${escapeHtml(piece.id)}" aria-labelledby="${escapeHtml(titleId)}"${lang}>\n`, renderPieceHeader(piece, titleId, document.markup.titleLevel, dateFormat));
  renderSource(piece.source(), context, out);
  out.push(citeBlock(piece, 3), '</article>\n');
}

/** A Markdown body with its notes. */
function renderSource(tokens: ReturnType<PackSource['source']>, context: SourceContext, out: string[]): void {
  const { notes, numbers } = numberFootnotes(tokens);
  context.footnoteNumbers = numbers;
  out.push(renderTokens(tokens, context), renderNotes(notes, context, context.document.markup.titleLevel + 1));
}

/** Links to `#id` must land somewhere: ids are all known once the document is built. */
export function checkFragmentLinks(document: DocumentState): void {
  for (const { target, where } of document.fragmentLinks) {
    let id = target;
    try {
      id = decodeURIComponent(target);
    } catch {
      // keep the raw fragment; it will simply not match
    }
    if (!document.ids.has(id)) {
      document.warn({
        code: HTML_CODES.brokenFragment,
        severity: 'warning',
        file: where.file,
        line: where.line,
        column: 1,
        message: `The link to #${id} points to no heading or piece in the pack.`,
        hint: 'Link to a heading of this paper or to another paper in the pack.',
      });
    }
  }
}
