// Caches of what was made from each paper, keyed by the file's size, modification time
// and inode, so an unchanged paper is not read again (git's index does the same for
// `git status`). Two kinds: the listing cache (front matter, for `hub list` and planning)
// and the index cache (a paper checked and indexed, for validate and export), whose
// entries also depend on how the hub reads papers and on hub's own build: that goes
// into its fingerprint, and a different fingerprint starts the cache afresh.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PaperRead, RenderCache } from '../model.js';
import { writeAtomic } from './write.js';

/** Bump whenever PaperRead or the readers behind it change meaning. */
const LISTING_FORMAT = 2;

/**
 * A file written within this long before it is read may be written again without its
 * modification time moving (coarse file-system clocks): such reads are not kept.
 */
const RACY_MS = 2000;

interface Stamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface Entry<T> extends Stamp {
  value: T;
}

/**
 * A cache file: a first line `{"fingerprint": …}`, then one JSON line per paper,
 * `[path, size, mtimeMs, ino, value]`. Lines are parsed one at a time, so a large hub's cache
 * never becomes one huge string (V8 would hold it twice over as UTF-16).
 */
type Line<T> = [path: string, size: number, mtimeMs: number, ino: number, value: T];

/** Where caches live: HUB_CACHE_DIR, else $XDG_CACHE_HOME/hub, else ~/.cache/hub; none when HUB_NO_CACHE=1. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HUB_NO_CACHE === '1') return undefined;
  return env.HUB_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hub');
}

/** What was made from each paper of one hub, kept between runs. */
export interface PaperCache<T> {
  /** The value kept for `path` if the file is unchanged since, else undefined. */
  get(path: string): T | undefined;
  /** Keep `value`, made from `path` as it is now (unless the file is too fresh to trust its time stamp). */
  set(path: string, value: T): void;
  /** The kept value for `path`, or `make()`'s (kept for next time). */
  read(path: string, make: () => Promise<T>): Promise<T>;
  /**
   * Write the cache back if anything changed (forgetting what the kind of cache forgets).
   * Never fails: a cache that cannot be written is skipped, and the sentence returned says so.
   */
  save(): Promise<string | undefined>;
}

/** The cache file is scanned for its lines in blocks of this size. */
const SCAN_BLOCK = 1 << 20;

/**
 * A cache file's lines by path, each read from the file and parsed only when its path is asked
 * for: an export of one paper from a hub of 10,000 reads one line of the index cache, and a
 * validation of all of it never holds its 60 MB at once. The file stays open until every line
 * is read or the cache is saved (a file replaced meanwhile keeps its lines for this reader).
 */
class CacheLines<T> {
  private fd: number | undefined;
  private readonly spans = new Map<string, [start: number, end: number]>();
  private readonly parsed = new Map<string, Entry<T>>();

  constructor(file: string, fingerprint: string) {
    try {
      this.fd = openSync(file, 'r');
      this.scan(fingerprint);
    } catch {
      // Missing, unreadable or corrupt: start afresh.
      this.spans.clear();
      this.release();
    }
  }

  /** Find each line and the path it starts with; give up on the whole file if its fingerprint differs. */
  private scan(fingerprint: string): void {
    const block = Buffer.allocUnsafe(SCAN_BLOCK);
    let pending = Buffer.alloc(0); // the start of a line that runs on into the next block
    let offset = 0; // where `pending` starts in the file
    let first = true;
    for (;;) {
      const read = readSync(this.fd!, block, 0, SCAN_BLOCK, offset + pending.length);
      const bytes = pending.length > 0 ? Buffer.concat([pending, block.subarray(0, read)]) : block.subarray(0, read);
      let start = 0;
      for (let end = bytes.indexOf(10); end >= 0 || (read === 0 && start < bytes.length); end = bytes.indexOf(10, start)) {
        if (end < 0) end = bytes.length; // the last line, without a newline
        if (first) {
          if ((JSON.parse(bytes.toString('utf8', 0, end)) as { fingerprint?: unknown }).fingerprint !== fingerprint) throw new Error('another fingerprint');
          first = false;
        } else {
          this.spans.set(pathOfLine(bytes, start, end), [offset + start, offset + end]);
        }
        start = end + 1;
      }
      if (read === 0) break;
      offset += start;
      pending = Buffer.from(bytes.subarray(start));
    }
    if (first) throw new Error('no fingerprint');
    if (this.spans.size === 0) this.release();
  }

  private text([start, end]: [number, number]): string {
    const bytes = Buffer.allocUnsafe(end - start);
    readSync(this.fd!, bytes, 0, bytes.length, start);
    return bytes.toString('utf8');
  }

  get size(): number {
    return this.spans.size + this.parsed.size;
  }

  entry(path: string): Entry<T> | undefined {
    const span = this.spans.get(path);
    if (!span || this.fd === undefined) return this.parsed.get(path);
    this.spans.delete(path);
    let entry: Entry<T> | undefined;
    try {
      const [, size, mtimeMs, ino, value] = JSON.parse(this.text(span)) as Line<T>;
      entry = { size, mtimeMs, ino, value };
      this.parsed.set(path, entry);
    } catch {
      // A damaged line: that paper is read afresh (and its line is not written back).
    }
    if (this.spans.size === 0) this.release();
    return entry;
  }

  /** Every path with its line as written: kept lines are copied out without being parsed. */
  *lines(): Generator<[path: string, line: string]> {
    for (const [path, entry] of this.parsed) yield [path, lineOf(path, entry)];
    if (this.fd !== undefined) for (const [path, span] of this.spans) yield [path, this.text(span)];
  }

  /** Let go of the file: lines not read by now are not read. */
  release(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function lineOf<T>(path: string, { size, mtimeMs, ino, value }: Entry<T>): string {
  return JSON.stringify([path, size, mtimeMs, ino, value] satisfies Line<T>);
}

/** The path a cache line starts with (`["path",…`), read without parsing the rest. */
function pathOfLine(bytes: Buffer, start: number, end: number): string {
  let at = start + 2;
  while (at < end && bytes[at] !== 0x22) at += bytes[at] === 0x5c ? 2 : 1; // a backslash escapes the next character
  return JSON.parse(bytes.toString('utf8', start + 1, at + 1)) as string;
}

/** Cache lines are written in batches of about this many characters. */
const BATCH = 1 << 20;

function stampOf(path: string): Stamp | undefined {
  try {
    const { size, mtimeMs, ino } = statSync(path);
    return { size, mtimeMs, ino };
  } catch {
    return undefined;
  }
}

/**
 * What a save forgets: papers not asked for this run (the listing reads the whole hub each
 * time), or only papers whose files are gone (export indexes a few papers of a hub and must
 * not make the next validation read the rest again).
 */
type Forget = 'unasked' | 'removed';

function openPaperCache<T>(kind: string, hubRoot: string, fingerprint: string, forget: Forget, env: NodeJS.ProcessEnv): PaperCache<T> {
  const dir = cacheDir(env);
  const file = dir ? join(dir, `${kind}-${createHash('sha256').update(hubRoot).digest('hex').slice(0, 16)}.json`) : undefined;
  const previous = file ? new CacheLines<T>(file, fingerprint) : undefined;
  const current: Record<string, Entry<T>> = {};
  let changed = false;
  const now = Date.now();
  const get = (path: string): T | undefined => {
    const entry = previous?.entry(path);
    if (!entry) return undefined;
    const stamp = stampOf(path);
    if (!stamp || entry.size !== stamp.size || entry.mtimeMs !== stamp.mtimeMs || entry.ino !== stamp.ino) return undefined;
    current[path] = entry;
    return entry.value;
  };
  const set = (path: string, value: T): void => {
    changed = true;
    const stamp = stampOf(path);
    if (file && stamp && stamp.mtimeMs < now - RACY_MS) current[path] = { ...stamp, value };
  };
  return {
    get,
    set,
    async read(path, make) {
      const kept = get(path);
      if (kept !== undefined) return kept;
      const value = await make();
      set(path, value);
      return value;
    },
    async save() {
      try {
        return await writeBack();
      } finally {
        previous?.release();
      }
    },
  };

  async function writeBack(): Promise<string | undefined> {
    if (!file) return undefined;
    const before = previous?.size ?? 0;
    if (forget === 'removed') {
      if (!changed) return undefined;
    } else {
      const kept = Object.keys(current).length;
      // An empty cache is not worth a file.
      if (kept === 0 && before === 0) return undefined;
      if (!changed && kept === before) return undefined;
    }
    try {
      await writeAtomic(file, async (out) => {
        let batch = `${JSON.stringify({ fingerprint })}\n`;
        const add = async (line: string): Promise<void> => {
          batch += `${line}\n`;
          if (batch.length < BATCH) return;
          if (!out.write(batch)) await once(out, 'drain');
          batch = '';
        };
        for (const [path, entry] of Object.entries(current)) await add(lineOf(path, entry));
        // Papers not asked for this run are kept as they were written, unless their files are gone
        // (those linger until something else changes: they are never used).
        if (forget === 'removed' && previous) for (const [path, line] of previous.lines()) if (!(path in current) && stampOf(path)) await add(line);
        out.end(batch);
      });
      return undefined;
    } catch (error) {
      // A read-only home or full disk costs speed next time, never the command.
      return `the ${kind} cache was skipped: ${error instanceof Error ? error.message : String(error)} (set HUB_CACHE_DIR to a writable folder, or HUB_NO_CACHE=1)`;
    }
  }
}

/** Each paper's front matter as read (for `hub list` and for planning a pack). */
export function openListingCache(hubRoot: string, env: NodeJS.ProcessEnv = process.env): PaperCache<PaperRead> {
  return openPaperCache<PaperRead>('listing', hubRoot, `listing ${LISTING_FORMAT}`, 'unasked', env);
}

/**
 * Each paper checked and indexed (plain data the caller chooses); kept until its file goes. `fingerprint` must change
 * whenever what the caller makes of an unchanged file could: how it reads papers, hub's build.
 */
export function openIndexCache<T>(hubRoot: string, fingerprint: string, env: NodeJS.ProcessEnv = process.env): PaperCache<T> {
  return openPaperCache<T>('index', hubRoot, fingerprint, 'removed', env);
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
