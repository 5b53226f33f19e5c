// The listing cache. `hub list` remembers what it read from each paper, keyed by
// the file's size, modification time and inode, so listing an unchanged hub does
// not read its papers again (git's index does the same for `git status`). Only
// listing uses it: validate and export always read every file.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PaperRead, RenderCache } from '../model.js';
import { writeAtomic } from './write.js';

/** Bump whenever PaperRead or the readers behind it change meaning. */
const FORMAT = 1;

/**
 * A file written within this long before it is read may be written again without its
 * modification time moving (coarse file-system clocks): such reads are not kept.
 */
const RACY_MS = 2000;

interface Entry {
  size: number;
  mtimeMs: number;
  ino: number;
  read: PaperRead;
}

interface CacheFile {
  format: number;
  entries: Record<string, Entry>;
}

/** Where caches live: HUB_CACHE_DIR, else $XDG_CACHE_HOME/hub, else ~/.cache/hub; none when HUB_NO_CACHE=1. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HUB_NO_CACHE === '1') return undefined;
  return env.HUB_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hub');
}

export interface ListingCache {
  /** The cached read of `path` if the file is unchanged, else `readFile()`'s (kept for next time). */
  read(path: string, readFile: () => Promise<PaperRead>): Promise<PaperRead>;
  /** Write the cache back if anything changed. Never fails: a cache that cannot be written is skipped. */
  save(): Promise<void>;
}

const NO_CACHE: ListingCache = { read: (_path, readFile) => readFile(), save: async () => {} };

function load(file: string): Record<string, Entry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    return parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object' ? parsed.entries : {};
  } catch {
    // Missing, unreadable or corrupt: start afresh.
    return {};
  }
}

export function openListingCache(hubRoot: string, env: NodeJS.ProcessEnv = process.env): ListingCache {
  const dir = cacheDir(env);
  if (!dir) return NO_CACHE;
  const file = join(dir, `listing-${createHash('sha256').update(hubRoot).digest('hex').slice(0, 16)}.json`);
  const previous = load(file);
  const current: Record<string, Entry> = {};
  let changed = false;
  const now = Date.now();

  return {
    async read(path, readFile) {
      let stats;
      try {
        stats = statSync(path);
      } catch {
        return readFile();
      }
      const entry = previous[path];
      if (entry && entry.size === stats.size && entry.mtimeMs === stats.mtimeMs && entry.ino === stats.ino) {
        current[path] = entry;
        return entry.read;
      }
      changed = true;
      const read = await readFile();
      if (stats.mtimeMs < now - RACY_MS) current[path] = { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, read };
      return read;
    },
    async save() {
      // Papers removed since the last run drop out too; an empty cache is not worth a file.
      const kept = Object.keys(current).length;
      if (kept === 0 && Object.keys(previous).length === 0) return;
      if (!changed && kept === Object.keys(previous).length) return;
      try {
        await writeAtomic(file, async (out) => {
          out.end(JSON.stringify({ format: FORMAT, entries: current } satisfies CacheFile));
        });
      } catch {
        // A read-only home or full disk costs speed next time, never the listing.
      }
    },
  };
}

/**
 * Plain data a renderer keeps between runs: one JSON file per key under the cache folder (the
 * PDF renderer's shaped words, keyed on the font files). Never output: what is kept must not
 * change what is made, only how fast. Reading a missing or corrupt entry gives undefined.
 */
export function openRenderCache(env: NodeJS.ProcessEnv = process.env): RenderCache | undefined {
  const dir = cacheDir(env);
  if (!dir) return undefined;
  const file = (key: string): string => {
    if (!/^[a-z0-9-]+$/.test(key)) throw new Error(`Not a render cache key: ${key}`);
    return join(dir, `render-${key}.json`);
  };
  return {
    read(key) {
      try {
        return JSON.parse(readFileSync(file(key), 'utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
    async write(key, value) {
      try {
        await writeAtomic(file(key), async (out) => {
          out.end(JSON.stringify(value));
        });
      } catch {
        // A cache that cannot be written is skipped.
      }
    },
  };
}
