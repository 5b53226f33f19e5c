// Reading, checking, lexing and indexing papers: the per-paper work of validate and
// export. On a large hub it runs on worker threads (src/parallel.ts), each sending back
// only the plain index; rules, selection and packing stay on the main thread, in path
// order, so the result is the same whatever the number of threads.

import { indexBody } from '../markdown/links.js';
import { lexBody } from '../markdown/rawhtml.js';
import type { Publication } from '../model.js';
import { canUseThreads, inOrder, threadsFor } from '../parallel.js';
import { readPublication } from './paper.js';
import type { IndexedPaper } from './rules.js';
import type { CheckContext } from './schema.js';

/**
 * Lex a paper's body once and keep its plain-data index; the tokens and the body itself
 * are let go (a renderer reads the body again when it reaches the paper).
 */
export function indexPaper(publication: Publication): IndexedPaper {
  const { tokens, rawHtml } = lexBody(publication.body);
  const index = indexBody(tokens, publication.body, publication.bodyLine, rawHtml);
  return { publication: { ...publication, body: '' }, index };
}

export async function readAndIndex(path: string, context: CheckContext): Promise<IndexedPaper> {
  return indexPaper(await readPublication(path, context, 'full'));
}

const WORKER = new URL('./index-worker.js', import.meta.url);

/** Every paper at `paths`, read, checked and indexed, in the order given. */
export async function indexPapers(paths: readonly string[], context: CheckContext, env: NodeJS.ProcessEnv = process.env): Promise<IndexedPaper[]> {
  const papers: IndexedPaper[] = [];
  const threads = canUseThreads(import.meta.url) ? threadsFor(paths.length, env) : 1;
  if (threads <= 1) {
    for (const path of paths) papers.push(await readAndIndex(path, context));
  } else {
    for await (const paper of inOrder<string, IndexedPaper>(WORKER, paths, { threads, shared: context })) papers.push(paper);
  }
  return papers;
}
