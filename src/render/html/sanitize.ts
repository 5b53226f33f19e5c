// Everything that decides what is safe to put in the HTML pack: escaping, and the allowlist
// sanitiser for raw HTML written in papers (hrefs go through the one URL policy, safeUrl).

import sanitizeHtml from 'sanitize-html';
import { decodeHTML } from 'entities';
import { safeUrl } from '../../markdown/links.js';

export { safeUrl };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// C0/C1 control characters (other than tab, newline, carriage return) are not allowed in HTML.
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

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

// Raw HTML in papers: structure and phrasing only. No ids, classes or styles (they could clash
// with the pack's own), no media, no forms, no scripting of any kind.
const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'div', 'span', 'b', 'i', 'em', 'strong', 'u', 's', 'del', 'ins', 'sub', 'sup',
  'small', 'mark', 'abbr', 'cite', 'q', 'dfn', 'code', 'kbd', 'samp', 'var', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th',
  'td', 'details', 'summary', 'figure', 'figcaption', 'a', 'time', 'wbr', 'bdi', 'bdo', 'ruby',
  'rt', 'rp',
];
const ALLOWED_TAG_SET = new Set(ALLOWED_TAGS);
const ALLOWED_ATTRIBUTES: Record<string, sanitizeHtml.AllowedAttribute[]> = {
  '*': ['lang', 'title', { name: 'dir', multiple: false, values: ['ltr', 'rtl', 'auto'] }],
  a: ['href'],
  ol: ['start', 'reversed', { name: 'type', multiple: false, values: ['1', 'a', 'A', 'i', 'I'] }],
  li: ['value'],
  th: ['colspan', 'rowspan', 'abbr', { name: 'scope', multiple: false, values: ['row', 'col', 'rowgroup', 'colgroup'] }],
  td: ['colspan', 'rowspan'],
  time: ['datetime'],
  details: ['open'],
};
const GLOBAL_ATTRIBUTES = new Set(['lang', 'title', 'dir']);
const NUMERIC_ATTRIBUTES = new Set(['start', 'value', 'colspan', 'rowspan']);
// Written `open="open"`: the one form of a boolean attribute that is both HTML and well-formed XML (EPUB).
const BOOLEAN_ATTRIBUTES = new Set(['open', 'reversed']);

function attributeAllowed(tag: string, name: string): boolean {
  if (GLOBAL_ATTRIBUTES.has(name)) return true;
  return (ALLOWED_ATTRIBUTES[tag] ?? []).some((allowed) => (typeof allowed === 'string' ? allowed : allowed.name) === name);
}

/** Runs on every kept tag: hrefs through the URL policy, numbers that are numbers, no control characters. */
function checkAttributes(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const checked: sanitizeHtml.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (name === 'href') {
      const href = safeUrl(value);
      if (href !== undefined) checked[name] = href;
    } else if (NUMERIC_ATTRIBUTES.has(name)) {
      if (/^-?\d{1,6}$/.test(value.trim()) && (name === 'start' || name === 'value' || Number(value) > 0)) {
        checked[name] = value.trim();
      }
    } else if (BOOLEAN_ATTRIBUTES.has(name)) {
      checked[name] = name;
    } else {
      checked[name] = value.replace(CONTROL_CHARACTERS, '');
    }
  }
  return { tagName, attribs: checked };
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the tag, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'select', 'button', 'noscript', 'xmp', 'iframe', 'noembed', 'noframes', 'template', 'title'],
  transformTags: { '*': checkAttributes },
  // Entities in raw HTML are decoded and re-escaped: `&#1;` must not come back as a raw control character.
  textFilter: (text) => text.replace(CONTROL_CHARACTERS, ''),
  // Void elements as `<br />`: HTML, and well-formed XML for the EPUB's XHTML.
  selfClosing: ['br', 'hr', 'wbr'],
  // A link whose target the policy refused keeps its text but not its tag.
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
};

/** What the sanitiser took out of one paper's raw HTML, for a warning. */
export interface Removals {
  tags: Set<string>;
  attributes: Set<string>;
}

/** Clean raw HTML against the allowlist, noting what was removed. */
export function sanitizeRawHtml(html: string, removals: Removals): string {
  return sanitizeHtml(html, {
    ...SANITIZE_OPTIONS,
    onOpenTag: (tag, attribs) => {
      if (!ALLOWED_TAG_SET.has(tag)) {
        removals.tags.add(tag);
        return;
      }
      for (const [name, value] of Object.entries(attribs)) {
        if (!attributeAllowed(tag, name)) removals.attributes.add(name);
        else if (name === 'href' && safeUrl(value) === undefined) removals.attributes.add('href');
      }
    },
  });
}
