// The allowlist for raw HTML written in papers. It runs before raw HTML is turned into
// tokens (rawhtml.ts), so nothing it refuses reaches validation, the pack or a renderer;
// hrefs and image paths it keeps are then judged like Markdown ones (the URL policy in links.ts).

import type sanitizeHtml from 'sanitize-html';
import { onFirstUse } from '../lazy.js';

const sanitizer = onFirstUse('sanitize-html', (loaded) => loaded as typeof sanitizeHtml);

/** HTML cleaned by sanitize-html, which (with the CSS parser it brings) loads only when raw HTML or an SVG first needs it. */
export function cleanHtml(html: string, options: sanitizeHtml.IOptions): string {
  return sanitizer()(html, options);
}

// Structure and phrasing only: no media but images, no forms, no scripting of any kind. Ids and
// names are kept because they are link anchors; they never reach the HTML pack as written.
const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'div', 'span', 'b', 'i', 'em', 'strong', 'u', 's', 'del', 'ins', 'sub', 'sup',
  'small', 'mark', 'abbr', 'cite', 'q', 'dfn', 'code', 'kbd', 'samp', 'var', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th',
  'td', 'details', 'summary', 'figure', 'figcaption', 'a', 'time', 'wbr', 'bdi', 'bdo', 'ruby',
  'rt', 'rp', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img',
];
const ALLOWED_TAG_SET = new Set(ALLOWED_TAGS);
const ALLOWED_ATTRIBUTES: Record<string, sanitizeHtml.AllowedAttribute[]> = {
  '*': ['lang', 'title', 'id', 'name', { name: 'dir', multiple: false, values: ['ltr', 'rtl', 'auto'] }],
  a: ['href'],
  img: ['src', 'alt'],
  ol: ['start', 'reversed', { name: 'type', multiple: false, values: ['1', 'a', 'A', 'i', 'I'] }],
  li: ['value'],
  th: ['colspan', 'rowspan', 'abbr', { name: 'scope', multiple: false, values: ['row', 'col', 'rowgroup', 'colgroup'] }],
  td: ['colspan', 'rowspan'],
  time: ['datetime'],
  details: ['open'],
};
const GLOBAL_ATTRIBUTES = new Set(['lang', 'title', 'dir', 'id', 'name']);
// Presentation a pack sets itself (as it does for Markdown): dropped without a word.
const PRESENTATION = new Set(['class', 'style', 'width', 'height', 'align', 'target', 'rel', 'border']);
const NUMERIC_ATTRIBUTES = new Set(['start', 'value', 'colspan', 'rowspan']);

function attributeAllowed(tag: string, name: string): boolean {
  if (GLOBAL_ATTRIBUTES.has(name)) return true;
  return (ALLOWED_ATTRIBUTES[tag] ?? []).some((allowed) => (typeof allowed === 'string' ? allowed : allowed.name) === name);
}

/** Runs on every kept tag: numbers that are numbers. */
function checkAttributes(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const checked: sanitizeHtml.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (!NUMERIC_ATTRIBUTES.has(name)) checked[name] = value;
    else if (/^-?\d{1,6}$/.test(value.trim()) && (name === 'start' || name === 'value' || Number(value) > 0)) checked[name] = value.trim();
  }
  return { tagName, attribs: checked };
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  // Targets are judged later, as Markdown link and image targets are: relative ones name papers and files.
  allowedSchemesAppliedToAttributes: [],
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the tag, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'select', 'button', 'noscript', 'xmp', 'iframe', 'noembed', 'noframes', 'template', 'title'],
  transformTags: { '*': checkAttributes },
};

/** What the sanitiser took out of one paper's raw HTML, for a warning. */
export interface Removals {
  tags: Set<string>;
  attributes: Set<string>;
}

/** Clean raw HTML against the allowlist, noting what was removed. */
export function sanitizeRawHtml(html: string, removals: Removals): string {
  return cleanHtml(html, {
    ...SANITIZE_OPTIONS,
    onOpenTag: (tag, attribs) => {
      if (!ALLOWED_TAG_SET.has(tag)) {
        removals.tags.add(tag);
        return;
      }
      for (const name of Object.keys(attribs)) if (!attributeAllowed(tag, name) && !PRESENTATION.has(name)) removals.attributes.add(name);
    },
  });
}
