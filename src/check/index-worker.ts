// A worker thread of indexPapers: reads, checks and indexes the papers it is handed.

import { serveTasks } from '../parallel.js';
import { readAndIndex, type Reading } from './index-papers.js';

serveTasks((path: string, reading: Reading) => readAndIndex(path, reading));
