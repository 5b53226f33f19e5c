// The HTML reader pack: one self-contained, accessible file that works offline.
// Cover, contents, introduction, then each piece as an <article>. Nothing in it can run
// script or reach the network: a Content-Security-Policy forbids both, and the body
// renderer never emits either.

import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { DateFormat, Diagnostic, Metadata, Pack, PackPiece, PackSource, PaperSize, PieceSourcing, RenderOptions, Renderer, Severity } from '../../model.js';
import { canUseThreads, inOrder } from '../../parallel.js';
import { typeName } from '../../cite/reference.js';
import { pieceIds } from '../../pack/assemble.js';
import { authorList, captionParts, formatDate, statusName } from '../metadata.js';
import { headingLevels, sectionHeadings } from '../../markdown/anchors.js';
import { HTML_CODES, HTML_MARKUP, numberFootnotes, renderNotes, renderTokens, warn, type DocumentState, type FragmentLink, type Markup, type SourceContext, type Where } from './body.js';
import { citeBlock, colophonHtml, identifierRows, logoHtml, scholarMeta } from './citation.js';
import { stylesheet } from './css.js';
import { escapeHtml } from './sanitize.js';

export { HTML_CODES } from './body.js';
export { colophonHtml };

// The pack's own ids contain a dot, which GitHub-style heading slugs never do, so they
// cannot clash with heading anchors.
const MAIN_ID = 'hub.main';
const CONTENTS_ID = 'hub.contents';
const INTRODUCTION_ID = 'hub.introduction';
const PROBLEMS_ID = 'hub.problems';

/** A problem as the problem panel lists it: as the terminal prints it. */
export interface PanelProblem {
  severity: Severity;
  text: string;
}

/**
 * What a live page (`hub preview`) adds to the pack: one inline script, allowed by its
 * hash and allowed to connect back to its own origin, the build it shows, and a panel of
 * problems at the top. Everything else is the pack as exported.
 */
export interface LivePage {
  script: string;
  build: number;
  problems: readonly PanelProblem[];
  /** A piece rendered earlier and unchanged since: reused instead of rendered again. */
  rendered?: (piece: PackPiece) => RenderedPiece | undefined;
}

/**
 * One piece (or the introduction) rendered on its own: its HTML, the ids it defines and
 * the `#` links it makes (checked against the whole pack once every id is known), and
 * its warnings. The HTML pack is these in a row, so a piece re-rendered alone is the
 * same bytes as in the pack; an EPUB writes each as a document of its own.
 */
export interface RenderedPiece {
  html: string;
  ids: readonly string[];
  fragmentLinks: readonly FragmentLink[];
  warnings: readonly Diagnostic[];
}

/** Data URIs (or package files) of local images by path, shared by the parts of one pack. */
export type ImageCache = Map<string, string | undefined>;

/** What the parts of one pack share: how dates are shown, the markup, and the images read so far. */
export interface PartSettings {
  dateFormat: DateFormat;
  markup: Markup;
  images: ImageCache;
}

/** Settings for rendering the parts of `pack` as HTML (or, given its markup, as EPUB). */
export function partSettings(pack: Pack, markup: Markup = HTML_MARKUP): PartSettings {
  return { dateFormat: pack.dateFormat, markup, images: new Map() };
}

/** What the end-of-pack link check needs of a part: the ids it has and the `#` links it makes. */
export interface LinkCheckPart {
  ids: readonly string[];
  fragmentLinks: readonly FragmentLink[];
  /** The piece whose anchors (its own id, its headings', its blocks') the part has too, but those named `absent`. */
  anchorsOf?: { piece: PackPiece; absent: readonly string[] };
}

/**
 * What the end-of-pack link check keeps of a rendered part: the links that leave it (a link to an
 * id of its own, such as a footnote's, is found at once), and of its ids only those the pack did
 * not give the piece, so a pack of thousands keeps no second copy of every heading id and no
 * footnote link until the end.
 */
export function keptForLinkCheck(part: RenderedPiece, piece?: PackPiece): LinkCheckPart {
  const has = new Set(part.ids);
  const fragmentLinks = part.fragmentLinks.filter((link) => !has.has(fragmentId(link.target)));
  if (!piece) return { ids: part.ids, fragmentLinks };
  const anchors = pieceIds(piece);
  const known = new Set(anchors);
  return {
    ids: part.ids.filter((id) => !known.has(id)),
    fragmentLinks,
    anchorsOf: { piece, absent: anchors.filter((id) => !has.has(id)) },
  };
}

/** The id a `#` link names: its fragment decoded, or as written when it does not decode (it then matches nothing). */
function fragmentId(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

/** The parts of the page around the pieces, and how each rendered part is taken into it. */
interface PageFrame {
  /** Cover, contents and introduction: the first chunk (tens of MB in a pack of thousands), written once and let go. */
  head(): string;
  /** A rendered part's HTML; its warnings reported, what the link check needs kept. `piece`: the piece it renders. */
  take(part: RenderedPiece, piece?: PackPiece): string;
  end(): string;
}

function pageFrame(pack: Pack, options: RenderOptions, settings: PartSettings, live?: LivePage): PageFrame {
  const parts: LinkCheckPart[] = [];
  const take = (part: RenderedPiece, piece?: PackPiece): string => {
    for (const warning of part.warnings) options.warn(warning);
    parts.push(keptForLinkCheck(part, piece));
    return part.html;
  };
  let head = documentHead(pack, options.paper, live) + `<a class="skip-link" href="#${MAIN_ID}">Skip to main content</a>\n`;
  if (live) head += problemPanel(live.problems);
  head += coverHtml(pack) + `<main id="${MAIN_ID}" class="page">\n`;
  // Contents, then introduction, then the pieces: the PDF pack's order. One paper needs no contents.
  if (pack.pieces.length > 1) head += contentsHtml(pack);
  if (pack.introduction) head += take(renderIntroduction(pack, pack.introduction, settings));
  const end = (): string => {
    for (const warning of fragmentWarnings(parts)) options.warn(warning);
    const note = live ? 'This is a live preview: it follows your edits while hub preview runs.' : undefined;
    return `</main>\n${colophonHtml(pack, note)}</body>\n</html>\n`;
  };
  return {
    head: () => {
      const first = head;
      head = '';
      return first;
    },
    take,
    end,
  };
}

/**
 * The pack as one HTML document, in chunks: head, cover, contents and introduction, then
 * one chunk per piece (each lexed only when reached), then the end. Reads local images
 * (synchronously) to embed them.
 */
export function* htmlChunks(pack: Pack, options: RenderOptions, live?: LivePage): Generator<string> {
  const settings = partSettings(pack);
  const frame = pageFrame(pack, options, settings, live);
  yield frame.head();
  for (const piece of pack.pieces) yield frame.take(live?.rendered?.(piece) ?? renderPiece(piece, settings), piece);
  yield frame.end();
}

/** Fresh state for one part of a pack: its own ids, links, table numbers and warnings; images shared. */
export function documentState(options: Pick<RenderOptions, 'warn'>, markup: Markup, images: ImageCache = new Map()): DocumentState {
  return { warn: options.warn, markup, images, ids: new Set(), fragmentLinks: [], tables: 0 };
}

/** The whole pack as one string (tests; small packs). */
export function renderHtml(pack: Pack, options: RenderOptions): string {
  return [...htmlChunks(pack, options)].join('');
}

const PIECE_WORKER = new URL('./piece-worker.js', import.meta.url);

/** What a piece-rendering thread is sent once. */
export interface PieceWorkerData {
  sourcing: PieceSourcing;
  dateFormat: DateFormat;
}

/** A piece as sent to a thread: everything but its source(), which the thread makes again from the paper's file. */
export type PieceTask = Omit<PackPiece, 'source'>;

/**
 * The pack's pieces rendered in order: on this thread, or on `threads` worker threads (each
 * making a piece's source from its file), at most a few finished pieces waiting to be written.
 */
async function* renderedPieces(pack: Pack, settings: PartSettings, threads: number): AsyncGenerator<RenderedPiece> {
  if (threads <= 1 || !canUseThreads(import.meta.url)) {
    for (const piece of pack.pieces) yield renderPiece(piece, settings);
    return;
  }
  const tasks: PieceTask[] = pack.pieces.map(({ source: _source, ...piece }) => piece);
  const shared: PieceWorkerData = { sourcing: pack.sourcing, dateFormat: pack.dateFormat };
  yield* inOrder<PieceTask, RenderedPiece>(PIECE_WORKER, tasks, { threads, shared, ahead: threads * 4 });
}

export const htmlRenderer: Renderer = {
  async render(pack, options, out: Writable) {
    const settings = partSettings(pack);
    const frame = pageFrame(pack, options, settings);
    const write = async (chunk: string): Promise<void> => {
      if (!out.write(chunk)) await once(out, 'drain');
    };
    await write(frame.head());
    let index = 0;
    for await (const part of renderedPieces(pack, settings, options.threads ?? 1)) await write(frame.take(part, pack.pieces[index++]));
    await write(frame.end());
    return {};
  },
};

/** The document's title, as the browser shows it. */
export function documentTitle(pack: Pack): string {
  return pack.title.includes(pack.hubName) ? pack.title : `${pack.title} – ${pack.hubName}`;
}

function documentHead(pack: Pack, paper: PaperSize, live: LivePage | undefined): string {
  const { css, hash } = stylesheet(paper, live !== undefined);
  let csp = `default-src 'none'; style-src ${hash}; img-src data:; base-uri 'none'; form-action 'none'`;
  if (live) csp += `; script-src 'sha256-${createHash('sha256').update(live.script).digest('base64')}'; connect-src 'self'`;
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(pack.lang)}"${live ? ` data-hub-build="${live.build}"` : ''}>\n<head>\n` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    '<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="color-scheme" content="light dark">\n' +
    '<meta name="referrer" content="no-referrer">\n' +
    `<meta name="generator" content="${escapeHtml(pack.generator)}">\n` +
    scholarMeta(pack) +
    `<title>${escapeHtml(documentTitle(pack))}</title>\n` +
    `<style>${css}</style>\n${live ? `<script>${live.script}</script>\n` : ''}</head>\n<body>\n`
  );
}

/** The problem panel of a live page: always present (hidden when empty), so a patch can replace it by id. */
export function problemPanel(problems: readonly PanelProblem[]): string {
  if (problems.length === 0) return `<section id="${PROBLEMS_ID}" class="problems" hidden></section>\n`;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const counts = [errors > 0 ? plural(errors, 'error') : '', problems.length > errors ? plural(problems.length - errors, 'warning') : ''].filter(Boolean).join(', ');
  const items = problems.map((problem) => `<li class="${problem.severity}"><pre>${escapeHtml(problem.text)}</pre></li>\n`).join('');
  return `<section id="${PROBLEMS_ID}" class="problems" aria-labelledby="${PROBLEMS_ID}.title">\n<div class="page">\n<h2 id="${PROBLEMS_ID}.title">${counts}</h2>\n<ul>\n${items}</ul>\n</div>\n</section>\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A `YYYY-MM-DD` date in a <time> element, shown as the pack shows dates. */
function dateHtml(date: string, format: DateFormat): string {
  const shown = escapeHtml(formatDate(date, format));
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `<time datetime="${escapeHtml(date)}">${shown}</time>` : shown;
}

/** The cover: hub, logo, title, subtitle, date and number of pieces. */
export function coverHtml(pack: Pack, markup: Markup = HTML_MARKUP): string {
  const subtitle = pack.subtitle ? `<p class="subtitle">${escapeHtml(pack.subtitle)}</p>\n` : '';
  return (
    `<header>\n<div class="band"><div class="page"><p>${escapeHtml(pack.hubName)}</p></div></div>\n` +
    `<div class="cover"><div class="page">\n${logoHtml(pack, markup)}<h1>${escapeHtml(pack.title)}</h1>\n${subtitle}` +
    `<dl class="facts">\n${pack.date ? `<div><dt>Date</dt><dd>${dateHtml(pack.date, pack.dateFormat)}</dd></div>\n` : ''}` +
    `<div><dt>Contents</dt><dd>${plural(pack.pieces.length, 'piece')}</dd></div>\n</dl>\n</div></div>\n</header>\n`
  );
}

/** A part rendered with a state of its own, its warnings gathered rather than reported. */
function renderPart(settings: PartSettings, render: (state: DocumentState) => string): RenderedPiece {
  const warnings: Diagnostic[] = [];
  const state = documentState({ warn: (diagnostic) => warnings.push(diagnostic) }, settings.markup, settings.images);
  const html = render(state);
  return { html, ids: [...state.ids], fragmentLinks: state.fragmentLinks, warnings };
}

function sourceContext(document: DocumentState, where: Where, idPrefix: string, label: string): SourceContext {
  const unknown = new Set<string>();
  const context: SourceContext = {
    document,
    where,
    idPrefix,
    label,
    footnoteNumbers: new Map(),
    headingLevel: headingLevels([]),
    unknownToken: (type) => {
      if (unknown.has(type)) return;
      unknown.add(type);
      warn(context, HTML_CODES.unknownToken, `Markdown of a kind hub does not know (${type}) is shown as plain text.`, 'Write it as plain Markdown, or tell the hub team which extension made it.');
    },
  };
  return context;
}

/** The introduction of a curated pack, headed like a piece. */
export function renderIntroduction(pack: Pack, introduction: PackSource, settings: PartSettings): RenderedPiece {
  return renderPart(settings, (state) => {
    state.ids.add(INTRODUCTION_ID);
    const context = sourceContext(state, { file: `${pack.slug} (introduction)`, line: 1 }, INTRODUCTION_ID, 'Introduction');
    const level = settings.markup.titleLevel;
    return `<section class="introduction" aria-labelledby="${INTRODUCTION_ID}">\n<h${level} id="${INTRODUCTION_ID}">Introduction</h${level}>\n${renderSource(introduction.source(), context)}</section>\n`;
  });
}

function contentsHtml(pack: Pack): string {
  const introduction = pack.introduction ? `<li><a href="#${INTRODUCTION_ID}">Introduction</a></li>\n` : '';
  const entries = pack.pieces.map((piece) => contentsEntry(piece, pack.dateFormat)).join('');
  // Room for the widest number: "100." does not fit where "10." does.
  const digits = String(pack.pieces.length + (pack.introduction ? 1 : 0)).length;
  const classes = digits > 2 ? `toc numbers-${Math.min(digits, 5)}` : 'toc';
  return `<nav class="${classes}" aria-labelledby="${CONTENTS_ID}">\n<h2 id="${CONTENTS_ID}">Contents</h2>\n<ol>\n${introduction}${entries}</ol>\n</nav>\n`;
}

/** A piece's entry in the contents: its title, type, date and authors, and its sections. */
export function contentsEntry(piece: PackPiece, dateFormat: DateFormat): string {
  const { metadata } = piece.publication;
  let html =
    `<li><a href="#${escapeHtml(piece.id)}">${escapeHtml(metadata.title)}</a>` +
    tocMeta([escapeHtml(typeName(metadata.type)), dateHtml(metadata.date, dateFormat), escapeHtml(authorList(metadata.authors))]);
  const sections = sectionHeadings(piece.headings);
  if (sections.length > 0) {
    html += '\n<ul>\n';
    for (const heading of sections) html += `<li><a href="#${escapeHtml(heading.id)}">${escapeHtml(heading.text)}</a></li>\n`;
    html += '</ul>\n';
  }
  return `${html}</li>\n`;
}

/** "Paper, 31 March 2010, A and B", leaving out what the paper does not give. */
function tocMeta(partsHtml: string[]): string {
  const shown = partsHtml.filter(Boolean);
  return shown.length > 0 ? `<span class="toc-meta">${shown.join(', ')}</span>` : '';
}

function metaRow(term: string, valueHtml: string): string {
  return `<div><dt>${term}</dt><dd>${valueHtml}</dd></div>\n`;
}

function renderPieceHeader(piece: PackPiece, titleId: string, titleLevel: number, dateFormat: DateFormat): string {
  const metadata: Metadata = piece.publication.metadata;
  const badge = metadata.status === 'published' ? '' : `<strong class="badge">${escapeHtml(statusName(metadata.status))}</strong>`;
  const caption = [escapeHtml(captionParts(metadata).join(', ')), badge].filter(Boolean).join(' ');
  let html = `<header class="piece-header">\n${caption ? `<p class="caption">${caption}</p>\n` : ''}`;
  html += `<h${titleLevel} id="${escapeHtml(titleId)}">${escapeHtml(metadata.title)}</h${titleLevel}>\n`;
  if (metadata.subtitle) html += `<p class="subtitle">${escapeHtml(metadata.subtitle)}</p>\n`;
  html += '<dl class="meta">\n';
  if (metadata.authors.length > 0) html += metaRow(metadata.authors.length === 1 ? 'Author' : 'Authors', escapeHtml(authorList(metadata.authors)));
  if (metadata.date) html += metaRow('Date', dateHtml(metadata.date, dateFormat));
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

/** One piece as an <article>: its header (title, metadata), its body, its notes and how to cite it. Lexes the piece. */
export function renderPiece(piece: PackPiece, settings: PartSettings): RenderedPiece {
  return renderPart(settings, (state) => {
    const { publication } = piece;
    const titleId = `${piece.id}.title`;
    state.ids.add(piece.id);
    const { lang: paperLang } = publication.metadata;
    const lang = paperLang ? ` lang="${escapeHtml(paperLang)}"${settings.markup.xhtml ? ` xml:lang="${escapeHtml(paperLang)}"` : ''}` : '';
    const context = sourceContext(state, { file: publication.displayPath, line: publication.bodyLine }, piece.id, publication.metadata.title);
    return (
      `<article class="piece" id="${escapeHtml(piece.id)}" aria-labelledby="${escapeHtml(titleId)}"${lang}>\n` +
      renderPieceHeader(piece, titleId, settings.markup.titleLevel, settings.dateFormat) +
      renderSource(piece.source(), context) +
      citeBlock(piece, 3) +
      '</article>\n'
    );
  });
}

/** A Markdown body with its notes. */
function renderSource(tokens: ReturnType<PackSource['source']>, context: SourceContext): string {
  const { notes, numbers } = numberFootnotes(tokens);
  context.footnoteNumbers = numbers;
  context.headingLevel = headingLevels(tokens);
  return renderTokens(tokens, context) + renderNotes(notes, context, context.document.markup.titleLevel + 1);
}

/**
 * Links to `#id` must land somewhere: checked once every id of the pack is known (the
 * parts' own, and the page's: the HTML pack's main landmark).
 */
export function fragmentWarnings(parts: readonly LinkCheckPart[], pageIds: readonly string[] = [MAIN_ID]): Diagnostic[] {
  const ids = new Set<string>(pageIds);
  for (const part of parts) {
    for (const id of part.ids) ids.add(id);
    if (!part.anchorsOf) continue;
    const { piece, absent } = part.anchorsOf;
    for (const id of pieceIds(piece)) if (!absent.includes(id)) ids.add(id);
  }
  const found: Diagnostic[] = [];
  for (const { target, where } of parts.flatMap((part) => part.fragmentLinks)) {
    const id = fragmentId(target);
    if (!ids.has(id)) {
      found.push({
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
  return found;
}
