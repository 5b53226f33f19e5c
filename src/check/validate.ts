// Validate: per-paper diagnostics from loading, plus the collection rules,
// plus the pack manifests. Returns values; never throws on a bad paper.

import { displayPath, manifestNames, paperFiles } from '../load/load.js';
import { loadManifest, type LoadedManifest } from './manifest.js';
import { paperIndexer, readingOf } from './index-papers.js';
import { hubExamples, loadPublications } from './paper.js';
import { linkTarget, paperRoots } from '../markdown/links.js';
import type { Diagnostic, Hub, Publication } from '../model.js';
import { RULES, RULE_CODES, type Collection, type IndexedPaper } from './rules.js';
import { suggest } from './schema.js';
import { quote } from '../text.js';

export function collect(hub: Hub, papers: IndexedPaper[]): Collection {
  const byPath = new Map<string, IndexedPaper>();
  const bySlug = new Map<string, IndexedPaper[]>();
  for (const paper of papers) {
    byPath.set(paper.publication.path, paper);
    bySlug.set(paper.publication.slug, [...(bySlug.get(paper.publication.slug) ?? []), paper]);
  }
  return { hub, papers, byPath, bySlug };
}

/** Check a manifest's slugs against the collection. */
export function manifestDiagnostics(loaded: LoadedManifest, slugs: readonly string[]): Diagnostic[] {
  const { manifest } = loaded;
  if (!manifest) return [];
  const found: Diagnostic[] = [];
  const seen = new Set<string>();
  manifest.slugs.forEach((slug, index) => {
    const field = `pieces.${index}`;
    const position = loaded.positions.get(field) ?? { line: 1, column: 1 };
    const base = { severity: 'error' as const, file: displayPath(manifest.path), line: position.line, column: position.column, field };
    if (!slugs.includes(slug)) {
      const near = suggest(slug, slugs);
      found.push({ ...base, code: RULE_CODES.manifestUnknownSlug, message: `no paper has the slug ${quote(slug)}`, hint: near ? `Did you mean ${near}?` : 'List papers by file name without .md.' });
    } else if (seen.has(slug)) {
      found.push({ ...base, code: RULE_CODES.manifestRepeatedSlug, message: `${quote(slug)} is listed twice`, hint: 'A piece appears once in a pack: remove the repeat.' });
    }
    seen.add(slug);
  });
  return found;
}

export interface Validation {
  collection: Collection;
  diagnostics: Diagnostic[];
}

/**
 * Validate every paper of the hub, the collection and, when `checkManifests`, every pack manifest.
 * Papers are read and indexed one at a time (in parallel on a large hub); no body is held.
 */
export async function validate(hub: Hub, checkManifests: boolean): Promise<Validation> {
  const indexer = paperIndexer(hub, readingOf(hub, hubExamples(hub, await loadPublications(hub, 'metadata'))));
  const papers = await indexer.index(paperFiles(hub));
  await indexer.save();
  const collection = collect(hub, papers);
  const diagnostics: Diagnostic[] = [...hub.configDiagnostics];
  for (const { publication } of papers) diagnostics.push(...publication.diagnostics);
  for (const rule of RULES) diagnostics.push(...rule(collection));
  if (checkManifests) {
    const slugs = [...collection.bySlug.keys()];
    for (const name of manifestNames(hub)) {
      const loaded = await loadManifest(hub, name);
      diagnostics.push(...loaded.diagnostics, ...manifestDiagnostics(loaded, slugs));
    }
  }
  return { collection, diagnostics: sortDiagnostics(diagnostics) };
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** What checking some papers gives: their diagnostics, and the papers themselves, indexed, for the pack. */
export interface SomeChecked {
  diagnostics: Diagnostic[];
  /** The named papers, read in full and indexed, in the order named. */
  papers: IndexedPaper[];
  /** Every paper of the hub (the others by metadata only): titles for links that leave the pack. */
  collection: Collection;
}

/**
 * Validate some papers of a hub without reading all of it closely: the named papers
 * are read and lexed in full; the rest only as far as the rules need (their metadata,
 * from the listing cache or `listed` when the caller has it, and the headings of
 * papers the named ones link to). Gives the same diagnostics for the named papers as
 * validating the whole hub.
 */
export async function validateSome(hub: Hub, paths: readonly string[], listed?: readonly Publication[]): Promise<SomeChecked> {
  const reading = readingOf(hub, hubExamples(hub, listed ?? (await loadPublications(hub, 'metadata'))));
  const named = new Set(paths);
  const indexer = paperIndexer(hub, reading);
  const papers = await indexer.index(paths);
  const roots = paperRoots(hub);
  const linked = new Set(papers.flatMap(({ publication, index }) => index.links.map((link) => linkTarget(link.href, publication.path, roots)).flatMap((target) => (target.kind === 'paper' ? [target.path] : []))));
  const rest = listed ? listed.filter((publication) => !named.has(publication.path)) : await loadPublications(hub, 'metadata', paperFiles(hub).filter((path) => !named.has(path)));
  const linkedPapers = new Map((await indexer.index(rest.filter((publication) => linked.has(publication.path)).map((publication) => publication.path))).map((paper) => [paper.publication.path, paper]));
  await indexer.save();
  const others = rest.map((publication): IndexedPaper => linkedPapers.get(publication.path) ?? { publication, index: { links: [], images: [], headings: [], anchors: [], notes: [], firstLine: publication.bodyLine } });
  // In path order, as a whole-hub validation sees them: rules like duplicate titles flag the later paper.
  const collection = collect(hub, [...papers, ...others].sort((a, b) => (a.publication.path < b.publication.path ? -1 : 1)));
  const diagnostics = papers.flatMap(({ publication }) => publication.diagnostics);
  for (const rule of RULES) diagnostics.push(...rule(collection).filter((diagnostic) => diagnostic.path !== undefined && named.has(diagnostic.path)));
  return { diagnostics: sortDiagnostics(diagnostics), papers, collection };
}
