// One paper lexed and indexed: the tokens and the body are let go, the plain-data index kept.

import { lexBody } from '../markdown/lex.js';
import { indexBody } from '../markdown/links.js';
import type { MarkdownDialect, Publication } from '../model.js';
import type { IndexedPaper } from './rules.js';

/**
 * Lex a paper's body once, as the hub's dialect reads it, and keep its plain-data index;
 * the tokens and the body itself are let go (a renderer reads the body again when it reaches the paper).
 */
export function indexPaper(publication: Publication, dialect: MarkdownDialect): IndexedPaper {
  const { tokens, notes, source, deepest, rawHtml } = lexBody(publication.body, dialect, true);
  const index = indexBody(tokens, source, publication.bodyLine, dialect, notes, rawHtml);
  if (deepest) index.nesting = { line: publication.bodyLine + deepest.line, levels: deepest.levels };
  // The index's texts (hrefs, headings) are slices of the body, and a slice keeps the whole body
  // alive: copied, so the index really holds no body.
  return { publication: { ...publication, body: '' }, index: structuredClone(index) };
}

