// Warnings the PDF renderer gives, once per paper per kind. Codes are permanent.

import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic } from '../../model.js';
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

export function issueDiagnostics(issues: Issues, source: { file: string; line: number }): Diagnostic[] {
  const at = { severity: 'warning' as const, file: source.file, line: source.line, column: 1 };
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
              : `Image ${src} is not a PNG, JPEG or SVG image; a placeholder with its alt text is shown.`,
          hint: 'Use a PNG, JPEG or SVG file inside the hub.',
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
  for (const type of issues.unknownTokens) {
    out.push({
      ...at,
      code: PDF_CODES.unknownToken,
      message: `Markdown construct "${type}" is not supported in the PDF; its text is kept.`,
    });
  }
  return out;
}
