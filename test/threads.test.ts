// Papers are read and indexed, and HTML pieces rendered, on worker threads when a hub is large:
// the output must not depend on it. Runs the real bin/hub on a generated hub above the threshold for threads.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.mjs';
import { runHub } from './helpers/hub.js';

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
