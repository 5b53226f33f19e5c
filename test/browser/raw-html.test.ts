/// <reference lib="dom" />
// The HTML pack of a paper full of raw HTML, in real headless Chromium: axe finds nothing, and no
// raw tag is left as text. Skipped with a notice when /usr/bin/chromium is missing, unless HUB_REQUIRE_BROWSER=1.

import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeSource, chromiumAvailable, launchChromium, shouldRun } from '../helpers/browser.js';
import { makeHub, runHub } from '../helpers/hub.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

describe.skipIf(!shouldRun('Chromium (/usr/bin/chromium)', chromiumAvailable))('raw HTML in the HTML pack, in Chromium', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const hub = makeHub({ 'publications/raw-html.md': readFileSync(join(FIXTURES, 'rawhtml/raw-html.md'), 'utf8') });
    mkdirSync(join(hub, 'publications/images'));
    copyFileSync(join(FIXTURES, 'html/images/pilot-costs.png'), join(hub, 'publications/images/chart.png'));
    const run = runHub(['export', '--dir', hub, '--out', join(hub, 'pack.html')]);
    expect(run.status).toBe(0);
    url = pathToFileURL(join(hub, 'pack.html')).href;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('has no axe-core violations, and a name for the link that held only a remote image', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(url);
    await page.addScriptTag({ content: axeSource() });
    const violations = await page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations.map((violation) => violation.id);
    }, AXE_TAGS);
    expect(violations).toEqual([]);
    const name = await page.getByRole('link', { name: 'https://example.org/prototype' }).count();
    expect(name).toBe(1);
    await context.close();
  }, 60_000);

  it('shows no raw tag as text, and shows the raw headings, lists, table and images as such', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/<\/?(h[1-6]|li|ol|ul|p|table|tr|td|img|a|dl|details|figure)\b/i);
    expect(await page.getByRole('heading', { name: 'First raw section' }).count()).toBe(1);
    expect(await page.locator('article ol > li').count()).toBe(2);
    expect(await page.locator('article table').count()).toBe(2);
    expect(await page.locator('article img[alt="Raw chart of spend"]').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.close();
  }, 60_000);
});
