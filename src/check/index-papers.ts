// Reading, checking, lexing and indexing papers: the per-paper work of validate and
// export. On a large hub it runs on worker threads (src/parallel.ts), each sending back
// only the plain index; rules, selection and packing stay on the main thread, in path
// order, so the result is the same whatever the number of threads.

import { lexBody } from '../markdown/lex.js';
import { indexBody } from '../markdown/links.js';
import type { Hub, MarkdownDialect, Publication } from '../model.js';
import { checkContext } from './hub.js';
import { canUseThreads, inOrder, threadsFor } from '../parallel.js';
import { readPublication } from './paper.js';
import type { IndexedPaper } from './rules.js';
import type { CheckContext } from './schema.js';

/** How a hub's papers are read: the vocabulary their fields are checked against, and the Markdown dialect. */
export interface Reading {
  context: CheckContext;
  dialect: MarkdownDialect;
}

export function readingOf(hub: Hub): Reading {
  return { context: checkContext(hub), dialect: hub.config.markdown };
}

/**
 * Lex a paper's body once, as the hub's dialect reads it, and keep its plain-data index;
 * the tokens and the body itself are let go (a renderer reads the body again when it reaches the paper).
 */
export function indexPaper(publication: Publication, dialect: MarkdownDialect): IndexedPaper {
  const { tokens, notes } = lexBody(publication.body, dialect, true);
  const index = indexBody(tokens, publication.body, publication.bodyLine, dialect, notes);
  return { publication: { ...publication, body: '' }, index };
}

export async function readAndIndex(path: string, reading: Reading): Promise<IndexedPaper> {
  return indexPaper(await readPublication(path, reading.context, 'full'), reading.dialect);
}

const WORKER = new URL('./index-worker.js', import.meta.url);

/** Every paper at `paths`, read, checked and indexed, in the order given. */
export async function indexPapers(paths: readonly string[], reading: Reading, env: NodeJS.ProcessEnv = process.env): Promise<IndexedPaper[]> {
  const papers: IndexedPaper[] = [];
  const threads = canUseThreads(import.meta.url) ? threadsFor(paths.length, env) : 1;
  if (threads <= 1) {
    for (const path of paths) papers.push(await readAndIndex(path, reading));
  } else {
    for await (const paper of inOrder<string, IndexedPaper>(WORKER, paths, { threads, shared: reading })) papers.push(paper);
  }
  return papers;
}
