// The pack layer, shared by every format: given the chosen papers (already
// checked and indexed), fix the order, title, date and slug of the pack and give
// every heading a pack-wide id. Bodies are lexed only when a renderer asks for a
// piece's source(), and the pack's passes (heading ids, links, image paths) run then,
// on fresh tokens: nothing lexed outlives the piece being rendered.

import { join } from 'node:path';
import type { Token, Tokens } from 'marked';
import slugify from '@sindresorhus/slugify';
import { anchorNames, imageTarget, linkTarget } from '../markdown/links.js';
import { childTokenLists, headingsOf, type Anchor } from '../markdown/lex.js';
import { lexBody } from '../markdown/rawhtml.js';
import type { Hub, Pack, PackHeading, PackHeadingToken, PackManifest, PackPiece, PackSource, Publication } from '../model.js';
import type { IndexedPaper } from '../check/rules.js';

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
  bodyOf: (publication: Publication) => string;
}

/** When the pack was made: SOURCE_DATE_EPOCH when set, else midnight UTC of the newest piece's date. */
export function packCreated(papers: readonly IndexedPaper[], sourceDateEpoch?: string): Date {
  if (sourceDateEpoch && /^\d+$/.test(sourceDateEpoch)) return new Date(Number(sourceDateEpoch) * 1000);
  const newest = papers.reduce((latest, { publication }) => (publication.metadata.date > latest ? publication.metadata.date : latest), '');
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(newest);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : new Date(0);
}

/** Call `visit` on every token array in a tree (blocks, inlines, list items, table cells, footnotes). */
function eachTokenList(tokens: Token[], visit: (list: Token[]) => void): void {
  visit(tokens);
  for (const token of tokens) for (const list of childTokenLists(token)) eachTokenList(list, visit);
}

function textToken(text: string): Tokens.Text {
  return { type: 'text', raw: text, text, escaped: false };
}

/** What the pack knows of its pieces when rewriting links: their slugs and the anchors each one has. */
interface PieceLookup {
  slugOf: (path: string) => string | undefined;
  anchorsOf: (path: string) => ReadonlySet<string> | undefined;
  titleOf: (path: string) => string | undefined;
}

/**
 * Rewrite one piece's links and images for the pack:
 * in-pack links become `#id` (to the piece's start when the anchor does not exist there),
 * links to papers outside the pack become their text plus a reference by title (or a note
 * when there is no such paper), local images get absolute paths.
 */
function rewriteLinks(tokens: Token[], paperPath: string, pieces: PieceLookup, publicationsDir: string): void {
  const anchorIn = (path: string, slug: string, fragment: string | undefined): string =>
    fragment && pieces.anchorsOf(path)?.has(fragment) ? `#${headingId(slug, fragment)}` : `#${slug}`;
  eachTokenList(tokens, (list) => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      if (token.type === 'anchor') {
        const self = pieces.slugOf(paperPath);
        if (self) (token as unknown as Anchor).id = headingId(self, (token as unknown as Anchor).id);
        continue;
      }
      if (token.type === 'image') {
        const image = token as Tokens.Image;
        const target = imageTarget(image.href, paperPath, publicationsDir);
        if (target.kind === 'local') image.href = target.path;
        continue;
      }
      if (token.type !== 'link') continue;
      const link = token as Tokens.Link;
      const target = linkTarget(link.href, paperPath);
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
      const reference = title ? ` (see “${title}”, not in this pack)` : target.kind === 'paper' ? ` (link to ${link.href}: no such paper)` : '';
      // Step back so the link's own tokens (an image, say) get their turn at this level.
      list.splice(i, 1, ...link.tokens, ...(reference ? [textToken(reference)] : []));
      i--;
    }
  });
}

/** Heading anchors: the piece's slug, `--` (never in a slug, so ids cannot collide), the heading's slug. */
export function headingId(pieceSlug: string, headingSlug: string): string {
  return `${pieceSlug}--${headingSlug}`;
}

/** Give each heading token its pack-wide id (the same ids `pieceHeadings` lists). */
function assignHeadingIds(tokens: Token[], slug: string): void {
  for (const { token, slug: headingSlug } of headingsOf(tokens)) (token as PackHeadingToken).id = headingId(slug, headingSlug);
}

/** A piece's headings with their pack-wide ids, from the index: no lexing. */
function pieceHeadings(paper: IndexedPaper): PackHeading[] {
  return paper.index.headings.map((heading) => ({ depth: heading.depth, text: heading.text, id: headingId(paper.publication.slug, heading.slug) }));
}

export function packSlug(request: Pick<PackRequest, 'manifest' | 'title'>, hub: Hub): string {
  if (request.manifest && !request.title) return request.manifest.name;
  return slugify(request.title ?? `${hub.config.name} reader pack`).slice(0, 60).replace(/-+$/, '') || 'reader-pack';
}

export function buildPack(hub: Hub, request: PackRequest): Pack {
  const inPack = new Map(request.papers.map((paper) => [paper.publication.path, paper]));
  const anchors = new Map<string, ReadonlySet<string>>();
  const lookup: PieceLookup = {
    slugOf: (path) => inPack.get(path)?.publication.slug,
    anchorsOf: (path) => {
      const paper = inPack.get(path);
      if (!paper) return undefined;
      let names = anchors.get(path);
      if (!names) anchors.set(path, (names = new Set(anchorNames(paper.index))));
      return names;
    },
    titleOf: request.titleOf,
  };

  const pieces: PackPiece[] = request.papers.map((paper) => {
    const { publication } = paper;
    return {
      publication,
      id: publication.slug,
      headings: pieceHeadings(paper),
      anchors: (paper.index.anchors ?? []).map((anchor) => headingId(publication.slug, anchor)),
      source: () => {
        const { tokens } = lexBody(request.bodyOf(publication));
        assignHeadingIds(tokens, publication.slug);
        rewriteLinks(tokens, publication.path, lookup, hub.publicationsDir);
        return tokens;
      },
    };
  });

  const text = request.manifest?.introduction;
  const introduction: PackSource | undefined = text
    ? {
        source: () => {
          const { tokens } = lexBody(text);
          // The introduction is written as if it sat beside the papers.
          rewriteLinks(tokens, join(hub.publicationsDir, '_introduction.md'), lookup, hub.publicationsDir);
          return tokens;
        },
      }
    : undefined;

  const title = request.title ?? request.manifest?.title ?? `${hub.config.name} reader pack`;
  const subtitle = request.title ? undefined : request.manifest?.subtitle;
  const created = packCreated(request.papers, request.sourceDateEpoch);
  return {
    slug: packSlug(request, hub),
    title,
    ...(subtitle ? { subtitle } : {}),
    date: created.getTime() === 0 ? '' : created.toISOString().slice(0, 10),
    created,
    hubName: hub.config.name,
    lang: hub.config.lang,
    ...(introduction ? { introduction } : {}),
    pieces,
    generator: request.generator,
  };
}
