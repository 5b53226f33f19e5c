// Publishing furniture in the PDF, from the pack's plain data: the logo on the cover, the
// imprint page after it (the title verso: copyright, licence, identifiers, contact, other
// formats) and, at the end of each piece, "How to cite" with its licence line.

import type { CiteSegment, PackPiece } from '../../model.js';
import { bodyStyle, type Box } from './blocks.js';
import type { LayoutContext } from './context.js';
import { context, spacer, type Flow, type FlowEnvironment } from './flows.js';
import { layoutSegments, type Segment } from './inline.js';
import { gap, structNode, type Item, type StructNode, type TextStyle } from './layout.js';
import { Issues } from './context.js';

const LOGO_HEIGHT = 44;
const LOGO_GAP = 24;
/** The size of the metadata lines under a piece's title (flows.ts sets the others the same). */
const METADATA_SIZE = 10.5;

/** The hub's logo at the top of the cover, when it is an image the PDF can draw (PNG or JPEG). */
export function logoItems(env: FlowEnvironment, section: StructNode): Item[] {
  const { logo } = env.pack.imprint;
  if (!logo) return [];
  const info = env.image(logo.path);
  if (!info.ok) return [];
  const width = Math.min(env.width, (info.width / info.height) * LOGO_HEIGHT);
  const height = (width / info.width) * info.height;
  const node = structNode('Figure', section, { alt: logo.alt });
  return [{ kind: 'image', x: 0, width, height, path: logo.path, node, decorations: [] }, gap(LOGO_GAP)];
}

/** A paragraph of citation segments: the title in italics, links as links. */
function segmentLines(segments: readonly CiteSegment[], style: TextStyle, box: Box, ctx: LayoutContext, leading: number, firstStyle = style): Item[] {
  const parts: Segment[] = segments.map((segment, index) => {
    if (segment.href) {
      const node = structNode('Link', style.node);
      return { kind: 'text', text: segment.text, style: { ...style, color: ctx.theme.colour.link, underline: true, link: { target: { kind: 'uri', uri: segment.href }, label: segment.text, node }, node } };
    }
    const base = index === 0 ? firstStyle : style;
    return { kind: 'text', text: segment.text, style: segment.emphasis ? { ...base, face: 'italic' } : base };
  });
  return layoutSegments(parts, { x: box.x, width: box.width, leading }, ctx);
}

/** The piece's identifiers under its other metadata: numbers, then the DOI and web address as links. */
export function identifierLines(piece: PackPiece, box: Box, ctx: LayoutContext): Item[] {
  const { citation } = piece;
  const rows: [string, CiteSegment][] = [];
  if (citation.numbers.length > 0) rows.push(['Published as', { text: citation.numbers.join(', ') }]);
  if (citation.doi) rows.push(['DOI', { text: citation.doi, href: `https://doi.org/${citation.doi}` }]);
  if (citation.url) rows.push(['Online', { text: citation.url, href: citation.url }]);
  return rows.flatMap(([label, value]) => {
    const style: TextStyle = { ...bodyStyle(box, ctx, structNode('P', box.parent)), size: METADATA_SIZE, color: ctx.theme.colour.muted };
    const labelStyle: TextStyle = { ...style, face: 'semibold', color: ctx.theme.colour.text };
    return [...segmentLines([{ text: `${label}: ` }, value], style, box, ctx, 1.4, labelStyle)];
  });
}

/** The last block of a piece: how to cite it, then its licence. */
export function citeItems(piece: PackPiece, box: Box, ctx: LayoutContext): Item[] {
  const { theme } = ctx;
  const title = piece.citation.heading;
  const heading = layoutSegments([{ kind: 'text', text: title, style: { ...bodyStyle(box, ctx, structNode('H2', box.parent)), face: 'semibold', size: theme.size.heading[2] } }], { x: box.x, width: box.width, leading: theme.leading.heading }, ctx);
  heading[0]!.marks = [{ kind: 'outline', title, level: 2 }];
  const items: Item[] = [gap(theme.space.headingBefore[1]), ...heading, gap(theme.space.headingAfter)];
  items.push(...segmentLines(piece.citation.reference, bodyStyle(box, ctx, structNode('P', box.parent)), box, ctx, theme.leading.body));
  const licence = piece.citation.licenceLine;
  if (licence.length > 0) {
    const style: TextStyle = { ...bodyStyle(box, ctx, structNode('P', box.parent)), size: theme.size.note, color: theme.colour.muted };
    items.push(gap(theme.space.paragraph), ...segmentLines(licence, style, box, ctx, theme.leading.body));
  }
  // The heading and the reference stay together; a page never ends on "How to cite" alone.
  for (const item of items.slice(0, 4)) item.keepWithNext = true;
  return items;
}

/**
 * The imprint page, set at the foot of the page after the cover as a title verso is; none for a
 * hub that says no more than who publishes it (no copyright, licence, contact or identifiers).
 */
export function imprintFlow(env: FlowEnvironment): Flow | undefined {
  const { pack, theme } = env;
  const { imprint } = pack;
  const issues = new Issues();
  const ctx = context(env, issues);
  const section = structNode('Sect', null);
  const box: Box = { x: 0, width: env.width, parent: section, size: theme.size.note, tight: false };
  const single = pack.pieces.length === 1 ? pack.pieces[0]!.citation : undefined;
  const copyright = single?.copyright ?? imprint.copyright;
  const licence = single?.licence ?? imprint.licence;
  const paragraphs: CiteSegment[][] = [[{ text: `Published by ${imprint.publisher}${imprint.place ? `, ${imprint.place}` : ''}.` }]];
  if (copyright) paragraphs.push([{ text: copyright }]);
  if (licence) {
    // The statement names its licence: that name links to the licence's text.
    const [before, after] = splitOnce(licence.statement, licence.name);
    paragraphs.push(after === undefined ? [{ text: before }] : [{ text: before }, { text: licence.name, href: licence.url }, { text: after }]);
  }
  if (single && single.numbers.length > 0) paragraphs.push([{ text: single.numbers.join(', ') }]);
  if (single?.doi) paragraphs.push([{ text: 'DOI ' }, { text: single.doi, href: `https://doi.org/${single.doi}` }]);
  if (imprint.contact) paragraphs.push([{ text: `Contact: ${imprint.contact}` }]);
  const access = imprint.accessibilityStatement;
  if (access) paragraphs.push(access.url ? [{ text: 'This publication is available in an accessible format: ' }, { text: access.url, href: access.url }] : [{ text: access.text }]);

  if (paragraphs.length === 1) return undefined;
  const body: Item[] = [];
  for (const paragraph of paragraphs) {
    if (body.length > 0) body.push(gap(theme.space.paragraph));
    body.push(...segmentLines(paragraph, { ...bodyStyle(box, ctx, structNode('P', section)), color: theme.colour.text }, box, ctx, theme.leading.body));
  }
  const height = body.reduce((sum, item) => sum + item.height, 0);
  const items: Item[] = [spacer(Math.max(0, env.height - height - 1)), ...body];
  return { kind: 'imprint', section, items, issues, source: { file: pack.slug, line: 1 } };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}
