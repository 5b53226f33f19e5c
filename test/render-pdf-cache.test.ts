// The PDF renderer's shaping cache (issue 16): words shaped in one run are kept under the cache
// folder, keyed on the font files, and the next run draws from them. It may only change speed:
// the PDF is byte-for-byte the one made with no cache, warm or cold, and a damaged cache is ignored.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeHub, paper, runHub } from './helpers/hub.js';

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
    const stored = JSON.parse(readFileSync(join(cacheDir, files[0]!), 'utf8')) as { faces: Record<string, Record<string, unknown>> };
    expect(Object.keys(stored.faces['regular']!)).toContain('Waiting ');
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
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { faces: Record<string, Record<string, number[]>> };
    // Well-formed, wrong glyphs: only the checksum can tell.
    stored.faces['regular']!['Waiting ']![2] = 5;
    writeFileSync(path, JSON.stringify(stored));
    expect(exportPdf('tampered', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
    writeFileSync(path, '{"format": 1, "faces": ');
    expect(exportPdf('truncated', { HUB_CACHE_DIR: cacheDir }).equals(uncached)).toBe(true);
  });
});
