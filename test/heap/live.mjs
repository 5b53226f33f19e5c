// The live heap of this process's data after a full collection (run with --expose-gc). Code
// spaces are left out: the optimising compiler installs code when it finishes, which on a busy
// machine can fall between two samples and be counted as growth (566 KB once in CI, against
// 130 KB usually).

import { getHeapSpaceStatistics } from 'node:v8';

const CODE_SPACES = new Set(['code_space', 'code_large_object_space']);

export function liveDataBytes() {
  globalThis.gc();
  return getHeapSpaceStatistics()
    .filter((space) => !CODE_SPACES.has(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
}
