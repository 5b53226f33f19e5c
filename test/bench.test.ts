// The benchmark cannot rot: its corpus generator is deterministic and makes papers hub accepts,
// and its quick mode runs every hub command end to end. No timing is asserted here.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT, runHub } from './helpers/hub.js';

const scratch = mkdtempSync(join(tmpdir(), 'hub-bench-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function generate(papers: number, seed: number, name: string): string {
  const out = join(scratch, name);
  const result = spawnSync(process.execPath, ['bench/corpus.mjs', '--papers', String(papers), '--seed', String(seed), '--out', out], { cwd: PROJECT, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return out;
}

/** Every file under `root`, as relative path → bytes. */
function snapshot(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(root.length + 1), readFileSync(path));
  }
  return files;
}

function papersIn(root: string): { slug: string; data: Record<string, unknown>; body: string }[] {
  const dir = join(root, 'publications');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => {
      const [, frontMatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(join(dir, name), 'utf8'))!;
      return { slug: name.slice(0, -3), data: parse(frontMatter!) as Record<string, unknown>, body: body! };
    });
}

describe('bench corpus generator', () => {
  const first = generate(24, 7, 'first');
  const again = generate(24, 7, 'again');

  it('gives the same bytes for the same seed, and different bytes for another', () => {
    const a = snapshot(first);
    expect(a.size).toBeGreaterThan(24);
    expect(snapshot(again)).toEqual(a);
    const other = snapshot(generate(24, 8, 'other-seed'));
    expect(other).not.toEqual(a);
  });

  it('writes papers hub validates without a single problem', () => {
    const result = runHub(['validate', '--dir', first]);
    expect(result.stdout + result.stderr).toMatch(/24 files checked: no problems/);
    expect(result.status).toBe(0);
  });

  it('covers every type and status, and links only to papers and figures that exist', () => {
    const papers = papersIn(first);
    const slugs = new Set(papers.map((paper) => paper.slug));
    expect(new Set(papers.map((paper) => paper.data.type))).toEqual(new Set(['paper', 'essay', 'report', 'briefing']));
    expect(new Set(papers.map((paper) => paper.data.status))).toEqual(new Set(['draft', 'review', 'published']));
    const images = new Set(readdirSync(join(first, 'publications', 'images')));
    for (const paper of papers) {
      for (const slug of (paper.data.related as string[] | undefined) ?? []) expect(slugs).toContain(slug);
      for (const [, target] of paper.body.matchAll(/\]\(([\w-]+)\.md\)/g)) expect(slugs).toContain(target);
      for (const [, image] of paper.body.matchAll(/\]\(images\/([\w-]+\.png)/g)) expect(images).toContain(image);
    }
  });
});

describe('npm run bench -- --quick', () => {
  it('times every hub command beside its references and writes JSON and Markdown results', { timeout: 180_000 }, () => {
    const jsonOut = join(scratch, 'results.json');
    const markdown = join(scratch, 'RESULTS.md');
    writeFileSync(markdown, '<!-- notes:start (kept when the results are rewritten) -->\nHand-written note.\n<!-- notes:end -->\n');
    const result = spawnSync(
      process.execPath,
      ['bench/run.mjs', '--quick', '--sizes', '5', '--json-out', jsonOut, '--results-md', markdown, '--cache', join(scratch, 'cache')],
      { cwd: PROJECT, encoding: 'utf8', timeout: 170_000 },
    );
    expect(result.stderr).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);

    const results = JSON.parse(readFileSync(jsonOut, 'utf8'));
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(Date.parse(results.date)).not.toBeNaN();
    expect(results.corpus).toEqual([expect.objectContaining({ papers: 5, seed: 2009 })]);
    for (const id of ['hub-version', 'hub-list', 'hub-validate', 'hub-html', 'hub-pdf']) {
      const row = results.rows.find((candidate: { id: string }) => candidate.id === id);
      expect(row, id).toMatchObject({ exitCode: 0, runs: 1, medianMs: expect.any(Number), peakRssBytes: expect.any(Number) });
      expect(row.medianMs, id).toBeGreaterThan(0);
      expect(row.papers, id).toBe(id === 'hub-version' ? null : 5);
    }
    expect(results.rows.find((row: { id: string }) => row.id === 'hub-pdf').pages).toBeGreaterThan(0);
    // References run when installed and are otherwise skipped with a reason, never silently dropped.
    for (const id of ['node-startup', 'read-split', 'hugo-list', 'yaml-parse', 'pandoc-html', 'marked-html', 'chromium-pdf', 'pdfkit-pdf', 'hub-preview-bundled', 'hub-preview']) {
      const row = results.rows.find((candidate: { id: string }) => candidate.id === id);
      expect(row, id).toBeDefined();
      expect(typeof row.medianMs === 'number' || typeof row.skipped === 'string', id).toBe(true);
    }
    expect(results.budgets.length).toBeGreaterThan(0);

    expect(result.stdout).toMatch(/hub export --format pdf/);
    const page = readFileSync(markdown, 'utf8');
    expect(page).toContain('Hand-written note.');
    expect(page).toMatch(/\| 5 \| hub list \| 1 \| \d+\.\d\d s \|/);
  });
});
