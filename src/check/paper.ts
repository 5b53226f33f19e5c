// A paper judged: what the loader read, checked against the schema and the hub's
// vocabularies, becomes a Publication with its diagnostics. Never throws on a bad paper.

import { basename } from 'node:path';
import { openListingCache } from '../io/cache.js';
import { displayPath, paperFiles, readPaperFile, slugOf, slugSource, toDiagnostic, TOP, type ReadMode } from '../load/load.js';
import { packPositions } from '../load/frontmatter.js';
import type { Hub, Metadata, PaperRead, Publication, Status } from '../model.js';
import { checkFields, diagnosticAt, type RecordSource } from './fields.js';
import { checkContext } from './hub.js';
import { CODES, PAPER_FIELDS, type PaperContext } from './schema.js';

/** Best-effort metadata: what passed its check, safe fallbacks for the rest. */
function toMetadata(values: Map<string, string | string[]>, slug: string): Metadata {
  const text = (key: string): string | undefined => values.get(key) as string | undefined;
  const list = (key: string): string[] => (values.get(key) as string[] | undefined) ?? [];
  const metadata: Metadata = {
    title: text('title') ?? slug,
    // A paper with no readable type has none (a pack shows it only under --force or in preview, as a "publication").
    type: text('type') ?? '',
    authors: list('authors'),
    date: text('date') ?? '',
    // A paper whose status cannot be read is treated as a draft: never published by accident.
    status: (text('status') as Status | undefined) ?? 'draft',
    tags: list('tags'),
    related: list('related'),
  };
  for (const key of ['subtitle', 'summary', 'series', 'isbn', 'doi', 'publisher', 'url', 'licence', 'copyright', 'session', 'lang', 'updated'] as const) {
    const value = text(key);
    if (value !== undefined) metadata[key] = value;
  }
  const commandPaper = text('command-paper');
  if (commandPaper !== undefined) metadata.commandPaper = commandPaper;
  const hcNumber = text('hc-number');
  if (hcNumber !== undefined) metadata.hcNumber = hcNumber;
  return metadata;
}

/** What reading one paper's file gives, before any check against the schema. Plain data: the listing cache stores it. */
export function checkPaper(path: string, read: PaperRead, context: PaperContext): Publication {
  const slug = slugOf(path, context.publicationsDir);
  const file = displayPath(path);
  const positions = packPositions(read.positions);
  const publication: Publication = {
    slug, path, displayPath: file, metadata: toMetadata(new Map(), slug), positions, body: read.body, bodyLine: read.bodyLine, words: read.words,
    diagnostics: read.problems.map((problem) => toDiagnostic(file, problem)),
  };
  const name = slugSource(path, context.publicationsDir);
  if (slug !== name) {
    const badSlug = name === basename(path, '.md')
      ? { message: `the file name ${JSON.stringify(basename(path))} is not kebab-case; its slug is ${slug}`, hint: `Rename it to ${slug}.md, so its file name and its address in packs agree.` }
      : { message: `the folder name ${JSON.stringify(name)} is not kebab-case; this index.md's slug is ${slug}`, hint: `Rename the folder to ${slug}, so its name and its address in packs agree.` };
    publication.diagnostics.unshift({ code: CODES.badSlug, severity: 'warning', file, ...TOP, ...badSlug });
  }
  if (read.problems.length > 0) return publication;

  const source: RecordSource = { file, positions, fallback: TOP };
  const published = read.data.status === 'published';
  const check = checkFields(PAPER_FIELDS, read.data, context, source, (spec) => spec.required === 'always' || (spec.required === 'when-published' && published));
  publication.diagnostics.push(...check.diagnostics);
  publication.metadata = toMetadata(check.values, slug);
  const { date, updated } = publication.metadata;
  if (date && updated && updated < date) {
    publication.diagnostics.push(diagnosticAt(source, 'updated', 'error', { code: CODES.updatedBeforeDate, message: `"${updated}" is before the paper's date "${date}"`, hint: 'updated is the date of the last revision: it cannot come before date.' }));
  }
  // An HC paper is numbered within its session: the number alone names no paper.
  if (read.data['hc-number'] !== undefined && read.data.session === undefined) {
    publication.diagnostics.push(diagnosticAt(source, 'hc-number', 'error', { code: CODES.hcNumberWithoutSession, message: 'an HC number needs the parliamentary session it was ordered in', hint: 'Add `session: 2009-10` (the session printed on the cover, YYYY-YY).' }));
  }
  if (read.data.session !== undefined && read.data['hc-number'] === undefined) {
    publication.diagnostics.push(diagnosticAt(source, 'session', 'warning', { code: CODES.sessionWithoutHcNumber, message: 'session is given but hc-number is not; session only qualifies an HC number', hint: 'Add `hc-number: 312`, or remove session.' }));
  }
  return publication;
}

/** Read and check one paper. Never throws: every problem becomes a diagnostic on the paper. */
export async function readPublication(path: string, context: PaperContext, mode: ReadMode): Promise<Publication> {
  return checkPaper(path, await readPaperFile(path, mode), context);
}

/** Hints quote the user's own hub: its default author (else the first author written), its first slug. */
export function hubExamples(hub: Hub, publications: readonly Publication[]): Record<string, string> {
  const examples: Record<string, string> = {};
  const author = hub.config.defaultAuthor ?? publications.flatMap((publication) => publication.metadata.authors).find((name) => name.trim() !== '');
  if (author) examples.authors = `[${author}]`;
  const slug = publications[0]?.slug;
  if (slug) examples.related = `[${slug}]`;
  return examples;
}

/**
 * Read every paper (or just `paths`). Listing goes through the listing cache:
 * files whose size, modification time and inode are unchanged are not read again;
 * a cache that cannot be written is reported to `warn`.
 */
export async function loadPublications(hub: Hub, mode: ReadMode, paths: string[] = paperFiles(hub), warn: (message: string) => void = () => {}): Promise<Publication[]> {
  const cache = mode === 'metadata' ? openListingCache(hub.root) : undefined;
  const reads: PaperRead[] = [];
  for (const path of paths) reads.push(cache ? await cache.read(path, () => readPaperFile(path, mode)) : await readPaperFile(path, mode));
  const context = checkContext(hub);
  const publications = reads.map((read, i) => checkPaper(paths[i]!, read, context));
  const skipped = await cache?.save();
  if (skipped) warn(skipped);
  return publications;
}

