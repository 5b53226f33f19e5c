// The pack layer, shared by every format: given the chosen papers (already
// lexed by validate), fix the order, title, date and slug of the pack, give
// every heading a pack-wide id, and rewrite links and image paths for the pack.

import { join } from 'node:path';
import type { Token, Tokens } from 'marked';
import slugify from '@sindresorhus/slugify';
import { imageTarget, linkTarget } from '../markdown/links.js';
import { childTokenLists, headingsOf, lexMarkdown, plainText } from '../markdown/lex.js';
import type { Hub, Pack, PackHeading, PackHeadingToken, PackManifest, PackPiece } from '../model.js';
import type { LexedPaper } from '../check/rules.js';

export interface PackRequest {
  /** Pieces in reading order. Their tokens are rewritten in place: the pack owns them from here. */
  papers: LexedPaper[];
  /** Every paper of the hub, by absolute path: to name papers a link points at outside the pack. */
  allByPath: ReadonlyMap<string, LexedPaper>;
  manifest?: PackManifest;
  title?: string;
  generator: string;
}

/** The pack's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the newest piece's date. */
export function packDate(papers: readonly LexedPaper[], env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  return papers.reduce((newest, { publication }) => (publication.metadata.date > newest ? publication.metadata.date : newest), '');
}

/** Call `visit` on every token array in a tree (blocks, inlines, list items, table cells, footnotes). */
function eachTokenList(tokens: Token[], visit: (list: Token[]) => void): void {
  visit(tokens);
  for (const token of tokens) for (const list of childTokenLists(token)) eachTokenList(list, visit);
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
      if (target.kind === 'external') continue;
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
      // Not in the pack: keep the words, say what they referred to, link nowhere.
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

function assignHeadingIds(tokens: Token[], slug: string): PackHeading[] {
  return headingsOf(tokens).map(({ token, slug: headingSlug }) => {
    const id = headingId(slug, headingSlug);
    (token as PackHeadingToken).id = id;
    return { depth: token.depth, text: plainText(token.tokens), id };
  });
}

export function packSlug(request: Pick<PackRequest, 'manifest' | 'title'>, hub: Hub): string {
  if (request.manifest && !request.title) return request.manifest.name;
  return slugify(request.title ?? `${hub.config.name} reader pack`).slice(0, 60).replace(/-+$/, '') || 'reader-pack';
}

export function assemblePack(hub: Hub, request: PackRequest): Pack {
  const inPack = new Map(request.papers.map((paper) => [paper.publication.path, paper.publication.slug]));
  const slugOf = (path: string): string | undefined => inPack.get(path);
  const titleOf = (path: string): string | undefined => request.allByPath.get(path)?.publication.metadata.title;

  const pieces: PackPiece[] = request.papers.map(({ publication, tokens }) => {
    const headings = assignHeadingIds(tokens, publication.slug);
    rewriteLinks(tokens, publication.path, slugOf, titleOf, hub.root);
    return { publication, id: publication.slug, tokens, headings };
  });

  let introduction: Token[] | undefined;
  if (request.manifest?.introduction) {
    introduction = lexMarkdown(request.manifest.introduction);
    // The introduction is written as if it sat beside the papers.
    rewriteLinks(introduction, join(hub.publicationsDir, '_introduction.md'), slugOf, titleOf, hub.root);
  }

  const title = request.title ?? request.manifest?.title ?? `${hub.config.name} reader pack`;
  const subtitle = request.title ? undefined : request.manifest?.subtitle;
  return {
    slug: packSlug(request, hub),
    title,
    ...(subtitle ? { subtitle } : {}),
    date: packDate(request.papers),
    hubName: hub.config.name,
    lang: hub.config.lang,
    ...(introduction ? { introduction } : {}),
    pieces,
    generator: request.generator,
  };
}
