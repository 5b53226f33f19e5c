/// <reference lib="dom" />
// `hub preview` in real headless Chromium: the page shows the pack and follows edits in
// place (same scroll position, no reload), shows problems in its panel and clears them,
// on a copy of the bundled hub and on a generated hub of 1,000 papers.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, shouldRun } from '../helpers/browser.js';
import { PROJECT } from '../helpers/hub.js';
import { atomicSave, fingerprint, startPreview, type RunningPreview } from '../helpers/preview.js';

const runInChromium = shouldRun('Chromium (/usr/bin/chromium)', chromiumAvailable);

function bundledCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'hub-preview-'));
  cpSync(join(PROJECT, 'publications'), join(root, 'publications'), { recursive: true });
  if (existsSync(join(PROJECT, 'hub.config.yaml'))) cpSync(join(PROJECT, 'hub.config.yaml'), join(root, 'hub.config.yaml'));
  return root;
}

/** Replace the title line of a paper's front matter, saving as an editor does. */
function retitle(file: string, title: string): void {
  const text = readFileSync(file, 'utf8');
  atomicSave(file, text.replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`));
}

/** The id and viewport position of a heading inside piece `pieceId`, after scrolling it to y = 200. */
async function scrollToHeading(page: Page, pieceId: string): Promise<{ id: string; top: number; scrollY: number }> {
  return page.evaluate((pieceId) => {
    const heading = document.getElementById(pieceId)!.querySelectorAll('h3[id]')[1] ?? document.getElementById(pieceId)!.querySelector('h3[id]')!;
    heading.scrollIntoView();
    scrollBy(0, -200);
    return { id: heading.id, top: heading.getBoundingClientRect().top, scrollY };
  }, pieceId);
}

async function pieceTitle(page: Page, pieceId: string): Promise<string> {
  return page.evaluate((pieceId) => document.getElementById(`${pieceId}.title`)?.textContent ?? '', pieceId);
}

/** Marks the page; a reload would lose the mark. */
async function mark(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { hubMark: number }).hubMark = 1));
}

async function stillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { hubMark?: number }).hubMark === 1);
}

describe.skipIf(!runInChromium)('hub preview in Chromium: the bundled hub', () => {
  let browser: Browser;
  let root: string;
  let preview: RunningPreview;
  let page: Page;
  const problems: string[] = [];
  const strategy = () => join(root, 'publications', 'leading-innovation.md');

  beforeAll(async () => {
    root = bundledCopy();
    [browser, preview] = await Promise.all([launchChromium(), startPreview(root)]);
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(preview.url, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (preview && preview.child.exitCode === null) await preview.interrupt();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('shows the pack, drafts included, with an empty problem panel and no console error', async () => {
    const state = await page.evaluate(() => ({
      pieces: [...document.querySelectorAll('article.piece')].map((article) => article.id),
      contents: document.querySelectorAll('nav.toc > ol > li').length,
      panelHidden: (document.getElementById('hub.problems') as HTMLElement).hidden,
      band: getComputedStyle(document.querySelector('.band')!).backgroundColor,
    }));
    expect(state.pieces).toHaveLength(7);
    expect(state.pieces).toContain('what-place-based-innovation-asks-of-whitehall');
    expect(state.contents).toBe(7);
    expect(state.panelHidden).toBe(true);
    expect(state.band).toBe('rgb(11, 12, 12)'); // the export's stylesheet, under the page's CSP
    expect(problems).toEqual([]);
  });

  it('follows an atomic-rename edit of a title in place, at the same scroll position', async () => {
    const place = await scrollToHeading(page, 'leading-innovation');
    await mark(page);
    retitle(strategy(), 'Leading Innovation, Revised');
    await page.waitForFunction(() => document.getElementById('leading-innovation.title')?.textContent === 'Leading Innovation, Revised', null, { timeout: 15_000 });
    expect(await stillMarked(page)).toBe(true);
    const after = await page.evaluate((id) => ({ top: document.getElementById(id)!.getBoundingClientRect().top, scrollY }), place.id);
    expect(Math.abs(after.top - place.top)).toBeLessThanOrEqual(1);
    // The contents entry follows too.
    expect(await page.locator('nav.toc a[href="#leading-innovation"]').textContent()).toBe('Leading Innovation, Revised');
    await preview.waitForLine(/^Rebuilt .*leading-innovation\.md/);
    expect(problems).toEqual([]);
  });

  it('shows a YAML error in the panel with its file and line, keeps the rest, and clears it when fixed', async () => {
    const file = join(root, 'publications', 'place-based-innovation.md');
    const good = readFileSync(file, 'utf8');
    await mark(page);
    atomicSave(file, good.replace(/^title: .*$/m, 'title: [Place Based Innovation'));
    await page.waitForFunction(() => !(document.getElementById('hub.problems') as HTMLElement).hidden, null, { timeout: 15_000 });
    const shown = await page.evaluate(() => ({
      panel: document.getElementById('hub.problems')!.textContent!,
      pieces: [...document.querySelectorAll('article.piece')].map((article) => article.id),
      placeholder: document.getElementById('place-based-innovation')!.textContent!,
    }));
    expect(shown.panel).toMatch(/publications\/place-based-innovation\.md:3:1  error  HUB004  YAML syntax error/);
    expect(shown.panel).toContain('HUB004');
    expect(shown.pieces).toHaveLength(7); // the broken paper keeps its place, as a placeholder
    expect(shown.placeholder).toContain('could not be read');
    expect(shown.placeholder).toContain('HUB004');
    expect(await pieceTitle(page, 'the-hub-strategy')).toBe('The Hub Strategy');

    atomicSave(file, good);
    await page.waitForFunction(() => (document.getElementById('hub.problems') as HTMLElement).hidden, null, { timeout: 15_000 });
    expect(await pieceTitle(page, 'place-based-innovation')).toBe('Place Based Innovation');
    expect(await stillMarked(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!runInChromium)('hub preview in Chromium: 1,000 generated papers', () => {
  let browser: Browser;
  let root: string;
  let preview: RunningPreview;

  beforeAll(async () => {
    const { generateCorpus } = (await import(join(PROJECT, 'bench', 'corpus.mjs'))) as { generateCorpus: (options: { papers: number; dir: string }) => unknown };
    root = mkdtempSync(join(tmpdir(), 'hub-preview-1000-'));
    generateCorpus({ papers: 1000, dir: root });
    [browser, preview] = await Promise.all([launchChromium(), startPreview(root, ['--port', '0'], 180_000)]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (preview && preview.child.exitCode === null) await preview.interrupt();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('patches one edited paper in place, at the same scroll position', async () => {
    const before = fingerprint(root);
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(preview.url, { waitUntil: 'load', timeout: 180_000 });
    const ids = await page.evaluate(() => [...document.querySelectorAll('article.piece')].map((article) => article.id));
    expect(ids).toHaveLength(1000);
    const target = ids[600]!;
    const place = await scrollToHeading(page, target);
    await mark(page);
    const file = join(root, 'publications', `${target}.md`);
    retitle(file, 'An Edited Title');
    await page.waitForFunction((id) => document.getElementById(`${id}.title`)?.textContent === 'An Edited Title', target, { timeout: 60_000 });
    expect(await stillMarked(page)).toBe(true);
    const top = await page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, place.id);
    expect(Math.abs(top - place.top)).toBeLessThanOrEqual(1);
    const after = fingerprint(root);
    after.delete(`publications/${target}.md`);
    before.delete(`publications/${target}.md`);
    expect(after).toEqual(before);
  }, 240_000);
});
