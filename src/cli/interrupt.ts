// What must be closed before hub exits on Ctrl-C (a server, a watcher): commands register
// it here, and the one SIGINT handler (main.ts) runs it before it exits 130.

const closers = new Set<() => Promise<void>>();

/** Run `close` on Ctrl-C, before exiting. Returns a function that unregisters it. */
export function onInterrupt(close: () => Promise<void>): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

export async function closeAll(): Promise<void> {
  await Promise.allSettled([...closers].map((close) => close()));
}
