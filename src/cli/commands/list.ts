// hub list: the holdings at a glance, or as data.

import stringWidth from 'string-width';
import { colourFor, type Colour } from '../colour.js';
import { loadPublications } from '../../check/paper.js';
import { STATUSES, type Publication } from '../../model.js';
import { countBySeverity } from '../report.js';
import { select } from '../../pack/select.js';
import { visible } from '../../text.js';
import { hubFrom, queryFrom, UsageError, type FilterOptions, type HubOptions } from '../options.js';

export interface ListOptions extends HubOptions, FilterOptions {
  json?: boolean;
  csv?: boolean;
}

interface Row {
  slug: string;
  path: string;
  title: string;
  subtitle: string;
  type: string;
  status: string;
  date: string;
  authors: string[];
  summary: string;
  tags: string[];
  series: string;
  isbn: string;
  doi: string;
  lang: string;
  updated: string;
  related: string[];
  words: number;
  errors: number;
  warnings: number;
}

function toRow(publication: Publication): Row {
  const { metadata } = publication;
  const { errors, warnings } = countBySeverity(publication.diagnostics);
  return {
    slug: publication.slug,
    path: publication.displayPath,
    title: metadata.title,
    subtitle: metadata.subtitle ?? '',
    type: metadata.type,
    status: metadata.status,
    date: metadata.date,
    authors: metadata.authors,
    summary: metadata.summary ?? '',
    tags: metadata.tags,
    series: metadata.series ?? '',
    isbn: metadata.isbn ?? '',
    doi: metadata.doi ?? '',
    lang: metadata.lang ?? '',
    updated: metadata.updated ?? '',
    related: metadata.related,
    words: publication.words,
    errors,
    warnings,
  };
}

/**
 * One CSV cell. A cell a spreadsheet would run as a formula (starting with =, +, -, @,
 * tab or carriage return) gets a leading apostrophe, as OWASP's CSV injection advice says.
 */
function csvCell(value: string | number | string[]): string {
  const raw = Array.isArray(value) ? value.join('; ') : String(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${visible(raw)}` : visible(raw);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const COLUMNS: readonly (keyof Row)[] = [
  'slug', 'path', 'title', 'subtitle', 'type', 'status', 'date', 'authors', 'summary', 'tags',
  'series', 'isbn', 'doi', 'lang', 'updated', 'related', 'words', 'errors', 'warnings',
];

function toCsv(rows: Row[]): string {
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => csvCell(row[column])).join(','))].join('\n') + '\n';
}

/** 12345 → "12,345" (Intl's formatter costs more than the rest of the table). */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * Characters one column wide each, whatever the terminal: printable ASCII, Latin letters with
 * their accents precomposed (no soft hyphen, no combining marks) and the common punctuation
 * (dashes, curly quotes, ellipsis). A test holds this to string-width, code point by code point.
 */
export const ONE_COLUMN_EACH = /^[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027]*$/;

/** Terminal columns `text` takes: its length for most names and titles (string-width is slow over a long list). */
function displayWidth(text: string): number {
  return ONE_COLUMN_EACH.test(text) ? text.length : stringWidth(text);
}

/** Cut text to a display width (emoji and CJK take two terminal columns), with an ellipsis. */
function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let cut = '';
  for (const { segment } of new Intl.Segmenter().segment(text)) {
    if (displayWidth(cut + segment) > width - 1) break;
    cut += segment;
  }
  return `${cut}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function toTable(rows: Row[], colour: Colour, terminalWidth: number | undefined): string {
  const cells = rows.map((row) => [
    visible(row.title),
    row.type,
    row.status,
    row.date,
    visible(row.authors.join(', ')),
    thousands(row.words),
    row.errors > 0 ? `${row.errors} error${row.errors === 1 ? '' : 's'}` : '',
  ]);
  const header = ['TITLE', 'TYPE', 'STATUS', 'DATE', 'AUTHORS', 'WORDS', ''];
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...cells.map((row) => displayWidth(row[column]!))));
  if (terminalWidth) {
    // Give the title and authors what is left after the fixed columns.
    const fixed = widths[1]! + widths[2]! + widths[3]! + widths[5]! + widths[6]! + 2 * 6;
    const spare = Math.max(20, terminalWidth - fixed);
    widths[0] = Math.min(widths[0]!, Math.max(12, Math.ceil(spare * 0.6)));
    widths[4] = Math.min(widths[4]!, Math.max(8, spare - widths[0]!));
  }
  const status = (text: string): string => (text === 'published' ? colour.green(text) : text === 'review' ? colour.yellow(text) : colour.dim(text));
  const line = (row: string[], styled: boolean): string =>
    row.map((cell, column) => {
      const text = pad(fit(cell, widths[column]!), widths[column]!);
      if (!styled) return text;
      if (column === 2) return status(text);
      if (column === 6) return colour.red(text);
      return text;
    }).map((text, column) => (column === 5 ? text.padStart(widths[5]!) : text)).join('  ').trimEnd();
  return [colour.bold(line(header, false)), ...cells.map((row) => line(row, true))].join('\n') + '\n';
}

function summary(publications: readonly Publication[], rows: Row[], colour: Colour): string {
  const counts = STATUSES.map((status) => [status, rows.filter((row) => row.status === status).length] as const)
    .sort(([a], [b]) => STATUSES.indexOf(b) - STATUSES.indexOf(a))
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  const total = rows.length === publications.length ? `${rows.length}` : `${rows.length} of ${publications.length}`;
  const flagged = rows.filter((row) => row.errors > 0).length;
  const errors = flagged > 0 ? colour.red(`; ${flagged} with errors`) : '';
  // list reads front matter only; saying so keeps a clean-looking list from hiding broken links.
  const scope = colour.dim(' (metadata only checked: run hub validate for links and images)');
  return `${total} publication${publications.length === 1 ? '' : 's'}${counts.length ? `: ${counts.join(', ')}` : ''}${errors}${scope}\n`;
}

export async function list(options: ListOptions): Promise<number> {
  if (options.json && options.csv) throw new UsageError('Choose one of --json and --csv.');
  const hub = await hubFrom(options);
  const publications = await loadPublications(hub, 'metadata', undefined, (message) => process.stderr.write(`hub: ${message}\n`));
  const rows = select(publications, queryFrom(options, [], 'date', hub, publications)).map(toRow);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (options.csv) {
    process.stdout.write(toCsv(rows));
  } else {
    const colour = await colourFor(process.stdout);
    if (rows.length > 0) process.stdout.write(toTable(rows, colour, process.stdout.isTTY ? process.stdout.columns : undefined));
    process.stdout.write(summary(publications, rows, colour));
  }
  return 0;
}
