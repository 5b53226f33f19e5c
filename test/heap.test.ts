// Memory is bounded by the piece being rendered, not by the pack: rendering 200 synthetic
// pieces must not grow the live heap between the 20th piece and the last by more than a
// small bound. (Measured, code spaces left out: HTML grows by 0.1–0.35 MB over the 180 pieces,
// the link check's few ids and the compiler's feedback among it; the design before lazy pieces
// held every piece's tokens and output, about 25 KB a piece, 5 MB for these 200.)

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT } from './helpers/hub.js';

function heapGrowth(format: 'html' | 'pdf' | 'epub', pieces: number): { growthBytes: number } {
  const run = spawnSync(process.execPath, ['--expose-gc', join(PROJECT, 'test/heap/render-heap.mjs'), format, String(pieces)], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { growthBytes: number };
}

describe('live heap while rendering', () => {
  it('stays flat for the HTML pack: under 512 KB of growth over 180 pieces', () => {
    expect(heapGrowth('html', 200).growthBytes).toBeLessThan(512 * 1024);
  });

  // Measured: 1.5–3 KB a piece, which the EPUB must keep to the end: its entries in the ZIP's central
  // directory and the package's manifest. Holding a piece's tokens or output would be ~25 KB a piece.
  it('stays flat for the EPUB, whose ZIP is streamed: under 1 MB of growth over 180 pieces', () => {
    expect(heapGrowth('epub', 200).growthBytes).toBeLessThan(1024 * 1024);
  });
});

// Validation keeps every paper's index to the end. A text read from a paper is a slice of the
// paper's whole text, and a slice keeps all of it alive: the index and the metadata must hold
// copies. Measured: about 6 KB a plain paper and 32 KB a paper of 120 links and 60 headings,
// against 55 KB and 87 KB when the slices were kept (each paper's body is about 45 KB).
describe('live heap while indexing', () => {
  function perPaper(kind: 'linked' | 'plain'): { perPaperBytes: number; bodyBytes: number } {
    const run = spawnSync(process.execPath, ['--expose-gc', join(PROJECT, 'test/heap/index-heap.mjs'), kind, '110'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { perPaperBytes: number; bodyBytes: number };
  }

  it('keeps no paper text through its metadata: under 16 KB a plain paper', () => {
    expect(perPaper('plain').perPaperBytes).toBeLessThan(16 * 1024);
  });

  it('keeps no paper text through its links and headings: an index costs less than its body', () => {
    const { perPaperBytes, bodyBytes } = perPaper('linked');
    expect(perPaperBytes).toBeLessThan(bodyBytes);
  });
});

// An export compacts the heap between checking and rendering (src/heap.ts). Measured: V8's own
// full collection leaves the old space at about 150 MB for 11 MB live; compacted, about 12 MB.
describe('compacting the heap between stages', () => {
  function oldSpace(mode: 'compact' | 'plain'): { before: number; after: number; used: number } {
    const run = spawnSync(process.execPath, ['--expose-gc', join(PROJECT, 'test/heap/compact-heap.mjs'), mode], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { before: number; after: number; used: number };
  }

  it('gives back the pages garbage filled: the old space ends within twice what is live', () => {
    const { after, used } = oldSpace('compact');
    expect(after).toBeLessThan(2 * used);
  });

  it('does what an ordinary full collection does not (else the test above proves nothing)', () => {
    const { after, used } = oldSpace('plain');
    expect(after).toBeGreaterThan(2 * used);
  });
});
