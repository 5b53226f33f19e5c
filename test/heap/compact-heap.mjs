// Fills the heap with a stage's worth of objects, keeps one in twenty (as an export keeps the
// pack and lets go of what checking read), and prints the old space's size before and after
// compactHeap. test/heap.test.ts drives it; `plain` makes one full collection by V8's own rules.
// usage: node --expose-gc test/heap/compact-heap.mjs compact|plain

import { getHeapSpaceStatistics } from 'node:v8';
import { compactHeap } from '../../dist/heap.js';

const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');

const kept = [];
let garbage = [];
for (let i = 0; i < 2_000_000; i++) (i % 20 === 0 ? kept : garbage).push({ i, text: `piece ${i}` });
garbage = undefined;
const before = oldSpace().space_size;
if (process.argv[2] === 'compact') compactHeap();
else globalThis.gc();
const after = oldSpace();
console.log(JSON.stringify({ before, after: after.space_size, used: after.space_used_size, kept: kept.length }));
