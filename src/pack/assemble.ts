// The pack layer, shared by every format: given the chosen papers (already
// checked and indexed), fix the order, title, date and slug of the pack and give
// every heading a pack-wide id. Bodies are lexed only when a renderer asks for a
// piece's source(), and the pack's passes (heading ids, links, image paths) run then,
// on fresh tokens: nothing lexed outlives the piece being rendered.

import { join } from 'node:path';
import type { Token, Tokens } from 'marked';
import { pieceCitation } from '../cite/reference.js';
import { slugify } from '../slug.js';
import { imageTarget, type IndexedHeading, linkTarget, paperRoots } from '../markdown/links.js';
import { anchorsOf, eachTokenList, lexMarkdown, plainText } from '../markdown/lex.js';
import { smartText, smartTypography } from '../markdown/smart.js';
import type { Hub, MarkdownDialect, Pack, PackAnchored, PackedPublication, PackManifest, PackPiece, PackSource, PaperRoots, PieceSourcing, Position, Publication, ShownField } from '../model.js';
import { anchorSlugs, type IndexedPaper } from '../check/rules.js';

export interface PackRequest {
  /** Pieces in reading order, as checked. */
  papers: readonly IndexedPaper[];
  /** The title of any paper of the hub, by absolute path: to name papers a link points at outside the pack. */
  titleOf: (path: string) => string | undefined;
  manifest?: PackManifest;
  title?: string;
  generator: string;
  /** SOURCE_DATE_EPOCH, when the caller was given one (reproducible builds). */
  sourceDateEpoch?: string;
  /** A piece's Markdown body, fetched when a renderer reaches it (the pack holds none). */
  bodyOf: (publication: PackedPublication) => string;
}

/** When the pack was made: SOURCE_DATE_EPOCH when set, else midnight UTC of the newest piece's date. */
export function packCreated(papers: readonly IndexedPaper[], sourceDateEpoch?: string): Date {
  if (sourceDateEpoch && /^\d+$/.test(sourceDateEpoch)) return new Date(Number(sourceDateEpoch) * 1000);
  const newest = papers.reduce((latest, { publication }) => (publication.metadata.date > latest ? publication.metadata.date : latest), '');
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(newest);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : new Date(0);
}

function textToken(text: string): Tokens.Text {
  return { type: 'text', raw: text, text, escaped: false };
}

/** What the pack knows of its pieces when rewriting links: their slugs and the anchors each one has. */
interface PieceLookup {
  slugOf: (path: string) => string | undefined;
  anchorsOf: (path: string) => ReadonlySet<string> | undefined;
  titleOf: (path: string) => string | undefined;
  /** The slug of a piece's leading H1 when it repeats the title (shown once: links to it go to the piece). */
  titleHeadingOf: (slug: string) => string | undefined;
}

/** What follows the words of a link to a paper outside the pack; the title only when the words do not already give it. */
function outsideReference(title: string, words: string): string {
  return fold(words).includes(fold(title)) ? ' (not in this pack)' : ` (see “${title}”, not in this pack)`;
}

/**
 * Rewrite one piece's links and images for the pack:
 * in-pack links become `#id` (to the piece's start when the anchor does not exist there),
 * links to papers outside the pack become their text plus a reference by title (or a note
 * when there is no such paper), local images get absolute paths.
 */
function rewriteLinks(tokens: Token[], paperPath: string, pieces: PieceLookup, roots: PaperRoots): void {
  // A fragment the piece does not have links to the piece's start (validation said so, or --force asked for it);
  // the leading H1 that repeats the title is the piece itself.
  const anchorIn = (path: string, slug: string, fragment: string | undefined): string =>
    fragment && pieces.anchorsOf(path)?.has(fragment) && pieces.titleHeadingOf(slug) !== fragment ? `#${headingId(slug, fragment)}` : `#${slug}`;
  eachTokenList(tokens, (list) => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      if (token.type === 'image') {
        const image = token as Tokens.Image;
        const target = imageTarget(image.href, paperPath, roots);
        if (target.kind === 'local') image.href = target.path;
        continue;
      }
      if (token.type !== 'link') continue;
      const link = token as Tokens.Link;
      const target = linkTarget(link.href, paperPath, roots);
      if (target.kind === 'external') {
        link.href = target.url;
        continue;
      }
      if (target.kind === 'fragment') {
        const self = pieces.slugOf(paperPath);
        if (self) link.href = anchorIn(paperPath, self, target.fragment);
        continue;
      }
      const slug = target.kind === 'paper' ? pieces.slugOf(target.path) : undefined;
      if (slug && target.kind === 'paper') {
        link.href = anchorIn(target.path, slug, target.fragment);
        continue;
      }
      // Not in the pack, or not a place a pack may link to (validation warned): keep the words,
      // say what they referred to, link nowhere.
      const title = target.kind === 'paper' ? pieces.titleOf(target.path) : undefined;
      const reference = title ? outsideReference(title, plainText(link.tokens)) : target.kind === 'paper' ? ` (link to ${link.href}: no such paper)` : '';
      // Step back so the link's own tokens (an image, say) get their turn at this level.
      list.splice(i, 1, ...link.tokens, ...(reference ? [textToken(reference)] : []));
      i--;
    }
  });
}

/** Every id the pack gives a piece, for renderers to link to: its own, its headings', its blocks'. */
export function pieceIds(piece: Pick<PackPiece, 'id' | 'headings' | 'blockIds'>): string[] {
  return [piece.id, ...piece.headings.map((heading) => heading.id), ...piece.blockIds];
}

/** Heading anchors: the piece's slug, `--` (never in a slug, so ids cannot collide), the heading's slug. */
export function headingId(pieceSlug: string, headingSlug: string): string {
  return `${pieceSlug}--${headingSlug}`;
}

/**
 * Pack-wide ids for a piece's anchors, in document order. An id repeated within the piece
 * (two blocks given the same id) gets `-2`, `-3`: ids stay unique, links go to the first.
 */
function anchorIds(pieceSlug: string, slugs: readonly string[]): string[] {
  const used = new Set<string>();
  return slugs.map((slug) => {
    let id = headingId(pieceSlug, slug);
    for (let n = 2; used.has(id); n++) id = `${headingId(pieceSlug, slug)}-${n}`;
    used.add(id);
    return id;
  });
}

/** Text compared loosely: case, quotes and spacing aside. */
const fold = (text: string): string => text.toLowerCase().replace(/[‘’“”"']/g, '').replace(/\s+/g, ' ').trim();

/**
 * A paper's leading H1 that repeats its title (common in Markdown written elsewhere):
 * the pack shows the title once, so this heading is left out and links to it go to the piece.
 */
function titleHeading(paper: IndexedPaper): IndexedHeading | undefined {
  const first = paper.index.headings[0];
  if (!first || first.depth !== 1 || fold(first.text) !== fold(paper.publication.metadata.title)) return undefined;
  return paper.index.firstLine === first.line ? first : undefined;
}

/**
 * Drop the leading H1 token that repeats the title (after the footnotes block marked puts first).
 * A space token keeps its source text, so the lines of the blocks after it still count right.
 */
function dropTitleHeading(tokens: Token[]): void {
  const at = tokens.findIndex((token) => token.type !== 'footnotes' && token.type !== 'space');
  const heading = tokens[at];
  if (heading?.type === 'heading') tokens.splice(at, 1, { type: 'space', raw: heading.raw });
}

/** Give each heading and anchored block its pack-wide id (the same ids `pieceAnchors` lists). */
function assignAnchorIds(tokens: Token[], slug: string, dialect: MarkdownDialect): void {
  const anchors = anchorsOf(tokens, dialect);
  const ids = anchorIds(slug, anchors.map((anchor) => anchor.slug));
  anchors.forEach((anchor, index) => ((anchor.token as PackAnchored).id = ids[index]));
}

/** A piece's headings (but a `skipped` title heading) and other anchored blocks with their pack-wide ids, from the index: no lexing. */
function pieceAnchors(paper: IndexedPaper, pieceId: string, skipped: IndexedHeading | undefined): Pick<PackPiece, 'headings' | 'blockIds'> {
  const { anchors, headings } = paper.index;
  const ids = anchorIds(pieceId, anchors.map((anchor) => anchor.slug));
  const headingIds = ids.filter((_, index) => anchors[index]!.heading);
  return {
    headings: headings.flatMap((heading, index) => (heading === skipped ? [] : [{ depth: heading.depth, text: smartText(heading.text), id: headingIds[index]! }])),
    blockIds: ids.filter((_, index) => !anchors[index]!.heading),
  };
}

export function packSlug(request: Pick<PackRequest, 'manifest' | 'title'>, hub: Hub): string {
  if (request.manifest && !request.title) return request.manifest.name;
  return slugify(request.title ?? `${hub.config.name} reader pack`).slice(0, 60).replace(/-+$/, '') || 'reader-pack';
}

/** The fields whose positions a pack keeps (see ShownField); written as a record so the compiler checks it names each one. */
const SHOWN_FIELDS = Object.keys({ title: true, subtitle: true, summary: true } satisfies Record<ShownField, true>) as ShownField[];

/** The paper as packs show it: its title, subtitle and summary with smart typography, like its body. */
function asShown(publication: Publication): PackedPublication {
  const { metadata, slug, path, displayPath, positions, bodyLine, words } = publication;
  const shown = new Map<ShownField, Position>();
  for (const field of SHOWN_FIELDS) {
    const at = positions.get(field);
    if (at) shown.set(field, at);
  }
  return {
    slug,
    path,
    displayPath,
    positions: shown,
    bodyLine,
    words,
    metadata: {
      ...metadata,
      title: smartText(metadata.title),
      ...(metadata.subtitle ? { subtitle: smartText(metadata.subtitle) } : {}),
      ...(metadata.summary ? { summary: smartText(metadata.summary) } : {}),
    },
  };
}

/**
 * Each paper's id in the pack: its slug, or, for a later paper with the same slug (an
 * `index.md` in several folders: an error that --force lets through), the slug numbered from
 * 2 on, skipping the slugs of the other papers. Ids name the pieces' anchors and files, so two
 * pieces never share one (an EPUB would hold two files of one name, and show one).
 */
function pieceIdsOf(papers: readonly IndexedPaper[]): string[] {
  const slugs = new Set(papers.map((paper) => paper.publication.slug));
  const used = new Set<string>();
  return papers.map(({ publication: { slug } }) => {
    let id = slug;
    for (let n = 2; used.has(id) || (id !== slug && slugs.has(id)); n++) id = `${slug}-${n}`;
    used.add(id);
    return id;
  });
}

/** The lookup rewriteLinks uses, from the pack's plain sourcing data. */
function lookupOf(sourcing: PieceSourcing): PieceLookup {
  const anchorSets = new Map<string, ReadonlySet<string>>();
  const titleHeadings = new Map(Object.values(sourcing.pieces).map((piece) => [piece.id, piece.titleHeading]));
  return {
    slugOf: (path) => sourcing.pieces[path]?.id,
    anchorsOf: (path) => {
      const piece = sourcing.pieces[path];
      if (!piece) return undefined;
      let names = anchorSets.get(path);
      if (!names) anchorSets.set(path, (names = new Set(piece.anchors)));
      return names;
    },
    titleOf: (path) => sourcing.outside[path],
    titleHeadingOf: (slug) => titleHeadings.get(slug),
  };
}

/**
 * How a pack's pieces are made from their bodies: pack-wide anchor ids, the title heading left
 * out, links and images resolved, smart typography. Pure: the same tokens on any thread.
 */
export function pieceSourcer(sourcing: PieceSourcing): (path: string, body: string) => Token[] {
  const lookup = lookupOf(sourcing);
  return (path, body) => {
    const piece = sourcing.pieces[path];
    if (!piece) throw new Error(`Not a piece of this pack: ${path}`);
    const tokens = lexMarkdown(body, sourcing.dialect);
    assignAnchorIds(tokens, piece.id, sourcing.dialect);
    if (piece.titleHeading !== undefined) dropTitleHeading(tokens);
    rewriteLinks(tokens, path, lookup, sourcing.roots);
    return smartTypography(tokens);
  };
}

/** Titles of the papers outside the pack that `hrefs`, written in the paper at `from`, link to, added to `outside`. */
function addOutsideTitles(outside: Record<string, string>, hrefs: readonly string[], from: string, pieces: PieceSourcing['pieces'], titleOf: (path: string) => string | undefined, roots: PaperRoots): void {
  for (const href of hrefs) {
    const target = linkTarget(href, from, roots);
    if (target.kind !== 'paper' || target.path in pieces || target.path in outside) continue;
    const title = titleOf(target.path);
    if (title !== undefined) outside[target.path] = title;
  }
}

/** Where a curated pack's introduction is taken to be written: beside the papers. */
const introductionPath = (hub: Hub): string => join(hub.publicationsDir, '_introduction.md');

/**
 * The sourcing data of a pack of `papers` (and `introduction`): the pieces' slugs and anchors, and
 * the titles of papers outside the pack they link to, so the pack keeps no hold on the rest of the hub.
 */
function sourcingOf(hub: Hub, papers: readonly IndexedPaper[], introduction: string | undefined, titleOf: (path: string) => string | undefined): PieceSourcing {
  const pieces: PieceSourcing['pieces'] = {};
  const roots = paperRoots(hub);
  const ids = pieceIdsOf(papers);
  for (const [index, paper] of papers.entries()) {
    const titleHeadingSlug = titleHeading(paper)?.slug;
    pieces[paper.publication.path] = { id: ids[index]!, anchors: anchorSlugs(paper), ...(titleHeadingSlug !== undefined ? { titleHeading: titleHeadingSlug } : {}) };
  }
  const outside: Record<string, string> = {};
  for (const { publication, index } of papers) addOutsideTitles(outside, index.links.map((link) => link.href), publication.path, pieces, titleOf, roots);
  if (introduction !== undefined) {
    const hrefs: string[] = [];
    eachTokenList(lexMarkdown(introduction, hub.config.markdown), (list) => {
      for (const token of list) if (token.type === 'link') hrefs.push((token as Tokens.Link).href);
    });
    addOutsideTitles(outside, hrefs, introductionPath(hub), pieces, titleOf, roots);
  }
  return { dialect: hub.config.markdown, roots, pieces, outside };
}

export function buildPack(hub: Hub, request: PackRequest): Pack {
  const text = request.manifest?.introduction;
  const sourcing = sourcingOf(hub, request.papers, text, request.titleOf);
  const sourceOf = pieceSourcer(sourcing);

  // The pieces' closures hold these and nothing else of the request: the checked papers and the
  // hub's titles are let go once the pack is built.
  const { bodyOf } = request;
  const { dialect, roots } = sourcing;
  const writtenAt = introductionPath(hub);
  const pieces: PackPiece[] = request.papers.map((paper) => {
    // Only the paper as shown is kept, by the piece and its source(): not the checked paper's front matter or problems.
    const shown = asShown(paper.publication);
    const { id } = sourcing.pieces[shown.path]!;
    return {
      publication: shown,
      id,
      ...pieceAnchors(paper, id, titleHeading(paper)),
      citation: pieceCitation(paper.publication.metadata, hub.config.imprint),
      source: () => sourceOf(shown.path, bodyOf(shown)),
    };
  });

  const introduction: PackSource | undefined = text
    ? {
        source: () => {
          const tokens = lexMarkdown(text, dialect);
          rewriteLinks(tokens, writtenAt, lookupOf(sourcing), roots);
          return smartTypography(tokens);
        },
      }
    : undefined;

  const title = smartText(request.title ?? request.manifest?.title ?? `${hub.config.name} reader pack`);
  const subtitle = request.title || !request.manifest?.subtitle ? undefined : smartText(request.manifest.subtitle);
  const created = packCreated(request.papers, request.sourceDateEpoch);
  return {
    slug: packSlug(request, hub),
    title,
    ...(subtitle ? { subtitle } : {}),
    date: created.getTime() === 0 ? '' : created.toISOString().slice(0, 10),
    created,
    dateFormat: hub.config.dateFormat,
    hubName: hub.config.name,
    lang: hub.config.lang,
    ...(introduction ? { introduction } : {}),
    pieces,
    sourcing,
    generator: request.generator,
    ...(hub.config.accessibilityCertifiedBy ? { accessibilityCertifiedBy: hub.config.accessibilityCertifiedBy } : {}),
    imprint: hub.config.imprint,
  };
}
