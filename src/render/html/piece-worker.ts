// A worker thread of the HTML renderer: makes each piece it is handed from the paper's file
// and renders it, sending back the piece's HTML, ids, links and warnings.

import { readPaperBody } from '../../load/load.js';
import { pieceSourcer } from '../../pack/assemble.js';
import { serveTasks } from '../../parallel.js';
import { HTML_MARKUP } from './body.js';
import { renderPiece, type PartSettings, type PieceTask, type PieceWorkerData } from './index.js';

let thread: { settings: PartSettings; sourceOf: ReturnType<typeof pieceSourcer> } | undefined;

serveTasks((piece: PieceTask, { sourcing, dateFormat }: PieceWorkerData) => {
  // One image cache for the thread's pieces, as the main thread keeps one for the pack.
  thread ??= { settings: { dateFormat, markup: HTML_MARKUP, images: new Map() }, sourceOf: pieceSourcer(sourcing) };
  const { settings, sourceOf } = thread;
  const path = piece.publication.path;
  return renderPiece({ ...piece, source: () => sourceOf(path, readPaperBody(path)) }, settings);
});
