// Smart typography, once for every pack: straight quotes become curly, `--` and `---` en and
// em dashes, `...` an ellipsis, as Pandoc's `smart` extension does. A pass over fresh tokens
// (prose only: code spans, code blocks, raw HTML, backslash escapes and autolinks are left
// exactly as written), so the HTML and the PDF read alike.

import type { Token, Tokens } from 'marked';
import type { Footnotes } from 'marked-footnote';

/** The character before the text being converted, carried across the tokens of one block. */
interface Context {
  previous: string;
}

/** Quotes open after the start of a block, white space, an opening bracket or a dash. */
const OPENS_AFTER = /^$|[\s([{\u2014\u2013\u201c\u2018/-]/u;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** `text` with smart punctuation, given the character that came before it. */
function smarten(text: string, context: Context): string {
  if (text === '') return text;
  if (!/["'.-]/.test(text)) {
    context.previous = text.slice(-1);
    return text;
  }
  const dashed = text.replace(/---/g, '\u2014').replace(/--/g, '\u2013').replace(/\.\.\./g, '\u2026');
  // Each quote becomes one character, so the character before one is the text's own, or the quote made just before it.
  let made = -1;
  let madeChar = '';
  const out = dashed.replace(/["']/g, (char: string, index: number) => {
    const before = index === 0 ? context.previous : index - 1 === made ? madeChar : dashed[index - 1]!;
    const after = dashed[index + 1] ?? '';
    const opening = OPENS_AFTER.test(before) && !/\s/.test(after);
    let curly: string;
    if (char === '"') curly = opening ? '\u201c' : '\u201d';
    else if (WORD_CHARACTER.test(before) || !opening || /^'\d\d(?:s|\b)/.test(dashed.slice(index, index + 5))) curly = '\u2019'; // apostrophe (it's, the '90s) or closing single quote
    else curly = '\u2018';
    made = index;
    madeChar = curly;
    return curly;
  });
  context.previous = out.slice(-1);
  return out;
}

/** Smart punctuation in one string of prose (a title, a summary), read as a block of its own. */
export function smartText(text: string): string {
  return smarten(text, { previous: '' });
}

/** An autolink (`<https://…>` or a bare URL): its text is the address and stays as written. */
function isAutolink(link: Tokens.Link): boolean {
  return link.raw.startsWith('<') || link.text === link.href || `mailto:${link.text}` === link.href;
}

function inline(tokens: readonly Token[], context: Context): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const text = token as Tokens.Text;
        if (text.tokens) inline(text.tokens, context);
        else text.text = smarten(text.text, context);
        break;
      }
      case 'strong':
      case 'em':
      case 'del':
        inline((token as Tokens.Strong).tokens, context);
        break;
      case 'link': {
        const link = token as Tokens.Link;
        if (link.title) link.title = smartText(link.title);
        if (isAutolink(link)) context.previous = 'x';
        else inline(link.tokens, context);
        break;
      }
      case 'image': {
        const image = token as Tokens.Image;
        image.text = smartText(image.text);
        if (image.title) image.title = smartText(image.title);
        context.previous = 'x';
        break;
      }
      case 'codespan':
      case 'escape':
        // Code is never changed; it reads as a word to the quotes around it (“`x`”).
        context.previous = (token as Tokens.Codespan).text.slice(-1) || context.previous;
        break;
      case 'br':
        context.previous = ' ';
        break;
      default: // raw HTML, footnote references, extensions' tokens: as written
        break;
    }
  }
}

/**
 * Apply smart typography to block tokens, in place. Meant for tokens just lexed for one use
 * (a piece's `source()`), after heading ids are made: anchors stay those of the text as written.
 */
export function smartTypography(tokens: Token[]): Token[] {
  for (const token of tokens) {
    switch (token.type) {
      case 'paragraph':
      case 'heading':
        inline((token as Tokens.Paragraph).tokens, { previous: '' });
        break;
      case 'text': {
        const text = token as Tokens.Text;
        if (text.tokens) inline(text.tokens, { previous: '' });
        else text.text = smartText(text.text);
        break;
      }
      case 'blockquote':
        smartTypography((token as Tokens.Blockquote).tokens);
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) smartTypography(item.tokens);
        break;
      case 'table': {
        const table = token as Tokens.Table;
        for (const cell of table.header) inline(cell.tokens, { previous: '' });
        for (const row of table.rows) for (const cell of row) inline(cell.tokens, { previous: '' });
        break;
      }
      case 'footnotes':
        for (const note of (token as unknown as Footnotes).items) smartTypography(note.content);
        break;
      default: // code, raw HTML, rules, spaces: as written
        break;
    }
  }
  return tokens;
}
