// The EPUB reader pack: an EPUB 3 package for e-readers, phones and screen readers, streamed
// into a ZIP. Each piece is its own XHTML document, written by the HTML pack's renderer in
// its XHTML markup (same sanitiser, same URL policy, same piece header), with its images
// beside it as files. Nothing in it is remote and nothing runs.

import { createHash } from 'node:crypto';
import type { Pack, PackPiece, Renderer } from '../../model.js';
import { HTML_CODES, type Markup } from '../html/body.js';
import { colophonHtml, coverHtml, fragmentWarnings, keptForLinkCheck, partSettings, renderIntroduction, renderPiece, type LinkCheckPart, type RenderedPiece } from '../html/index.js';
import { escapeHtml } from '../html/sanitize.js';
import { STYLESHEET } from './css.js';
import { landmarks, navEntries, nestedList } from './nav.js';
import { CONTAINER_XML, PACKAGE_PATH, packageDocument, type ContentFacts, type ManifestItem } from './package.js';
import { EpubArchive } from './zip.js';

/** Content files, beside the package document. Pack files have a dot in their name, which slugs never have. */
const FOLDER = PACKAGE_PATH.slice(0, PACKAGE_PATH.lastIndexOf('/') + 1);
const FILES = { cover: 'hub.cover.xhtml', introduction: 'hub.introduction.xhtml', contents: 'hub.contents.xhtml', colophon: 'hub.colophon.xhtml', stylesheet: 'hub.css' };
const XHTML = 'application/xhtml+xml';
const EXTENSIONS: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/svg+xml': '.svg', 'image/gif': '.gif', 'image/webp': '.webp' };

function pieceFile(id: string): string {
  return `${id}.xhtml`;
}

/** A content document: well-formed XHTML in the pack's language, with the stylesheet. */
function xhtmlDocument(pack: Pack, title: string, body: string): string {
  const lang = escapeHtml(pack.lang);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}">\n<head>\n` +
    `<meta charset="utf-8"/>\n<title>${escapeHtml(title)}</title>\n<link rel="stylesheet" type="text/css" href="${FILES.stylesheet}"/>\n</head>\n` +
    `<body>\n${body}</body>\n</html>\n`
  );
}

/** Which document each in-pack id lives in: pieces, their titles and their headings. */
function documentsById(pack: Pack): Map<string, string> {
  const files = new Map<string, string>();
  for (const piece of pack.pieces) {
    const file = pieceFile(piece.id);
    files.set(piece.id, file).set(`${piece.id}.title`, file);
    for (const id of [...piece.headings.map((heading) => heading.id), ...piece.blockIds]) files.set(id, file);
  }
  return files;
}

function decoded(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

export const epubRenderer: Renderer = {
  async render(pack, options, out) {
    const archive = new EpubArchive(out, pack.created);
    const items: ManifestItem[] = [];
    const facts: ContentFacts = { images: 0, imagesWithoutAlt: 0 };
    /** Images met in the document being written, added to the archive right after it. */
    let pendingImages: { href: string; bytes: Buffer }[] = [];
    const imageHrefs = new Map<string, string>();
    const byId = documentsById(pack);

    const markup: Markup = {
      xhtml: true,
      titleLevel: 1,
      // Footnotes and other ids of the same document stay `#id`.
      fragmentHref: (id) => `${byId.get(decoded(id)) ?? ''}#${id}`,
      imageSource(_path, mime, bytes) {
        const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
        let href = imageHrefs.get(digest);
        if (!href) {
          href = `images/${digest}${EXTENSIONS[mime] ?? ''}`;
          imageHrefs.set(digest, href);
          items.push({ id: `image-${digest}`, href, mediaType: mime, spine: false });
          pendingImages.push({ href, bytes });
          facts.images++;
        }
        return href;
      },
    };
    const settings = partSettings(pack, markup);
    const parts: LinkCheckPart[] = [];
    /** A part's warnings reported (alt-less images counted), what the link check needs kept for the end. */
    const take = (part: RenderedPiece, piece?: PackPiece): string => {
      for (const warning of part.warnings) {
        if (warning.code === HTML_CODES.missingAlt) facts.imagesWithoutAlt++;
        options.warn(warning);
      }
      parts.push(keptForLinkCheck(part, piece));
      return part.html;
    };

    const write = async (item: Omit<ManifestItem, 'mediaType'>, title: string, body: string): Promise<void> => {
      items.push({ ...item, mediaType: XHTML });
      await archive.file(FOLDER + item.href, xhtmlDocument(pack, title, body));
      for (const image of pendingImages) await archive.file(FOLDER + image.href, image.bytes);
      pendingImages = [];
    };

    await archive.file('META-INF/container.xml', CONTAINER_XML);
    await write({ id: 'cover', href: FILES.cover, spine: true }, pack.title, coverHtml(pack, markup));

    if (pack.introduction) {
      const introduction = take(renderIntroduction(pack, pack.introduction, settings));
      await write({ id: 'introduction', href: FILES.introduction, spine: true }, 'Introduction', `<main>\n${introduction}</main>\n`);
    }

    const entries = navEntries(pack, { ...(pack.introduction ? { introduction: FILES.introduction } : {}), colophon: FILES.colophon, piece: pieceFile });
    const contents =
      `<nav epub:type="toc" role="doc-toc" aria-labelledby="hub.contents">\n<h1 id="hub.contents">Contents</h1>${nestedList(entries)}</nav>\n` +
      landmarks({ cover: FILES.cover, contents: FILES.contents, bodyStart: pieceFile(pack.pieces[0]?.id ?? '') });
    await write({ id: 'contents', href: FILES.contents, properties: 'nav', spine: true }, 'Contents', contents);

    for (const piece of pack.pieces) {
      const html = take(renderPiece(piece, settings), piece);
      await write({ id: `piece-${piece.id}`, href: pieceFile(piece.id), spine: true }, piece.publication.metadata.title, `<main>\n${html}</main>\n`);
    }

    await write({ id: 'colophon', href: FILES.colophon, spine: true }, 'About this pack', colophonHtml(pack));
    await archive.file(FOLDER + FILES.stylesheet, STYLESHEET);
    items.push({ id: 'stylesheet', href: FILES.stylesheet, mediaType: 'text/css', spine: false });
    // Each document is its own page: no landmark ids beyond the parts'.
    for (const warning of fragmentWarnings(parts, [])) options.warn(warning);
    await archive.file(PACKAGE_PATH, packageDocument(pack, items, facts));
    await archive.end();
    return {};
  },
};
