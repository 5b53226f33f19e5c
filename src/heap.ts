// How far V8 lets the heap grow during an export. V8 sizes the next full collection by the rate
// of garbage, up to about four times what is live, and an export makes garbage fast (the index
// cache's lines, then each piece's tokens, layout and markup): exporting 10,000 pieces to HTML,
// 110 MB live, peaked near 650 MB; a 1,000-paper PDF, 80–100 MB live, near 440 MB. The bound
// holds from the start, for every format: a heap grown while checking is not given back to
// render in.

import { setFlagsFromString } from 'node:v8';

/** The heap may grow to twice what is live before V8 collects it fully. */
const HEAP_GROWING_PERCENT = 100;

/** Run `work` with the heap held to twice its live size; V8's own choice again afterwards. */
export async function withBoundedHeap<T>(work: () => Promise<T>): Promise<T> {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    setFlagsFromString('--heap-growing-percent=0');
  }
}
