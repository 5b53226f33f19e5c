/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The HTML pack in real headless Chromium, opened from file:// as a reader would.
// Skipped with a notice when /usr/bin/chromium is missing, unless HUB_REQUIRE_BROWSER=1.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSource, chromiumAvailable, launchChromium, pdfPageTexts, recordPageProblems, shouldRun } from '../helpers/browser.js';
import { exportSamplePack, writeFixturePack, type SamplePack } from './sample-pack.js';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PACKS = [
  { name: 'the sample pack exported by `hub export`', make: exportSamplePack },
  { name: 'the fixture pack with the attack paper', make: writeFixturePack },
];
const runInChromium = shouldRun('Chromium (/usr/bin/chromium)', chromiumAvailable);

describe.skipIf(!runInChromium).each(PACKS)('HTML pack in Chromium: $name', ({ make }) => {
  let browser: Browser;
  let pack: SamplePack;
  let url: string;
  /** Article ids in document order: what the contents must link to. */
  let pieceIds: string[];

  beforeAll(async () => {
    pack = make();
    url = pathToFileURL(pack.file).href;
    pieceIds = [...readFileSync(pack.file, 'utf8').matchAll(/<article class="piece" id="([^"]+)"/g)].map((match) => match[1]!);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A page with the pack's own CSP in force, recording everything that should never happen. */
  async function openPack(options: { width?: number } = {}): Promise<{ page: Page; context: BrowserContext; problems: string[]; requests: string[] }> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    // Anything but the pack itself and its data: images is recorded and refused.
    await context.route('**/*', async (route) => {
      const requested = route.request().url();
      if (requested === url || requested.startsWith('data:')) return route.continue();
      requests.push(requested);
      return route.abort();
    });
    const page = await context.newPage();
    recordPageProblems(page, problems);
    page.on('request', (request) => {
      if (request.url() !== url && !request.url().startsWith('data:')) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, context, problems, requests };
  }

  it('opens with its styles and images applied under its own CSP, with no console error and no request', async () => {
    const { page, context, problems, requests } = await openPack();
    const state = await page.evaluate(() => ({
      bandColour: getComputedStyle(document.querySelector('.band')!).backgroundColor,
      images: [...document.images].map((image) => ({ complete: image.complete, width: image.naturalWidth })),
      csp: document.head.firstElementChild?.getAttribute('http-equiv'),
    }));
    expect(state.csp).toBe('Content-Security-Policy');
    expect(state.bandColour).toBe('rgb(11, 12, 12)'); // #0b0c0c: the inline stylesheet applied
    expect(state.images.length).toBeGreaterThanOrEqual(3);
    for (const image of state.images) expect(image.width).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });

  it('lands every table-of-contents link on its article', async () => {
    const { page, context, problems } = await openPack();
    const links = await page.$$eval('nav.toc a', (anchors) =>
      anchors.map((anchor) => ({ href: anchor.getAttribute('href')!, piece: anchor.closest('nav.toc > ol > li')!.querySelector('a')!.getAttribute('href')!.slice(1) })),
    );
    expect(pieceIds.length).toBeGreaterThanOrEqual(7);
    expect(links.filter((link) => link.href === `#${link.piece}`).map((link) => link.piece)).toEqual(pieceIds);
    for (const [index, link] of links.entries()) {
      await page.locator('nav.toc a').nth(index).click();
      const landed = await page.evaluate(() => {
        const target = document.querySelector(':target');
        return {
          hash: decodeURIComponent(location.hash),
          id: target?.id,
          article: target?.closest('article')?.id,
          top: target ? Math.round(target.getBoundingClientRect().top) : NaN,
          // A target near the end of the document may not reach the top of the window.
          atBottom: Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight,
        };
      });
      expect(landed, link.href).toEqual({ hash: link.href, id: link.href.slice(1), article: link.piece, top: expect.any(Number), atBottom: expect.any(Boolean) });
      if (!landed.atBottom) expect(Math.abs(landed.top), `${link.href} scrolled to the top`).toBeLessThanOrEqual(2);
      else expect(landed.top, `${link.href} is in view`).toBeLessThan(900);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('runs no injected script, even when hostile elements are hovered and clicked', async () => {
    const { page, context, problems, requests } = await openPack();
    if (pack.hostile) {
      const article = page.locator('article#attacks');
      for (const text of ['Paragraph with handlers', 'span with handler', 'raw html link', 'plain javascript', 'svg text', 'math text']) {
        // Raw HTML arrives as tokens, so some of these are plain text within a larger element now.
        const element = article.getByText(text).first();
        await element.hover();
        await element.click();
      }
    }
    const dom = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      forbidden: [...document.querySelectorAll('script, iframe, object, embed, form, input, button, base, svg, math, link, body style')].map((element) => element.tagName),
      handlers: [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name)),
      protocols: [...document.querySelectorAll('a[href]')].map((anchor) => new URL((anchor as HTMLAnchorElement).href).protocol),
      metaTags: [...document.querySelectorAll('meta[http-equiv]')].map((meta) => meta.getAttribute('http-equiv')),
    }));
    expect(dom.pwned).toBeUndefined();
    expect(dom.forbidden).toEqual([]);
    expect(dom.handlers).toEqual([]);
    for (const protocol of dom.protocols) expect(['file:', 'http:', 'https:', 'mailto:']).toContain(protocol); // file: = in-document #fragments
    expect(dom.metaTags).toEqual(['Content-Security-Policy']);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });

  it('starts with a skip link that becomes visible on focus and moves to main', async () => {
    const { page, context } = await openPack();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const box = element.getBoundingClientRect();
      return { text: element.textContent, top: box.top, height: box.height, outline: getComputedStyle(element).backgroundColor };
    });
    expect(focused.text).toBe('Skip to main content');
    expect(focused.top).toBeGreaterThanOrEqual(0);
    expect(focused.height).toBeGreaterThan(10);
    expect(focused.outline).toBe('rgb(255, 221, 0)'); // the focus colour
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#hub.main');
    await context.close();
  });

  it('fits a 390px phone screen without sideways scrolling (wide tables scroll in their own region)', async () => {
    const { page, context } = await openPack({ width: 390 });
    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
    }));
    expect(widths.document).toBeLessThanOrEqual(390);
    expect(widths.bodyFont).toBeGreaterThanOrEqual(16);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations (WCAG 2.2 A and AA) in the ${colorScheme} scheme`, async () => {
      // axe must be injected as a script, which the pack's CSP forbids (rightly): this
      // context alone bypasses CSP (Playwright's bypassCSP), the pack's markup is unchanged.
      const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.addScriptTag({ content: axeSource() });
      const result = await page.evaluate(async (tags) => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
        const outcome = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return outcome.violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))}`);
      }, AXE_TAGS);
      expect(result).toEqual([]);
      await context.close();
    }, 60_000);
  }

  it('starts each piece on a new page in print', async () => {
    const { page, context } = await openPack();
    await page.emulateMedia({ media: 'print' });
    const pieces = await page.$$eval('article.piece', (articles) =>
      articles.map((article) => ({
        breakBefore: getComputedStyle(article).breakBefore,
        caption: (article.querySelector('.caption') as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
        title: (article.querySelector('h2') as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
    expect(pieces.map((piece) => piece.breakBefore)).toEqual(pieceIds.map(() => 'page'));
    const pages = await pdfPageTexts(new Uint8Array(await page.pdf({ format: 'A4', printBackground: true })));
    // Each piece owns the top of a page: the page's text starts with its caption, then its title.
    let cursor = 1; // page 1 is the cover
    for (const piece of pieces) {
      const opening = `${piece.caption} ${piece.title.split(' ').slice(0, 3).join(' ')}`;
      // Compared without whitespace: a wrapped line in the PDF may or may not give a space.
      const found = pages.findIndex((text, index) => index >= cursor && text.replace(/\s+/g, '').startsWith(opening.replace(/\s+/g, '')));
      expect(found, `a page starts with "${opening}"`).toBeGreaterThanOrEqual(cursor);
      cursor = found + 1;
    }
    await context.close();
  }, 60_000);

  it('keeps the file self-contained: no external URL in any src, and no <link> or @import', () => {
    const html = readFileSync(pack.file, 'utf8');
    expect(html).not.toMatch(/\ssrc="(?!data:image\/)/);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    // The sample papers are clean: rendering them reports nothing (the attack paper reports plenty).
    if (!pack.hostile) expect(pack.warnings).not.toMatch(/HTML0\d\d/);
  });
});

describe.skipIf(!runInChromium)('the contents of a pack of 1,000 pieces, in Chromium', () => {
  it('keeps every number clear of its title: "1,000." as well as "9."', async () => {
    const { renderHtml } = await import('../../src/render/html/index.js');
    const { collectingOptions, packOf, paper } = await import('../helpers/html-pack.js');
    const papers = Array.from({ length: 1000 }, (_, i) => paper(`piece-${i + 1}`, 'Text.', `title: Piece ${i + 1}\ndate: 2009-05-01`));
    const file = join(mkdtempSync(join(tmpdir(), 'hub-toc-')), 'pack.html');
    writeFileSync(file, renderHtml(packOf(papers), collectingOptions()));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
      await page.goto(pathToFileURL(file).href);
      const gaps = await page.evaluate(() =>
        [0, 8, 9, 98, 99, 998, 999].map((index) => {
          const item = document.querySelectorAll('.toc > ol > li')[index] as HTMLElement;
          const number = getComputedStyle(item, '::before');
          const numberRight = item.getBoundingClientRect().left + parseFloat(number.left) + parseFloat(number.width);
          return Math.round(item.querySelector('a')!.getBoundingClientRect().left - numberRight);
        }),
      );
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(4);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
