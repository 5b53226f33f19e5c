// Warnings the PDF renderer gives, once per paper per kind. Codes are permanent.

import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic } from '../../model.js';
import { IMAGE_TYPE_NAMES } from '../../markdown/links.js';
import type { Issues } from './context.js';
import { REPLACEMENT } from './fonts.js';
import type { Code } from '../../codes.js';

export const PDF_CODES = {
  missingGlyphs: 'PDF001',
  rightToLeft: 'PDF002',
  imageNotDrawn: 'PDF003',
  remoteImage: 'PDF004',
  rawHtml: 'PDF005',
  brokenLink: 'PDF006',
  unknownToken: 'PDF007',
  imageInText: 'PDF008',
  // issue 10's range (hub-level codes), for layout fallbacks that keep every word
  nestingFlattened: 'HUB213',
  tableAsRecords: 'HUB214',
} as const satisfies Record<string, Code>;

/** Characters as a readable list: printable ones as themselves, others as U+XXXX. */
function listCharacters(chars: Iterable<string>, limit = 20): string {
  const all = [...chars];
  const shown = all.slice(0, limit).map((char) => {
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return /\p{L}|\p{N}|\p{S}|\p{P}/u.test(char) ? `${char} (${code})` : code;
  });
  return all.length > limit ? `${shown.join(', ')} and ${all.length - limit} more` : shown.join(', ');
}

/** An image path as shown to the user: relative to the working directory when inside it. */
function shownPath(src: string): string {
  if (!isAbsolute(src)) return src;
  const inside = relative(process.cwd(), src);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split(sep).join('/') : src;
}

export function issueDiagnostics(issues: Issues, source: { file: string; line: number; column?: number; field?: string }): Diagnostic[] {
  const at = { severity: 'warning' as const, file: source.file, line: source.line, column: source.column ?? 1, ...(source.field ? { field: source.field } : {}) };
  const out: Diagnostic[] = [];
  if (issues.missingCharacters.size > 0) {
    out.push({
      ...at,
      code: PDF_CODES.missingGlyphs,
      message: `The PDF fonts have no glyph for ${listCharacters(issues.missingCharacters)}; shown as ${REPLACEMENT}.`,
      hint: 'The PDF covers Latin, Greek and Cyrillic; write other characters out in words, or use the HTML pack.',
    });
  }
  if (issues.rightToLeft.size > 0) {
    out.push({
      ...at,
      code: PDF_CODES.rightToLeft,
      message: `Right-to-left text (${listCharacters(issues.rightToLeft, 5)}) is set left to right in the PDF.`,
      hint: 'The PDF renderer does not do bidirectional layout; use the HTML pack for this paper.',
    });
  }
  for (const image of issues.images) {
    const src = shownPath(image.src);
    switch (image.reason) {
      case 'remote':
        out.push({
          ...at,
          code: PDF_CODES.remoteImage,
          message: `Remote image ${src} is not fetched; a placeholder with its link is shown.`,
          hint: 'Save the image in the hub and link to the local file.',
        });
        break;
      case 'inline':
        out.push({
          ...at,
          code: PDF_CODES.imageInText,
          message: `Image ${src} inside a link or emphasis is shown as its alt text.`,
          hint: 'Put the image in a paragraph of its own.',
        });
        break;
      case 'unreadable':
      case 'unsupported':
        out.push({
          ...at,
          code: PDF_CODES.imageNotDrawn,
          message:
            image.reason === 'unreadable'
              ? `Image ${src} cannot be read; a placeholder with its alt text is shown.`
              : `Image ${src} is not a ${IMAGE_TYPE_NAMES} image; a placeholder with its alt text is shown.`,
          hint: `Use a ${IMAGE_TYPE_NAMES} file inside the hub.`,
        });
        break;
    }
  }
  if (issues.rawHtml > 0) {
    out.push({
      ...at,
      code: PDF_CODES.rawHtml,
      message: `Raw HTML (${issues.rawHtml} ${issues.rawHtml === 1 ? 'place' : 'places'}) is kept as plain text in the PDF.`,
      hint: 'Write it in Markdown.',
    });
  }
  for (const href of issues.brokenLinks) {
    out.push({
      ...at,
      code: PDF_CODES.brokenLink,
      message: `Link ${href} has no target in the pack; its text is shown without a link.`,
    });
  }
  for (const table of issues.tablesAsRecords) {
    out.push({
      ...at,
      line: table.line ?? at.line,
      column: 1,
      code: PDF_CODES.tableAsRecords,
      message: table.reason === 'wide'
        ? `A table with ${table.columns} columns is too wide for the PDF page; it is set as one record per row (header: value).`
        : 'A table row is taller than a PDF page; the table is set as one record per row (header: value), every cell kept.',
      hint: 'Split the table, or give it fewer columns or shorter cells; the HTML pack keeps it as a table.',
    });
  }
  if (issues.nestingFlattened) {
    out.push({
      ...at,
      code: PDF_CODES.nestingFlattened,
      message: 'Lists or quotations nest deeper than the PDF page can indent; the deeper levels are set without further indent, and all their text is kept.',
      hint: 'Use fewer levels of nesting, or headings, for a readable PDF.',
    });
  }
  for (const type of issues.unknownTokens) {
    out.push({
      ...at,
      code: PDF_CODES.unknownToken,
      message: `Markdown construct "${type}" is not supported in the PDF; its text is kept.`,
    });
  }
  return out;
}
