// One worker thread of indexPapers: reads, checks and indexes its share of the papers
// in order, posting each paper's plain-data index back as soon as it is ready.

import { parentPort, workerData } from 'node:worker_threads';
import { readAndIndex } from './index-papers.js';
import type { CheckContext } from './schema.js';

const { paths, context } = workerData as { paths: string[]; context: CheckContext };
for (const path of paths) parentPort!.postMessage(await readAndIndex(path, context));
