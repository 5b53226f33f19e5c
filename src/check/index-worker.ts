// A worker thread of indexPapers: reads, checks and indexes the papers it is handed.

import { serveTasks } from '../parallel.js';
import { readAndIndex } from './index-papers.js';
import type { CheckContext } from './schema.js';

serveTasks((path: string, context: CheckContext) => readAndIndex(path, context));
