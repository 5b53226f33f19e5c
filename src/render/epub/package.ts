// The package document (OPF) and the container file: what the EPUB is (metadata, with the
// accessibility metadata of EPUB Accessibility 1.1), what it holds (manifest) and in what
// order it is read (spine).

import { createHash } from 'node:crypto';
import type { Pack } from '../../model.js';
import { escapeHtml as escapeXml } from '../html/sanitize.js';

export const PACKAGE_PATH = 'EPUB/package.opf';

export const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="${PACKAGE_PATH}" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;

/** One file of the package, by its path relative to the package document. */
export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
  /** In the spine (read in order), or only referenced. */
  spine: boolean;
}

/** What the renderer learnt about the pack's content while writing it. */
export interface ContentFacts {
  /** Images shown as images (remote images are only linked). */
  images: number;
  /** Images that had no alt text. */
  imagesWithoutAlt: number;
}

// A fixed namespace for name-based (version 5) UUIDs of packs.
const PACK_NAMESPACE = Buffer.from('5d2f0e3c8a7b4c1e9f6a2b3c4d5e6f70', 'hex');

/**
 * The publication's identifier: the ISBN or DOI of a one-paper pack, else a UUID derived from
 * the hub, the pack and its pieces, so the same pack keeps its identity from one export to the next.
 */
export function packIdentifier(pack: Pack): string {
  if (pack.pieces.length === 1) {
    const { isbn, doi } = pack.pieces[0]!.publication.metadata;
    if (isbn) return `urn:isbn:${isbn.replace(/[^0-9X]/gi, '').toUpperCase()}`;
    if (doi) return `urn:doi:${doi}`;
  }
  const name = JSON.stringify([pack.hubName, pack.slug, pack.title, pack.pieces.map((piece) => piece.id)]);
  const hash = createHash('sha1').update(PACK_NAMESPACE).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `2010-03-31T00:00:00Z`: the form dcterms:modified requires. */
function modifiedStamp(created: Date): string {
  return created.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function authorsOf(pack: Pack): string[] {
  return [...new Set(pack.pieces.flatMap((piece) => piece.publication.metadata.authors))];
}

/** EPUB Accessibility 1.1 discovery metadata, claimed only for what hub makes sure of. */
function accessibilityMetadata(pack: Pack, facts: ContentFacts): string[] {
  const visual = facts.images > 0;
  const described = visual && facts.imagesWithoutAlt === 0;
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability', 'ARIA', ...(described ? ['alternativeText'] : [])];
  const summary =
    'Reflowable text with a linked table of contents, headings in order, tables with header cells and footnotes linked both ways' +
    (visual ? (described ? '; every image has a text description' : '; some images have no text description') : '') +
    '. No sound, video, flashing content or scripts; the reading system’s own fonts, sizes and colours apply.';
  const meta = (property: string, value: string): string => `<meta property="${property}">${escapeXml(value)}</meta>`;
  const lines = [
    meta('schema:accessMode', 'textual'),
    ...(visual ? [meta('schema:accessMode', 'visual')] : []),
    ...(!visual || described ? [meta('schema:accessModeSufficient', 'textual')] : []),
    ...(visual ? [meta('schema:accessModeSufficient', 'textual,visual')] : []),
    ...features.map((feature) => meta('schema:accessibilityFeature', feature)),
    meta('schema:accessibilityHazard', 'none'),
    meta('schema:accessibilitySummary', summary),
  ];
  // A conformance claim is a person's or an organisation's word, never hub's own.
  if (pack.accessibilityCertifiedBy) {
    lines.push(meta('dcterms:conformsTo', 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA'), meta('a11y:certifiedBy', pack.accessibilityCertifiedBy));
  }
  return lines;
}

export function packageDocument(pack: Pack, items: readonly ManifestItem[], facts: ContentFacts): string {
  const metadata = [
    `<dc:identifier id="pub-id">${escapeXml(packIdentifier(pack))}</dc:identifier>`,
    `<dc:title>${escapeXml(pack.title)}</dc:title>`,
    ...(pack.subtitle ? [`<dc:description>${escapeXml(pack.subtitle)}</dc:description>`] : []),
    `<dc:language>${escapeXml(pack.lang)}</dc:language>`,
    ...authorsOf(pack).map((author) => `<dc:creator>${escapeXml(author)}</dc:creator>`),
    ...(pack.date ? [`<dc:date>${escapeXml(pack.date)}</dc:date>`] : []),
    `<dc:publisher>${escapeXml(pack.hubName)}</dc:publisher>`,
    `<meta property="dcterms:modified">${modifiedStamp(pack.created)}</meta>`,
    ...accessibilityMetadata(pack, facts),
    `<meta name="generator" content="${escapeXml(pack.generator)}"/>`,
  ];
  const manifest = items.map(
    (item) => `<item id="${item.id}" href="${escapeXml(item.href)}" media-type="${item.mediaType}"${item.properties ? ` properties="${item.properties}"` : ''}/>`,
  );
  const spine = items.filter((item) => item.spine).map((item) => `<itemref idref="${item.id}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${escapeXml(pack.lang)}" prefix="a11y: http://www.idpf.org/epub/vocab/package/a11y/#">`,
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">',
    ...metadata,
    '</metadata>',
    '<manifest>',
    ...manifest,
    '</manifest>',
    '<spine>',
    ...spine,
    '</spine>',
    '</package>',
    '',
  ].join('\n');
}
