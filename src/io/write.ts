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

/** Undo steps of sets of files being created together, run if the process is interrupted. */
const rollbacks = new Set<() => void>();

export function removePendingFiles(): void {
  for (const path of pending) discard(path);
  pending.clear();
  for (const rollback of rollbacks) rollback();
  rollbacks.clear();
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

/** An error from the operating system (a file, a folder, the disk), which carries its errno code. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'the file system is read-only', ENOSPC: 'the disk is full',
    ENOENT: 'the folder does not exist or cannot hold files', ENOTDIR: 'part of the path is a file, not a folder', EISDIR: 'it is a folder',
  };
  return (code && known[code]) ?? (error instanceof Error ? error.message : String(error));
}

/** The folders that would have to be made for `folder` to exist, outermost first. */
function missingFolders(folder: string): string[] {
  const missing: string[] = [];
  for (let current = folder; !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  return missing;
}

/**
 * Make `folder` and any missing parents, one level at a time (mkdir's recursive mode
 * can loop forever under /proc), returning those made, deepest last, so a failed write
 * can remove them again.
 */
function makeFolders(folder: string): string[] {
  const made: string[] = [];
  try {
    for (const path of missingFolders(folder)) {
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
      // Not empty any more: something else put a file there meanwhile; leave it.
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
    // The disk's refusals are the user's to act on; anything else thrown while making the file is a bug in hub.
    throw isSystemError(error) ? new WriteError(path, error) : new Error(`hub failed while making ${path}`, { cause: error });
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

/**
 * Create `folders` and `files` together, never replacing anything: if one cannot be made
 * (or the process is interrupted), whatever this call made is removed again.
 */
export async function createAllExclusive(folders: readonly string[], files: readonly { path: string; text: string }[]): Promise<void> {
  const made: string[] = [];
  const linked: string[] = [];
  const undo = (): void => {
    for (const path of linked.splice(0).reverse()) discard(path);
    removeFolders(made.splice(0));
  };
  rollbacks.add(undo);
  try {
    for (const folder of [...folders, ...files.map((file) => dirname(file.path))]) {
      made.push(...makeFolders(folder));
    }
    for (const file of files) {
      await createExclusive(file.path, file.text);
      linked.push(file.path);
    }
  } catch (error) {
    undo();
    throw error;
  } finally {
    rollbacks.delete(undo);
  }
}
