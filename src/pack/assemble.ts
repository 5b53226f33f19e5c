// The pack layer, shared by every format: given the chosen papers (already
// checked and indexed), fix the order, title, date and slug of the pack and give
// every heading a pack-wide id. Bodies are lexed only when a renderer asks for a
// piece's source(), and the pack's passes (heading ids, links, image paths) run then,
// on fresh tokens: nothing lexed outlives the piece being rendered.

import { join } from 'node:path';
import type { Token, Tokens } from 'marked';
import { pieceCitation } from '../cite/reference.js';
import slugify from '@sindresorhus/slugify';
import { imageTarget, linkTarget } from '../markdown/links.js';
import { anchorsOf, eachTokenList, lexMarkdown } from '../markdown/lex.js';
import { smartText, smartTypography } from '../markdown/smart.js';
import type { Hub, MarkdownDialect, Pack, PackAnchored, PackManifest, PackPiece, PackSource, Publication } from '../model.js';
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

function textToken(text: string): Tokens.Text {
  return { type: 'text', raw: text, text, escaped: false };
}

/**
 * Rewrite one piece's links and images for the pack:
 * in-pack links become `#id`, links to papers outside the pack become their text
 * plus a reference by title, local images get absolute paths.
 */
function rewriteLinks(tokens: Token[], paperPath: string, slugOf: (path: string) => string | undefined, titleOf: (path: string) => string | undefined, hubRoot: string): void {
  eachTokenList(tokens, (list) => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      if (token.type === 'image') {
        const image = token as Tokens.Image;
        const target = imageTarget(image.href, paperPath, hubRoot);
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
        const self = slugOf(paperPath);
        if (self) link.href = target.fragment ? `#${headingId(self, target.fragment)}` : `#${self}`;
        continue;
      }
      const slug = target.kind === 'paper' ? slugOf(target.path) : undefined;
      if (slug) {
        link.href = target.kind === 'paper' && target.fragment ? `#${headingId(slug, target.fragment)}` : `#${slug}`;
        continue;
      }
      // Not in the pack, or not a place a pack may link to (validation warned): keep the words,
      // say what they referred to, link nowhere.
      const title = target.kind === 'paper' ? titleOf(target.path) : undefined;
      const reference = title ? ` (see “${title}”, not in this pack)` : '';
      list.splice(i, 1, ...link.tokens, ...(reference ? [textToken(reference)] : []));
      i += link.tokens.length - 1 + (reference ? 1 : 0);
    }
  });
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

/** Give each heading and anchored block its pack-wide id (the same ids `pieceAnchors` lists). */
function assignAnchorIds(tokens: Token[], slug: string, dialect: MarkdownDialect): void {
  const anchors = anchorsOf(tokens, dialect);
  const ids = anchorIds(slug, anchors.map((anchor) => anchor.slug));
  anchors.forEach((anchor, index) => ((anchor.token as PackAnchored).id = ids[index]));
}

/** A piece's headings and other anchored blocks with their pack-wide ids, from the index: no lexing. */
function pieceAnchors(paper: IndexedPaper): Pick<PackPiece, 'headings' | 'blockIds'> {
  const { anchors, headings } = paper.index;
  const ids = anchorIds(paper.publication.slug, anchors.map((anchor) => anchor.slug));
  const headingIds = ids.filter((_, index) => anchors[index]!.heading);
  return {
    headings: headings.map((heading, index) => ({ depth: heading.depth, text: smartText(heading.text), id: headingIds[index]! })),
    blockIds: ids.filter((_, index) => !anchors[index]!.heading),
  };
}

export function packSlug(request: Pick<PackRequest, 'manifest' | 'title'>, hub: Hub): string {
  if (request.manifest && !request.title) return request.manifest.name;
  return slugify(request.title ?? `${hub.config.name} reader pack`).slice(0, 60).replace(/-+$/, '') || 'reader-pack';
}

/** The paper as packs show it: its title, subtitle and summary with smart typography, like its body. */
function asShown(publication: Publication): Publication {
  const { metadata } = publication;
  return {
    ...publication,
    metadata: {
      ...metadata,
      title: smartText(metadata.title),
      ...(metadata.subtitle ? { subtitle: smartText(metadata.subtitle) } : {}),
      ...(metadata.summary ? { summary: smartText(metadata.summary) } : {}),
    },
  };
}

export function buildPack(hub: Hub, request: PackRequest): Pack {
  const inPack = new Map(request.papers.map((paper) => [paper.publication.path, paper.publication.slug]));
  const slugOf = (path: string): string | undefined => inPack.get(path);

  const pieces: PackPiece[] = request.papers.map((paper) => {
    const { publication } = paper;
    return {
      publication: asShown(publication),
      id: publication.slug,
      ...pieceAnchors(paper),
      citation: pieceCitation(publication.metadata, hub.config.imprint),
      source: () => {
        const tokens = lexMarkdown(request.bodyOf(publication), hub.config.markdown);
        assignAnchorIds(tokens, publication.slug, hub.config.markdown);
        rewriteLinks(tokens, publication.path, slugOf, request.titleOf, hub.root);
        return smartTypography(tokens);
      },
    };
  });

  const text = request.manifest?.introduction;
  const introduction: PackSource | undefined = text
    ? {
        source: () => {
          const tokens = lexMarkdown(text, hub.config.markdown);
          // The introduction is written as if it sat beside the papers.
          rewriteLinks(tokens, join(hub.publicationsDir, '_introduction.md'), slugOf, request.titleOf, hub.root);
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
    generator: request.generator,
    ...(hub.config.accessibilityCertifiedBy ? { accessibilityCertifiedBy: hub.config.accessibilityCertifiedBy } : {}),
    imprint: hub.config.imprint,
  };
}
