// The navigation document: the table of contents (pieces, then their headings, nested by
// level, in pack order) and the landmarks (cover, contents, start of the body).

import type { Pack } from '../../model.js';
import { outlineLevels } from '../../markdown/anchors.js';
import { escapeHtml } from '../html/sanitize.js';

/** One entry of the contents: a link at an outline level (1 = a piece). */
export interface NavEntry {
  level: number;
  href: string;
  text: string;
}

/** Entries as nested `<ol>`s: a deeper level opens a list inside the entry before it. */
export function nestedList(entries: readonly NavEntry[]): string {
  let html = '';
  const open: number[] = []; // the level of each open list, outermost first
  for (const entry of entries) {
    while (open.length > 1 && entry.level < open.at(-1)!) {
      html += '</li>\n</ol>\n';
      open.pop();
    }
    if (open.length === 0 || entry.level > open.at(-1)!) {
      html += '\n<ol>\n';
      open.push(entry.level);
    } else {
      html += '</li>\n';
    }
    // Reading systems show the link text alone: it must never be empty.
    html += `<li><a href="${escapeHtml(entry.href)}">${escapeHtml(entry.text.trim() || 'Untitled section')}</a>`;
  }
  for (let index = 0; index < open.length; index++) html += '</li>\n</ol>\n';
  return html;
}

/** The contents of the pack: pieces and their headings; introduction and colophon around them. */
export function navEntries(pack: Pack, files: { introduction?: string; colophon: string; piece(id: string): string }): NavEntry[] {
  const entries: NavEntry[] = [];
  if (files.introduction) entries.push({ level: 1, href: files.introduction, text: 'Introduction' });
  for (const piece of pack.pieces) {
    const file = files.piece(piece.id);
    entries.push({ level: 1, href: file, text: piece.publication.metadata.title });
    // The outline levels the piece's document gives its headings (the title is level 1).
    const levels = outlineLevels(piece.headings.map((heading) => heading.depth));
    piece.headings.forEach((heading, index) => entries.push({ level: levels[index]!, href: `${file}#${heading.id}`, text: heading.text }));
  }
  entries.push({ level: 1, href: files.colophon, text: 'About this pack' });
  return entries;
}

export function landmarks(links: { cover: string; contents: string; bodyStart: string }): string {
  return (
    '<nav epub:type="landmarks" aria-labelledby="hub.landmarks" hidden="hidden">\n<h2 id="hub.landmarks">Landmarks</h2>\n<ol>\n' +
    `<li><a epub:type="cover" href="${escapeHtml(links.cover)}">Cover</a></li>\n` +
    `<li><a epub:type="toc" href="${escapeHtml(links.contents)}">Contents</a></li>\n` +
    `<li><a epub:type="bodymatter" href="${escapeHtml(links.bodyStart)}">Start of the pack</a></li>\n` +
    '</ol>\n</nav>\n'
  );
}
