// Walking and reading marked token trees: the token lists inside a token (in one place, so
// every walk sees definitions and footnotes too) and the readable text of inline tokens.

import type { Token, Tokens } from 'marked';
import type { Footnotes } from 'marked-footnote';
import { decodeHTML } from 'entities/decode';
import type { Abbreviation, DefinitionList } from './kramdown.js';

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
      case 'abbreviation':
        text += (token as unknown as Abbreviation).text;
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

/**
 * Call `visit` on every token list in a tree (blocks, inlines, list items, table cells,
 * footnotes, definitions), each list before the lists inside it; `visit` may change the list
 * it is given. `descend` can keep the walk out of a token's children.
 */
export function eachTokenList(tokens: Token[], visit: (list: Token[]) => void, descend: (token: Token) => boolean = () => true): void {
  visit(tokens);
  for (const token of tokens) if (descend(token)) for (const list of childTokenLists(token)) eachTokenList(list, visit, descend);
}
