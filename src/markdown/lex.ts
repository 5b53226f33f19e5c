// The one way hub reads Markdown: GFM plus footnotes (and kramdown's syntax in a kramdown
// hub, Liquid in any), through a private Marked instance (never the global `marked.use()`),
// so every stage sees the same tokens.

import { Marked, type Token } from 'marked';
import markedFootnote from 'marked-footnote';
import type { MarkdownDialect } from '../model.js';
import { applyExplicitIds } from './anchors.js';
import { applyKramdown, completeDefinitionLists, KRAMDOWN_EXTENSIONS, noteKramdownLookalikes } from './kramdown.js';
import { LIQUID_EXTENSIONS, removeLiquid } from './liquid.js';
import { locateTokens } from './links.js';
import { NoteTaker, type SyntaxNote } from './notes.js';

export type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';
export type { Abbreviation, DefinitionItem, DefinitionList } from './kramdown.js';
export { childTokenLists, eachTokenList, plainText } from './tokens.js';
export { anchorsOf, headingTokens, type Anchor, type Anchored } from './anchors.js';

/** Something kramdown would read as syntax: a line to look at closely in a CommonMark hub. */
const KRAMDOWN_LOOKALIKE = /\{:|\*\[|^ {0,3}#{1,6}[^#\s]/m;

/** Tokens whose place in the body a note may need. */
function mayBeNoted(token: Token): boolean {
  switch (token.type) {
    case 'text':
      return 'tokens' in token && token.tokens !== undefined; // block text, in list items
    case 'paragraph':
    case 'table':
    case 'heading':
    case 'html':
    case 'link':
    case 'liquid':
    case 'kramdownAttributes':
    case 'kramdownExtension':
      return true;
    default:
      return false;
  }
}

/**
 * Lex a Markdown body into block tokens (GFM, footnotes, and kramdown's syntax in a kramdown
 * hub), with only content left in them: Liquid and kramdown's layout hints are taken out and,
 * when `withNotes`, noted with their place. When the body has footnotes, a `footnotes` token
 * comes first in the list.
 */
export function lexBody(source: string, dialect: MarkdownDialect, withNotes = false): { tokens: Token[]; notes: SyntaxNote[] } {
  // marked-footnote keeps per-document state that only its walkTokens hook (run by
  // parse(), never by lexer()) resets, so each document gets a fresh instance.
  const marked = new Marked({ gfm: true }).use(markedFootnote());
  // Most papers have none of this syntax: a glance at the source spares them the extensions and passes.
  const liquid = source.includes('{%') || source.includes('{{');
  const kramdown = dialect === 'kramdown';
  const extensions = [...(liquid ? LIQUID_EXTENSIONS : []), ...(kramdown ? KRAMDOWN_EXTENSIONS : [])];
  if (extensions.length > 0) marked.use({ extensions });
  const tokens = marked.lexer(source);
  if (kramdown) completeDefinitionLists(tokens);
  const noted = withNotes && (liquid || (kramdown ? source.includes('{:') : KRAMDOWN_LOOKALIKE.test(source)));
  const notes = new NoteTaker(source, noted ? locateTokens(tokens, source, mayBeNoted) : undefined);
  if (liquid) removeLiquid(tokens, notes);
  if (kramdown) applyKramdown(tokens, notes);
  else if (noted) noteKramdownLookalikes(tokens, notes);
  if (source.includes('{#')) applyExplicitIds(tokens);
  return { tokens, notes: notes.sorted() };
}

/** Lex a body for rendering: the tokens only. */
export function lexMarkdown(source: string, dialect: MarkdownDialect): Token[] {
  return lexBody(source, dialect).tokens;
}

