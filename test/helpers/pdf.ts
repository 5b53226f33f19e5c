// Test helpers for the PDF renderer:
// - `pieceOf` makes a paper by hand and `packOf` packs papers with the pack layer's own
//   buildPack (test/helpers/packs.ts);
// - `renderToBytes` runs renderPdf into memory, collecting warnings;
// - `readPdf` reads a PDF back with pdfjs-dist (Mozilla's PDF.js), an independent parser:
//   text per page, outline, link annotations, metadata, fonts, structure tree, destinations.

import { Writable } from 'node:stream';
import { inflateSync } from 'node:zlib';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { packFrom, type PackExtras } from './packs.js';
import type { Diagnostic, Metadata, Pack, PaperSize, Publication } from '../../src/model.js';
import { renderPdf } from '../../src/render/pdf/index.js';

export interface PieceSpec extends Partial<Omit<Metadata, 'title'>> {
  slug: string;
  title: string;
  body: string;
}

/** A paper of the hub at /hub, from a few fields and its body. */
export function pieceOf(spec: PieceSpec): Publication {
  const { slug, title, body, ...rest } = spec;
  const metadata: Metadata = {
    type: 'paper',
    authors: ['Ada Lovelace'],
    date: '2009-11-16',
    status: 'published',
    tags: [],
    related: [],
    ...rest,
    title,
  };
  return {
    slug,
    path: `/hub/publications/${slug}.md`,
    displayPath: `publications/${slug}.md`,
    metadata,
    positions: new Map(),
    body,
    bodyLine: 12,
    words: body.split(/\s+/).length,
    diagnostics: [],
  };
}

export function packOf(papers: readonly Publication[], extras: PackExtras = {}): Pack {
  return packFrom(papers, { title: 'Test Pack', ...extras });
}

export interface Rendered {
  bytes: Buffer;
  pages: number;
  warnings: Diagnostic[];
}

export async function renderToBytes(pack: Pack, paper: PaperSize = 'a4'): Promise<Rendered> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const warnings: Diagnostic[] = [];
  const { pages } = await renderPdf(pack, { paper, warn: (d) => warnings.push(d) }, out);
  return { bytes: Buffer.concat(chunks), pages, warnings };
}

export interface OutlineNode {
  title: string;
  /** 1-based page the entry jumps to. */
  page: number | undefined;
  items: OutlineNode[];
}

export interface LinkAnnotation {
  url?: string;
  /** Named destination of an internal link. */
  dest?: string;
  /** Alternate description (Contents). */
  contents?: string;
}

export interface StructNodeRead {
  role: string;
  alt?: string;
  children: StructNodeRead[];
}

/** A piece of text as drawn: its left edge, baseline and width, in points from the page's bottom left. */
export interface TextBox {
  str: string;
  x: number;
  y: number;
  width: number;
}

export interface PdfRead {
  pageCount: number;
  /** Text of each page (tagged content only), items joined, lines ended by newlines. */
  pages: string[];
  /** Text of each page marked as an artifact (running headers, page numbers, repeated table headers). */
  artifacts: string[];
  /** Every text item of each page, with its position. */
  boxes: TextBox[][];
  outline: OutlineNode[];
  links: LinkAnnotation[][];
  info: Record<string, unknown>;
  xmp: string | undefined;
  marked: boolean;
  displayDocTitle: boolean;
  /** Fonts drawn with, by PostScript name (subset tag removed), and whether their file is embedded. */
  fonts: Map<string, boolean>;
  /** Structure tree of each page (pdfjs gives one per page). */
  structure: (StructNodeRead | null)[];
  /** 1-based page of a named destination. */
  destinationPage(name: string): Promise<number | undefined>;
  /** Page sizes in points. */
  sizes: { width: number; height: number }[];
}

type PdfDocument = Awaited<ReturnType<typeof getDocument>['promise']>;

async function pageOfDest(pdf: PdfDocument, dest: unknown): Promise<number | undefined> {
  const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : (dest as unknown[] | null);
  if (!explicit || explicit.length === 0) return undefined;
  return (await pdf.getPageIndex(explicit[0] as Parameters<PdfDocument['getPageIndex']>[0])) + 1;
}

interface RawOutline {
  title: string;
  dest: unknown;
  items: RawOutline[];
}

async function readOutline(pdf: PdfDocument, items: readonly RawOutline[]): Promise<OutlineNode[]> {
  const out: OutlineNode[] = [];
  for (const item of items) {
    out.push({ title: item.title, page: await pageOfDest(pdf, item.dest), items: await readOutline(pdf, item.items) });
  }
  return out;
}

interface RawStruct {
  role?: string;
  alt?: string;
  type?: string;
  children?: RawStruct[];
}

function readStruct(node: RawStruct): StructNodeRead {
  return {
    role: node.role ?? '',
    ...(node.alt !== undefined ? { alt: node.alt } : {}),
    children: (node.children ?? []).filter((child) => child.role !== undefined).map(readStruct),
  };
}

export async function readPdf(bytes: Uint8Array, options: { structure?: boolean; fonts?: boolean } = {}): Promise<PdfRead> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 })
    .promise;
  try {
    const pages: string[] = [];
    const artifacts: string[] = [];
    const boxes: TextBox[][] = [];
    const links: LinkAnnotation[][] = [];
    const structure: (StructNodeRead | null)[] = [];
    const sizes: { width: number; height: number }[] = [];
    const fonts = new Map<string, boolean>();
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const [, , width, height] = page.view as [number, number, number, number];
      sizes.push({ width, height });
      const content = await page.getTextContent({ includeMarkedContent: true });
      let text = '';
      let artifact = '';
      const open: boolean[] = [];
      const pageBoxes: TextBox[] = [];
      for (const item of content.items) {
        if ('str' in item) {
          const piece = item.str + (item.hasEOL ? '\n' : '');
          if (open.includes(true)) artifact += piece;
          else text += piece;
          if (item.str !== '') pageBoxes.push({ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width });
        } else if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
          open.push(item.tag === 'Artifact');
        } else if (item.type === 'endMarkedContent') {
          open.pop();
        }
      }
      pages.push(text);
      artifacts.push(artifact);
      boxes.push(pageBoxes);
      const annotations = (await page.getAnnotations()) as { subtype: string; url?: string; dest?: unknown; contentsObj?: { str: string } }[];
      links.push(
        annotations
          .filter((annotation) => annotation.subtype === 'Link')
          .map((annotation) => ({
            ...(annotation.url ? { url: annotation.url } : {}),
            ...(typeof annotation.dest === 'string' ? { dest: annotation.dest } : {}),
            ...(annotation.contentsObj?.str ? { contents: annotation.contentsObj.str } : {}),
          })),
      );
      if (options.structure) {
        const tree = (await page.getStructTree()) as RawStruct | null;
        structure.push(tree ? readStruct(tree) : null);
      }
      if (options.fonts) {
        const operators = await page.getOperatorList();
        operators.fnArray.forEach((fn, index) => {
          if (fn !== OPS.setFont) return;
          const id = (operators.argsArray[index] as [string])[0];
          const font = page.commonObjs.get(id) as { name: string; missingFile: boolean };
          fonts.set(font.name.replace(/^[A-Z]{6}\+/, ''), !font.missingFile);
        });
      }
      page.cleanup();
    }
    const metadata = await pdf.getMetadata();
    const markInfo = (await pdf.getMarkInfo()) as { Marked?: boolean } | null;
    const preferences = (await pdf.getViewerPreferences()) as { DisplayDocTitle?: boolean } | null;
    const outline = await readOutline(pdf, ((await pdf.getOutline()) ?? []) as unknown as RawOutline[]);
    const destinations = new Map<string, number | undefined>();
    for (const name of Object.keys((await pdf.getDestinations()) as Record<string, unknown>)) {
      destinations.set(name, await pageOfDest(pdf, name));
    }
    return {
      pageCount: pdf.numPages,
      pages,
      artifacts,
      boxes,
      outline,
      links,
      info: metadata.info as Record<string, unknown>,
      xmp: metadata.metadata?.getRaw(),
      marked: markInfo?.Marked === true,
      displayDocTitle: preferences?.DisplayDocTitle === true,
      fonts,
      structure,
      destinationPage: async (name) => destinations.get(name),
      sizes,
    };
  } finally {
    await pdf.destroy();
  }
}

/** Whitespace collapsed, for comparing extracted text with source text. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Every role in a structure tree, depth first. */
export function rolesOf(nodes: readonly (StructNodeRead | null)[]): string[] {
  const roles: string[] = [];
  const visit = (node: StructNodeRead): void => {
    roles.push(node.role);
    node.children.forEach(visit);
  };
  for (const node of nodes) if (node) visit(node);
  return roles;
}

const PAINTING = new Set(['Tj', 'TJ', "'", '"', 'Do', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'sh', 'BI']);

/**
 * Painting operators found outside any marked-content sequence in the page content streams.
 * A tagged PDF (PDF/UA-1, 7.1) must have none: everything drawn is either tagged content or
 * an artifact. pdfkit writes objects uncompressed and streams Flate-compressed, so content
 * streams are found as the Flate streams that inflate to plain text outside their strings.
 */
export function unmarkedPainting(bytes: Buffer): { streams: number; unmarked: string[] } {
  const found: string[] = [];
  let streams = 0;
  const text = bytes.toString('latin1');
  const pattern = /\/FlateDecode[^]*?>>\s*stream\r?\n/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    // Strings (glyphs may be any bytes) set aside, a content stream is plain text; fonts, images and CMaps are not.
    const operators = content.replace(/\((?:\\[^]|[^\\()])*\)/g, '()');
    if (!/^[\t\n\r\x20-\x7e]*$/.test(operators) || !/\b(BT|re)\b/.test(operators)) continue;
    streams++;
    let depth = 0;
    for (const token of operators.split(/\s+/)) {
      if (token === 'BDC' || token === 'BMC') depth++;
      else if (token === 'EMC') depth--;
      else if (depth === 0 && PAINTING.has(token)) found.push(token);
    }
  }
  return { streams, unmarked: found };
}
