// Reading, checking, lexing and indexing papers: the per-paper work of validate and
// export. A paper unchanged since the last run comes from the index cache; the rest, on a
// large hub, are indexed on worker threads (src/parallel.ts), each sending back only the
// plain index. Rules, selection and packing stay on the main thread, in path order, so the
// result is the same whatever the number of threads and whatever was cached.

import { createHash } from 'node:crypto';
import { openIndexCache } from '../io/cache.js';
import { buildStamp } from '../io/build-stamp.js';
import { displayPath } from '../load/load.js';
import { packPositions } from '../load/frontmatter.js';
import type { Hub, MarkdownDialect, Position, Publication } from '../model.js';
import { checkContext } from './hub.js';
import { canUseThreads, inOrder, threadsFor } from '../parallel.js';
import { readPublication } from './paper.js';
import type { IndexedPaper } from './rules.js';
import type { PaperContext } from './schema.js';

/** How a hub's papers are read: the vocabulary their fields are checked against, and the Markdown dialect. */
export interface Reading {
  context: PaperContext;
  dialect: MarkdownDialect;
}

/** `examples` (from hubExamples) let hints quote the user's own papers. */
export function readingOf(hub: Hub, examples?: Readonly<Record<string, string>>): Reading {
  return { context: { ...checkContext(hub), ...(examples ? { examples } : {}) }, dialect: hub.config.markdown };
}

export async function readAndIndex(path: string, reading: Reading): Promise<IndexedPaper> {
  // The lexer and what it brings (marked, the HTML parser and sanitiser) load only when a paper needs reading:
  // not when every paper comes from the index cache.
  const { indexPaper } = await import('./index-paper.js');
  return indexPaper(await readPublication(path, reading.context, 'full'), reading.dialect);
}

const WORKER = new URL('./index-worker.js', import.meta.url);

/** An indexed paper as the index cache keeps it and a worker thread sends it: plain data, so the positions as pairs. */
export interface KeptPaper {
  publication: Omit<Publication, 'positions'> & { positions: [string, Position][] };
  index: IndexedPaper['index'];
}

export const kept = ({ publication, index }: IndexedPaper): KeptPaper => ({ publication: { ...publication, positions: [...publication.positions] }, index });

/**
 * A kept paper as this run shows it: its file, and the file its problems name, are shown from
 * the working directory, which may not be the one it was kept from (the cache is one per hub,
 * whichever folder hub runs in).
 */
function revived({ publication, index }: KeptPaper): IndexedPaper {
  const shown = displayPath(publication.path);
  const keptAs = publication.displayPath;
  const diagnostics = shown === keptAs ? publication.diagnostics : publication.diagnostics.map((diagnostic) => (diagnostic.file === keptAs ? { ...diagnostic, file: shown } : diagnostic));
  return { publication: { ...publication, displayPath: shown, diagnostics, positions: packPositions(publication.positions) }, index };
}

/** Bump when IndexedPaper changes shape without hub's build changing (never, in a release). */
const INDEX_FORMAT = 1;

/** What an indexed paper depends on besides its file: hub's build and how papers are read. */
function indexFingerprint(reading: Reading): string {
  return createHash('sha256').update(JSON.stringify({ format: INDEX_FORMAT, build: buildStamp(), reading })).digest('hex');
}

/** A hub's papers as validate and export read them: each call indexes some; `save` keeps them for next time. */
export interface PaperIndexer {
  index(paths: readonly string[]): Promise<IndexedPaper[]>;
  /** Write the index cache back; a cache that cannot be written costs speed next time, never the result. */
  save(): Promise<void>;
}

export function paperIndexer(hub: Hub, reading: Reading, env: NodeJS.ProcessEnv = process.env): PaperIndexer {
  const cache = openIndexCache<KeptPaper>(hub.root, indexFingerprint(reading), env);
  return {
    /** Every paper at `paths`, read, checked and indexed (or, unchanged since last time, from the cache), in the order given. */
    async index(paths) {
      const papers: (IndexedPaper | undefined)[] = paths.map((path) => {
        const found = cache.get(path);
        return found && revived(found);
      });
      const missing = paths.filter((_, i) => papers[i] === undefined);
      const made = new Map<string, IndexedPaper>();
      const threads = canUseThreads(import.meta.url) ? threadsFor(missing.length, env) : 1;
      if (threads <= 1) {
        for (const path of missing) {
          const paper = await readAndIndex(path, reading);
          made.set(path, paper);
          cache.set(path, kept(paper));
        }
      } else {
        // A worker sends the paper as the cache keeps it: kept as it came, revived for this run.
        let at = 0;
        for await (const paper of inOrder<string, KeptPaper>(WORKER, missing, { threads, shared: reading })) {
          const path = missing[at++]!;
          made.set(path, revived(paper));
          cache.set(path, paper);
        }
      }
      return paths.map((path, i) => papers[i] ?? made.get(path)!);
    },
    async save() {
      await cache.save();
    },
  };
}
