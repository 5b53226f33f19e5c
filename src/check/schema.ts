// The metadata schema, as data. One table drives `hub validate`, the prompts of
// `hub new`, the JSON Schema that `hub schema` prints and the README's field table.
// Values arrive as YAML's failsafe schema gives them: strings, lists and maps,
// never numbers, booleans or dates, so nothing is converted behind the author's back.

import { DEFAULT_LICENCE, LICENCE_IDS } from '../licences.js';
import { isRemote, safeUrl } from '../markdown/links.js';
import { DATE_FORMATS, FORMATS, MARKDOWN_DIALECTS, STATUSES } from '../model.js';
import type { Code } from '../codes.js';
import { countWords } from '../load/words.js';

export type FieldKind = 'text' | 'list' | 'date';
export type Requirement = 'always' | 'when-published' | 'optional';

/** What a hub-specific check needs to know. */
export interface CheckContext {
  types: readonly string[];
  tags: readonly string[];
  /** Example values from this hub (an author, a slug), so hints quote the user's own papers; else each field's example. */
  examples?: Readonly<Record<string, string>>;
}

/** What a paper is checked in: the hub's vocabulary, and its publications folder (a paper's slug depends on where its file sits: see slugSource). */
export interface PaperContext extends CheckContext {
  publicationsDir: string;
}

/** The example a hint shows for a field: one from the user's hub when there is one. */
export function exampleOf(spec: Pick<FieldSpec, 'name' | 'example'>, context: CheckContext): string {
  return context.examples?.[spec.name] ?? spec.example;
}

/** A failed check: the message says what is wrong, the hint what to do. */
export interface Problem {
  code: Code;
  message: string;
  hint?: string;
}

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: Requirement;
  description: string;
  example: string;
  /** Closed set of values, when there is one (types come from the hub config). */
  choices?: (context: CheckContext) => readonly string[];
  /** Check one text value (each item, for lists). */
  check?: (value: string, context: CheckContext) => Problem | undefined;
  /** What site generators (Jekyll, Hugo, Eleventy) call this field, for the hint on a page moved in from a site. */
  aliases?: readonly string[];
}

export const CODES = {
  required: 'HUB101',
  wrongKind: 'HUB102',
  emptyText: 'HUB103',
  notAllowed: 'HUB104',
  badDate: 'HUB105',
  summaryTooLong: 'HUB106',
  tagNotKebab: 'HUB107',
  tagNotInVocabulary: 'HUB108',
  badIsbn: 'HUB109',
  badDoi: 'HUB110',
  badLang: 'HUB111',
  updatedBeforeDate: 'HUB112',
  unknownField: 'HUB113',
  controlCharacters: 'HUB114',
  emptyList: 'HUB115',
  badSlug: 'HUB116',
  // issue 15: publication metadata
  badUrl: 'HUB125',
  badCommandPaper: 'HUB126',
  badHcNumber: 'HUB127',
  badSession: 'HUB128',
  hcNumberWithoutSession: 'HUB129',
  sessionWithoutHcNumber: 'HUB130',
  badSiteRoot: 'HUB131',
} as const satisfies Record<string, Code>;

export const SUMMARY_MAX_WORDS = 120;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isKebabCase(text: string): boolean {
  return KEBAB.test(text);
}

/**
 * Tags are kebab-case in any script: lower-case (or caseless) letters and digits, with
 * their combining marks, joined by single hyphens: `dŵr`, `多言語`, `gwasanaethau-cyhoeddus`.
 */
const TAG_WORD = '[\\p{Ll}\\p{Lo}\\p{Lm}\\p{Nd}][\\p{Ll}\\p{Lo}\\p{Lm}\\p{Nd}\\p{M}]*';
const TAG = new RegExp(`^${TAG_WORD}(?:-${TAG_WORD})*$`, 'u');

export function isTag(text: string): boolean {
  return TAG.test(text);
}

/** A real calendar date written `YYYY-MM-DD` (2010-02-30 is not). Checked without time zones. */
export function isCalendarDate(text: string): boolean {
  const match = DATE_SHAPE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function checkIsbn(value: string): Problem | undefined {
  const digits = value.replace(/[-\s]/g, '');
  let valid = false;
  if (/^\d{9}[\dX]$/.test(digits)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (digits[i] === 'X' ? 10 : Number(digits[i])) * (10 - i);
    valid = sum % 11 === 0;
  } else if (/^\d{13}$/.test(digits)) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
    valid = sum % 10 === 0;
  }
  return valid
    ? undefined
    : { code: CODES.badIsbn, message: 'is not a valid ISBN-10 or ISBN-13 (its check digit does not match)', hint: 'Copy the ISBN from the imprint page; hyphens are allowed.' };
}

function checkDate(value: string): Problem | undefined {
  if (isCalendarDate(value)) return undefined;
  return DATE_SHAPE.test(value)
    ? { code: CODES.badDate, message: 'is not a real calendar date', hint: 'Check the day and month: write the date as YYYY-MM-DD.' }
    : { code: CODES.badDate, message: 'is not a date written YYYY-MM-DD', hint: 'Write the date as YYYY-MM-DD, e.g. 2009-03-14, with no time.' };
}

/** A site root is an address path from the site's root: `/service-manual/`, or `/` for a whole site. */
function checkSiteRoot(value: string): Problem | undefined {
  if (/^\/(?:[^/\s?#:]+\/)*[^/\s?#:]*$/.test(value)) return undefined;
  return { code: CODES.badSiteRoot, message: 'is not an address path from the site\'s root', hint: 'Write the path the site served publications/ at, as its links start: site-root: /service-manual/ (or / for the whole site).' };
}

// Intl's tag parser is slow next to everything else `hub list` does, and corpora repeat a few tags.
const langValidity = new Map<string, boolean>();

function checkLang(value: string): Problem | undefined {
  let valid = langValidity.get(value);
  if (valid === undefined) {
    try {
      Intl.getCanonicalLocales(value);
      valid = true;
    } catch {
      valid = false;
    }
    langValidity.set(value, valid);
  }
  return valid ? undefined : { code: CODES.badLang, message: 'is not a BCP 47 language tag', hint: 'Use a tag such as en-GB, cy or ga-IE.' };
}

function checkTag(value: string, context: CheckContext): Problem | undefined {
  if (!isTag(value)) {
    return { code: CODES.tagNotKebab, message: 'is not a kebab-case word', hint: 'Use lower-case letters, digits and hyphens, e.g. total-place.' };
  }
  if (context.tags.length > 0 && !context.tags.includes(value)) {
    return { code: CODES.tagNotInVocabulary, message: "is not in the hub's tag vocabulary", hint: `Use one of: ${context.tags.join(', ')}; or add it to hub.config.yaml.` };
  }
  return undefined;
}

function checkSummary(value: string): Problem | undefined {
  const words = countWords(value);
  return words > SUMMARY_MAX_WORDS
    ? { code: CODES.summaryTooLong, message: `has ${words} words; a summary has at most ${SUMMARY_MAX_WORDS}`, hint: 'Shorten it: the summary appears on the contents and cover of packs.' }
    : undefined;
}

function checkUrl(value: string): Problem | undefined {
  return isRemote(value) && value.startsWith('http') && safeUrl(value) !== undefined && !/\s/.test(value)
    ? undefined
    : { code: CODES.badUrl, message: 'is not a web address (http or https)', hint: 'Give the full address where the paper is published, e.g. https://www.gov.uk/government/publications/the-hub-strategy.' };
}

// The prefixes GOV.UK accepts for command papers, oldest series first: C. (1870–99), Cd. (1900–18),
// Cmd. (1919–56), Cmnd. (1956–86), Cm (1986–2018), CP (since 2018).
const COMMAND_PAPER = /^(?:C\.|Cd\.|Cmd\.|Cmnd\.|Cm\.?|CP) ?\d{1,5}(?:-[IVXL]+)?$/;

function checkCommandPaper(value: string): Problem | undefined {
  return COMMAND_PAPER.test(value)
    ? undefined
    : { code: CODES.badCommandPaper, message: 'is not a command paper number', hint: 'Write it as printed on the cover: a prefix (CP, Cm, Cmnd., Cmd., Cd. or C.) and the number, e.g. Cm 7894 or CP 123.' };
}

function checkHcNumber(value: string): Problem | undefined {
  return /^\d{1,4}(?:-[IVXL]+)?$/.test(value)
    ? undefined
    : { code: CODES.badHcNumber, message: 'is not a House of Commons paper number', hint: 'Write the number alone, e.g. 312 (or 312-II for a volume), and the session in session: 2009-10.' };
}

/** A parliamentary session, `2009-10`: two consecutive years. */
export function checkSession(value: string): Problem | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match && (Number(match[1]) + 1) % 100 === Number(match[2])) return undefined;
  return { code: CODES.badSession, message: 'is not a parliamentary session written YYYY-YY', hint: 'Write the session as its two consecutive years, e.g. 2009-10 (not 2009/10 or 2009-2010).' };
}

/** The paper metadata fields, in the order `hub new` writes them. */
export const PAPER_FIELDS: readonly FieldSpec[] = [
  { name: 'title', kind: 'text', required: 'always', description: 'The title, as printed.', example: 'The Hub Strategy' },
  { name: 'subtitle', kind: 'text', required: 'optional', description: 'A subtitle, shown under the title.', example: 'Making innovation routine' },
  { name: 'type', kind: 'text', required: 'always', description: "One of the hub's types (by default paper, essay, report, briefing).", example: 'paper', choices: (context) => context.types },
  { name: 'authors', kind: 'list', required: 'always', description: 'A non-empty list of names.', example: '[Siân Llewellyn]', aliases: ['author'] },
  { name: 'date', kind: 'date', required: 'always', description: 'Date of the paper, YYYY-MM-DD; a real calendar date, shown in packs as 31 March 2010 (see the config key date-format).', example: '2009-03-14', check: checkDate },
  { name: 'status', kind: 'text', required: 'always', description: 'draft, review or published.', example: 'draft', choices: () => STATUSES, aliases: ['draft', 'published'] },
  { name: 'summary', kind: 'text', required: 'when-published', description: `Plain-text summary, at most ${SUMMARY_MAX_WORDS} words; required when published.`, example: 'Why the hub exists and how it works.', check: checkSummary, aliases: ['description', 'excerpt', 'abstract'] },
  { name: 'tags', kind: 'list', required: 'optional', description: "Kebab-case words in any script (`dŵr`, `多言語`); from the hub's vocabulary when it has one.", example: '[innovation, total-place]', check: checkTag, aliases: ['keywords', 'categories'] },
  { name: 'series', kind: 'text', required: 'optional', description: 'The series the paper belongs to.', example: 'Hub Papers' },
  { name: 'isbn', kind: 'text', required: 'optional', description: 'ISBN-10 or ISBN-13, checked by its check digit.', example: '978-0-306-40615-7', check: checkIsbn },
  { name: 'doi', kind: 'text', required: 'optional', description: 'A DOI, 10.NNNN/suffix.', example: '10.1000/182', check: (value) => (/^10\.\d{4,9}\/\S+$/.test(value) ? undefined : { code: CODES.badDoi, message: 'is not a DOI of the form 10.NNNN/suffix', hint: 'Write the DOI without https://doi.org/, e.g. 10.1000/182.' }) },
  { name: 'publisher', kind: 'text', required: 'optional', description: "Who published it (default: the hub's publisher).", example: 'Cabinet Office' },
  { name: 'url', kind: 'text', required: 'optional', description: 'Where it is published on the web, http or https.', example: 'https://www.gov.uk/government/publications/the-hub-strategy', check: checkUrl },
  { name: 'command-paper', kind: 'text', required: 'optional', description: 'Command paper number: CP, Cm, Cmnd., Cmd., Cd. or C. and the number.', example: 'Cm 7894', check: checkCommandPaper },
  { name: 'hc-number', kind: 'text', required: 'optional', description: 'House of Commons paper number; needs session.', example: '312', check: checkHcNumber },
  { name: 'session', kind: 'text', required: 'optional', description: 'Parliamentary session of the HC paper, YYYY-YY, consecutive years.', example: '2009-10', check: checkSession },
  { name: 'licence', kind: 'text', required: 'optional', description: `Licence, by SPDX id (default: the hub's): ${LICENCE_IDS.join(', ')}.`, example: DEFAULT_LICENCE, choices: () => LICENCE_IDS, aliases: ['license'] },
  { name: 'copyright', kind: 'text', required: 'optional', description: "Copyright line (default: the hub's).", example: '© Crown copyright 2010' },
  { name: 'lang', kind: 'text', required: 'optional', description: 'Language as a BCP 47 tag (default: the hub\'s, en-GB).', example: 'en-GB', check: checkLang, aliases: ['language'] },
  { name: 'updated', kind: 'date', required: 'optional', description: 'Date of the last substantive revision, not before date.', example: '2009-06-01', check: checkDate, aliases: ['lastUpdated', 'last_modified_at', 'lastmod', 'modified'] },
  { name: 'related', kind: 'list', required: 'optional', description: 'Slugs of related papers in this hub; each must exist.', example: '[leading-innovation]', check: (value, context) => (isKebabCase(value) ? undefined : { code: CODES.badSlug, message: 'is not a paper slug', hint: `A slug is the file name without .md, e.g. ${exampleOf({ name: 'related', example: '[leading-innovation]' }, context).replace(/^\[|\]$/g, '')}.` }) },
];

export const PAPER_FIELD_NAMES: readonly string[] = PAPER_FIELDS.map((field) => field.name);

/** A JSON Schema (draft 2020-12) for paper front matter, for editors that validate YAML as people type. */
export function paperJsonSchema(context: CheckContext): object {
  const properties: Record<string, object> = {};
  for (const field of PAPER_FIELDS) {
    const choices = field.choices?.(context);
    const text: Record<string, unknown> = { type: 'string', minLength: 1 };
    if (choices) text.enum = [...choices];
    if (field.kind === 'date') text.pattern = DATE_SHAPE.source;
    if (field.name === 'tags') {
      if (context.tags.length > 0) text.enum = [...context.tags];
      else text.pattern = TAG.source;
    }
    properties[field.name] =
      field.kind === 'list'
        ? { description: field.description, type: 'array', items: text, ...(field.required === 'always' ? { minItems: 1 } : {}) }
        : { description: field.description, ...text };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'hub paper front matter',
    type: 'object',
    properties,
    required: PAPER_FIELDS.filter((field) => field.required === 'always').map((field) => field.name),
    if: { properties: { status: { const: 'published' } } },
    then: { required: ['summary'] },
    additionalProperties: false,
  };
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Front-matter keys that only tell a site generator how to build a page: packs have no use for them. */
const SITE_SETTINGS = new Set([
  'layout', 'permalink', 'redirect_from', 'redirect_to', 'slug', 'aliases', 'weight', 'order', 'menu', 'sitemap',
  'nav_order', 'nav_exclude', 'parent', 'grand_parent', 'has_children',
  'eleventyNavigation', 'eleventyExcludeFromCollections', 'eleventyComputed',
]);

/** The hint for a key none of `specs` has: the field a site generator's name stands for, a site generator's setting, or a typo's nearest name. */
export function unknownFieldHint(key: string, specs: readonly FieldSpec[]): string {
  const meant = specs.find((spec) => spec.aliases?.includes(key));
  if (meant) return `Site generators call ${meant.name} ${JSON.stringify(key)}: write it as ${meant.name} (${meant.description.replace(/\.$/, '')}).`;
  if (SITE_SETTINGS.has(key)) return "It tells a site generator how to build the page; packs do not use it. Delete it once the page has moved into the hub for good.";
  const known = specs.map((spec) => spec.name);
  const near = suggest(key, known);
  return near ? `Did you mean ${near}?` : `Known fields: ${known.join(', ')}.`;
}

/** The closest known name, if it is close enough to be a typo. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export const DEFAULT_TYPES = ['paper', 'essay', 'report', 'briefing'] as const;
export const DEFAULT_LANG = 'en-GB';
const EXAMPLE_HUB_NAME = 'Whitehall Innovation Hub';

/** `hub.config.yaml`: every key optional; defaults in brackets. */
export const CONFIG_FIELDS: readonly FieldSpec[] = [
  { name: 'name', kind: 'text', required: 'optional', description: "The hub's name, on every pack's cover [from the folder's name: northshire-policy-lab → Northshire Policy Lab].", example: EXAMPLE_HUB_NAME },
  { name: 'types', kind: 'list', required: 'optional', description: `The kinds of publication [${DEFAULT_TYPES.join(', ')}].`, example: `[${DEFAULT_TYPES.join(', ')}]`, check: (value) => (isKebabCase(value) ? undefined : { code: CODES.tagNotKebab, message: 'is not a kebab-case word', hint: 'Types are lower-case words, e.g. paper.' }) },
  { name: 'tags', kind: 'list', required: 'optional', description: 'The tag vocabulary; when set, papers may use only these [any kebab-case tag].', example: '[innovation, total-place]', check: (value) => checkTag(value, { types: [], tags: [] }) },
  { name: 'default-author', kind: 'text', required: 'optional', description: '`hub new` offers this author [git config user.name].', example: 'Siân Llewellyn' },
  { name: 'lang', kind: 'text', required: 'optional', description: `Language of papers without their own lang [${DEFAULT_LANG}].`, example: DEFAULT_LANG, check: checkLang },
  { name: 'date-format', kind: 'text', required: 'optional', description: 'How packs show dates: `long` (31 March 2010) or `iso` (2010-03-31) [long].', example: 'long', choices: () => [...DATE_FORMATS] },
  { name: 'format', kind: 'list', required: 'optional', description: '`hub export` formats [html].', example: '[html, pdf]', choices: () => [...FORMATS] },
  { name: 'sort', kind: 'text', required: 'optional', description: 'Order of pieces in a pack without a manifest [date].', example: 'date', choices: () => ['date', 'title', 'type', 'status'] },
  { name: 'include-drafts', kind: 'text', required: 'optional', description: 'Whether packs include drafts and reviews [false].', example: 'false', choices: () => ['true', 'false'] },
  { name: 'paper', kind: 'text', required: 'optional', description: 'PDF paper size [a4].', example: 'a4', choices: () => ['a4', 'letter'] },
  { name: 'markdown', kind: 'text', required: 'optional', description: 'How papers are read: commonmark (CommonMark with GFM) or kramdown (as a Jekyll site wrote them) [commonmark].', example: 'kramdown', choices: () => [...MARKDOWN_DIALECTS] },
  {
    name: 'site-root',
    kind: 'text',
    required: 'optional',
    description: 'For papers moved in from a web site: the address the site served publications/ at. Links and images starting with it point into publications/ (a page `…/name.html`, `…/name` or `…/name/` is the paper name.md or name/index.md) [none].',
    example: '/service-manual/',
    check: checkSiteRoot,
  },
  {
    name: 'a11y:certifiedBy',
    kind: 'text',
    required: 'optional',
    description: 'Who evaluated the packs for accessibility; only then does an EPUB claim conformance to EPUB Accessibility 1.1 (WCAG 2.2 AA) [no claim].',
    example: 'Digital Accessibility Centre',
  },
  { name: 'publisher', kind: 'text', required: 'optional', description: 'Publisher of the papers, in citations and imprints [the name].', example: EXAMPLE_HUB_NAME },
  { name: 'place', kind: 'text', required: 'optional', description: 'Place of publication, in citations [none].', example: 'London' },
  { name: 'logo', kind: 'text', required: 'optional', description: 'A PNG, JPEG or SVG file under the hub, on the cover of every pack [none].', example: 'publications/images/hub-logo.png' },
  { name: 'logo-alt', kind: 'text', required: 'optional', description: 'Alt text of the logo; required with logo.', example: EXAMPLE_HUB_NAME },
  { name: 'licence', kind: 'text', required: 'optional', description: `Licence of the papers, by SPDX id: ${LICENCE_IDS.join(', ')} [none; hub init writes ${DEFAULT_LICENCE}].`, example: DEFAULT_LICENCE, choices: () => LICENCE_IDS },
  { name: 'copyright', kind: 'text', required: 'optional', description: 'Copyright line, in the imprint and under each piece [none].', example: '© Crown copyright 2010' },
  { name: 'contact', kind: 'text', required: 'optional', description: 'How readers reach the publisher, in the imprint [none].', example: 'innovation.hub@cabinet-office.x.gsi.gov.uk' },
  { name: 'accessibility-statement', kind: 'text', required: 'optional', description: 'Text, or a web address, for readers who need another format [none].', example: 'To ask for this publication in another format, write to the contact address.' },
];

/** `publications/packs/NAME.yaml`: a curated reader pack. */
export const MANIFEST_FIELDS: readonly FieldSpec[] = [
  { name: 'title', kind: 'text', required: 'always', description: 'Title of the pack.', example: 'Innovation in Government' },
  { name: 'subtitle', kind: 'text', required: 'optional', description: 'Subtitle of the pack.', example: 'Selected papers, 2008–2010' },
  { name: 'introduction', kind: 'text', required: 'optional', description: 'Markdown introduction, placed before the first piece.', example: '|\n  Why these papers, in this order.' },
  { name: 'pieces', kind: 'list', required: 'always', description: 'Slugs of the pieces, in reading order.', example: '[the-hub-strategy, leading-innovation]' },
];

/** The field table of the README, made from the same data (a test keeps the README in step). */
export function fieldsMarkdownTable(fields: readonly FieldSpec[] = PAPER_FIELDS): string {
  const required: Record<Requirement, string> = { always: 'yes', 'when-published': 'when published', optional: 'no' };
  const rows = fields.map((field) => `| \`${field.name}\` | ${field.kind} | ${required[field.required]} | ${field.description.replace(/\|/g, '\\|')} | \`${field.example.replace(/\n.*/s, '')}\` |`);
  return ['| field | kind | required | rule | example |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
