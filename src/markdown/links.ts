// What a link or image target in a paper points at. Shared by validate (is it
// there?) and the pack layer (where does it go in the pack?).

import { dirname, extname, resolve, sep } from 'node:path';
import type { Token, Tokens } from 'marked';
import { childTokenLists } from './lex.js';

export type LinkTarget =
  | { kind: 'external' }
  | { kind: 'fragment'; fragment: string }
  | { kind: 'paper'; path: string; fragment?: string }
  | { kind: 'file'; path: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Classify a link `href` written in the paper at `paperPath`. */
export function linkTarget(href: string, paperPath: string): LinkTarget {
  if (SCHEME.test(href) || href.startsWith('//')) return { kind: 'external' };
  const hash = href.indexOf('#');
  const pathPart = hash === -1 ? href : href.slice(0, hash);
  const fragment = hash === -1 ? undefined : decode(href.slice(hash + 1));
  if (pathPart === '') return { kind: 'fragment', fragment: fragment ?? '' };
  const path = resolve(dirname(paperPath), decode(pathPart.split('?')[0]!));
  if (extname(path) === '.md') return { kind: 'paper', path, ...(fragment !== undefined ? { fragment } : {}) };
  return { kind: 'file', path };
}

export type ImageTarget = { kind: 'remote' } | { kind: 'local'; path: string } | { kind: 'outside'; path: string } | { kind: 'unsupported' };

/** Classify an image `src`: local files must stay inside the hub's folder. */
export function imageTarget(src: string, paperPath: string, hubRoot: string): ImageTarget {
  if (/^https?:\/\//i.test(src) || src.startsWith('//')) return { kind: 'remote' };
  if (SCHEME.test(src)) return { kind: 'unsupported' };
  const path = resolve(dirname(paperPath), decode(src.split(/[?#]/)[0]!));
  const inside = path.startsWith(hubRoot.endsWith(sep) ? hubRoot : hubRoot + sep);
  return inside ? { kind: 'local', path } : { kind: 'outside', path };
}

/** A link, image or heading found in a body, with its 1-based line and column in the file. */
export interface Located<T> {
  token: T;
  line: number;
  column: number;
}

export interface BodyIndex {
  links: Located<Tokens.Link>[];
  images: Located<Tokens.Image>[];
  headings: Located<Tokens.Heading>[];
}

/** Links, images and headings under `token` (itself included), in document order. */
function eachTarget(token: Token, visit: (target: Token) => void): void {
  if (token.type === 'link' || token.type === 'image' || token.type === 'heading') visit(token);
  for (const list of childTokenLists(token)) for (const child of list) eachTarget(child, visit);
}

/**
 * Find where each link, image and heading of a body sits. marked tokens carry no
 * positions, so each one's `raw` text is searched for inside the source of its
 * top-level block (whose raws follow one another through the body), never
 * beyond it: exact for all but repeated identical raws, and linear in the body.
 */
export function indexBody(tokens: readonly Token[], body: string, bodyLine: number): BodyIndex {
  const index: BodyIndex = { links: [], images: [], headings: [] };
  const lineStarts = [0];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const locate = (offset: number): { line: number; column: number } => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: bodyLine + low, column: offset - lineStarts[low]! + 1 };
  };
  let cursor = 0;
  for (const block of tokens) {
    // The footnotes block is lexed first but its notes sit anywhere: search the whole body for them.
    const found = block.type === 'footnotes' || !block.raw ? -1 : body.indexOf(block.raw, cursor);
    const blockStart = found === -1 ? (block.type === 'footnotes' ? 0 : cursor) : found;
    const source = block.type === 'footnotes' ? body : block.raw;
    let local = 0;
    eachTarget(block, (token) => {
      const at = token.raw ? source.indexOf(token.raw, local) : -1;
      const where = locate(blockStart + (at === -1 ? local : at));
      // Step one character on, not past the raw: an image can sit inside a link's raw.
      if (at !== -1) local = at + 1;
      if (token.type === 'link') index.links.push({ token: token as Tokens.Link, ...where });
      else if (token.type === 'image') index.images.push({ token: token as Tokens.Image, ...where });
      else index.headings.push({ token: token as Tokens.Heading, ...where });
    });
    if (found !== -1) cursor = found + block.raw.length;
  }
  // Footnotes were visited first: put everything back in document order.
  const byPosition = (a: { line: number; column: number }, b: { line: number; column: number }): number => a.line - b.line || a.column - b.column;
  index.links.sort(byPosition);
  index.images.sort(byPosition);
  return index;
}
