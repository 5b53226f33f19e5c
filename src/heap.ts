// How far V8 lets the heap grow during an export. V8 sizes the next full collection by the rate
// of garbage, up to about four times what is live, and an export makes garbage fast (the index
// cache's lines, then each piece's tokens, layout and markup): exporting 10,000 pieces to HTML,
// 110 MB live, peaked near 650 MB; a 1,000-paper PDF, 80–100 MB live, near 440 MB. The bound
// holds from the start, for every format: a heap grown while checking is not given back to
// render in. 30% rather than 100%: a 1,000-paper PDF peaked at 258–275 MB with 100 and at
// 233–237 MB with 30 (50 varied, 242–261), for about 5–10% more time in collections; a 10,000-paper
// HTML pack at 438–463 MB against 503–561.

import { setFlagsFromString } from 'node:v8';

/** The heap may grow by 30% of what is live before V8 collects it fully. */
const HEAP_GROWING_PERCENT = 30;

/** Run `work` with the heap held near its live size; V8's own choice again afterwards. */
export async function withBoundedHeap<T>(work: () => Promise<T>): Promise<T> {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    setFlagsFromString('--heap-growing-percent=0');
  }
}
