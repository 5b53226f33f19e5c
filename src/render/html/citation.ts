// The publishing furniture of the HTML pack, from the pack's plain data: identifiers in each
// piece's metadata block, "How to cite" and the licence line at the end of each piece, the
// colophon (the imprint), the logo, and Google Scholar's citation_* tags for a one-paper pack.
// Shared by every HTML-based pack (the EPUB reuses the piece rendering).

import type { CiteSegment, Pack, PackPiece } from '../../model.js';
import { safeUrl } from '../../markdown/links.js';
import { packRights } from '../metadata.js';
import { embeddedImage, voidElement, type Markup } from './body.js';
import { escapeHtml } from './sanitize.js';

function link(href: string, text: string): string {
  const url = safeUrl(href);
  return url === undefined ? escapeHtml(text) : `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
}

/** Rows for the piece's metadata block: numbers on one line, DOI and URL as links. */
export function identifierRows(piece: PackPiece, row: (term: string, valueHtml: string) => string): string {
  const { citation } = piece;
  let html = '';
  if (citation.numbers.length > 0) html += row('Published as', escapeHtml(citation.numbers.join(', ')));
  if (citation.doi) html += row('DOI', link(`https://doi.org/${citation.doi}`, citation.doi));
  if (citation.url) html += row('Online', link(citation.url, citation.url));
  return html;
}

/** Citation segments as HTML: the title as <cite>, links as links. */
export function referenceHtml(segments: readonly CiteSegment[]): string {
  return segments.map((segment) => (segment.href ? link(segment.href, segment.text) : segment.emphasis ? `<cite>${escapeHtml(segment.text)}</cite>` : escapeHtml(segment.text))).join('');
}

/** The end of a piece: how to cite it, and its licence. */
export function citeBlock(piece: PackPiece, headingLevel: number): string {
  const id = escapeHtml(`${piece.id}.cite`);
  let html = `<section class="cite" aria-labelledby="${id}">\n<h${headingLevel} id="${id}">${escapeHtml(piece.citation.heading)}</h${headingLevel}>\n`;
  html += `<p class="reference">${referenceHtml(piece.citation.reference)}</p>\n`;
  if (piece.citation.licenceLine.length > 0) html += `<p class="licence">${referenceHtml(piece.citation.licenceLine)}</p>\n`;
  return html + '</section>\n';
}

/** The hub's logo for the cover, embedded as `markup` embeds images; nothing when it cannot be read (hub validate says why). */
export function logoHtml(pack: Pack, markup: Markup): string {
  const { logo } = pack.imprint;
  if (!logo) return '';
  let source: string | undefined;
  try {
    source = embeddedImage(logo.path, markup);
  } catch {
    source = undefined;
  }
  return source ? `<p class="logo">${voidElement('img', ` src="${escapeHtml(source)}" alt="${escapeHtml(logo.alt)}"`, markup)}</p>\n` : '';
}

/**
 * The colophon: the imprint of the pack (with its identifiers when it holds one paper), and
 * `note` on what the file is (a live preview says so instead).
 */
export function colophonHtml(pack: Pack, note = 'This file works offline and contains no scripts.'): string {
  const { imprint } = pack;
  const single = pack.pieces.length === 1 ? pack.pieces[0]!.citation : undefined;
  const { copyright, licence } = packRights(pack);
  const lines = [`Published by ${escapeHtml(imprint.publisher)}${imprint.place ? `, ${escapeHtml(imprint.place)}` : ''}.`];
  if (single && single.numbers.length > 0) lines.push(escapeHtml(single.numbers.join(', ')));
  if (single?.doi) lines.push(`DOI ${link(`https://doi.org/${single.doi}`, single.doi)}`);
  if (copyright) lines.push(escapeHtml(copyright));
  // The statement names its licence: that name becomes the link to the licence's text.
  if (licence) lines.push(escapeHtml(licence.statement).replace(escapeHtml(licence.name), link(licence.url, licence.name)));
  if (imprint.contact) lines.push(`Contact: ${escapeHtml(imprint.contact)}`);
  const access = imprint.accessibilityStatement;
  if (access) lines.push(access.url ? `This publication is available in an accessible format: ${link(access.url, access.url)}` : escapeHtml(access.text));
  lines.push(`Reader pack made with ${escapeHtml(pack.generator)}. ${note}`);
  return `<footer class="colophon page" aria-label="Imprint">\n${lines.map((line) => `<p>${line}</p>\n`).join('')}</footer>\n`;
}

/** Google Scholar's inclusion tags, for an export of a single paper. */
export function scholarMeta(pack: Pack): string {
  if (pack.pieces.length !== 1) return '';
  const piece = pack.pieces[0]!;
  const { metadata } = piece.publication;
  const tags: [string, string | undefined][] = [
    ['citation_title', metadata.subtitle ? `${metadata.title}: ${metadata.subtitle}` : metadata.title],
    ...metadata.authors.map((author): [string, string] => ['citation_author', author]),
    ['citation_publication_date', metadata.date.replaceAll('-', '/')],
    ['citation_publisher', piece.citation.publisher],
    ['citation_isbn', metadata.isbn],
    ['citation_doi', metadata.doi],
    ['citation_technical_report_number', piece.citation.parliamentary.join(', ') || undefined],
    ['citation_language', metadata.lang],
    ['citation_pdf_url', metadata.url && /\.pdf(?:[?#]|$)/i.test(metadata.url) ? metadata.url : undefined],
    ['citation_abstract_html_url', metadata.url && !/\.pdf(?:[?#]|$)/i.test(metadata.url) ? metadata.url : undefined],
  ];
  return tags.filter(([, value]) => value).map(([name, value]) => `<meta name="${name}" content="${escapeHtml(value!)}">\n`).join('');
}
