// kramdown, as Jekyll sites write it, read through marked extensions (never a second parser):
// headings without a space (`##Heading`), attribute lists (`{: #id .class}`), extensions
// (`{::options ... /}`, `{::comment}`), abbreviations (`*[API]: ...`) and definition lists.
// The extensions only recognise the syntax; `applyKramdown` then settles what it means
// (which block an attribute list belongs to, where abbreviations occur) and removes every
// token that is not content, so renderers only ever see content.

import type { Token, TokenizerExtension, TokenizerThis, Tokens } from 'marked';
import type { Anchored } from './anchors.js';
import type { NoteTaker } from './notes.js';
import { eachTokenList } from './tokens.js';

/** An abbreviation in the text: `API` with its expansion. */
export interface Abbreviation {
  type: 'abbreviation';
  raw: string;
  text: string;
  title: string;
}

/** One entry of a definition list: its terms (inline tokens) and definitions (block tokens). */
export interface DefinitionItem {
  terms: Token[][];
  definitions: Token[][];
}

export interface DefinitionList {
  type: 'definitionList';
  raw: string;
  items: DefinitionItem[];
}

/** `{: #id .class key="value" ref}` parsed; an attribute list definition (`{:name: ...}`) has a name. */
interface Attributes {
  type: 'kramdownAttributes';
  raw: string;
  ids: string[];
  classes: string[];
  references: string[];
  definition?: string;
  /** Span-level: `*word*{:.class}`. */
  inline?: boolean;
}

/** `{::options ... /}`, `{::comment}...{:/comment}`, `{::nomarkdown}...{:/}`. */
interface Extension {
  type: 'kramdownExtension';
  raw: string;
  name: string;
  body: string;
}

interface AbbreviationDefinition {
  type: 'abbreviationDefinition';
  raw: string;
  key: string;
  title: string;
}

/** The terms of a definition list are the paragraph before its first `: `; marked has lexed it already. */
type PendingDefinitionList = DefinitionList & { termsRaw: string };

// ---- recognising the syntax -----------------------------------------------------------------

const ATTRIBUTE_LIST = /^ {0,3}\{:(?![:/])((?:"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|[^}"'\n])*)\}[ \t]*(?:\n|$)/;
const ATTRIBUTE = /([#.])([^\s#.="'}]+)|([A-Za-z_:][-\w:.]*)[ \t]*=[ \t]*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)')|([A-Za-z_][-\w]*)/g;
const EXTENSION = /^ {0,3}\{::(\w+)((?:"[^"\n]*"|'[^'\n]*'|[^}"'\n])*?)(\/)?\}[ \t]*(?:\n|$)/;
const ABBREVIATION_DEFINITION = /^ {0,3}\*\[([^\]\n]+)\]:([^\n]*)(?:\n|$)/;
const NO_SPACE_HEADING = /^(#{1,6})(?=[^#\s])([^\n]*)(?:\n|$)/;
const DEFINITION_START = /^ {0,3}:[ \t]+/;
/** Where a kramdown block may begin inside what would otherwise be a paragraph. */
const BLOCK_START = /\n {0,3}(?:\{:|\*\[[^\]\n]+\]:|:[ \t])/;

function parseAttributes(body: string): Omit<Attributes, 'type' | 'raw'> {
  const found: Omit<Attributes, 'type' | 'raw'> = { ids: [], classes: [], references: [] };
  const named = /^\s*([A-Za-z_][-\w]*):(?!\S)/.exec(body);
  if (named) {
    found.definition = named[1]!;
    body = body.slice(named[0].length);
  }
  for (const match of body.matchAll(ATTRIBUTE)) {
    const [, sigil, value, key, double, single, reference] = match;
    if (sigil === '#') found.ids.push(value!);
    else if (sigil === '.') found.classes.push(value!);
    else if (key === 'id') found.ids.push((double ?? single ?? '').trim());
    else if (key === 'class') found.classes.push(...(double ?? single ?? '').split(/\s+/).filter(Boolean));
    else if (reference) found.references.push(reference);
  }
  return found;
}

/** kramdown parses a header only at a block boundary: first, after a blank line or an attribute list. */
function afterBlockBoundary(tokens: readonly Token[]): boolean {
  // marked-footnote puts its (empty) notes token first: it is no block of the text.
  const last = tokens.findLast((token) => token.type !== 'footnotes');
  return !last || last.type === 'space' || last.type === 'kramdownAttributes' || last.raw.endsWith('\n\n');
}

const noSpaceHeading: TokenizerExtension = {
  name: 'kramdownHeading',
  level: 'block',
  tokenizer(this: TokenizerThis, src, tokens): Tokens.Heading | undefined {
    const match = NO_SPACE_HEADING.exec(src);
    if (!match || !afterBlockBoundary(tokens)) return undefined;
    // Closing hashes go, as in kramdown (unless escaped).
    const text = match[2]!.replace(/(?<!\\)#+[ \t]*$/, '').trim();
    if (text === '') return undefined;
    return { type: 'heading', raw: match[0], depth: match[1]!.length, text, tokens: this.lexer.inline(text) };
  },
};

const attributeList: TokenizerExtension = {
  name: 'kramdownAttributes',
  level: 'block',
  start: (src) => {
    const match = BLOCK_START.exec(src);
    return match ? match.index + 1 : undefined;
  },
  tokenizer(src): Attributes | undefined {
    const match = ATTRIBUTE_LIST.exec(src);
    return match ? { type: 'kramdownAttributes', raw: match[0], ...parseAttributes(match[1]!) } : undefined;
  },
};

const spanAttributeList: TokenizerExtension = {
  name: 'kramdownSpanAttributes',
  level: 'inline',
  start: (src) => {
    const index = src.indexOf('{:');
    return index === -1 ? undefined : index;
  },
  tokenizer(src): Attributes | undefined {
    const match = /^\{:(?![:/])([^}\n]*)\}/.exec(src);
    return match ? { type: 'kramdownAttributes', raw: match[0], inline: true, ...parseAttributes(match[1]!) } : undefined;
  },
};

const extension: TokenizerExtension = {
  name: 'kramdownExtension',
  level: 'block',
  start: (src) => {
    const index = src.search(/\n {0,3}\{::/);
    return index === -1 ? undefined : index + 1;
  },
  tokenizer(src): Extension | undefined {
    const match = EXTENSION.exec(src);
    if (!match) return undefined;
    const name = match[1]!;
    if (match[3] || name === 'options') return { type: 'kramdownExtension', raw: match[0], name, body: '' };
    // A block extension runs to `{:/name}` or `{:/}`; unclosed, to the end of the document.
    const close = new RegExp(`(?:^|\\n) {0,3}\\{:/(?:${name})?\\}[ \\t]*(?:\\n|$)`).exec(src.slice(match[0].length));
    const end = close ? match[0].length + close.index + close[0].length : src.length;
    const body = src.slice(match[0].length, close ? match[0].length + close.index : src.length);
    return { type: 'kramdownExtension', raw: src.slice(0, end), name, body };
  },
};

const abbreviationDefinition: TokenizerExtension = {
  name: 'abbreviationDefinition',
  level: 'block',
  tokenizer(src): AbbreviationDefinition | undefined {
    const match = ABBREVIATION_DEFINITION.exec(src);
    return match ? { type: 'abbreviationDefinition', raw: match[0], key: match[1]!, title: match[2]!.trim() } : undefined;
  },
};

/** Lines of a definition: the rest of the `: ` line, then indented or lazy lines, and indented paragraphs after blank lines. */
function definitionLines(lines: readonly string[], start: number): { content: string; next: number } {
  const first = lines[start]!;
  const indent = DEFINITION_START.exec(first)![0].length;
  const content = [first.slice(indent)];
  let index = start + 1;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === '') {
      let after = index;
      while (after < lines.length && lines[after]!.trim() === '') after++;
      if (after >= lines.length || !/^[ \t]/.test(lines[after]!)) break;
      content.push(...lines.slice(index, after).map(() => ''));
      index = after;
      continue;
    }
    if (DEFINITION_START.test(line) || (content.at(-1) === '' && !/^[ \t]/.test(line))) break;
    content.push(line.replace(new RegExp(`^[ \\t]{0,${indent}}`), ''));
    index++;
  }
  return { content: content.join('\n'), next: index };
}

const definitionList: TokenizerExtension = {
  name: 'definitionList',
  level: 'block',
  tokenizer(this: TokenizerThis, src, tokens): PendingDefinitionList | undefined {
    if (!DEFINITION_START.test(src)) return undefined;
    // The terms are the lines of the paragraph just before, at most one blank line above.
    const previous = tokens.at(-1);
    if (!previous || (previous.type !== 'paragraph' && previous.type !== 'text') || previous.raw.endsWith('\n\n\n')) return undefined;
    tokens.pop();
    const lexer = this.lexer;
    const termsOf = (text: string): Token[][] => text.split('\n').filter((line) => line.trim() !== '').map((line) => lexer.inline(line.trim()));
    const lines = src.split('\n');
    const blank = (at: number): boolean => at >= 0 && at < lines.length && lines[at]!.trim() === '';
    const items: DefinitionItem[] = [{ terms: termsOf(previous.raw), definitions: [] }];
    let blankBefore = previous.raw.endsWith('\n\n');
    let index = 0;
    let consumed = 0;
    for (;;) {
      const { content, next } = definitionLines(lines, index);
      // As in kramdown, a definition right under its term, in one block, is not a paragraph.
      const top = lexer.state.top;
      lexer.state.top = blankBefore || /\n\s*\n/.test(content.trimEnd());
      items.at(-1)!.definitions.push(lexer.blockTokens(content, []));
      lexer.state.top = top;
      index = consumed = next;
      blankBefore = blank(index - 1);
      if (index < lines.length && DEFINITION_START.test(lines[index]!)) continue;
      // After blank lines, more terms (at most one blank line above their definition) continue the list.
      let after = index;
      while (blank(after)) after++;
      let terms = after;
      while (terms < lines.length && !blank(terms) && !DEFINITION_START.test(lines[terms]!) && !/^[ \t]/.test(lines[terms]!)) terms++;
      const definition = blank(terms) ? terms + 1 : terms;
      if (terms === after || definition >= lines.length || !DEFINITION_START.test(lines[definition]!)) break;
      items.push({ terms: termsOf(lines.slice(after, terms).join('\n')), definitions: [] });
      blankBefore = definition > terms;
      index = definition;
    }
    let raw = lines.slice(0, consumed).join('\n');
    if (consumed < lines.length) raw += '\n';
    return { type: 'definitionList', raw, items, termsRaw: previous.raw };
  },
};

/** Block-level HTML elements that hold other content (CommonMark's HTML block kind 6, the containers). */
const HTML_CONTAINERS = new Set(['address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'header', 'main', 'nav', 'ol', 'section', 'table', 'ul']);
const HTML_OPEN = /^ {0,3}<([A-Za-z][A-Za-z0-9-]*)(?=[\s>])/;

/**
 * kramdown reads a block of HTML to its closing tag, blank lines and indented lines included;
 * CommonMark ends it at the first blank line (and an indented line after one is code). Only
 * an element with blank lines inside needs this: marked reads the rest the same way.
 */
const htmlElement: TokenizerExtension = {
  name: 'kramdownHtmlElement',
  level: 'block',
  tokenizer(src): Tokens.HTML | undefined {
    const name = HTML_OPEN.exec(src)?.[1]!.toLowerCase();
    if (!name || !HTML_CONTAINERS.has(name)) return undefined;
    let depth = 0;
    for (const tag of src.matchAll(new RegExp(`<(/?)${name}(?=[\\s>/])[^>]*>`, 'gi'))) {
      depth += tag[1] ? -1 : tag[0].endsWith('/>') ? 0 : 1;
      if (depth > 0) continue;
      const lineEnd = src.indexOf('\n', tag.index + tag[0].length);
      const raw = src.slice(0, lineEnd === -1 ? src.length : lineEnd + 1);
      return /\n[ \t]*\n/.test(raw.trimEnd()) ? { type: 'html', block: true, pre: false, raw, text: raw } : undefined;
    }
    return undefined;
  },
};

export const KRAMDOWN_EXTENSIONS: TokenizerExtension[] = [noSpaceHeading, htmlElement, extension, attributeList, abbreviationDefinition, definitionList, spanAttributeList];

// ---- settling the meaning -------------------------------------------------------------------

/** Give each definition list the source of its terms (marked had lexed them as the paragraph before). */
export function completeDefinitionLists(tokens: Token[]): void {
  eachTokenList(tokens, (list) => {
    for (const token of list) {
      if (token.type !== 'definitionList') continue;
      const pending = token as PendingDefinitionList;
      pending.raw = pending.termsRaw + pending.raw;
      delete (pending as Partial<PendingDefinitionList>).termsRaw;
    }
  });
}

const notCode = (token: Token): boolean => token.type !== 'image' && token.type !== 'codespan' && token.type !== 'code';

/**
 * Give each block attribute list to its block (the one just before it, else the next one),
 * turn abbreviations into tokens, drop table-of-contents placeholders, and remove everything
 * that is not content. Notes what it dropped, for validation to report.
 */
export function applyKramdown(tokens: Token[], notes: NoteTaker): void {
  const abbreviations = new Map<string, string>();
  eachTokenList(tokens, (list) => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      switch (token.type) {
        case 'heading':
          settleHeadingAttributes(token as Tokens.Heading, notes);
          break;
        case 'list': {
          const lists = splitAtAttributes(token as Tokens.List);
          if (lists.length > 1) list.splice(i, 1, ...lists);
          break;
        }
        case 'abbreviationDefinition': {
          const definition = token as unknown as AbbreviationDefinition;
          abbreviations.set(definition.key, definition.title);
          list.splice(i--, 1);
          break;
        }
        case 'kramdownExtension': {
          const found = token as unknown as Extension;
          if (found.name === 'nomarkdown') {
            list.splice(i, 1, { type: 'html', raw: found.raw, text: found.body, block: true, pre: false } satisfies Tokens.HTML);
          } else {
            if (found.name !== 'options' && found.name !== 'comment') notes.add('kramdownExtensionUnknown', token);
            list.splice(i--, 1);
          }
          break;
        }
        case 'kramdownAttributes': {
          const attributes = token as unknown as Attributes;
          list.splice(i--, 1);
          if (attributes.definition) break;
          const target = attributes.inline ? undefined : blockFor(list, i + 1, token);
          if (target) settleAttributes(target, attributes, token, notes);
          else if (attributes.inline) noteSpanAttributes(attributes, token, notes);
          else notes.add('kramdownAttributesIgnored', token);
          break;
        }
      }
    }
  }, notCode);
  // A list marked {:toc} is kramdown's placeholder for a table of contents: packs make their own.
  eachTokenList(tokens, (list) => {
    for (let i = 0; i < list.length; i++) if ((list[i] as Anchored).tableOfContents) list.splice(i--, 1);
  });
  if (abbreviations.size > 0) replaceAbbreviations(tokens, abbreviations);
}

const isSpace = (token: Token | undefined): boolean => token?.type === 'space';

/** An attribute list on the last line of a list item, not indented: it ends the list, as in kramdown. */
const ENDS_LIST = /\n ?\{:(?![:/])[^\n]*\}[ \t]*\n*$/;

/**
 * marked reads an unindented attribute list after a list item as part of the item (a lazy
 * line); kramdown ends the list there and gives the attributes to the list. Split the list
 * there, each part followed by its attribute list, for `blockFor` to settle.
 */
function splitAtAttributes(list: Tokens.List): Token[] {
  const parts: Token[] = [];
  let items: Tokens.ListItem[] = [];
  const flush = (): void => {
    if (items.length === 0) return;
    parts.push({ ...list, items, raw: items.map((item) => item.raw).join(''), start: parts.length === 0 ? list.start : 1 });
    items = [];
  };
  for (const item of list.items) {
    items.push(item);
    const blocks = item.tokens;
    let last = blocks.length - 1;
    while (last >= 0 && isSpace(blocks[last])) last--;
    if (blocks[last]?.type !== 'kramdownAttributes' || !ENDS_LIST.test(item.raw)) continue;
    const [attributes] = blocks.splice(last);
    item.raw = item.raw.replace(ENDS_LIST, '\n');
    flush();
    parts.push(attributes!);
  }
  flush();
  return parts;
}

/**
 * The block an attribute list (just removed from `list` at `at`) belongs to: the block just
 * before it, else the block just after it; with blank lines on both sides, none (as in kramdown).
 */
function blockFor(list: readonly Token[], at: number, attributes: Token): Token | undefined {
  const before = list[at - 1];
  if (before && !isSpace(before) && before.type !== 'footnotes' && !before.raw.endsWith('\n\n')) return before;
  const after = list[at];
  return after && !isSpace(after) && !attributes.raw.endsWith('\n\n') ? after : undefined;
}

function settleAttributes(target: Token, attributes: Attributes, token: Token, notes: NoteTaker): void {
  const anchored = target as Token & Anchored;
  const id = attributes.ids.at(-1);
  if (id) anchored.anchor = id;
  if (attributes.classes.length > 0) notes.add('kramdownClasses', token);
  if (attributes.references.includes('toc') && target.type === 'list') {
    anchored.tableOfContents = true;
    notes.add('kramdownTableOfContents', token);
  }
}

function noteSpanAttributes(attributes: Attributes, token: Token, notes: NoteTaker): void {
  if (attributes.classes.length > 0) notes.add('kramdownClasses', token);
  if (attributes.ids.length > 0) notes.add('kramdownSpanId', token);
}

/** `## Heading {: #id .class}`: the attribute list at the end of a heading's line is the heading's. */
function settleHeadingAttributes(heading: Tokens.Heading, notes: NoteTaker): void {
  const inline = heading.tokens;
  let last = inline.length - 1;
  while (last >= 0 && inline[last]!.type === 'text' && (inline[last] as Tokens.Text).text.trim() === '') last--;
  const token = inline[last];
  if (token?.type !== 'kramdownAttributes') return;
  inline.splice(last);
  const previous = inline.at(-1);
  if (previous?.type === 'text') {
    const text = previous as Tokens.Text;
    text.text = text.text.trimEnd();
    text.raw = text.raw.trimEnd();
  }
  heading.text = heading.text.slice(0, heading.text.lastIndexOf('{:')).trimEnd();
  settleAttributes(heading, token as unknown as Attributes, token, notes);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each occurrence of a defined abbreviation, as a whole word, becomes an abbreviation token (longest first). */
function replaceAbbreviations(tokens: Token[], abbreviations: ReadonlyMap<string, string>): void {
  const keys = [...abbreviations.keys()].sort((a, b) => b.length - a.length);
  const source = (key: string): string => escapeRegExp(key).replace(/\s+/g, '[\\s\\p{Z}]+');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${keys.map((key) => `(${source(key)})`).join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  eachTokenList(tokens, (list) => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      if (token.type !== 'text' || ('tokens' in token && token.tokens)) continue;
      const text = (token as Tokens.Text).text;
      const pieces: Token[] = [];
      let from = 0;
      for (const match of text.matchAll(pattern)) {
        if (match.index > from) pieces.push({ ...token, raw: text.slice(from, match.index), text: text.slice(from, match.index) } as Tokens.Text);
        const key = keys[match.slice(1).findIndex((group) => group !== undefined)]!;
        const abbreviation: Abbreviation = { type: 'abbreviation', raw: match[0], text: match[0], title: abbreviations.get(key)! };
        pieces.push(abbreviation as unknown as Token);
        from = match.index + match[0].length;
      }
      if (pieces.length === 0) continue;
      if (from < text.length) pieces.push({ ...token, raw: text.slice(from), text: text.slice(from) } as Tokens.Text);
      list.splice(i, 1, ...pieces);
      i += pieces.length - 1;
    }
  }, notCode);
}

// ---- kramdown written in a CommonMark hub ---------------------------------------------------

const LOOKALIKES: readonly { kind: 'kramdownHeadingLookalike' | 'kramdownAttributesLookalike' | 'kramdownAbbreviationLookalike'; pattern: RegExp }[] = [
  { kind: 'kramdownHeadingLookalike', pattern: /^ {0,3}#{1,6}[^#\s]/ },
  { kind: 'kramdownAttributesLookalike', pattern: /^ {0,3}\{:[^}]*\}\s*$/ },
  { kind: 'kramdownAbbreviationLookalike', pattern: /^ {0,3}\*\[[^\]]+\]:/ },
];

/** In a CommonMark hub, lines of paragraphs that kramdown would read as syntax: noted one each. */
export function noteKramdownLookalikes(tokens: Token[], notes: NoteTaker): void {
  eachTokenList(tokens, (list) => {
    for (const token of list) {
      if (token.type === 'heading' && /\{:[^}]*\}\s*$/.test((token as Tokens.Heading).text)) {
        notes.add('kramdownAttributesLookalike', token, token.raw.trimEnd());
      }
      // A table's lines too: an attribute list just above a table reads as its header row.
      if (token.type !== 'paragraph' && token.type !== 'table' && !(token.type === 'text' && 'tokens' in token && token.tokens)) continue;
      for (const line of token.raw.split('\n')) {
        const found = LOOKALIKES.find(({ pattern }) => pattern.test(line));
        if (found) notes.add(found.kind, token, line);
      }
    }
  }, notCode);
}
