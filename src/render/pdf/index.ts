// The PDF renderer: a pack in, a typeset, tagged PDF streamed out.
//
// One pass: each flow is laid out, paginated and drawn in turn, so only one piece's layout is
// held at a time. What a page shows before the rest is laid out waits for the end: the
// contents' pages are made in their place (counted from a layout without page numbers) and
// drawn last, and each footer's "of M" is written in a content stream of its own once M is known.

import { isAbsolute } from 'node:path';
import type { Pack, RenderOptions, Renderer } from '../../model.js';
import { pieceIds } from '../../pack/assemble.js';
import { issueDiagnostics, PDF_CODES } from './diagnostics.js';
import { PdfWriter, type DocumentInfo, type HeldFlow } from './document.js';
import { FontSet } from './fonts.js';
import { contentsEntries, contentsFlow, coverFlow, INTRODUCTION_ID, introductionFlow, pieceFlow, type ContentsEntry, type ContentsFlow, type Flow, type FlowEnvironment } from './flows.js';
import { imprintFlow } from './imprint.js';
import { probeImage, type ImageInfo } from './images.js';
import { pageShape, planPages, type Frame, type Placed } from './paginate.js';
import { nodesOf, type Item } from './layout.js';
import { THEME } from './theme.js';

export interface PdfResult {
  pages: number;
}

export const pdfRenderer: Renderer = { render: renderPdf };

// The export holds the heap near what is live (src/heap.ts): on 1,000 papers V8 let it grow to
// four times the live 80–100 MB.
export async function renderPdf(pack: Pack, options: RenderOptions, out: NodeJS.WritableStream): Promise<PdfResult> {
  const theme = THEME;
  const paper = theme.paper[options.paper];
  const frame: Frame = { top: theme.margins.top, bottom: paper.height - theme.margins.bottom };
  const images = new Map<string, ImageInfo>();
  const env: FlowEnvironment = {
    pack,
    fonts: new FontSet(options.cache),
    theme,
    width: paper.width - theme.margins.left - theme.margins.right,
    height: frame.bottom - frame.top,
    destinations: anchorsOf(pack),
    image: (path) => {
      let info = images.get(path);
      // The pack gives an absolute path only to images it resolved under publications/.
      if (!info) images.set(path, (info = isAbsolute(path) ? probeImage(path) : { ok: false, reason: 'unreadable' }));
      return info;
    },
  };
  const writer = new PdfWriter(out, theme, paper, env.fonts, { info: documentInfo(pack), lang: pack.lang, page: paper }, (path) =>
    options.warn({
      code: PDF_CODES.imageNotDrawn,
      severity: 'warning',
      file: pack.slug,
      line: 1,
      column: 1,
      message: `Image ${path} could not be decoded; an empty frame is shown.`,
      hint: 'Re-save it as a standard PNG or JPEG.',
    }),
    options.cache,
  );
  // The contents' entries (pieces and their sections), each with the page it begins on once drawn.
  const entries = pack.pieces.length > 1 ? contentsEntries(pack) : [];
  const firstPage = new Map<string, number | undefined>(entries.map((entry) => [entry.id, undefined]));
  let pages = 0;
  const noteSections = (planned: readonly (readonly Placed[])[]): void =>
    planned.forEach((placed, index) => {
      for (const { item } of placed) {
        for (const mark of item.marks ?? []) if (mark.kind === 'section' && firstPage.has(mark.id) && firstPage.get(mark.id) === undefined) firstPage.set(mark.id, pages + index + 1);
      }
    });
  const draw = async (flow: Flow): Promise<void> => {
    for (const { issues, source } of [...(flow.fields ?? []), { issues: flow.issues, source: flow.source }]) for (const diagnostic of issueDiagnostics(issues, source)) options.warn(diagnostic);
    const planned = planPages(flow.items, frame);
    noteSections(planned);
    await writer.embedImages(flow.items);
    for (const placed of planned) {
      writer.beginPage(flow.head, ++pages);
      writer.drawPage(placed);
    }
    writer.endFlow(flow.section);
    await writer.drain();
  };

  // The front matter (cover, imprint when the hub gives one, contents, introduction: the HTML
  // pack has the same order), then the pieces, each laid out only when reached. A pack of one
  // paper has no contents page.
  await draw(coverFlow(env));
  const imprint = imprintFlow(env);
  if (imprint) await draw(imprint);
  // The contents' page numbers are known once every piece is placed: its pages are made now, in
  // their place, and drawn last.
  const contents = entries.length > 0 ? holdContents(env, entries, writer, frame, pages + 1) : undefined;
  if (contents) pages += contents.planned.length;
  if (pack.introduction) await draw(introductionFlow(env, pack.introduction.source()));
  for (const piece of pack.pieces) await draw(pieceFlow(env, piece));
  if (contents) {
    const { toc, held, planned, firstPage: first } = contents;
    const itemAt = inOrder(toc.items((id) => firstPage.get(id)));
    // A long pack's contents run to many pages, each written as it is drawn (not held until the
    // end). An entry's lines come one after another, so an element the next page does not draw
    // into is finished: ended as each page is done, the contents holds a page of entries at a time.
    let placed = planned.length > 0 ? placedItems(planned[0]!, itemAt) : [];
    for (const page of planned.keys()) {
      writer.drawHeld(held, page, toc.head, placed, first + page);
      if (page + 1 < planned.length) {
        placed = placedItems(planned[page + 1]!, itemAt);
        writer.endElementsOutside(held, placed.flatMap(({ item }) => nodesOf(item)));
      }
      await writer.drain();
    }
    writer.endFlow(toc.section);
  }
  await writer.finish(pages);
  await env.fonts.saveShaping();
  return { pages };
}

/** The contents' pages, made now and drawn last, with where each page places its entries. */
interface HeldContents {
  toc: ContentsFlow;
  held: HeldFlow;
  planned: HeldShape[][];
  firstPage: number;
}

/**
 * Plan and hold the contents. A function of its own so that the laid-out entries die when it
 * returns: a local of renderPdf stays alive until renderPdf ends (about 55 MB on 10,000 papers),
 * even out of its block. Only what drawing the pages again checks is kept of each shape.
 */
function holdContents(env: FlowEnvironment, entries: readonly ContentsEntry[], writer: PdfWriter, frame: Frame, firstPage: number): HeldContents {
  const toc = contentsFlow(env, entries);
  const planned = planPages([...mapIterable(toc.items(), pageShape)], frame);
  const held = writer.holdFlow(toc.section, planned);
  return { toc, held, planned: planned.map((page) => page.map(heldShape)), firstPage };
}

/** Where a held page placed an item, and the kind and height drawing it again must find. */
interface HeldShape extends Omit<Placed, 'item'> {
  kind: Item['kind'];
  height: number;
}

function heldShape({ item, index, y, artifact }: Placed): HeldShape {
  return { index, y, artifact, kind: item.kind, height: item.height };
}

/** The pages planned from shapes, with the items themselves: the same flow laid out again. */
function placedItems(shapes: readonly HeldShape[], itemAt: (index: number) => Item | undefined): Placed[] {
  return shapes.map(({ index, y, artifact, kind, height }) => {
    const item = itemAt(index);
    if (!item || item.kind !== kind || item.height !== height) throw new Error('PDF layout is not repeatable: the contents changed with its page numbers');
    return { item, index, y, artifact };
  });
}

/** Items by their index in the flow, asked for in order; those never asked for (gaps dropped at a page top) are passed over. */
function inOrder(items: Iterator<Item>): (index: number) => Item | undefined {
  let next = 0;
  return (index) => {
    let item: Item | undefined;
    while (next <= index) {
      const result = items.next();
      next++;
      if (result.done) return undefined;
      item = result.value;
    }
    return item;
  };
}

function* mapIterable<T, R>(values: Iterable<T>, map: (value: T) => R): Generator<R> {
  for (const value of values) yield map(value);
}

/** Every anchor a link in the pack may jump to: the introduction, pieces, their headings and blocks with ids. */
function anchorsOf(pack: Pack): Set<string> {
  const anchors = new Set<string>();
  if (pack.introduction) anchors.add(INTRODUCTION_ID);
  for (const piece of pack.pieces) for (const id of pieceIds(piece)) anchors.add(id);
  return anchors;
}

const MAX_AUTHORS = 12;
const MAX_KEYWORDS = 40;

function documentInfo(pack: Pack): DocumentInfo {
  const authors = [...new Set(pack.pieces.flatMap((piece) => piece.publication.metadata.authors))];
  const tags = [...new Set(pack.pieces.flatMap((piece) => piece.publication.metadata.tags))];
  const author =
    authors.length > MAX_AUTHORS ? `${authors.slice(0, MAX_AUTHORS).join('; ')}; and ${authors.length - MAX_AUTHORS} others` : authors.join('; ');
  const count = pack.pieces.length;
  const date = pack.created;
  return {
    Title: pack.title,
    Author: author || pack.hubName,
    Subject: pack.subtitle ?? `${count} ${count === 1 ? 'paper' : 'papers'} from ${pack.hubName}`,
    ...(tags.length > 0 ? { Keywords: tags.slice(0, MAX_KEYWORDS).join(', ') } : {}),
    Creator: pack.generator,
    CreationDate: date,
    ModDate: date,
  };
}
