// Escaping for the HTML pack (hrefs go through the one URL policy, safeUrl). Raw HTML in
// papers is cleaned by the allowlist in markdown/sanitize.ts before it becomes tokens.

import { decodeHTML } from 'entities/decode';
import { safeUrl } from '../../markdown/links.js';

export { safeUrl };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// C0/C1 control characters (other than tab, newline, carriage return) are not allowed in HTML.
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Escape text for an element's content or a double-quoted attribute; drop control characters. */
export function escapeHtml(text: string): string {
  NEEDS_ESCAPE.lastIndex = 0;
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(NEEDS_ESCAPE, (char) => ESCAPES[char] ?? '');
}

/** Text as written in Markdown (entities such as `&amp;` or `&#58;` decoded), escaped for HTML. */
export function escapeMarkdownText(text: string): string {
  return escapeHtml(text.includes('&') ? decodeHTML(text) : text);
}
