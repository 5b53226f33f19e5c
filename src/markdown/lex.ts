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
import { keepExtraCells } from './tables.js';

export type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';
export type { Abbreviation, DefinitionItem, DefinitionList } from './kramdown.js';
export { childTokenLists, eachTokenList, plainText } from './tokens.js';
export { anchorsOf, headingTokens, type Anchor, type Anchored, type AnchorToken } from './anchors.js';
export type { RawHtmlReport } from './rawhtml.js';

/** Raised or lowered text: raw `<sup>`, `<sub>`. */
export interface Script {
  type: 'sup' | 'sub';
  raw: string;
  text: string;
  tokens: Token[];
}

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
  const marked = new Marked({ gfm: true }).use(markedFootnote(), keepExtraCells());
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

/**
 * The deepest nesting of lists and blockquotes hub reads. marked recurses once per
 * level and overflows the stack near 2,000; no real paper comes close to this.
 */
export const MAX_NESTING = 1000;

export interface CappedSource {
  text: string;
  /** The first line (0-based, in the source) nested deeper than MAX_NESTING, and how deep it went. */
  deepest?: { line: number; levels: number };
}

const CONTAINER_MARKER = /^(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Cap each line's container prefix (blockquote `>`, list markers, indentation: two
 * spaces a level) at MAX_NESTING levels. Markers and spaces beyond the cap are dropped,
 * never the line's text, so the deepest items join the deepest level that is kept.
 * Lines inside top-level code fences are code and left alone.
 */
export function capNesting(source: string): CappedSource {
  // Only a line longer than the cap can nest past it.
  if (source.length <= MAX_NESTING) return { text: source };
  let result: CappedSource | undefined;
  const lines = source.split('\n');
  let fence: string | undefined;
  for (let number = 0; number < lines.length; number++) {
    const line = lines[number]!;
    const opening = FENCE.exec(line)?.[1];
    if (fence) {
      if (opening && opening[0] === fence[0] && opening.length >= fence.length) fence = undefined;
      continue;
    }
    if (opening) {
      fence = opening;
      continue;
    }
    if (line.length <= MAX_NESTING) continue;
    let depth = 0;
    let at = 0;
    let kept = '';
    let spaces = 0;
    while (at < line.length) {
      const char = line[at]!;
      if (char === ' ' || char === '\t') {
        spaces += char === '\t' ? 4 : 1;
        if (spaces % 2 === 0) depth++;
        if (depth <= MAX_NESTING) kept += char;
        at++;
        continue;
      }
      const found = CONTAINER_MARKER.exec(line.slice(at, at + 11))?.[0];
      if (!found) break;
      // The space after a marker belongs to it, not to the next level's indentation.
      const marker = line[at + found.length] === ' ' ? `${found} ` : found;
      depth++;
      spaces = 0;
      if (depth <= MAX_NESTING) kept += marker;
      at += marker.length;
    }
    if (depth <= MAX_NESTING) continue;
    result ??= { text: '', deepest: { line: number, levels: depth } };
    lines[number] = kept + line.slice(at);
  }
  return result ? { ...result, text: lines.join('\n') } : { text: source };
}
