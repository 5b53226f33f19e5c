/// <reference lib="dom" />
// The EPUB pack checked by EPUBCheck (0 errors, 0 warnings) and each of its content documents
// opened in real headless Chromium as XHTML: axe-core (WCAG 2.2 A and AA) finds nothing, no
// document is malformed, nothing is fetched, and nothing hostile runs.
// Skipped with a notice when EPUBCheck or Chromium is missing, unless HUB_REQUIRE_BROWSER=1.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSource, chromiumAvailable, launchChromium, recordPageProblems, shouldRun } from '../helpers/browser.js';
import { epubcheck, epubcheckAvailable, renderEpub, unpack } from '../helpers/epub.js';
import { collectingOptions, packOf, paperFile } from '../helpers/html-pack.js';
import { readZip } from '../helpers/zip-reader.js';

const ROOT = resolve(import.meta.dirname, '../..');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface EpubPack {
  file: string;
  /** Holds test/fixtures/html/attacks.md. */
  hostile: boolean;
  warnings: string;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'hub-epub-'));
}

/** The bundled hub's pack, through the real CLI. */
function exportSampleEpub(): EpubPack {
  const file = join(scratch(), 'pack.epub');
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/hub'), 'export', '--format', 'epub', '--include-drafts', '--out', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`hub export failed (is dist/ built? \`npm test\` builds it): ${result.stderr}${result.error?.message ?? ''}`);
  return { file, hostile: false, warnings: result.stderr };
}

/** The sample papers with the HTML renderer's showcase and attack papers. */
async function writeFixtureEpub(): Promise<EpubPack> {
  const publications = join(ROOT, 'publications');
  const papers = readdirSync(publications).filter((name) => name.endsWith('.md')).sort().map((name) => paperFile(join(publications, name)));
  const fixtures = ['showcase.md', 'attacks.md'].map((name) => paperFile(join(ROOT, 'test/fixtures/html', name)));
  const options = collectingOptions();
  const file = join(scratch(), 'fixture.epub');
  writeFileSync(file, await renderEpub(packOf([...papers, ...fixtures], { title: 'Finding, testing and spreading better ways of working', introduction: 'Start with [the strategy](the-hub-strategy.md).' }), options));
  return { file, hostile: true, warnings: options.diagnostics.map((diagnostic) => diagnostic.code).join(' ') };
}

const PACKS = [
  { name: 'the sample pack exported by `hub export --format epub`', make: async () => exportSampleEpub() },
  { name: 'the fixture pack with the showcase and attack papers', make: writeFixtureEpub },
];

describe.skipIf(!shouldRun('EPUBCheck (Debian package epubcheck)', epubcheckAvailable)).each(PACKS)('EPUBCheck: $name', ({ make }) => {
  it('reports no error and no warning', async () => {
    const pack = await make();
    const report = epubcheck(pack.file);
    expect(report.messages).toEqual([]);
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: 0, warnings: 0 });
    // The sample papers are clean: rendering them reports nothing.
    if (!pack.hostile) expect(pack.warnings).toBe('');
  }, 120_000);
});

describe.skipIf(!shouldRun('Chromium (/usr/bin/chromium)', chromiumAvailable)).each(PACKS)('EPUB content documents in Chromium: $name', ({ make }) => {
  let browser: Browser;
  let pack: EpubPack;
  /** Content documents in reading order, unpacked to disk. */
  let documents: string[];

  beforeAll(async () => {
    pack = await make();
    const archive = readZip(readFileSync(pack.file));
    const folder = scratch();
    unpack(archive, folder);
    const opf = archive.text('EPUB/package.opf');
    const ids = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((match) => [match[1]!, match[2]!]));
    documents = [...opf.matchAll(/<itemref idref="([^"]+)"\/>/g)].map((match) => join(folder, 'EPUB', ids.get(match[1]!)!));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('opens every document as well-formed XHTML, with its images, fetching nothing and running nothing', async () => {
    expect(documents.length).toBeGreaterThanOrEqual(pack.hostile ? 12 : 10);
    for (const document of documents) {
      const context = await browser.newContext();
      const url = pathToFileURL(document).href;
      const folder = url.slice(0, url.lastIndexOf('/') + 1);
      const outside: string[] = [];
      await context.route('**/*', async (route) => {
        const requested = route.request().url();
        if (requested.startsWith(folder)) return route.continue();
        outside.push(requested);
        return route.abort();
      });
      const page = await context.newPage();
      const problems: string[] = [];
      recordPageProblems(page, problems);
      await page.goto(url, { waitUntil: 'load' });
      if (pack.hostile && document.endsWith('/attacks.xhtml')) {
        for (const text of ['Paragraph with handlers', 'span with handler', 'raw html link', 'plain javascript', 'svg text', 'math text']) {
          // Raw HTML arrives as tokens, so some of these are plain text within a larger element now.
          const element = page.getByText(text).first();
          await element.hover();
          await element.click();
        }
      }
      const state = await page.evaluate(() => ({
        xhtml: document.contentType,
        malformed: document.getElementsByTagName('parsererror').length,
        h1: document.querySelectorAll('h1').length,
        images: [...document.images].map((image) => ({ src: image.getAttribute('src'), width: image.naturalWidth })),
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        forbidden: [...document.querySelectorAll('script, iframe, object, embed, form, input, button, base, svg, math, link:not([rel="stylesheet"]), body style')].map((element) => element.tagName),
        handlers: [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name)),
      }));
      expect(state, document).toMatchObject({ xhtml: 'application/xhtml+xml', malformed: 0, pwned: undefined, forbidden: [], handlers: [] });
      for (const image of state.images) expect(image.width, image.src ?? '').toBeGreaterThan(0);
      if (/\/(?!hub\.)[^/]+\.xhtml$/.test(document)) expect(state.h1, `${document} has one h1`).toBe(1);
      expect(problems, document).toEqual([]);
      expect(outside, document).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('has no axe-core violations (WCAG 2.2 A and AA) in any document', async () => {
    const violations: string[] = [];
    for (const document of documents) {
      const context = await browser.newContext({ viewport: { width: 800, height: 1000 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(document).href);
      await page.addScriptTag({ content: axeSource() });
      const found = await page.evaluate(async (tags) => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
        const outcome = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return outcome.violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))}`);
      }, AXE_TAGS);
      violations.push(...found.map((violation) => `${document.slice(document.lastIndexOf('/') + 1)} ${violation}`));
      await context.close();
    }
    expect(violations).toEqual([]);
  }, 180_000);
});
