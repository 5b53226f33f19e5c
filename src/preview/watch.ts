// Watching a hub for the preview: publications/ (papers, images, templates, packs) and
// hub.config.yaml, through chokidar (inotify here; its `atomic` mode turns an editor's
// write-temp-then-rename into one change). Bursts are coalesced into one set of paths.

import { basename, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** Quiet time after the last event before a rebuild starts: one save, one rebuild. */
export const SETTLE_MS = 40;
/** A burst that never settles (a checkout, a sync) still rebuilds this often. */
const MAX_WAIT_MS = 400;

/** Editors' and tools' temporary and backup files: never a change to the hub. */
export function isScratchFile(path: string): boolean {
  const name = basename(path);
  return (
    name.startsWith('.') || // .paper.md.swp, .#paper.md (Emacs lock), .~lock, .DS_Store
    name.endsWith('~') || // Emacs, gedit backups
    /\.(swp|swo|swx|tmp|temp|bak|orig|crswap|part)$/i.test(name) ||
    /^#.*#$/.test(name) || // Emacs autosave
    name === '4913' || // Vim's test that it may write the folder
    /\.sb-[0-9a-f]+-[A-Za-z0-9]+$/.test(name) // Sublime Text
  );
}

export interface HubWatcher {
  close(): Promise<void>;
}

/** What to watch: the hub's root folder, but only its config file and its publications folder. */
export interface WatchedPaths {
  root: string;
  config: string;
  publications: string;
}

/** Call `onChange` with each coalesced set of changed paths (absolute). */
export async function watchHub(paths: WatchedPaths, onChange: (changed: Set<string>) => void): Promise<HubWatcher> {
  // The root folder itself is watched (not the config file alone): an editor that saves by
  // renaming a new file over the config replaces the file a watch on it would follow.
  const inHub = (path: string): boolean =>
    path === paths.root || path === paths.config || path === paths.publications || path.startsWith(paths.publications + sep);
  const watcher: FSWatcher = watch(paths.root, { ignoreInitial: true, ignored: (path) => !inHub(path) || isScratchFile(path), atomic: true });
  let pending = new Set<string>();
  let settle: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(settle);
    clearTimeout(deadline);
    settle = deadline = undefined;
    const changed = pending;
    pending = new Set();
    if (changed.size > 0) onChange(changed);
  };
  watcher.on('all', (_event, path) => {
    pending.add(path);
    clearTimeout(settle);
    settle = setTimeout(flush, SETTLE_MS);
    deadline ??= setTimeout(flush, MAX_WAIT_MS);
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  return {
    async close() {
      clearTimeout(settle);
      clearTimeout(deadline);
      await watcher.close();
    },
  };
}
