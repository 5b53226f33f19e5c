// How far V8 lets the heap grow during an export. V8 sizes the next full collection by the rate
// of garbage, up to about four times what is live, and an export makes garbage fast (the index
// cache's lines, then each piece's tokens, layout and markup): exporting 10,000 pieces to HTML,
// 110 MB live, peaked near 650 MB; a 1,000-paper PDF, 80–100 MB live, near 440 MB (348 MB in
// session 12). The bound holds once the pack is planned, for every format. 30% rather than 100%:
// a 1,000-paper PDF peaked at 258–275 MB with 100 and at 233–237 MB with 30 (50 varied, 242–261),
// for about 5–10% more time in collections; a 10,000-paper HTML pack at 438–463 MB against 503–561.
// A small pack is left to V8: a 100-paper PDF took 5% less CPU unbounded (2.88 s against 3.02 s;
// 2.06 s against 2.11 s of wall time; eight runs each, interleaved), at 155 MB against 142.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The heap may grow by 30% of what is live before V8 collects it fully. */
const HEAP_GROWING_PERCENT = 30;

/** Packs of fewer pieces stay small with V8's own sizing, which collects less often. */
const BOUNDED_FROM = 200;

/** From now on, hold the heap near its live size if the pack about to be made has `pieces` pieces or more. */
export function boundHeapFor(pieces: number): void {
  if (pieces >= BOUNDED_FROM) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** Run `work`, which may bound the heap (boundHeapFor): V8's own settings again afterwards. */
export async function restoringHeapSettings<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    setFlagsFromString('--heap-growing-percent=0');
  }
}

let collect: (() => void) | undefined;

/**
 * Collect the whole heap now, moving what is live together, and give the emptied pages back.
 * Call it between stages, when most of what the last one made is garbage: V8 keeps the pages a
 * heap once grew to, and a full collection by its own rules moves objects off only a few of them,
 * so the pages checking a 10,000-paper hub filled (some 120 MB beyond the pack) would otherwise
 * stay with the process while it renders. Costs one full collection of what is live: milliseconds.
 */
export function compactHeap(): void {
  if (!collect) {
    // V8 gives a context made after --expose-gc a `gc` function; hub's own context was made before.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    collect();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
