// The one way hub reads Markdown: GFM plus footnotes (and kramdown's syntax in a kramdown
// hub, Liquid in any; raw HTML turned into tokens in both), through a private Marked instance (never the global `marked.use()`),
// so every stage sees the same tokens.

import { Marked, type Token } from 'marked';
import markedFootnote from 'marked-footnote';
import type { MarkdownDialect } from '../model.js';
import { applyExplicitIds } from './anchors.js';
import { applyKramdown, completeDefinitionLists, KRAMDOWN_EXTENSIONS, noteKramdownLookalikes } from './kramdown.js';
import { LIQUID_EXTENSIONS, removeLiquid } from './liquid.js';
import { locateTokens } from './links.js';
import { NoteTaker, type SyntaxNote } from './notes.js';
import { convertRawHtml, type RawHtmlReport } from './rawhtml.js';
import { capNesting, type CappedSource } from './nesting.js';
import { keepExtraCells } from './tables.js';

export type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';
export type { Abbreviation, DefinitionItem, DefinitionList } from './kramdown.js';
export { childTokenLists, eachTokenList, plainText, visitToken } from './tokens.js';
export type { BlockType, HubToken, HubTokenType, InlineType, Script, TokenOf, TokenVisitor, TokenWalk } from './tokens.js';
export { anchorsOf, headingTokens, type Anchor, type Anchored, type AnchorToken } from './anchors.js';
export type { RawHtmlReport } from './rawhtml.js';

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

/** A lexed body: its tokens, what reading it noticed, and the text they were read from (deep nesting capped). */
export interface LexedBody {
  tokens: Token[];
  notes: SyntaxNote[];
  /** The body as lexed: the same as given unless nesting was capped (token offsets refer to this). */
  source: string;
  /** Set when lists or blockquotes nest deeper than MAX_NESTING: the first such line (0-based) and its depth. */
  deepest?: CappedSource['deepest'];
  /** What the raw HTML of the body became: set when it had some. */
  rawHtml?: RawHtmlReport;
}

/**
 * Lex a Markdown body into block tokens (GFM, footnotes, and kramdown's syntax in a kramdown
 * hub), with only content left in them: Liquid and kramdown's layout hints are taken out and,
 * when `withNotes`, noted with their place. When the body has footnotes, a `footnotes` token
 * comes first in the list. Lists and blockquotes nested deeper than MAX_NESTING are capped first.
 */
export function lexBody(body: string, dialect: MarkdownDialect, withNotes = false): LexedBody {
  const capped = capNesting(body);
  const source = capped.text;
  // marked-footnote keeps per-document state that only its walkTokens hook (run by
  // parse(), never by lexer()) resets, so each document gets a fresh instance.
  const marked = new Marked({ gfm: true }).use(markedFootnote(), keepExtraCells(dialect === 'kramdown'));
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
  // Raw HTML becomes tokens last, in both dialects, so its headings and ids join the same anchors.
  const rawHtml = source.includes('<') ? convertRawHtml(tokens) : undefined;
  return { tokens, notes: notes.sorted(), source, ...(capped.deepest ? { deepest: capped.deepest } : {}), ...(rawHtml ? { rawHtml } : {}) };
}

/** Lex a body for rendering: the tokens only. */
export function lexMarkdown(source: string, dialect: MarkdownDialect): Token[] {
  return lexBody(source, dialect).tokens;
}
