// The only writer. Every file hub makes is written to a temporary file in the
// same folder and then renamed (or linked) into place, so a failed or killed
// run never leaves a half-written file and never spoils a good earlier one.

import { createWriteStream, existsSync, linkSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Temporary files not yet renamed: removed if the process is interrupted. */
const pending = new Set<string>();

/** Remove a temporary file if it is there; cleaning up must never hide the real error. */
function discard(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was created there (e.g. the folder is not a folder).
  }
}

export function removePendingFiles(): void {
  for (const path of pending) discard(path);
  pending.clear();
}

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/** A file hub could not write: one sentence for the user (the cause's reason included). */
export class WriteError extends Error {
  constructor(readonly path: string, cause: unknown) {
    super(`Could not write ${path}: ${reason(cause)}.`, { cause });
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'the file system is read-only', ENOSPC: 'the disk is full',
    ENOENT: 'the folder does not exist or cannot hold files', ENOTDIR: 'part of the path is a file, not a folder', EISDIR: 'it is a folder',
  };
  return (code && known[code]) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Make `folder` and any missing parents, one level at a time (mkdir's recursive mode
 * can loop forever under /proc), returning those made, deepest last, so a failed write
 * can remove them again.
 */
function makeFolders(folder: string): string[] {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  const made: string[] = [];
  try {
    for (const path of missing) {
      mkdirSync(path);
      made.push(path);
    }
  } catch (error) {
    removeFolders(made);
    throw error;
  }
  return made;
}

function removeFolders(made: readonly string[]): void {
  for (const path of [...made].reverse()) {
    try {
      rmdirSync(path);
    } catch {
      // Not empty any more: someone else is using it.
    }
  }
}

/** Stream into `path` atomically: `produce` writes to the stream and resolves when it has ended it. */
export async function writeAtomic(path: string, produce: (out: Writable) => Promise<void>): Promise<{ bytes: number }> {
  const temporary = temporaryPath(path);
  let out: Writable | undefined;
  let made: string[] = [];
  try {
    made = makeFolders(dirname(path));
    pending.add(temporary);
    // Opened here, not by the stream, so a file that cannot be made fails now, as a value, not as a stray 'error' event.
    out = createWriteStream(temporary, { fd: openSync(temporary, 'wx') });
    await produce(out);
    if (!out.writableEnded) out.end();
    await finished(out);
    renameSync(temporary, path);
  } catch (error) {
    out?.destroy();
    discard(temporary);
    removeFolders(made);
    throw new WriteError(path, error);
  } finally {
    pending.delete(temporary);
  }
  return { bytes: statSync(path).size };
}

export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

/** Create `path` with `text`, never replacing an existing file (even one created meanwhile). */
export async function createExclusive(path: string, text: string): Promise<void> {
  const temporary = temporaryPath(path);
  pending.add(temporary);
  try {
    makeFolders(dirname(path));
    const out = createWriteStream(temporary, { fd: openSync(temporary, 'wx') });
    out.end(text);
    await finished(out);
    // link() fails if the name is taken, where rename() would silently replace.
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
    throw new WriteError(path, error);
  } finally {
    discard(temporary);
    pending.delete(temporary);
  }
}
