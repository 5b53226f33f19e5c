// What a link or image target in a paper points at, and the one URL policy. Shared by
// validation (is it there? may a pack keep it?), the pack layer (where does it go in the
// pack?) and the renderers (which check every href again with the same safeUrl).

import { dirname, extname, join, resolve, sep } from 'node:path';
import type { Token, Tokens } from 'marked';
import { decodeHTML } from 'entities/decode';
import { isFile, realPath } from '../io/files.js';
import type { Hub, MarkdownDialect, PaperRoots } from '../model.js';
import { anchorsOf } from './anchors.js';
import type { SyntaxNote, SyntaxNoteKind } from './notes.js';
import type { DecorativeImage, RawHtmlReport } from './rawhtml.js';
import type { WideTable } from './tables.js';
import { childTokenLists, plainText } from './tokens.js';

export type LinkTarget =
  | { kind: 'external'; url: string }
  /** A scheme packs never link to (javascript:, data:, file:...): only its text is kept. */
  | { kind: 'refused' }
  | { kind: 'fragment'; fragment: string }
  | { kind: 'paper'; path: string; fragment?: string }
  | { kind: 'file'; path: string };

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
// Characters that may not appear raw in a URL fragment inside an attribute.
const FRAGMENT_UNSAFE = /[\s\u0000-\u001f\u007f"<>`]/g;

/**
 * The one URL policy for every link target in the pack, from Markdown or raw HTML.
 * Allows `http:`, `https:`, `mailto:` and in-document `#fragment`s; everything else
 * (`javascript:`, `vbscript:`, `data:`, relative paths, protocol-relative URLs) is refused.
 * The check runs on what a browser would see: entities decoded, then the WHATWG URL parser,
 * which strips leading control characters and removes tabs and newlines anywhere.
 * Returns the normalised URL (not yet escaped for HTML), or undefined when refused.
 */
export function safeUrl(raw: string): string | undefined {
  const decoded = raw.includes('&') ? decodeHTML(raw) : raw;
  const trimmed = decoded.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (trimmed.startsWith('#')) {
    return trimmed.length > 1 ? '#' + trimmed.slice(1).replace(FRAGMENT_UNSAFE, encodeURIComponent) : undefined;
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined; // relative or malformed
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : undefined;
}

/** An absolute URL (a colon before any `/`, `?` or `#`, once entities are decoded) or protocol-relative. */
function hasScheme(href: string): boolean {
  const decoded = href.includes('&') ? decodeHTML(href) : href;
  return /^[^/?#]*:/.test(decoded) || decoded.trimStart().startsWith('//');
}

/** On the web: packs never fetch it. The one test for "is it remote", for links and images alike. */
export function isRemote(src: string): boolean {
  return /^https?:\/\//i.test(src) || src.startsWith('//');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function paperRoots(hub: Hub): PaperRoots {
  return { publicationsDir: hub.publicationsDir, ...(hub.config.siteRoot !== undefined ? { siteRoot: hub.config.siteRoot } : {}) };
}

/** The part of `path` (a target's path, undecoded) below the site root, or undefined when it is not under it. */
function belowSiteRoot(path: string, roots: PaperRoots): string | undefined {
  const root = roots.siteRoot;
  if (root === undefined) return undefined;
  if (path === root.slice(0, -1)) return '';
  return path.startsWith(root) ? path.slice(root.length) : undefined;
}

/** Whether a target written from a site's root (`/…`) is under the hub's site root: a page or file of publications/. */
export function underSiteRoot(href: string, roots: PaperRoots): boolean {
  return belowSiteRoot(href.split(/[?#]/)[0]!, roots) !== undefined;
}

/**
 * The file of publications/ at `below` the site root. A page's address is its paper: `…/name/`
 * is name/index.md, `…/name.html` name.md, and `…/name` name.md, or name/index.md when only
 * that is there (a site serves a folder's index at the folder's name).
 */
function siteFile(below: string, roots: PaperRoots, page: boolean): string {
  const path = join(roots.publicationsDir, decode(below));
  if (!page) return path;
  if (below === '' || below.endsWith('/')) return join(path, 'index.md');
  const extension = extname(path);
  if (/^\.html?$/i.test(extension)) return siteStylePaperPath(path);
  if (extension !== '') return path;
  const folderIndex = join(path, 'index.md');
  return !isFile(`${path}.md`) && isFile(folderIndex) ? folderIndex : `${path}.md`;
}

/** Classify a link `href` written in the paper at `paperPath`. */
export function linkTarget(href: string, paperPath: string, roots: PaperRoots): LinkTarget {
  if (hasScheme(href)) {
    const url = safeUrl(href);
    return url && !url.startsWith('#') ? { kind: 'external', url } : { kind: 'refused' };
  }
  const hash = href.indexOf('#');
  const pathPart = hash === -1 ? href : href.slice(0, hash);
  const fragment = hash === -1 ? undefined : decode(href.slice(hash + 1));
  if (pathPart === '') return { kind: 'fragment', fragment: fragment ?? '' };
  const written = pathPart.split('?')[0]!;
  const below = belowSiteRoot(written, roots);
  const path = below === undefined ? resolve(dirname(paperPath), decode(written)) : siteFile(below, roots, true);
  if (extname(path) === '.md') return { kind: 'paper', path, ...(fragment !== undefined ? { fragment } : {}) };
  return { kind: 'file', path };
}

/** The paper file a link to the file at `path` would name if it were written the web site's way (`email-addresses`, `….html`, `…/`): for hints. */
export function siteStylePaperPath(path: string): string {
  return path.replace(/(?:\.html?)?$/i, '.md');
}

/** The image types packs embed, by file extension, and their media types: the one list (validation, HTML, PDF). */
const IMAGE_TYPES: Readonly<Record<string, string>> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml' };
/** The image types by name, for messages and hints. */
export const IMAGE_TYPE_NAMES = 'PNG, JPEG, GIF or SVG';

/** The media type of an image file packs can embed, or undefined for any other file. */
export function imageMediaType(path: string): string | undefined {
  return IMAGE_TYPES[extname(path).toLowerCase()];
}

export type ImageTarget = { kind: 'remote' } | { kind: 'local'; path: string } | { kind: 'outside'; path: string } | { kind: 'unsupported' };

/**
 * Classify an image `src`: a local file must be under `publications/` once symbolic links are
 * followed (the folder hub tells authors to keep images in). The one decision for validation,
 * the pack and so every renderer.
 */
export function imageTarget(src: string, paperPath: string, roots: PaperRoots): ImageTarget {
  if (isRemote(src)) return { kind: 'remote' };
  if (hasScheme(src)) return { kind: 'unsupported' };
  const written = src.split(/[?#]/)[0]!;
  const below = belowSiteRoot(written, roots);
  const path = realPath(below === undefined ? resolve(dirname(paperPath), decode(written)) : siteFile(below, roots, false));
  const folder = realPath(roots.publicationsDir);
  const inside = path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
  return inside ? { kind: 'local', path } : { kind: 'outside', path };
}

/** Where something sits in a paper's file: 1-based line and column. */
export interface Located {
  line: number;
  column: number;
}

export interface IndexedLink extends Located {
  href: string;
}

export interface IndexedImage extends Located, DecorativeImage {
  href: string;
  alt: string;
}

export interface IndexedHeading extends Located {
  depth: number;
  /** The heading's plain text, as the outline and the contents show it. */
  text: string;
  /** Its anchor within the paper, by the one anchor rule (anchorsOf). */
  slug: string;
}

/** A table row with more cells than its header (GFM would drop the extra ones; hub keeps them). */
export interface IndexedLongRow extends Located {
  cells: number;
  headerCells: number;
}

/** Raw HTML the packs cannot keep as written, with where it first appears. */
export interface IndexedRawHtml extends Located {
  /** Elements kept only as their text. */
  textOnly: string[];
  /** Elements and attributes the allowlist removed. */
  removed: string[];
}

export interface IndexedAnchor {
  slug: string;
  /** A heading's (listed in `headings` too), or another block's. */
  heading: boolean;
}

/** Something the lexer noticed and left out of the tokens, or read as the author may not have meant. */
export interface IndexedNote extends Located {
  kind: SyntaxNoteKind;
  text: string;
  count?: number;
}

/**
 * What the checks and the pack need to know of a body, as plain data: no marked
 * tokens survive indexing, so nothing holds a lexed paper after it has been checked.
 */
export interface BodyIndex {
  links: IndexedLink[];
  images: IndexedImage[];
  /** In document order, as anchorsOf gives them. */
  headings: IndexedHeading[];
  /** Every anchor a link may name, in document order: headings' slugs and other blocks' ids. */
  anchors: IndexedAnchor[];
  notes: IndexedNote[];
  /** The line of the body's first non-blank line (a leading heading sits there). */
  firstLine: number;
  /** Set when lists or blockquotes nest deeper than hub reads: the first such line and its depth. */
  nesting?: { line: number; levels: number };
  longRows?: IndexedLongRow[];
  rawHtml?: IndexedRawHtml;
}

/** Tokens under `token` (itself included) that `want` picks, in document order. */
function eachWanted(token: Token, want: (token: Token) => boolean, visit: (target: Token) => void): void {
  if (want(token)) visit(token);
  for (const list of childTokenLists(token)) for (const child of list) eachWanted(child, want, visit);
}

/**
 * Find where in the body each token that `want` picks starts. marked tokens carry no
 * positions, so each one's `raw` text is searched for inside the source of its top-level
 * block (whose raws follow one another through the body), never beyond it: exact for all
 * but repeated identical raws, and linear in the body.
 */
export function locateTokens(tokens: readonly Token[], body: string, want: (token: Token) => boolean): Map<Token, number> {
  const offsets = new Map<Token, number>();
  let cursor = 0;
  for (const block of tokens) {
    // The footnotes block is lexed first but its notes sit anywhere, and blocks made from raw
    // HTML have no raw of their own: search the body for what they hold.
    const made = block.type !== 'footnotes' && !block.raw;
    const whole = block.type === 'footnotes' || made;
    const found = whole ? -1 : body.indexOf(block.raw, cursor);
    const blockStart = whole ? 0 : found === -1 ? cursor : found;
    const source = whole ? body : block.raw;
    let local = made ? cursor : 0;
    eachWanted(block, want, (token) => {
      const at = token.raw ? source.indexOf(token.raw, local) : -1;
      offsets.set(token, blockStart + (at === -1 ? local : at));
      // Step one character on, not past the raw: an image can sit inside a link's raw.
      if (at !== -1) local = at + 1;
    });
    if (found !== -1) cursor = found + block.raw.length;
  }
  return offsets;
}

/** Turns body offsets into 1-based lines and columns of the file. */
function positionsIn(body: string, bodyLine: number): (offset: number) => Located {
  const lineStarts = [0];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: bodyLine + low, column: offset - lineStarts[low]! + 1 };
  };
}

const isTarget = (token: Token): boolean => token.type === 'link' || token.type === 'image' || token.type === 'heading' || token.type === 'table';

/** Where each link, image, heading and note of a body sits, and the body's anchors. */
export function indexBody(tokens: readonly Token[], body: string, bodyLine: number, dialect: MarkdownDialect, notes: readonly SyntaxNote[] = [], rawHtml?: RawHtmlReport): BodyIndex {
  const index: BodyIndex = { links: [], images: [], headings: [], anchors: [], notes: [], firstLine: bodyLine + Math.max(0, body.split('\n', 200).findIndex((line) => line.trim() !== '')) };
  const locate = positionsIn(body, bodyLine);
  const offsets = locateTokens(tokens, body, isTarget);
  for (const [token, offset] of offsets) {
    if (token.type === 'link') index.links.push({ href: (token as Tokens.Link).href, ...locate(offset) });
    else if (token.type === 'image') {
      const { href, text, decorative } = token as Tokens.Image & DecorativeImage;
      index.images.push({ href, alt: text, ...(decorative ? { decorative } : {}), ...locate(offset) });
    }
    else if (token.type === 'table') {
      const where = locate(offset);
      // Rows start on the third line of the table (after the header and the delimiter row).
      for (const row of (token as WideTable).longRows ?? []) (index.longRows ??= []).push({ ...where, line: where.line + 2 + row.row, column: 1, cells: row.cells, headerCells: row.headerCells });
    }
  }
  for (const { slug, heading } of anchorsOf(tokens, dialect)) {
    index.anchors.push({ slug, heading: heading !== undefined });
    if (!heading) continue;
    const offset = offsets.get(heading);
    index.headings.push({ depth: heading.depth, text: plainText(heading.tokens), slug, ...(offset === undefined ? { line: bodyLine, column: 1 } : locate(offset)) });
  }
  for (const { offset, ...note } of notes) index.notes.push({ ...note, ...locate(offset) });
  if (rawHtml && (rawHtml.textOnlyTags.size > 0 || rawHtml.removed.tags.size > 0 || rawHtml.removed.attributes.size > 0)) {
    const textOnly = [...rawHtml.textOnlyTags];
    const removed = [...[...rawHtml.removed.tags].map((tag) => `<${tag}>`), ...[...rawHtml.removed.attributes].map((name) => `${name}=`)];
    // Point at the first of them in the file (or the first tag at all).
    const first = [...rawHtml.textOnlyTags, ...rawHtml.removed.tags].map((tag) => body.search(new RegExp(`<${tag.replace(/[^a-z0-9-]/gi, '\\$&')}[\\s/>]`, 'i'))).filter((offset) => offset !== -1);
    const offset = first.length > 0 ? Math.min(...first) : Math.max(0, body.indexOf('<'));
    index.rawHtml = { ...locate(offset), textOnly, removed };
  }
  // Footnotes were visited first: put everything back in document order.
  const byPosition = (a: Located, b: Located): number => a.line - b.line || a.column - b.column;
  index.links.sort(byPosition);
  index.images.sort(byPosition);
  return index;
}
