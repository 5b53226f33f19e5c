// Walking and reading marked token trees: the token lists inside a token (in one place, so
// every walk sees definitions and footnotes too), the readable text of inline tokens, and the
// one union of tokens renderers are handed, with the visitor type they all satisfy.

import type { MarkedToken, Token, Tokens } from 'marked';
import type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';
import { decodeHTML } from 'entities/decode';
import type { AnchorToken } from './anchors.js';
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

// ---- The tokens renderers are handed, and the one way they dispatch on them ------------------

/** Raised or lowered text: raw `<sup>`, `<sub>`. */
export interface Script {
  type: 'sup' | 'sub';
  raw: string;
  text: string;
  tokens: Token[];
}

/**
 * Every token a renderer can be handed: marked's own and those hub's lexing makes (footnotes,
 * kramdown's abbreviations and definition lists, raw HTML's anchors and scripts). Liquid and
 * kramdown's layout tokens are taken out while lexing and never reach a renderer.
 */
export type HubToken = MarkedToken | Footnotes | Footnote | FootnoteRef | Abbreviation | AnchorToken | DefinitionList | Script;
export type HubTokenType = HubToken['type'];
/** The token(s) of one type (`sup` is a Script, whose type is `sup | sub`). */
export type TokenOf<T extends HubTokenType> = HubToken extends infer U ? (U extends { type: infer K } ? (T extends K ? U : never) : never) : never;

/**
 * Where each type of token stands: among blocks, inside a line, or either (`text` is both: a
 * tight list item's block text). Every type is listed, so a new one must be placed here.
 */
const PLACES = {
  space: 'block',
  code: 'block',
  heading: 'block',
  table: 'block',
  hr: 'block',
  blockquote: 'block',
  list: 'block',
  list_item: 'block',
  paragraph: 'block',
  def: 'block',
  footnotes: 'block',
  footnote: 'block',
  definitionList: 'block',
  html: 'both',
  text: 'both',
  anchor: 'both',
  checkbox: 'both',
  escape: 'inline',
  strong: 'inline',
  em: 'inline',
  del: 'inline',
  codespan: 'inline',
  link: 'inline',
  image: 'inline',
  br: 'inline',
  footnoteRef: 'inline',
  abbreviation: 'inline',
  sup: 'inline',
  sub: 'inline',
} as const satisfies Record<HubTokenType, 'block' | 'inline' | 'both'>;

type Places = typeof PLACES;
export type BlockType = { [T in HubTokenType]: Places[T] extends 'inline' ? never : T }[HubTokenType];
export type InlineType = { [T in HubTokenType]: Places[T] extends 'block' ? never : T }[HubTokenType];

/** One handler per token type in `Types`: a renderer that lacks one does not compile. */
export type TokenVisitor<Types extends HubTokenType, Context, Result> = { [T in Types]: (token: TokenOf<T>, context: Context) => Result };

/** What a walk is told of a token no renderer knows (a marked extension's), to warn about once. */
export interface TokenWalk {
  unknownToken(type: string): void;
}

function isHubToken(token: Token): token is HubToken {
  return Object.hasOwn(PLACES, token.type);
}

/**
 * Hand a token to the visitor's handler for its type. The one policy for a token a visitor has
 * no handler for: an inline token among blocks is set as a paragraph of its own; any other
 * keeps its text, as a `text` token of its children or its `text`, and a type hub does not
 * know is reported to the walk. No text is dropped and no renderer throws.
 */
export function visitToken<Types extends HubTokenType, Context, Result>(
  visitor: TokenVisitor<Types, Context, Result>,
  token: Token,
  context: Context,
  walk: TokenWalk,
): Result {
  const handlers = visitor as unknown as Record<string, (token: Token, context: Context) => Result>;
  const handler = Object.hasOwn(handlers, token.type) ? handlers[token.type] : undefined;
  if (handler) return handler(token, context);
  if (!isHubToken(token)) walk.unknownToken(token.type);
  else if (PLACES[token.type] === 'inline' && handlers['paragraph']) return handlers['paragraph'](asParagraph(token), context);
  return handlers['text']!(asText(token), context);
}

function asParagraph(token: Token): Tokens.Paragraph {
  return { type: 'paragraph', raw: token.raw, text: token.raw, tokens: [token] };
}

/** A token's text as a `text` token: its child tokens when it has them (their styles kept), else its words. */
function asText(token: Token): Tokens.Text {
  if ('tokens' in token && Array.isArray(token.tokens)) return { type: 'text', raw: token.raw, text: plainText(token.tokens), escaped: false, tokens: token.tokens };
  const own = (token as { text?: unknown }).text;
  const text = typeof own === 'string' ? own : childTokenLists(token).map(plainText).join(' ');
  return { type: 'text', raw: token.raw, text, escaped: false };
}
