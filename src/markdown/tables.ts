// GFM drops the cells of a row beyond the header's. hub keeps them: the table is widened with
// empty header cells, and the token notes which rows were longer, for validate's warning.
// kramdown also draws separator lines (`|---|`) above, between and below a table's rows: in a
// kramdown hub they are read as kramdown reads them, rules that are no row of their own.

import { Tokenizer, type MarkedExtension, type Tokens } from 'marked';

/** A table token, with the rows (0-based, below the delimiter row) that had more cells than the header. */
export type WideTable = Tokens.Table & { longRows?: { row: number; cells: number; headerCells: number }[] };

/** Cells of one table row, split as GFM does: at pipes not escaped by a backslash, outer pipes optional. */
export function rowCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '\\' && line[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '|') {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  if (cells.length > 1 && cells[0]!.trim() === '') cells.shift();
  if (cells.length > 1 && cells[cells.length - 1]!.trim() === '') cells.pop();
  return cells.map((text) => text.trim());
}

/** A kramdown separator line: a pipe, then dashes with `+`, `:`, `=`, pipes and spaces, and no text. */
const SEPARATOR_LINE = /^ {0,3}\|[-+:=| \t]*-[-+:=| \t]*(?:\n|$)/;
const isSeparatorRow = (row: readonly Tokens.TableCell[]): boolean => row.every((cell) => /^[-+:= ]*$/.test(cell.text)) && row.some((cell) => cell.text.includes('-'));

export function keepExtraCells(kramdown = false): MarkedExtension {
  return {
    tokenizer: {
      table(this: Tokenizer, src: string) {
        // kramdown: a separator line may open the table, above its header row.
        const opening = kramdown ? (SEPARATOR_LINE.exec(src)?.[0] ?? '') : '';
        const token = Tokenizer.prototype.table.call(this, src.slice(opening.length)) as WideTable | undefined;
        if (!token) return undefined;
        token.raw = opening + token.raw;
        const headerCells = token.header.length;
        // Body rows start below the header and delimiter rows (and the opening separator, if any).
        const skipped = opening ? 1 : 0;
        const lines = token.raw.replace(/\n+$/, '').split('\n').slice(2 + skipped);
        let columns = headerCells;
        lines.forEach((line, row) => {
          const cells = rowCells(line);
          if (cells.length <= headerCells || !token.rows[row]) return;
          (token.longRows ??= []).push({ row: row + skipped, cells: cells.length, headerCells });
          for (const text of cells.slice(headerCells)) token.rows[row]!.push({ text, tokens: this.lexer.inline(text), header: false, align: null });
          columns = Math.max(columns, cells.length);
        });
        if (kramdown) token.rows = token.rows.filter((row) => !isSeparatorRow(row));
        if (columns === headerCells) return token;
        const empty = (header: boolean): Tokens.TableCell => ({ text: '', tokens: [], header, align: null });
        while (token.header.length < columns) token.header.push(empty(true));
        while (token.align.length < columns) token.align.push(null);
        for (const row of token.rows) while (row.length < columns) row.push(empty(false));
        return token;
      },
    },
  };
}
