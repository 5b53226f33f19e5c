// Issue 9, point 6: the PDF writer lets go of what it has written. Rendering many pieces must
// not grow the live heap with the pages behind it: pdfkit kept every written page, annotation
// and structure element reachable until end() (about 11 KB a page).
// The live heap is read after a forced GC (node --expose-gc, switched on here at run time) at
// points spread through the render, from the bytes reaching the output.

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { packOf, pieceOf } from './helpers/pdf.js';
import { renderPdf } from '../src/render/pdf/index.js';
import type { Pack } from '../src/model.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PIECES = 200;
const SAMPLE_BYTES = 64 * 1024;

/** The same words in every piece: the shaping caches fill once, so what grows is what the writer keeps. */
function body(n: number): string {
  const paragraph = (i: number): string =>
    `The pilot mapped the flow of money through a place, as [the final report](https://example.org/report) records, ` +
    `and [an earlier paper](paper-${(n + 1) % PIECES}.md) found *much the same*.[^${i}] Frontline staff shared **data on repeat demand** in 2009.`;
  const sections = [1, 2, 3, 4].map((s) => `## Section ${s}\n\n${paragraph(s)}\n\n- one item\n- another item\n\n${paragraph(s + 10)}\n\n| Area | Spend |\n|:--|--:|\n| Kent | 120 |\n`);
  const notes = [1, 2, 3, 4, 11, 12, 13, 14].map((i) => `[^${i}]: A note, provisional.`);
  return `${sections.join('\n')}\n${notes.join('\n')}\n`;
}

/** The live heap after a forced GC, sampled by the bytes written (every 64 KB), not by writes: how pdfkit chunks its output varies. */
async function heapWhileRendering(pack: Pack, file?: string): Promise<{ heap: number[]; pages: number }> {
  const heap: number[] = [];
  let bytes = 0;
  const fd = file === undefined ? undefined : openSync(file, 'w');
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (fd !== undefined) writeSync(fd, chunk);
      const before = bytes;
      bytes += chunk.length;
      if (Math.floor(bytes / SAMPLE_BYTES) > Math.floor(before / SAMPLE_BYTES)) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
      done();
    },
  });
  try {
    const { pages } = await renderPdf(pack, { paper: 'a4', warn: () => {} }, out);
    return { heap, pages };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

describe('PDF memory', () => {
  test(`the live heap stays flat across ${PIECES} pieces`, async () => {
    const pack = packOf(Array.from({ length: PIECES }, (_, n) => pieceOf({ slug: `paper-${n}`, title: `Paper ${n}`, body: body(n) })));
    const { heap, pages } = await heapWhileRendering(pack);
    expect(pages).toBeGreaterThan(PIECES * 2);
    // From a quarter of the way in (fonts, caches and the pack itself in place) to the end.
    const settled = heap.slice(Math.floor(heap.length / 4));
    const growth = Math.max(...settled.slice(-5)) - Math.min(...settled.slice(0, 5));
    expect(heap.length).toBeGreaterThan(20);
    expect(growth / 1024 ** 2).toBeLessThan(GROWTH_LIMIT_MB);
  }, 240_000);

  test('a long contents is written out as it is drawn, not held to its last page', async () => {
    // Short pieces of many sections: the contents (drawn last, once every page number is known)
    // is about a fifth of the pages, and each entry makes a link and three structure elements.
    const sections = Array.from({ length: SECTIONS }, (_, s) => `## Section ${s + 1}\n\nA line of text.\n`).join('\n');
    const pack = packOf(Array.from({ length: CONTENTS_PIECES }, (_, n) => pieceOf({ slug: `paper-${n}`, title: `Paper ${n}`, body: sections })));
    const file = join(mkdtempSync(join(tmpdir(), 'hub-contents-')), 'pack.pdf');
    const { heap } = await heapWhileRendering(pack, file);
    // The highest the live heap rose after the first quarter (fonts, caches and the pack in place).
    const settled = heap.slice(Math.floor(heap.length / 4));
    expect(settled.length).toBeGreaterThan(20);
    const growth = Math.max(...settled) - Math.min(...settled.slice(0, 5));
    expect(growth / 1024 ** 2).toBeLessThan(CONTENTS_GROWTH_LIMIT_MB);
    // And the file is whole: its cross-reference table, kept in blocks of 65,536 offsets (more
    // objects than that here), finds every object where qpdf reads it.
    const size = Number(/\/Size (\d+)/.exec(readFileSync(file, 'latin1').slice(-2048))?.[1]);
    expect(size).toBeGreaterThan(65_536 + 1);
    expect(execFileSync('qpdf', ['--check', file], { maxBuffer: 1 << 26 }).toString()).toContain('No syntax or stream encoding errors found');
    rmSync(dirname(file), { recursive: true, force: true });
  }, 240_000);
});

const CONTENTS_PIECES = 300;
const SECTIONS = 30;

/**
 * Measured on these 424 pages (2026-12-01): 3.5–3.9 MB with the writer letting go (what remains
 * grows with the pack's headings and links: the outline, the named destinations and the
 * annotations' ParentTree entries are needed until the end); 11.2 MB before (pdfkit kept every
 * written page, annotation and structure element).
 */
const GROWTH_LIMIT_MB = 6;

/**
 * Measured on these 9,300 contents entries (2026-12-04): 8.3–8.4 MB with the contents' elements
 * ended page by page (the rest grows with the pack: its links' ParentTree entries, destinations
 * and outline); 15.4 MB with every entry's elements held to the contents' last page.
 */
const CONTENTS_GROWTH_LIMIT_MB = 12;
