// The only reader of the hub's files (fonts bundled with hub aside): papers, config,
// manifests, templates and images. Every other stage asks here, so what hub reads,
// and what it may read, is decided in one place.

import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The bytes of a file. Throws (with the system's reason) when it cannot be read. */
export function readBytes(path: string): Buffer {
  return readFileSync(path);
}

/** The bytes of a file, or undefined when it cannot be read (the caller says why it matters). */
export function readBytesIfReadable(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** A UTF-8 text file, or undefined when there is none. */
export function readTextIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export function exists(path: string): boolean {
  return existsSync(path);
}

/**
 * Where a path really leads, symbolic links followed; the path itself when it does not exist (yet).
 * The C library's realpath: Node's own takes a JavaScript lstat for every folder on the way, per call.
 */
export function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Remove a file hub itself made (and no longer wants); a file already gone is fine. */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Every `.md` file under `dir`, sorted; names starting with `_` or `.` are skipped, and so
 * are the top-level folders in `skipTop`. Throws, naming the folder, when it cannot be read.
 */
export function markdownFiles(dir: string, skipTop: readonly string[], shown: (path: string) => string): string[] {
  const found: string[] = [];
  const walk = (folder: string, top: boolean): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      throw new Error(`Cannot read the publications folder ${shown(folder)}`, { cause: error });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!(top && skipTop.includes(entry.name))) walk(path, false);
      } else if (entry.name.endsWith('.md')) {
        found.push(path);
      }
    }
  };
  walk(dir, true);
  return found.sort();
}

/** The names (without `extension`) of the files in `dir` ending with it, sorted; none when there is no folder. */
export function namesWithExtension(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith(extension)).map((name) => name.slice(0, -extension.length)).sort();
}
