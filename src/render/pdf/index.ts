// The PDF renderer: a pack in, a typeset, tagged PDF streamed out.
//
// Two passes over the same pure layout. The measuring pass lays out and paginates every flow
// without drawing, to learn where each piece and section lands and how many pages there are;
// the drawing pass lays each flow out again and draws it, so the contents can carry page
// numbers and every footer its "Page N of M" while only one piece's layout is held at a time.

import type { Pack, RenderOptions, Renderer } from '../../model.js';
import { issueDiagnostics, PDF_CODES } from './diagnostics.js';
import { PdfWriter, type DocumentInfo } from './document.js';
import { FontSet } from './fonts.js';
import { contentsEntries, contentsFlow, coverFlow, INTRODUCTION_ID, introductionFlow, pieceFlow, type ContentsEntry, type Flow, type FlowEnvironment } from './flows.js';
import { imprintFlow } from './imprint.js';
import { probeImage, type ImageInfo } from './images.js';
import { paginate, type Frame } from './paginate.js';
import { THEME } from './theme.js';

export interface PdfResult {
  pages: number;
}

export const pdfRenderer: Renderer = { render: renderPdf };

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
      if (!info) images.set(path, (info = probeImage(path)));
      return info;
    },
  };
  const entries = contentsEntries(pack);

  // Pass 1: where everything lands. Warnings are given here, once.
  const firstPage = new Map<string, number>();
  let pages = 0;
  for (const flow of flows(env, entries)) {
    if (flow.kind !== 'contents') for (const diagnostic of issueDiagnostics(flow.issues, flow.source)) options.warn(diagnostic);
    paginate(flow.items, frame, (placed) => {
      pages++;
      for (const { item } of placed) {
        for (const mark of item.marks ?? []) if (mark.kind === 'section' && !firstPage.has(mark.id)) firstPage.set(mark.id, pages);
      }
    });
  }

  // Pass 2: draw, page by page, letting the output drain between flows.
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
  );
  let drawn = 0;
  for (const flow of flows(env, entries, (id) => firstPage.get(id))) {
    await writer.embedImages(flow.items);
    paginate(flow.items, frame, (placed) => {
      drawn++;
      writer.beginPage(flow.head, drawn, pages);
      writer.drawPage(placed);
    });
    writer.endFlow(flow.section);
    await writer.drain();
  }
  if (drawn !== pages) throw new Error(`PDF layout is not repeatable: measured ${pages} pages, drew ${drawn}`);
  await writer.finish();
  await env.fonts.saveShaping();
  return { pages };
}

/**
 * The flows of the pack in order, each laid out only when reached: the front matter (cover,
 * imprint when the hub gives one, then contents, then introduction: the HTML pack has the
 * same order), then the pieces.
 * A pack of one paper has no contents page.
 */
function* flows(env: FlowEnvironment, entries: readonly ContentsEntry[], pageOf?: (id: string) => number | undefined): Generator<Flow> {
  yield coverFlow(env);
  const imprint = imprintFlow(env);
  if (imprint) yield imprint;
  if (env.pack.pieces.length > 1) yield contentsFlow(env, entries, pageOf);
  if (env.pack.introduction) yield introductionFlow(env, env.pack.introduction.source());
  for (const piece of env.pack.pieces) yield pieceFlow(env, piece);
}

/** Every anchor a link in the pack may jump to: the introduction, pieces, their headings and blocks with ids. */
function anchorsOf(pack: Pack): Set<string> {
  const anchors = new Set<string>();
  if (pack.introduction) anchors.add(INTRODUCTION_ID);
  for (const piece of pack.pieces) {
    anchors.add(piece.id);
    for (const heading of piece.headings) anchors.add(heading.id);
    for (const id of piece.blockIds) anchors.add(id);
  }
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
