// The one way hub reads Markdown: GFM plus footnotes, through a private Marked
// instance (never the global `marked.use()`), so every stage sees the same tokens.

import { Marked, type Token, type Tokens } from 'marked';
import markedFootnote, { type Footnotes } from 'marked-footnote';
import GithubSlugger from 'github-slugger';
import { decodeHTML } from 'entities';

export type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';

/**
 * Lex a Markdown body into block tokens (GFM, footnotes). When the body has
 * footnotes, a `footnotes` token comes first in the list.
 */
export function lexMarkdown(source: string): Token[] {
  // marked-footnote keeps per-document state that only its walkTokens hook (run by
  // parse(), never by lexer()) resets, so each document gets a fresh instance.
  return new Marked({ gfm: true }).use(markedFootnote()).lexer(capNesting(source).text);
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

/** The readable text of inline tokens: what a screen reader or an outline shows. */
export function plainText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let text = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'escape':
      case 'codespan':
        text += 'tokens' in token && token.tokens ? plainText(token.tokens) : decodeEntities(token.text);
        break;
      case 'br':
        text += ' ';
        break;
      case 'image':
        text += (token as Tokens.Image).text;
        break;
      case 'html':
        break;
      default:
        text += 'tokens' in token && token.tokens ? plainText(token.tokens) : '';
    }
  }
  return text;
}

/** marked escapes `&<>"'` in text tokens, and authors write entities such as `&copy;`: decode both. */
function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}

/**
 * Heading anchors as GitHub makes them (`## Total Place` → `total-place`, repeats get `-1`, `-2`).
 * One slugger per paper, fed headings in document order: validate, the HTML and the PDF agree.
 */
export function headingSlugger(): (text: string) => string {
  const slugger = new GithubSlugger();
  return (text) => slugger.slug(text);
}

/** Every heading of a token list in document order, with its GitHub-style slug. */
export function headingsOf(tokens: readonly Token[]): { token: Tokens.Heading; slug: string }[] {
  const slug = headingSlugger();
  const found: { token: Tokens.Heading; slug: string }[] = [];
  const visit = (list: readonly Token[]): void => {
    for (const token of list) {
      if (token.type === 'heading') {
        const heading = token as Tokens.Heading;
        found.push({ token: heading, slug: slug(plainText(heading.tokens)) });
      } else if (token.type === 'blockquote' || token.type === 'list_item') {
        visit((token as Tokens.Blockquote | Tokens.ListItem).tokens);
      } else if (token.type === 'list') {
        visit((token as Tokens.List).items);
      }
    }
  };
  visit(tokens);
  return found;
}

/** The token lists directly inside a token: inline children, list items, table cells, footnote bodies. */
export function childTokenLists(token: Token): Token[][] {
  const lists: Token[][] = [];
  if ('tokens' in token && Array.isArray(token.tokens)) lists.push(token.tokens);
  switch (token.type) {
    case 'list':
      lists.push((token as Tokens.List).items);
      break;
    case 'table': {
      const table = token as Tokens.Table;
      for (const cell of table.header) lists.push(cell.tokens);
      for (const row of table.rows) for (const cell of row) lists.push(cell.tokens);
      break;
    }
    case 'footnotes':
      for (const note of (token as Footnotes).items) lists.push(note.content);
      break;
  }
  return lists;
}
