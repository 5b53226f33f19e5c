// Reading, checking, lexing and indexing papers: the per-paper work of validate and
// export, and the only part of it that can run in parallel. On a large hub it is spread
// over worker threads (one per core, at most four), each sending back only the plain
// index; rules, selection and packing stay on the main thread, in path order, so the
// result is the same whatever the number of threads.

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lexMarkdown } from '../markdown/lex.js';
import { indexBody } from '../markdown/links.js';
import type { Publication } from '../model.js';
import { readPublication } from './paper.js';
import type { IndexedPaper } from './rules.js';
import type { CheckContext } from './schema.js';

/**
 * Lex a paper's body once and keep its plain-data index; the tokens and the body itself
 * are let go (a renderer reads the body again when it reaches the paper).
 */
export function indexPaper(publication: Publication): IndexedPaper {
  const index = indexBody(lexMarkdown(publication.body), publication.body, publication.bodyLine);
  return { publication: { ...publication, body: '' }, index };
}

export async function readAndIndex(path: string, context: CheckContext): Promise<IndexedPaper> {
  return indexPaper(await readPublication(path, context, 'full'));
}

/** Below this many papers, starting threads costs more than it saves. */
const PARALLEL_FROM = 48;
const MAX_THREADS = 4;

/** Threads to use: HUB_THREADS when set (1 = none), else one per core up to four. */
function threadCount(papers: number, env: NodeJS.ProcessEnv): number {
  const asked = Number(env.HUB_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, papers);
  if (papers < PARALLEL_FROM) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}

// Worker threads run the built JavaScript; from TypeScript sources (the unit tests) the work runs inline.
const WORKER = new URL('./index-worker.js', import.meta.url);
const BUILT = !import.meta.url.endsWith('.ts');

/** Every paper at `paths`, read, checked and indexed, in the order given. */
export async function indexPapers(paths: readonly string[], context: CheckContext, env: NodeJS.ProcessEnv = process.env): Promise<IndexedPaper[]> {
  const threads = BUILT ? threadCount(paths.length, env) : 1;
  if (threads <= 1) {
    const papers: IndexedPaper[] = [];
    for (const path of paths) papers.push(await readAndIndex(path, context));
    return papers;
  }
  const papers = new Array<IndexedPaper>(paths.length);
  // Interleaved shares: each thread gets every n-th paper, so long and short papers spread evenly.
  await Promise.all(Array.from({ length: threads }, (_, thread) => {
    const indices = paths.map((_, i) => i).filter((i) => i % threads === thread);
    return new Promise<void>((resolve, reject) => {
      const worker = new Worker(fileURLToPath(WORKER), { workerData: { paths: indices.map((i) => paths[i]!), context } });
      let received = 0;
      worker.on('message', (paper: IndexedPaper) => {
        papers[indices[received++]!] = paper;
      });
      worker.on('error', (error) => reject(new Error('A worker thread failed while indexing papers', { cause: error })));
      worker.on('exit', (code) => (received === indices.length ? resolve() : reject(new Error(`A worker thread stopped (exit ${code}) after ${received} of ${indices.length} papers`))));
    });
  }));
  return papers;
}
