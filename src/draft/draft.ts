// The answers of `hub new`, turned into the text of a new paper: a slug that is
// always a safe file name, and front matter written with a real YAML library so
// that any title round-trips exactly through the loader's failsafe reading.

import { slugify } from '../slug.js';
import { Document, isScalar, isSeq, Scalar, Schema, type YAMLMap } from 'yaml';
import type { Metadata } from '../model.js';
import { isKebabCase, PAPER_FIELDS } from '../check/schema.js';

/** Everything `hub new` asks for, checked: a subset of a paper's metadata. */
export type Answers = Pick<Metadata, 'title' | 'type' | 'authors' | 'date' | 'status' | 'summary' | 'tags'>;

export const SLUG_MAX_LENGTH = 60;

// Windows reserves these names (with any extension) in every folder.
const DEVICE_NAMES = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)$/;

/** Why `slug` cannot be a paper's file name, or undefined when it can. */
export function slugProblem(slug: string): string | undefined {
  if (!isKebabCase(slug)) return 'is not a kebab-case slug (lower-case letters and digits joined by single hyphens, e.g. the-hub-strategy)';
  if (DEVICE_NAMES.test(slug)) return 'is a device name on Windows, so the file could not be opened there';
  return undefined;
}

/** Cut at a hyphen so no word is broken, unless the first word alone is too long. */
function shorten(slug: string): string {
  if (slug.length <= SLUG_MAX_LENGTH) return slug;
  const cut = slug.lastIndexOf('-', SLUG_MAX_LENGTH);
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, SLUG_MAX_LENGTH);
}

/**
 * The file name (without .md) for a title: lower case, accents folded, kebab-case,
 * at most 60 characters, never empty and never a path or a device name.
 */
export function slugFor(title: string, date: string): string {
  // decamelize would split "Ærø" into "a-ero"; titles are prose, not identifiers.
  const slug = shorten(slugify(title, { decamelize: false, customReplacements: [['ł', 'l'], ['Ł', 'l'], ['ß', 'ss']] }));
  if (slug === '') return `untitled-${date}`;
  if (DEVICE_NAMES.test(slug)) return `${slug}-paper`;
  // slugify keeps only [a-z0-9-]; the check makes that a guarantee rather than a hope.
  return slugProblem(slug) === undefined ? slug : `untitled-${date}`;
}

// Strings that a YAML 1.1 reader (Hugo, pandoc, older tools) would take for a number,
// boolean or null are quoted. Timestamps are quoted everywhere except in date fields,
// which stay plain like every paper in the hub: `date: 2009-03-14`.
const yaml11 = new Schema({ schema: 'yaml-1.1' });
const TIMESTAMP = yaml11.tags.find((tag) => tag.tag === 'tag:yaml.org,2002:timestamp');
const COMPAT_TAGS = yaml11.tags.filter((tag) => tag !== TIMESTAMP);
const DATE_FIELDS = new Set(PAPER_FIELDS.filter((field) => field.kind === 'date').map((field) => field.name));
const FOLD_LONGER_THAN = 60;

/** The front matter, fields in the schema's order, between `---` lines. */
export function frontMatter(answers: Answers): string {
  const record: Record<string, string | string[]> = {};
  for (const field of PAPER_FIELDS) {
    const value = (answers as unknown as Record<string, string | string[] | undefined>)[field.name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    record[field.name] = value;
  }
  const doc = new Document(record, { schema: 'core', compat: COMPAT_TAGS });
  for (const pair of (doc.contents as YAMLMap<Scalar<string>, unknown>).items) {
    const key = pair.key.value;
    for (const node of isSeq(pair.value) ? pair.value.items : [pair.value]) {
      if (!isScalar(node)) continue;
      const text = String(node.value);
      if (!DATE_FIELDS.has(key) && TIMESTAMP?.test?.test(text)) node.type = Scalar.QUOTE_DOUBLE;
      else if (key === 'summary' && text.length > FOLD_LONGER_THAN && !text.includes('\n')) node.type = Scalar.BLOCK_FOLDED;
    }
  }
  return `---\n${doc.toString({ lineWidth: 80, minContentWidth: 0 })}---\n`;
}

/** The whole new paper: front matter, a blank line, then the body from its template. */
export function draftText(answers: Answers, body: string): string {
  const trimmed = body.replace(/^\n+/, '').replace(/\s*$/, '\n');
  return `${frontMatter(answers)}\n${trimmed}`;
}
