// Real headless Chromium (the Debian package) and the Nu Html Checker for the HTML pack tests.
// Neither can be downloaded here, so each test file asks `available` first; without the
// tool the tests skip with a notice, unless HUB_REQUIRE_BROWSER=1 (as in .ci/run) makes
// the missing tool a failure.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const require = createRequire(import.meta.url);

/** True when the browser tests must run: a missing tool is then an error, not a skip. */
export function browserRequired(): boolean {
  return process.env.HUB_REQUIRE_BROWSER === '1';
}

function javaWorks(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const javaAvailable = javaWorks();

/**
 * Whether tests needing `tool` should run. When the tool is missing: prints a visible notice
 * and returns false, or — with HUB_REQUIRE_BROWSER=1 — returns true so the tests run and fail.
 */
export function shouldRun(tool: string, present: boolean): boolean {
  if (present) return true;
  if (browserRequired()) return true;
  console.warn(`\n  NOTICE: ${tool} not found — these tests are SKIPPED. Install it, or set HUB_REQUIRE_BROWSER=1 to make this a failure.\n`);
  return false;
}

/** Record into `problems` what a pack must never cause: console errors and warnings, script errors, dialogs (dismissed). */
export function recordPageProblems(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable) throw new Error(`Chromium is required (HUB_REQUIRE_BROWSER=1) but ${CHROMIUM_PATH} does not exist; install the Debian package "chromium".`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** axe-core's browser bundle, to inject into a page. */
export function axeSource(): string {
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/** One message of the Nu Html Checker's JSON output. */
export interface NuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  message: string;
  extract?: string;
  lastLine?: number;
}

export function vnuJar(): string {
  return join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
}

/** Run the Nu Html Checker on a file and return its messages. */
export function checkWithNu(file: string): NuMessage[] {
  if (!javaAvailable) throw new Error('Java is required (HUB_REQUIRE_BROWSER=1) to run the Nu Html Checker, but `java -version` failed.');
  // vnu writes its JSON report to stderr.
  const result = spawnSync('java', ['-jar', vnuJar(), '--format', 'json', '--exit-zero-always', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`vnu.jar failed: ${result.stderr || result.error?.message}`);
  return (JSON.parse(result.stderr) as { messages: NuMessage[] }).messages;
}

/** The text of each page of a PDF, read with pdfjs-dist. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({ data: pdf, useSystemFonts: false, isEvalSupported: false }).promise;
  const texts: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim());
  }
  await document.destroy();
  return texts;
}
