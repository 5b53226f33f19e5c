// The one way hub reads Markdown: GFM plus footnotes, through a private Marked
// instance (never the global `marked.use()`), so every stage sees the same tokens.

import { Marked, type Token, type Tokens } from 'marked';
import markedFootnote, { type Footnotes } from 'marked-footnote';
import GithubSlugger from 'github-slugger';
import { decodeHTML } from 'entities';

import { keepExtraCells } from './tables.js';

export type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';

// hub's own token kinds, for what Markdown has no token for (raw HTML gives them; see rawhtml.ts).

/** A definition list: raw `<dl>`. */
export interface DefinitionList {
  type: 'definitionList';
  raw: string;
  items: { terms: Token[][]; definitions: Token[][] }[];
}

/** A link target named by an `id` or `name` attribute on something other than a heading. */
export interface Anchor {
  type: 'anchor';
  raw: string;
  id: string;
}

/** Raised or lowered text: raw `<sup>`, `<sub>`. */
export interface Script {
  type: 'sup' | 'sub';
  raw: string;
  text: string;
  tokens: Token[];
}

/** A heading whose anchor the author wrote (`<h2 id="x">`) rather than one made from its text. */
export type HeadingWithId = Tokens.Heading & { explicitId?: string };

/**
 * Lex a Markdown body into block tokens (GFM, footnotes). When the body has
 * footnotes, a `footnotes` token comes first in the list.
 */
export function lexMarkdown(source: string): Token[] {
  // marked-footnote keeps per-document state that only its walkTokens hook (run by
  // parse(), never by lexer()) resets, so each document gets a fresh instance.
  return new Marked({ gfm: true }).use(markedFootnote(), keepExtraCells()).lexer(source);
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

/** Every heading of a token list in document order, with its slug: the author's id, else GitHub's from its text. */
export function headingsOf(tokens: readonly Token[]): { token: Tokens.Heading; slug: string }[] {
  const slug = headingSlugger();
  const found: { token: Tokens.Heading; slug: string }[] = [];
  const visit = (list: readonly Token[]): void => {
    for (const token of list) {
      if (token.type === 'heading') {
        const heading = token as HeadingWithId;
        found.push({ token: heading, slug: heading.explicitId ?? slug(plainText(heading.tokens)) });
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
    case 'definitionList':
      for (const item of (token as unknown as DefinitionList).items) lists.push(...item.terms, ...item.definitions);
      break;
  }
  return lists;
}
