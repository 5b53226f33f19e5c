// GFM drops the cells of a row beyond the header's. hub keeps them: the table is widened with
// empty header cells, and the token notes which rows were longer, for validate's warning.

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

export function keepExtraCells(): MarkedExtension {
  return {
    tokenizer: {
      table(this: Tokenizer, src: string) {
        const token = Tokenizer.prototype.table.call(this, src) as WideTable | undefined;
        if (!token) return undefined;
        const headerCells = token.header.length;
        const lines = token.raw.replace(/\n+$/, '').split('\n').slice(2);
        let columns = headerCells;
        lines.forEach((line, row) => {
          const cells = rowCells(line);
          if (cells.length <= headerCells || !token.rows[row]) return;
          (token.longRows ??= []).push({ row, cells: cells.length, headerCells });
          for (const text of cells.slice(headerCells)) token.rows[row]!.push({ text, tokens: this.lexer.inline(text), header: false, align: null });
          columns = Math.max(columns, cells.length);
        });
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
