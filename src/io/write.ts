// The only writer. Every file hub makes is written to a temporary file in the
// same folder and then renamed (or linked) into place, so a failed or killed
// run never leaves a half-written file and never spoils a good earlier one.

import { createWriteStream, existsSync, linkSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
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

/** Stream into `path` atomically: `produce` writes to the stream and resolves when it has ended it. */
export async function writeAtomic(path: string, produce: (out: Writable) => Promise<void>): Promise<{ bytes: number }> {
  const temporary = temporaryPath(path);
  let out: Writable | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    pending.add(temporary);
    out = createWriteStream(temporary, { flags: 'wx' });
    await produce(out);
    if (!out.writableEnded) out.end();
    await finished(out);
    renameSync(temporary, path);
  } catch (error) {
    out?.destroy();
    discard(temporary);
    throw new Error(`Could not write ${path}`, { cause: error });
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
    mkdirSync(dirname(path), { recursive: true });
    const out = createWriteStream(temporary, { flags: 'wx' });
    out.end(text);
    await finished(out);
    // link() fails if the name is taken, where rename() would silently replace.
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
    throw new Error(`Could not write ${path}`, { cause: error });
  } finally {
    discard(temporary);
    pending.delete(temporary);
  }
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
 * Create `folders` and `files` together, never replacing anything: if one cannot be made
 * (or the process is interrupted), whatever this call made is removed again.
 */
export async function createAllExclusive(folders: readonly string[], files: readonly { path: string; text: string }[]): Promise<void> {
  const made: string[] = [];
  const linked: string[] = [];
  const undo = (): void => {
    for (const path of linked.splice(0).reverse()) discard(path);
    for (const folder of made.splice(0).reverse()) {
      try {
        rmdirSync(folder);
      } catch {
        // Not empty: something else put a file there meanwhile; leave it.
      }
    }
  };
  rollbacks.add(undo);
  try {
    for (const folder of [...folders, ...files.map((file) => dirname(file.path))]) {
      for (const missing of missingFolders(folder)) {
        mkdirSync(missing);
        made.push(missing);
      }
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
