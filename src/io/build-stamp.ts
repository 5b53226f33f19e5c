// A stamp of the build that is running, for caches of what that build made.

import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubVersion } from './version.js';

let stamp: string | undefined;

/**
 * The files of the running build (dist/, or src/ when run from sources), by name, size and
 * modification time: any rebuild or upgrade changes it, so nothing cached by an older build is used.
 */
export function buildStamp(): string {
  if (stamp) return stamp;
  const hash = createHash('sha256').update(hubVersion());
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.[jt]s$/.test(entry.name)) {
        const { size, mtimeMs } = statSync(path);
        hash.update(`${path}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  visit(fileURLToPath(new URL('..', import.meta.url)));
  return (stamp = hash.digest('hex').slice(0, 16));
}
