// One reference per paper: the plain data every citation format is written from.

import { slugify } from '../slug.js';
import { LICENCES } from '../licences.js';
import type { CiteSegment, Imprint, Licence, Metadata, PieceCitation } from '../model.js';
import { familyWithParticle, parseName, type PersonName } from './names.js';
import { citationSegments } from './text.js';

/** How a format classes the paper: reports (papers, reports, briefings), essays, anything else. */
export type ReferenceKind = 'report' | 'essay' | 'other';

export interface Reference {
  /** Citation key, unique in the hub: `llewellyn2008hub`. */
  key: string;
  kind: ReferenceKind;
  /** The hub's type, as a word: "Briefing". */
  genre: string;
  title: string;
  subtitle?: string;
  authors: PersonName[];
  /** `YYYY-MM-DD`. */
  date: string;
  publisher: string;
  place?: string;
  series?: string;
  isbn?: string;
  doi?: string;
  url?: string;
  /** Command paper or House of Commons paper number, as printed: "Cm 7894", "HC 312 2009-10". */
  number?: string;
  summary?: string;
  tags: string[];
  lang?: string;
}

/** What the hub gives every reference: its publisher and place of publication. */
export type ReferenceDefaults = Pick<Imprint, 'publisher' | 'place'>;

const KIND_OF_TYPE: Readonly<Record<string, ReferenceKind>> = { paper: 'report', report: 'report', briefing: 'report', essay: 'essay' };

/** `case-study` → `Case study`. */
export function typeName(type: string): string {
  const words = type.replace(/-+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The parliamentary numbers of a paper, as GOV.UK prints them: "Cm 7894", "HC 312 2009-10". */
export function parliamentaryNumbers(metadata: Pick<Metadata, 'commandPaper' | 'hcNumber' | 'session'>): string[] {
  const numbers: string[] = [];
  if (metadata.commandPaper) numbers.push(metadata.commandPaper);
  if (metadata.hcNumber) numbers.push(`HC ${metadata.hcNumber.replace(/^HC\s*/i, '')}${metadata.session ? ` ${metadata.session}` : ''}`);
  return numbers;
}

export function referenceOf(metadata: Metadata, defaults: ReferenceDefaults, key = ''): Reference {
  const number = parliamentaryNumbers(metadata).join(', ');
  const reference: Reference = {
    key,
    kind: KIND_OF_TYPE[metadata.type] ?? 'other',
    genre: typeName(metadata.type),
    title: metadata.title,
    authors: metadata.authors.map(parseName),
    date: metadata.date,
    publisher: metadata.publisher ?? defaults.publisher,
    tags: metadata.tags,
  };
  const optional: Partial<Reference> = {
    subtitle: metadata.subtitle, place: defaults.place, series: metadata.series, isbn: metadata.isbn, doi: metadata.doi,
    url: metadata.url, number: number || undefined, summary: metadata.summary, lang: metadata.lang,
  };
  for (const [field, value] of Object.entries(optional)) if (value !== undefined) (reference as unknown as Record<string, unknown>)[field] = value;
  return reference;
}

// Words a key never takes as the title's word: Better BibTeX and JabRef skip the same function words.
const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'and', 'of', 'for', 'in', 'on', 'to', 'with', 'from', 'by', 'at', 'as']);

/** Letters and digits only, accents folded: "Ó Briain" → "obriain". */
function keyPart(text: string): string {
  return slugify(text, { decamelize: false, customReplacements: [['ł', 'l'], ['Ł', 'l'], ['ß', 'ss']] }).replace(/-/g, '');
}

function baseKey(metadata: Metadata): string {
  const first = metadata.authors[0];
  const name = first ? parseName(first) : undefined;
  // A body's key takes its first word: "cabinet2010…", "govuk2014…".
  const author = name ? keyPart(name.organisation ? name.family.split(' ')[0]! : familyWithParticle(name)) : '';
  const word = metadata.title.split(/[^\p{L}\p{N}]+/u).map(keyPart).find((part) => part !== '' && !FUNCTION_WORDS.has(part)) ?? '';
  return `${author || 'anon'}${metadata.date.slice(0, 4)}${word}`;
}

/**
 * Keys for every paper of the hub, so a paper's key does not depend on which papers are
 * cited with it: `llewellyn2008hub`, and `llewellyn2008huba`, `…b` for later papers (by
 * date, then slug) that would share it.
 */
export function citationKeys(papers: readonly { slug: string; metadata: Metadata }[]): Map<string, string> {
  const ordered = [...papers].sort((a, b) => (a.metadata.date < b.metadata.date ? -1 : a.metadata.date > b.metadata.date ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const { slug, metadata } of ordered) {
    const base = baseKey(metadata);
    let key = base;
    for (let n = 0; taken.has(key); n++) key = `${base}${suffix(n)}`;
    taken.add(key);
    keys.set(slug, key);
  }
  return keys;
}

/** a, b, … z, aa, ab, … */
function suffix(n: number): string {
  const letter = String.fromCharCode(97 + (n % 26));
  return n < 26 ? letter : `${suffix(Math.floor(n / 26) - 1)}${letter}`;
}

/** What a pack shows of a piece's identity: its numbers, links, licence and the reference to cite it by. */
export function pieceCitation(metadata: Metadata, imprint: Imprint): PieceCitation {
  const reference = referenceOf(metadata, imprint);
  const licence = metadata.licence ? LICENCES[metadata.licence] : imprint.licence;
  const copyright = metadata.copyright ?? imprint.copyright;
  const parliamentary = parliamentaryNumbers(metadata);
  return {
    heading: `How to cite this ${metadata.type.replace(/-+/g, ' ').trim() || 'publication'}`,
    reference: citationSegments(reference),
    numbers: [...(metadata.isbn ? [`ISBN ${metadata.isbn}`] : []), ...parliamentary],
    parliamentary,
    publisher: reference.publisher,
    ...(metadata.doi ? { doi: metadata.doi } : {}),
    ...(metadata.url ? { url: metadata.url } : {}),
    ...(licence ? { licence } : {}),
    ...(copyright ? { copyright } : {}),
    licenceLine: licenceLine(copyright, licence),
  };
}

function licenceLine(copyright: string | undefined, licence: Licence | undefined): CiteSegment[] {
  const segments: CiteSegment[] = [];
  if (copyright) segments.push({ text: `${/[.!?]$/.test(copyright) ? copyright : `${copyright}.`}${licence ? ' ' : ''}` });
  if (licence) segments.push({ text: 'Published under the ' }, { text: licence.name, href: licence.url }, { text: '.' });
  return segments;
}
