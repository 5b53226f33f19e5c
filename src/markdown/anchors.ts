// Anchors: the one place that decides a heading's id (GitHub's way in CommonMark hubs,
// kramdown's in kramdown hubs, an explicit `{#id}` in both) and which other blocks carry an id
// (a kramdown attribute list). Validation's link checks, the pack's ids and the renderers all
// take their anchors from `anchorsOf`.

import type { Token, Tokens } from 'marked';
import GithubSlugger from 'github-slugger';
import type { MarkdownDialect } from '../model.js';
import type { DefinitionList } from './kramdown.js';
import { childTokenLists, eachTokenList, plainText } from './tokens.js';

/** A block with an id of its own, from `{#id}` or an attribute list; a list marked `{:toc}`. */
export interface Anchored {
  anchor?: string;
  tableOfContents?: boolean;
}

/** An id inside running text (raw HTML's `<span id>`, `<a name>`), where no block can carry it. */
export interface AnchorToken {
  type: 'anchor';
  raw: string;
  anchor: string;
}

export interface Anchor {
  token: Token & Anchored;
  /** The id within its paper, as links in the paper write it (`#slug`). */
  slug: string;
  /** Set when the anchor is a heading's. */
  heading?: Tokens.Heading;
}

/** kramdown's auto ids: leading non-letters dropped, only ASCII letters, digits, spaces and hyphens kept. */
export function kramdownSlug(text: string): string {
  return text.replace(/^[^a-zA-Z]+/, '').replace(/[^a-zA-Z0-9 -]/g, '').replace(/ /g, '-').toLowerCase();
}

/** A slugger for one paper, fed headings in document order; repeats get `-1`, `-2` in both dialects. */
function headingSlugger(dialect: MarkdownDialect): (heading: Tokens.Heading) => string {
  if (dialect === 'commonmark') {
    const slugger = new GithubSlugger();
    return (heading) => slugger.slug(plainText(heading.tokens));
  }
  const used = new Map<string, number>();
  return (heading) => {
    // kramdown makes the id from the heading's source text, as written.
    const base = kramdownSlug(heading.text) || 'section';
    const count = used.get(base);
    used.set(base, (count ?? -1) + 1);
    return count === undefined ? base : `${base}-${count + 1}`;
  };
}

/** Every block of a body in document order, into quotes, list items and definitions (not footnotes). */
function eachBlock(tokens: readonly Token[], visit: (token: Token & Anchored) => void): void {
  for (const token of tokens) {
    visit(token);
    if (token.type === 'blockquote' || token.type === 'list_item') eachBlock((token as Tokens.Blockquote | Tokens.ListItem).tokens, visit);
    else if (token.type === 'list') eachBlock((token as Tokens.List).items, visit);
    else if (token.type === 'definitionList') for (const item of (token as unknown as DefinitionList).items) for (const definition of item.definitions) eachBlock(definition, visit);
  }
}

/** The headings of a body in document order. */
export function headingTokens(tokens: readonly Token[]): Tokens.Heading[] {
  const found: Tokens.Heading[] = [];
  eachBlock(tokens, (token) => {
    if (token.type === 'heading') found.push(token as Tokens.Heading);
  });
  return found;
}

/**
 * A piece's outline levels, the one decision every pack follows: the piece's title is level 1, its
 * shallowest heading level 2, and a heading is never more than one level below the one before it
 * (screen-reader users move by level; WCAG and PDF/UA ask for no skips), capped at 6. Feed the
 * depths in document order; `shallowest` is the least depth of the piece's headings.
 */
function outlineStepper(shallowest: number): (depth: number) => number {
  let previous = 1;
  return (depth) => {
    const level = Math.min(6, Math.max(2, depth - shallowest + 2), previous + 1);
    previous = level;
    return level;
  };
}

/** The outline levels of a piece's headings, given their Markdown depths in document order. */
export function outlineLevels(depths: readonly number[]): number[] {
  return depths.map(outlineStepper(depths.length > 0 ? Math.min(...depths) : 2));
}

/** A piece's sections, as every pack's contents lists them: its headings at outline level 2 (the shallowest depth) that have text. */
export function sectionHeadings<Heading extends { depth: number; text: string }>(headings: readonly Heading[]): Heading[] {
  const levels = outlineLevels(headings.map((heading) => heading.depth));
  return headings.filter((heading, index) => levels[index] === 2 && heading.text.trim() !== '');
}

/** Outline levels for a body's headings, asked for in document order by Markdown depth (see outlineLevels). */
export function headingLevels(tokens: readonly Token[]): (depth: number) => number {
  const depths = headingTokens(tokens).map((token) => token.depth);
  return outlineStepper(depths.length > 0 ? Math.min(...depths) : 2);
}

/** Every anchor of a body in document order: headings (explicit id, else generated) and blocks with an id. */
export function anchorsOf(tokens: readonly Token[], dialect: MarkdownDialect): Anchor[] {
  const slug = headingSlugger(dialect);
  const found: Anchor[] = [];
  eachBlock(tokens, (token) => {
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading & Anchored;
      // An explicit id takes no generated one: kramdown does not count it among the repeats.
      found.push({ token, slug: heading.anchor ?? slug(heading), heading });
    } else {
      if (token.anchor) found.push({ token, slug: token.anchor });
      // An anchor token standing between blocks is a block itself, with its `anchor`, found just above.
      if (token.type !== 'anchor') eachInlineAnchor(token, (anchor) => found.push({ token: anchor, slug: anchor.anchor }));
    }
  });
  return found;
}

/** The inline anchors a block holds in its text (not in nested blocks, which eachBlock visits). */
function eachInlineAnchor(token: Token, visit: (anchor: Token & AnchorToken) => void): void {
  if (token.type === 'anchor') return visit(token as Token & AnchorToken);
  if (token.type === 'blockquote' || token.type === 'list' || token.type === 'list_item') return;
  if (token.type === 'definitionList') {
    for (const item of (token as unknown as DefinitionList).items) for (const term of item.terms) for (const child of term) eachInlineAnchor(child, visit);
    return;
  }
  for (const list of childTokenLists(token)) for (const child of list) eachInlineAnchor(child, visit);
}

const EXPLICIT_ID = /[ \t]+\{#([A-Za-z_:][-\w.:]*)\}[ \t]*$/;

/** `## Heading {#id}` (Pandoc, Hugo, mdBook and kramdown all read it): the id is the heading's, not its text. */
export function applyExplicitIds(tokens: Token[]): void {
  eachTokenList(tokens, (list) => {
    for (const token of list) {
      if (token.type !== 'heading') continue;
      const heading = token as Tokens.Heading & Anchored;
      const last = heading.tokens.at(-1);
      const match = EXPLICIT_ID.exec(heading.text);
      if (!match || last?.type !== 'text' || !EXPLICIT_ID.test((last as Tokens.Text).text)) continue;
      const text = last as Tokens.Text;
      text.text = text.text.replace(EXPLICIT_ID, '');
      text.raw = text.raw.replace(EXPLICIT_ID, '');
      if (text.text === '') heading.tokens.pop();
      heading.text = heading.text.replace(EXPLICIT_ID, '');
      heading.anchor = match[1]!;
    }
  });
}
