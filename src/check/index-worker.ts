// A worker thread of indexPapers: reads, checks and indexes the papers it is handed.

import { serveTasks } from '../parallel.js';
import { kept, readAndIndex, type Reading } from './index-papers.js';

// Sent as the index cache keeps it: plain data survives the copy between threads, a class's methods do not.
serveTasks(async (path: string, reading: Reading) => kept(await readAndIndex(path, reading)));
