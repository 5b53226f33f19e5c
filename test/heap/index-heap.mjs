// Indexes papers with long bodies, keeps every index (as validation does), and prints how much
// the live heap grew per paper. Run with --expose-gc; test/heap.test.ts drives it.
// usage: node --expose-gc test/heap/index-heap.mjs linked|plain PAPERS

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAndIndex } from '../../dist/check/index-papers.js';
import { liveDataBytes } from './live.mjs';

const [kind, count] = [process.argv[2], Number(process.argv[3])];
const WARM_UP = 10;
const dir = join(mkdtempSync(join(tmpdir(), 'hub-index-heap-')), 'publications');
mkdirSync(dir, { recursive: true });

/** About 48 KB of body: sections with headings and links, as a long paper has, or (plain) prose only. */
function paper(n) {
  const words = Array.from({ length: 80 }, (_, i) => `word${n}x${i}`).join(' ');
  const sections = Array.from({ length: 60 }, (_, s) =>
    kind === 'linked' ? `## Section ${s} of ${n}\n\n${words} [a link](https://example.org/${n}/${s}) and [another](paper-${(n + 1) % count}.md#section-${s}).\n` : `${words} and more words, section ${s}.\n`,
  );
  return `---\ntitle: Paper ${n}\ntype: paper\nauthors: [A. Author]\ndate: 2009-01-01\nstatus: published\nsummary: A summary of paper ${n}.\n---\n\n${sections.join('\n')}`;
}

const paths = Array.from({ length: count }, (_, n) => {
  const path = join(dir, `paper-${n}.md`);
  writeFileSync(path, paper(n));
  return path;
});
const reading = { context: { types: ['paper'], tags: [] }, dialect: 'commonmark' };
const kept = [];
let before = 0;
for (const [n, path] of paths.entries()) {
  if (n === WARM_UP) before = liveDataBytes();
  kept.push(await readAndIndex(path, reading));
}
const growth = liveDataBytes() - before;
console.log(JSON.stringify({ papers: count, kept: kept.length, bodyBytes: paper(0).length, perPaperBytes: Math.round(growth / (count - WARM_UP)) }));
