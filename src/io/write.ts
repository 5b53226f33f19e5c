// The only writer. Every file hub makes is written to a temporary file in the
// same folder and then renamed (or linked) into place, so a failed or killed
// run never leaves a half-written file and never spoils a good earlier one.

import { createWriteStream, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
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
