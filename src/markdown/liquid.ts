// Liquid template tags (`{% ... %}`, `{{ ... }}`), which Jekyll runs before Markdown: they are
// not content. Read in either dialect and never shown: a tag on its own line, a tag in the
// text, a tag inside raw HTML, and the whole of a loop or capture with what it repeats. Code
// spans and blocks are content and keep Liquid-looking text as written.

import type { Token, TokenizerExtension, TokenizerThis, Tokens } from 'marked';
import { eachTokenList } from './tokens.js';
import type { NoteTaker } from './notes.js';

interface LiquidTag {
  type: 'liquid';
  raw: string;
  /** A link or image whose target is a template (`[text]({{ site.baseurl }}/x)`): its text stays. */
  tokens?: Token[];
}

/** `[text](…{{ … }}…)`: Jekyll fills the target in before Markdown sees it; here it can only be text. */
const TEMPLATED_LINK = /^(!?)\[((?:\\.|[^\]\\\n])*)\]\(([^()\n]*\{[{%][^\n]*?)\)/;

/** Tags whose body is template too: the loop body is not text to print once. */
const WHOLE_BLOCKS = new Set(['for', 'tablerow', 'capture', 'comment']);

/** End of the Liquid construct that starts at `start` (`{{` or `{%`), or -1 when it is not one. */
function liquidEnd(text: string, start: number): number {
  if (text.startsWith('{{', start)) {
    const close = text.indexOf('}}', start + 2);
    return close === -1 ? -1 : close + 2;
  }
  if (!text.startsWith('{%', start)) return -1;
  const close = text.indexOf('%}', start + 2);
  if (close === -1) return -1;
  const name = /^\{%-?\s*(\w+)/.exec(text.slice(start, close))?.[1];
  if (!name || !WHOLE_BLOCKS.has(name)) return close + 2;
  // Find the matching end tag, counting nested tags of the same name.
  const tags = new RegExp(`\\{%-?\\s*(end)?${name}\\b[^]*?%\\}`, 'g');
  tags.lastIndex = close + 2;
  let depth = 1;
  for (let match = tags.exec(text); match; match = tags.exec(text)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return match.index + match[0].length;
  }
  return close + 2; // never closed: only the opening tag is template
}

/** Where Liquid starts in `text` at or after `from`, or -1. */
function liquidStart(text: string, from = 0): number {
  const a = text.indexOf('{%', from);
  const b = text.indexOf('{{', from);
  return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

/** `text` without its Liquid constructs. */
function withoutLiquid(text: string): string {
  let out = '';
  let from = 0;
  for (let start = liquidStart(text); start !== -1; start = liquidStart(text, from)) {
    const end = liquidEnd(text, start);
    if (end === -1) {
      out += text.slice(from, start + 2);
      from = start + 2;
      continue;
    }
    out += text.slice(from, start);
    from = end;
  }
  return out + text.slice(from);
}

/** A line (or lines, for a loop) that holds nothing but Liquid. */
const liquidBlock: TokenizerExtension = {
  name: 'liquid',
  level: 'block',
  start: (src) => {
    const match = /\n {0,3}\{[%{]/.exec(src);
    return match ? match.index + 1 : undefined;
  },
  tokenizer(src): LiquidTag | undefined {
    let position = /^ {0,3}/.exec(src)![0].length;
    if (liquidEnd(src, position) === -1) return undefined;
    for (;;) {
      const end = liquidEnd(src, position);
      if (end === -1) return undefined;
      position = end;
      while (src[position] === ' ' || src[position] === '\t') position++;
      if (position >= src.length || src[position] === '\n') break;
      if (src[position] !== '{') return undefined;
    }
    return { type: 'liquid', raw: src.slice(0, position < src.length ? position + 1 : position) };
  },
};

const liquidInline: TokenizerExtension = {
  name: 'liquidInline',
  level: 'inline',
  start: (src) => {
    const index = liquidStart(src);
    return index === -1 ? undefined : index;
  },
  tokenizer(this: TokenizerThis, src): LiquidTag | undefined {
    const link = TEMPLATED_LINK.exec(src);
    if (link) return { type: 'liquid', raw: link[0], tokens: link[1] ? [{ type: 'text', raw: link[2]!, text: link[2]!, escaped: false }] : this.lexer.inlineTokens(link[2]!) };
    const end = liquidEnd(src, 0);
    return end === -1 ? undefined : { type: 'liquid', raw: src.slice(0, end) };
  },
};

export const LIQUID_EXTENSIONS: TokenizerExtension[] = [liquidBlock, liquidInline];

/**
 * Remove Liquid from the tokens: its own tokens, its tags inside raw HTML, and links whose
 * target is a template (their text stays). One note per paper, at the first construct, with
 * the count: once a paper is known to be a template, one report is enough.
 */
export function removeLiquid(tokens: Token[], notes: NoteTaker): void {
  const note = (token: Token, snippet: string): void => notes.add('liquid', token, snippet);
  eachTokenList(tokens, (list) => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      if (token.type === 'liquid') {
        note(token, token.raw);
        list.splice(i--, 1, ...((token as LiquidTag).tokens ?? []));
      } else if (token.type === 'html') {
        const html = token as Tokens.HTML | Tokens.Tag;
        const start = liquidStart(html.text);
        if (start === -1 || liquidEnd(html.text, start) === -1) continue;
        note(token, html.text.slice(start, liquidEnd(html.text, start)));
        html.text = withoutLiquid(html.text);
      } else if (token.type === 'link' && liquidStart((token as Tokens.Link).href) !== -1) {
        note(token, (token as Tokens.Link).href);
        // The link's words stay, and are looked at in turn.
        list.splice(i--, 1, ...(token as Tokens.Link).tokens);
      }
    }
  });
  notes.keepFirst('liquid');
}
