// What the Markdown layer noticed while reading a body and left out of the tokens (template
// tags, kramdown's layout hints) or read differently from what the author may have meant
// (kramdown syntax in a CommonMark hub). Validation turns these into diagnostics.

import type { Token } from 'marked';

export type SyntaxNoteKind =
  | 'liquid'
  | 'kramdownClasses'
  | 'kramdownSpanId'
  | 'kramdownTableOfContents'
  | 'kramdownAttributesIgnored'
  | 'kramdownExtensionUnknown'
  | 'kramdownHeadingLookalike'
  | 'kramdownAttributesLookalike'
  | 'kramdownAbbreviationLookalike';

export interface SyntaxNote {
  kind: SyntaxNoteKind;
  /** Offset in the body where the construct starts. */
  offset: number;
  /** The construct as written (one line at most). */
  text: string;
  /** When notes of one kind are folded into the first: how many there were. */
  count?: number;
}

/** Collects notes about tokens whose body offsets were found before the passes changed the tree. */
export class NoteTaker {
  private notes: SyntaxNote[] = [];
  constructor(
    private readonly body: string,
    private readonly offsets: ReadonlyMap<Token, number> | undefined,
  ) {}

  /** Note `snippet` (by default the token's own text), found inside `token`. */
  add(kind: SyntaxNoteKind, token: Token, snippet: string = token.raw): void {
    if (!this.offsets) return;
    const start = this.offsets.get(token) ?? 0;
    const text = snippet.trim().split('\n')[0]!;
    // Search the body, not the token: nested tokens' raws lose their indentation and quote marks.
    const found = this.body.indexOf(text, start);
    this.notes.push({ kind, offset: found === -1 ? start : found, text });
  }

  /** Fold every note of `kind` into the first one in the body, counting them. */
  keepFirst(kind: SyntaxNoteKind): void {
    const ofKind = this.notes.filter((note) => note.kind === kind);
    if (ofKind.length === 0) return;
    const first = ofKind.reduce((a, b) => (b.offset < a.offset ? b : a));
    first.count = ofKind.length;
    this.notes = this.notes.filter((note) => note.kind !== kind || note === first);
  }

  /** The notes in document order. */
  sorted(): SyntaxNote[] {
    return [...this.notes].sort((a, b) => a.offset - b.offset);
  }
}
