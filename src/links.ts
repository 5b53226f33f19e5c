// What a link or image target in a paper points at. Shared by validate (is it
// there?) and the pack layer (where does it go in the pack?).

import { dirname, extname, resolve, sep } from 'node:path';
import type { Token, Tokens } from 'marked';
import type { Footnotes } from './markdown.js';

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

/**
 * Walk a body's tokens and find where each link, image and heading sits.
 * marked tokens carry no positions, so each token's `raw` text is searched for
 * from where its parent was found: exact for all but repeated identical raws.
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
  const visit = (list: readonly Token[], from: number): void => {
    let cursor = from;
    for (const token of list) {
      const found = token.raw ? body.indexOf(token.raw, cursor) : -1;
      const offset = found === -1 ? cursor : found;
      if (token.type === 'link') index.links.push({ token: token as Tokens.Link, ...locate(offset) });
      else if (token.type === 'image') index.images.push({ token: token as Tokens.Image, ...locate(offset) });
      else if (token.type === 'heading') index.headings.push({ token: token as Tokens.Heading, ...locate(offset) });
      const children: Token[][] = [];
      if ('tokens' in token && Array.isArray(token.tokens)) children.push(token.tokens);
      if (token.type === 'list') children.push((token as Tokens.List).items);
      if (token.type === 'footnotes') for (const note of (token as Footnotes).items) children.push(note.content);
      if (token.type === 'table') {
        const table = token as Tokens.Table;
        for (const cell of table.header) children.push(cell.tokens);
        for (const row of table.rows) for (const cell of row) children.push(cell.tokens);
      }
      for (const child of children) visit(child, offset);
      if (found !== -1) cursor = found + token.raw.length;
    }
  };
  visit(tokens, 0);
  return index;
}
