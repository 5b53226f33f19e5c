// "One edited paper → page showing the change", as an author lives it: `hub preview` on a
// copy of a hub, the page open in headless Chromium, a paper's title saved as editors save
// (temporary file + rename), and the time until the page has painted the new title.
//
// CLI: node bench/preview-latency.mjs --dir HUB [--edits 5]
// Prints JSON: { timesMs: [...], rebuildMs: [...], startMs, openMs, papers }.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HUB = join(PROJECT, 'bin', 'hub');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
}

/** Lines of a child's stdout, and a way to wait for one. */
function lineReader(stream) {
  const lines = [];
  const waiters = [];
  let partial = '';
  stream.setEncoding('utf8').on('data', (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (!waiter.pattern.test(line)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const wait = (pattern, from = 0) => {
    const seen = lines.slice(from).find((line) => pattern.test(line));
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ pattern, resolve }));
  };
  return { lines, wait };
}

async function main() {
  const source = resolve(option('--dir', PROJECT));
  const edits = Number(option('--edits', '5'));
  // Edits go to a copy: a cached corpus and the bundled hub stay as they are.
  const root = mkdtempSync(join(os.tmpdir(), 'hub-preview-bench-'));
  cpSync(join(source, 'publications'), join(root, 'publications'), { recursive: true });
  if (existsSync(join(source, 'hub.config.yaml'))) cpSync(join(source, 'hub.config.yaml'), join(root, 'hub.config.yaml'));
  const papers = readdirSync(join(root, 'publications')).filter((name) => name.endsWith('.md')).sort();

  const started = performance.now();
  const child = spawn(process.execPath, [HUB, 'preview', '--dir', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  const out = lineReader(child.stdout);
  const url = /http:\/\/\S+/.exec(await out.wait(/http:\/\//))[0];
  await out.wait(/^Built /);
  const startMs = performance.now() - started;

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const opening = performance.now();
    await page.goto(url, { waitUntil: 'load', timeout: 600_000 });
    const openMs = performance.now() - opening;
    // The reader sits in the middle of the pack, in the paper being edited.
    const ids = await page.evaluate(() => [...document.querySelectorAll('article.piece')].map((article) => article.id));
    const id = ids[Math.floor(ids.length / 2)];
    const file = join(root, 'publications', `${id}.md`);
    if (!papers.includes(`${id}.md`)) throw new Error(`no file for piece ${id}`);
    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), id);
    const original = readFileSync(file, 'utf8');
    const timesMs = [];
    const rebuildMs = [];
    // One unmeasured edit first: the first patch also warms the page's script.
    for (let edit = 0; edit <= edits; edit++) {
      const title = `Edited title ${edit}`;
      const temporary = join(dirname(file), `.${id}.md.tmp`);
      const from = out.lines.length;
      const saved = performance.now();
      writeFileSync(temporary, original.replace(/^title: .*$/m, `title: ${title}`));
      renameSync(temporary, file);
      await page.waitForFunction(([id, title]) => document.getElementById(`${id}.title`)?.textContent === title, [id, title], { polling: 'raf', timeout: 120_000 });
      const shown = performance.now() - saved;
      const line = await out.wait(/^Rebuilt /, from);
      if (edit > 0) {
        timesMs.push(Math.round(shown * 10) / 10);
        rebuildMs.push(Number(/ in (\d+) ms/.exec(line)?.[1]));
      }
    }
    process.stdout.write(`${JSON.stringify({ papers: papers.length, startMs: Math.round(startMs), openMs: Math.round(openMs), timesMs, rebuildMs })}\n`);
  } finally {
    await browser.close();
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
