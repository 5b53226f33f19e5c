// Renders a pack of synthetic pieces and prints how much the live heap grew between an early
// piece and the last one. Run with --expose-gc; test/heap.test.ts drives it.
// usage: node --expose-gc test/heap/render-heap.mjs html|pdf|epub PIECES

import { Writable } from 'node:stream';
import { buildPack } from '../../dist/pack/assemble.js';
import { RENDERERS } from '../../dist/render/registry.js';
import { liveDataBytes } from './live.mjs';

const [format, count] = [process.argv[2], Number(process.argv[3])];
const WARM_UP = 20;

/** A body of a few hundred words, different for every piece: paragraphs, a list, a table, a note. */
function body(n) {
  const words = Array.from({ length: 60 }, (_, i) => `word${n}x${i}`).join(' ');
  return [
    `## Part one of ${n}`, '', `${words} with a [link](https://example.org/${n}) and a note.[^a]`, '',
    `- first ${words.slice(0, 120)}`, `- second ${n}`, '',
    '| a | b |', '| --- | --- |', `| ${n} | ${words.slice(0, 80)} |`, '',
    `## Part two of ${n}`, '', words, '', `[^a]: The note of ${n}.`,
  ].join('\n');
}

const hub = { root: '/hub', publicationsDir: '/hub/publications', config: { name: 'Heap Hub', types: ['paper'], tags: [], lang: 'en-GB', dateFormat: 'long', markdown: 'commonmark', pack: { format: ['html'], includeDrafts: false, sort: 'date', paper: 'a4' }, imprint: { publisher: 'Heap Hub' } }, configDiagnostics: [] };
const papers = Array.from({ length: count }, (_, n) => ({
  publication: {
    slug: `piece-${n}`, path: `/hub/publications/piece-${n}.md`, displayPath: `publications/piece-${n}.md`,
    metadata: { title: `Piece ${n}`, type: 'paper', authors: ['A. Author'], date: '2009-01-01', status: 'published', tags: [], related: [] },
    data: {}, positions: new Map(), body: '', bodyLine: 8, words: 300, diagnostics: [],
  },
  index: {
    links: [], images: [], notes: [],
    headings: [{ depth: 2, text: `Part one of ${n}`, slug: `part-one-of-${n}`, line: 8, column: 1 }, { depth: 2, text: `Part two of ${n}`, slug: `part-two-of-${n}`, line: 20, column: 1 }],
    anchors: [{ slug: `part-one-of-${n}`, heading: true }, { slug: `part-two-of-${n}`, heading: true }],
  },
}));

// The live heap, measured when the renderer reaches the WARM_UP-th piece and the last one (of its last pass).
const samples = new Map();
let calls = 0;
const passes = format === 'pdf' ? 2 : 1;
const pack = buildPack(hub, {
  papers, titleOf: () => undefined, generator: 'hub heap test', sourceDateEpoch: '1262304000',
  bodyOf: (publication) => {
    calls++;
    const inLastPass = calls - (passes - 1) * count;
    if (inLastPass === WARM_UP || inLastPass === count) samples.set(inLastPass, liveDataBytes());
    return body(Number(publication.slug.slice('piece-'.length)));
  },
});
const sink = new Writable({ write(_chunk, _encoding, done) { done(); } });
const renderer = await RENDERERS[format]();
await renderer.render(pack, { paper: 'a4', warn: () => {} }, sink);
const growth = samples.get(count) - samples.get(WARM_UP);
console.log(JSON.stringify({ format, pieces: count, growthBytes: growth, perPieceBytes: Math.round(growth / (count - WARM_UP)) }));
