// The PDF renderer's shaping cache (issue 16): words shaped in one run are kept under the cache
// folder, keyed on the font files, and the next run draws from them. It may only change speed:
// the PDF is byte-for-byte the one made with no cache, warm or cold, and a damaged cache is ignored.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeHub, paper, runHub } from './helpers/hub.js';
import { pngFile } from './helpers/png.js';

/** A face in the cache: its chunks' texts, each ended by a NUL, and their numbers as a base64 Int32Array. */
interface StoredFace {
  chunks: string;
  numbers: string;
}

interface StoredShaping {
  format: number;
  sum: string;
  faces: Record<string, StoredFace>;
}

const chunksOf = (face: StoredFace): string[] => face.chunks.split('\0').slice(0, -1);

/** The entry's checksum as hub makes it: each face in turn, its name and lengths, then its two strings. */
function checksumOf(faces: Record<string, StoredFace>): string {
  const hash = createHash('sha256');
  for (const [name, face] of Object.entries(faces)) hash.update(`${name} ${face.chunks.length} ${face.numbers.length}\n`).update(face.chunks).update(face.numbers);
  return hash.digest('hex');
}

const scratch = mkdtempSync(join(tmpdir(), 'hub-shaping-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const hub = makeHub({
  'publications/a.md': paper({ title: 'Naïve Assumptions about Demand' }, '## Café culture\n\nWaiting times of 18–26 weeks, “tell us once” and **AV** kerning: Týr, Wójcik, fi and fl.\n\n```\ncode = 1\n```\n'),
  'publications/b.md': paper({ title: 'Second Paper' }, '## Other words\n\nZoë Ó Briain’s office, with *italic* and ***bold italic*** text.\n'),
});

function exportPdf(name: string, env: Record<string, string>): Buffer {
  const out = join(scratch, `${name}.pdf`);
  const result = runHub(['export', '--dir', hub, '--format', 'pdf', '--out', out], { env: { SOURCE_DATE_EPOCH: '1262304000', ...env } });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return readFileSync(out);
}

describe('the PDF shaping cache', () => {
  const cacheDir = join(scratch, 'cache');
  const uncached = exportPdf('uncached', { HUB_NO_CACHE: '1' });

  test('is written by a first run, whose PDF is the one made without a cache', () => {
    expect(exportPdf('cold', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
    const files = readdirSync(cacheDir).filter((name) => name.startsWith('render-pdf-shaping-'));
    expect(files).toHaveLength(1);
    const stored = JSON.parse(readFileSync(join(cacheDir, files[0]!), 'utf8')) as StoredShaping;
    expect(chunksOf(stored.faces['regular']!)).toContain('Waiting ');
    expect(stored.sum).toBe(checksumOf(stored.faces));
  });

  test('gives the same bytes when a run draws from it, shaping nothing new', () => {
    const [file] = readdirSync(cacheDir).filter((name) => name.startsWith('render-pdf-shaping-'));
    const before = statSync(join(cacheDir, file!)).mtimeMs;
    expect(exportPdf('warm', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
    // Had it shaped any word itself (the cache unread), it would have written the cache again.
    expect(statSync(join(cacheDir, file!)).mtimeMs).toBe(before);
  });

  test('is ignored when damaged, in shape or in its numbers', () => {
    const [file] = readdirSync(cacheDir).filter((name) => name.startsWith('render-pdf-shaping-'));
    const path = join(cacheDir, file!);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredShaping;
    const faces = stored.faces;
    const regular = faces['regular']!;
    // Each chunk's numbers are its count, then advance, glyph count, and per glyph id, widths, code points.
    const numbers = new Int32Array(new Uint8Array(Buffer.from(regular.numbers, 'base64')).buffer);
    let at = 0;
    for (let index = chunksOf(regular).indexOf('Waiting '); index > 0; index--) at += 1 + numbers[at]!;
    const encode = (): string => Buffer.from(numbers.buffer).toString('base64');
    // Well-formed, a wrong glyph: only the checksum can tell.
    const glyph = numbers[at + 3]!;
    numbers[at + 3] = 5;
    regular.numbers = encode();
    writeFileSync(path, JSON.stringify(stored));
    expect(exportPdf('tampered', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
    // A checksum that matches, numbers that do not unpack (a glyph count past the end): shaped again.
    numbers[at + 3] = glyph;
    numbers[at + 2] = 999;
    regular.numbers = encode();
    writeFileSync(path, JSON.stringify({ ...stored, sum: checksumOf(faces) }));
    expect(exportPdf('unpackable', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
    writeFileSync(path, '{"format": 4, "faces": ');
    expect(exportPdf('truncated', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
  });
});

describe('the PDF cache of PNG figures with transparency', () => {
  // pdfkit decodes a PNG with an alpha channel and deflates its colours and its alpha apart; the cache keeps the two.
  const width = 64;
  const rows = Buffer.alloc(width * (1 + width * 4));
  for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) rows.set([x * 4, y * 4, 128, (x + y) * 2], y * (1 + width * 4) + 1 + x * 4);
  const figureHub = makeHub({
    'publications/images/mark.png': pngFile(width, width, 6, rows),
    'publications/a.md': paper({ title: 'With a Figure' }, '## Figure\n\n![A translucent mark](images/mark.png)\n'),
  });
  const exportFigure = (name: string, env: Record<string, string>): Buffer => {
    const out = join(scratch, `${name}.pdf`);
    const result = runHub(['export', '--dir', figureHub, '--format', 'pdf', '--out', out], { env: { SOURCE_DATE_EPOCH: '1262304000', ...env } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return readFileSync(out);
  };
  const cacheDir = join(scratch, 'png-cache');
  const uncached = exportFigure('png-uncached', { HUB_NO_CACHE: '1' });
  const entry = (): string => {
    const files = readdirSync(cacheDir).filter((name) => name.startsWith('render-pdf-png-'));
    expect(files).toHaveLength(1);
    return join(cacheDir, files[0]!);
  };

  test('keeps the split of a first run and gives the same bytes from it', () => {
    expect(exportFigure('png-cold', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
    const before = statSync(entry()).mtimeMs;
    expect(exportFigure('png-warm', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
    expect(statSync(entry()).mtimeMs).toBe(before); // read, not made again
  });

  test('is ignored when damaged', () => {
    const stored = JSON.parse(readFileSync(entry(), 'utf8')) as { colour: string };
    const colour = Buffer.from(stored.colour, 'base64');
    colour[colour.length - 1]! ^= 0xff;
    writeFileSync(entry(), JSON.stringify({ ...stored, colour: colour.toString('base64') }));
    expect(exportFigure('png-tampered', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
  });
});

