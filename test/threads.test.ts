// Papers are read and indexed, and HTML pieces rendered, on worker threads when a hub is large:
// the output must not depend on it. Runs the real bin/hub on a generated hub above the threshold for threads.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.mjs';
import { PROJECT, runHub } from './helpers/hub.js';

describe('worker threads', () => {
  const root = mkdtempSync(join(tmpdir(), 'hub-threads-'));
  generateCorpus({ papers: 80, dir: root });

  it('gives the same diagnostics and the same pack on one thread and on several', () => {
    const results = ['1', '3'].map((threads) => {
      // No index cache: every run reads and indexes every paper on its threads.
      const env = { HUB_THREADS: threads, HUB_NO_CACHE: '1', SOURCE_DATE_EPOCH: '1262304000' };
      const validate = runHub(['validate', '--json', '--dir', root], { env });
      const out = join(root, `pack-${threads}.html`);
      const exported = runHub(['export', '--include-drafts', '--dir', root, '--out', out], { env });
      expect(exported.status, exported.stderr).toBe(0);
      return { validate: validate.stdout, status: validate.status, html: readFileSync(out), warnings: exported.stderr };
    });
    expect(JSON.parse(results[0]!.validate).files).toBe(80);
    expect(results[1]!.validate).toBe(results[0]!.validate);
    expect(results[1]!.status).toBe(results[0]!.status);
    expect(Buffer.compare(results[1]!.html, results[0]!.html)).toBe(0);
    // Pieces rendered on threads report their warnings in the pack's order, as one thread does.
    expect(results[1]!.warnings).toBe(results[0]!.warnings);
  });
});

describe('a worker thread', () => {
  it('keeps a small young generation where V8 would grow it (memory of a large export)', async () => {
    // The built pool (threads run built JavaScript), on a task that keeps a few MB alive across
    // collections: V8's default grows a thread's young generation to 32 MB for it.
    const { inOrder } = (await import(pathToFileURL(join(PROJECT, 'dist', 'parallel.js')).href)) as typeof import('../src/parallel.js');
    const script = join(mkdtempSync(join(tmpdir(), 'hub-young-')), 'task.mjs');
    writeFileSync(
      script,
      `import { getHeapSpaceStatistics } from 'node:v8';
import { serveTasks } from ${JSON.stringify(pathToFileURL(join(PROJECT, 'dist', 'parallel.js')).href)};
serveTasks(() => {
  let largest = 0;
  let kept = [];
  for (let i = 0; i < 2000000; i++) {
    kept.push({ i, text: 'x'.repeat(i % 50) });
    if (kept.length > 100000) kept = [];
    if (i % 1000 === 0) largest = Math.max(largest, getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size);
  }
  return largest;
});
`,
    );
    const sizes: number[] = [];
    for await (const size of inOrder<number, number>(pathToFileURL(script), [1], { threads: 1, shared: null })) sizes.push(size);
    expect(sizes).toHaveLength(1);
    expect(sizes[0]! / 2 ** 20).toBeLessThanOrEqual(8);
  });
});
