// Capping how deeply lists and blockquotes nest before marked reads a body (marked recurses
// once per level, and a hostile paper must not overflow the stack), and flattening what a
// renderer will not nest further.

import type { Token, Tokens } from 'marked';

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

/**
 * The blocks inside lists and blockquotes, in reading order, with the lists and quotations
 * themselves taken away (their items' blocks kept): for a renderer that stops nesting at some
 * depth. A loop, not recursion, so any depth is safe.
 */
export function flattenNesting(tokens: readonly Token[]): Token[] {
  const flat: Token[] = [];
  const work = [...tokens].reverse();
  for (let token = work.pop(); token; token = work.pop()) {
    if (token.type === 'list') {
      const { items } = token as Tokens.List;
      for (let i = items.length - 1; i >= 0; i--) for (let j = items[i]!.tokens.length - 1; j >= 0; j--) work.push(items[i]!.tokens[j]!);
    } else if (token.type === 'blockquote') {
      const inner = (token as Tokens.Blockquote).tokens;
      for (let j = inner.length - 1; j >= 0; j--) work.push(inner[j]!);
    } else {
      flat.push(token);
    }
  }
  return flat;
}
