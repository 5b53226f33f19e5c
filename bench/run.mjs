// `npm run bench`: time hub and the tools people would use instead, on the same generated
// corpus, in the same run, and print the ratios. See bench/RESULTS.md for the method.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_SEED, ensureCorpus } from './corpus.mjs';
import { measureProcess, stopRunning } from './measure.mjs';
import { consoleTable, judgeBudgets, resultsMarkdown, seconds } from './report.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const PROJECT = resolve(BENCH_DIR, '..');
const HUB = join(PROJECT, 'bin', 'hub');
const NODE = process.execPath;
const FLOOR = (name) => join(BENCH_DIR, 'floors', name);
/** Edit → page latency of `hub preview`, in Chromium: its own several edits per run (see the script). */
const PREVIEW_LATENCY = join(BENCH_DIR, 'preview-latency.mjs');
/** Edits timed per preview run (one in --quick). */
let previewEdits = 5;
const TYPST = join(BENCH_DIR, 'typst-pack.mjs');
const RUN_TIMEOUT_MS = 45 * 60 * 1000;
/** Pandoc, Chromium and the pdfkit floor take minutes and gigabytes at 1,000 papers; not beyond. */
const SLOW_REFERENCE_LIMIT = 1000;

const USAGE = `usage: npm run bench -- [options]

  --quick            smoke size: ${'20'} papers, one run each, no warm-up (well under a minute)
  --sizes LIST       corpus sizes, e.g. 100,1000,10000 (default 100,1000,10000; --quick: 20)
  --only LIST        groups or work ids: startup, list, validate, html, pdf, epub, export-one, hub-list,
                     pandoc-html...; typst: the Typst rows, hub's PDF rows and the bundled sample
  --runs N           measured runs for every command (default: by warm-up time, 5/3/1)
  --seed N           corpus seed (default ${DEFAULT_SEED})
  --json-out FILE    where to write the JSON results (default bench/out/results-<date>.json)
  --write-results    also rewrite bench/RESULTS.md from this run (its hand-written notes are kept)
  --results-md FILE  the same, to another file
  --render FILE      time nothing: print (and with --write-results, render) saved JSON results
  --cache DIR        where generated corpora are kept (default bench/out/corpus)
  --keep             keep the outputs (HTML, PDF, EPUB) in bench/out/outputs-<date>/`;

/**
 * Everything timed, in the order run and shown. `versus` names the reference a row is compared with;
 * `perPage` compares time per page. Commands receive a context:
 * { root, files, out, html } — corpus folder, its .md files, this row's output path, hub's HTML pack.
 */
const WORKS = [
  { id: 'node-startup', group: 'startup', label: 'node -e 0', sized: false, command: () => [NODE, ['-e', '0']] },
  { id: 'hub-version', group: 'startup', label: 'hub --version', sized: false, hub: true, versus: 'node-startup', command: () => [NODE, [HUB, '--version']] },
  { id: 'read-split', group: 'list', label: 'node read + split (floor)', command: (c) => [NODE, [FLOOR('read-split.mjs'), c.root]] },
  { id: 'hugo-list', group: 'list', label: 'hugo list all', tool: 'hugo', command: (c) => ['hugo', ['list', 'all', '--source', c.root]] },
  { id: 'hub-list', group: 'list', label: 'hub list', hub: true, versus: 'hugo-list', command: (c) => [NODE, [HUB, 'list', '--dir', c.root]] },
  { id: 'yaml-parse', group: 'validate', label: 'node yaml parse (floor)', command: (c) => [NODE, [FLOOR('yaml-parse.mjs'), c.root]] },
  { id: 'hub-validate', group: 'validate', label: 'hub validate', hub: true, versus: 'yaml-parse', command: (c) => [NODE, [HUB, 'validate', '--dir', c.root]] },
  // Every paper read, checked and indexed afresh: what the first validation of a hub costs (the rows
  // above and below find the index cache filled by their warm-up run, as a user's second run does).
  { id: 'hub-validate-cold', group: 'validate', label: 'hub validate, no cache', hub: true, versus: 'yaml-parse', env: { HUB_NO_CACHE: '1' }, command: (c) => [NODE, [HUB, 'validate', '--dir', c.root]] },
  {
    id: 'pandoc-html',
    group: 'html',
    label: 'pandoc -s --toc',
    tool: 'pandoc',
    slow: true,
    output: 'html',
    command: (c) => ['pandoc', ['-s', '--toc', '--metadata', 'title=Pack', '-o', c.out, ...c.files]],
  },
  { id: 'marked-html', group: 'html', label: 'bare marked render (floor)', output: 'html', command: (c) => [NODE, [FLOOR('marked-render.mjs'), c.root, c.out]] },
  {
    id: 'hub-html',
    group: 'html',
    label: 'hub export --format html',
    hub: true,
    versus: 'pandoc-html',
    output: 'html',
    command: (c) => [NODE, [HUB, 'export', '--dir', c.root, '--include-drafts', '--format', 'html', '--out', c.out]],
  },
  {
    id: 'chromium-pdf',
    group: 'pdf',
    label: 'Chromium prints hub HTML',
    tool: 'chromium',
    slow: true,
    output: 'pdf',
    needsHtml: true,
    command: (c) => [
      'chromium',
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', `--user-data-dir=${c.scratch}`, '--no-pdf-header-footer',
        `--print-to-pdf=${c.out}`, pathToFileURL(c.html).href,
      ],
    ],
  },
  { id: 'pdfkit-pdf', group: 'pdf', label: 'bare pdfkit layout (floor)', slow: true, output: 'pdf', command: (c) => [NODE, [FLOOR('pdfkit-layout.mjs'), c.root, c.out]] },
  // Typst through its npm binding, on our own Markdown → Typst conversion of the same pack (bench/typst-pack.mjs).
  { id: 'typst-pdf', group: 'pdf', sets: ['typst'], label: 'Typst, tagged (PDF/UA-1)', tool: 'typst', slow: true, output: 'pdf', command: (c) => [NODE, [TYPST, c.root, c.out]] },
  { id: 'typst-pdf-untagged', group: 'pdf', sets: ['typst'], label: 'Typst, untagged', tool: 'typst', slow: true, output: 'pdf', command: (c) => [NODE, [TYPST, c.root, c.out, '--untagged']] },
  {
    id: 'hub-pdf',
    group: 'pdf',
    sets: ['typst'],
    label: 'hub export --format pdf',
    hub: true,
    versus: 'chromium-pdf',
    perPage: true,
    output: 'pdf',
    command: (c) => [NODE, [HUB, 'export', '--dir', c.root, '--include-drafts', '--format', 'pdf', '--out', c.out]],
  },
  { id: 'hub-preview-bundled', group: 'preview', label: 'hub preview: edit → page shows it (bundled hub)', sized: false, hub: true, latency: true, tool: 'chromium', command: () => [NODE, [PREVIEW_LATENCY, '--dir', PROJECT, '--edits', String(previewEdits)]] },
  { id: 'hub-preview', group: 'preview', label: 'hub preview: edit → page shows it', hub: true, latency: true, tool: 'chromium', slow: true, command: (c) => [NODE, [PREVIEW_LATENCY, '--dir', c.root, '--edits', String(previewEdits)]] },
  { id: 'hub-epub', group: 'epub', label: 'hub export --format epub', hub: true, output: 'epub', command: (c) => [NODE, [HUB, 'export', '--dir', c.root, '--include-drafts', '--format', 'epub', '--out', c.out]] },
  // The papers bundled with hub (its own publications/), as `hub export --format pdf` gives them by default.
  {
    id: 'hub-pdf-sample',
    group: 'startup',
    sets: ['pdf', 'typst'],
    label: 'hub export --format pdf (bundled sample)',
    sized: false,
    hub: true,
    output: 'pdf',
    command: (c) => [NODE, [HUB, 'export', '--dir', PROJECT, '--format', 'pdf', '--out', c.out]],
  },
  // One paper out of the whole hub: the cost of what export reads and checks beyond the paper it exports.
  {
    id: 'hub-export-one',
    group: 'export-one',
    label: 'hub export one-slug (html)',
    hub: true,
    output: 'html',
    command: (c) => [NODE, [HUB, 'export', '--dir', c.root, '--include-drafts', '--out', c.out, c.firstSlug]],
  },
];

function parseOptions(argv) {
  const options = { quick: false, sizes: undefined, only: undefined, runs: undefined, seed: DEFAULT_SEED, jsonOut: undefined, resultsMd: undefined, render: undefined, cache: undefined, keep: false };
  const list = (value, flag) => {
    if (!value || value.startsWith('--')) fail(`${flag} needs a value`);
    return value.split(',').map((item) => item.trim()).filter(Boolean);
  };
  const integer = (value, flag, min) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) fail(`${flag} must be an integer ≥ ${min}, not ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--quick': options.quick = true; continue;
      case '--write-results': options.resultsMd = join(BENCH_DIR, 'RESULTS.md'); continue;
      case '--keep': options.keep = true; continue;
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      case '--sizes': options.sizes = list(value, flag).map((size) => integer(size, flag, 1)); break;
      case '--only': options.only = list(value, flag); break;
      case '--runs': options.runs = integer(value, flag, 1); break;
      case '--seed': options.seed = integer(value, flag, 0); break;
      case '--json-out': options.jsonOut = resolve(value); break;
      case '--cache': options.cache = resolve(value); break;
      case '--results-md': options.resultsMd = resolve(value); break;
      case '--render': options.render = resolve(value); break;
      default: fail(`unknown option ${flag}`);
    }
    i++;
  }
  options.sizes ??= options.quick ? [20] : [100, 1000, 10000];
  if (options.only) {
    const known = new Set(WORKS.flatMap((work) => [work.id, work.group, ...(work.sets ?? [])]));
    for (const name of options.only) if (!known.has(name)) fail(`--only: unknown work ${name}; one of ${[...known].join(', ')}`);
  }
  return options;
}

function fail(message) {
  console.error(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** First line of `command args`' output, or undefined when it is not installed. */
function versionOf(command, args = ['--version']) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30000 });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.trim().split('\n')[0];
}

function describeMachine() {
  let distribution = '';
  try {
    distribution = /^PRETTY_NAME="?(.*?)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    // Not Linux, or no os-release: the kernel name will do.
  }
  const hugo = versionOf('hugo', ['version']);
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${distribution || os.type()} (${os.type()} ${os.release()} ${os.arch()})`,
    node: process.version,
    tools: {
      hub: existsSync(HUB) ? versionOf(NODE, [HUB, '--version']) : undefined,
      hugo: hugo && /v[\d.]+\S*/.exec(hugo)?.[0],
      pandoc: versionOf('pandoc')?.replace(/^pandoc\s+/, ''),
      chromium: versionOf('chromium')?.replace(/^Chromium\s+/, ''),
      pdfinfo: versionOf('pdfinfo', ['-v'])?.replace(/^pdfinfo version\s+/, ''),
      // Undefined (and the Typst rows skipped) where the native binding cannot load.
      typst: versionOf(NODE, [TYPST, '--version']),
    },
  };
}

function pdfPages(path) {
  const result = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = /^Pages:\s+(\d+)/m.exec(result.stdout ?? '');
  return pages ? Number(pages[1]) : undefined;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Short, single-line excerpt of a failed command's stderr. */
function excerpt(path) {
  const text = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
  const line = text.split('\n').find((l) => /error/i.test(l)) ?? text.split('\n')[0] ?? '';
  return line.replace(/\s+/g, ' ').slice(0, 160);
}

/** Median CPU seconds (user + system) of the runs, where GNU time reported them. */
function cpuOf(measured) {
  const cpu = measured.map((m) => m.cpuMs).filter((ms) => ms !== undefined);
  return cpu.length === measured.length ? { cpuMedianMs: median(cpu) } : {};
}

/** Measured runs for a command whose warm-up took `warmupMs`; 0: count the warm-up as the one run. */
function runsAfterWarmup(warmupMs) {
  if (warmupMs < 2000) return 5;
  if (warmupMs < 20000) return 3;
  if (warmupMs < 60000) return 1;
  return 0;
}

function commandLine(command, args) {
  const shown = args.length > 12 ? [...args.slice(0, 12), `… (${args.length - 12} more)`] : args;
  return [command, ...shown].map((part) => part.replace(PROJECT + '/', '')).join(' ');
}

/** One row in the making: a command at one size, its runs so far, or why it failed. */
class Trial {
  constructor(work, papers, context, scratch) {
    this.work = work;
    this.papers = papers;
    this.context = context;
    [this.command, this.args] = work.command(context);
    this.logs = { stdoutPath: join(scratch, `${work.id}.out`), stderrPath: join(scratch, `${work.id}.err`) };
    this.measured = [];
    this.planned = 0;
    this.warmup = false;
    this.failure = undefined;
  }

  /** Run once; a failed run ends the trial. */
  async once() {
    const { out, scratch } = this.context;
    if (out) rmSync(out, { force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    try {
      const env = this.work.env ? { ...process.env, ...this.work.env } : undefined;
      const run = await measureProcess(this.command, this.args, { cwd: PROJECT, timeoutMs: RUN_TIMEOUT_MS, env, ...this.logs });
      if (run.exitCode === 0) return run;
      const why = run.timedOut ? 'timed out' : run.signal ? `killed by ${run.signal}` : `exit ${run.exitCode}`;
      this.failure = { exitCode: run.exitCode ?? null, error: `${why}: ${excerpt(this.logs.stderrPath) || excerpt(this.logs.stdoutPath)}` };
    } catch (error) {
      this.failure = { exitCode: null, error: error.message };
    }
    return undefined;
  }

  get pending() {
    return !this.failure && this.measured.length < this.planned;
  }

  row() {
    const command = commandLine(this.command, this.args);
    if (this.failure) return { command, ...this.failure };
    // A latency row times what its script reports (edit → page), not the script's whole run.
    const times = this.work.latency ? JSON.parse(readFileSync(this.logs.stdoutPath, 'utf8').trim().split('\n').at(-1)).timesMs : this.measured.map((m) => m.wallMs);
    const row = {
      command,
      exitCode: 0,
      runs: times.length,
      warmup: this.warmup,
      timesMs: times.map((t) => Math.round(t * 10) / 10),
      medianMs: median(times),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      peakRssBytes: Math.max(...this.measured.map((m) => m.peakRssBytes)),
      ...cpuOf(this.measured),
      processes: Math.max(...this.measured.map((m) => m.processes)),
    };
    const pss = this.measured.map((m) => m.peakPssBytes).filter(Boolean);
    if (pss.length) row.peakPssBytes = Math.max(...pss);
    if (this.work.hub) row.summary = readFileSync(this.logs.stdoutPath, 'utf8').trim().split('\n').at(-1)?.slice(0, 200) ?? '';
    const { out } = this.context;
    if (this.work.output === 'pdf') {
      row.pages = pdfPages(out);
      if (row.pages) row.pagesPerSecond = row.pages / (row.medianMs / 1000);
      if (this.papers) row.papersPerSecond = this.papers / (row.medianMs / 1000);
    }
    if (this.work.output) row.outputBytes = existsSync(out) ? statSync(out).size : 0;
    return row;
  }
}

/**
 * Time a group of commands at one size: a warm-up of each first, then their measured runs
 * interleaved round-robin, so that a command and its reference share the machine's load
 * of the moment, and the ratio between them stays honest on a busy machine.
 */
async function timeGroup(trials, options) {
  for (const trial of trials) {
    if (options.quick || trial.work.latency) {
      trial.planned = trial.work.latency ? 1 : options.runs ?? 1;
      continue;
    }
    const first = await trial.once();
    if (!first) continue;
    const planned = options.runs ?? runsAfterWarmup(first.wallMs);
    if (planned === 0) {
      // Minutes per run: the warm-up is the one measurement there is time for.
      trial.measured.push(first);
      trial.planned = 1;
    } else {
      trial.warmup = true;
      trial.planned = planned;
    }
  }
  while (trials.some((trial) => trial.pending)) {
    for (const trial of trials.filter((t) => t.pending)) {
      const run = await trial.once();
      if (run) trial.measured.push(run);
    }
  }
}

/** Rewrite a results page from `results`, keeping its hand-written notes. */
function writeResultsPage(results, page) {
  writeFileSync(page, resultsMarkdown(results, existsSync(page) ? readFileSync(page, 'utf8') : ''));
  process.stderr.write(`bench: ${page.replace(PROJECT + '/', '')} rewritten\n`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.quick) previewEdits = 1;
  if (options.render) {
    // No timing: the page again from saved results (after editing its notes, say).
    const results = JSON.parse(readFileSync(options.render, 'utf8'));
    results.budgets = judgeBudgets(results.rows);
    console.log(consoleTable(results));
    if (options.resultsMd) writeResultsPage(results, options.resultsMd);
    return;
  }
  const selected = WORKS.filter((work) => !options.only || [work.id, work.group, ...(work.sets ?? [])].some((name) => options.only.includes(name)));
  const date = new Date().toISOString();
  const stamp = date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const outDir = join(BENCH_DIR, 'out');
  mkdirSync(outDir, { recursive: true });
  const scratch = mkdtempSync(join(os.tmpdir(), 'hub-bench-'));
  const outputs = options.keep ? join(outDir, `outputs-${stamp}`) : join(scratch, 'outputs');
  mkdirSync(outputs, { recursive: true });
  const machine = describeMachine();
  const log = (line) => process.stderr.write(`${line}\n`);
  log(`bench: ${machine.cpu}, ${machine.cores} cores, Node ${process.version}; sizes ${options.sizes.join(', ')}${options.quick ? ' (quick)' : ''}`);
  if (!existsSync(HUB)) log('bench: bin/hub not found; hub rows will fail (build the project first: npm run build)');

  const rows = [];
  const corpus = [];
  const results = {
    schema: 1,
    date,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    complete: false,
    machine,
    options: { quick: options.quick, sizes: options.sizes, only: options.only ?? null, runs: options.runs ?? null, seed: options.seed },
    corpus,
    rows,
    budgets: [],
  };
  const jsonOut = options.jsonOut ?? join(outDir, `results-${stamp}.json`);
  mkdirSync(dirname(jsonOut), { recursive: true });
  /** Written after every group: an interrupted run of hours keeps what it measured. */
  const save = (complete) => {
    results.complete = complete;
    results.budgets = judgeBudgets(rows);
    writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
  };
  const record = (work, papers, fields) => {
    const row = { id: work.id, group: work.group, label: work.label, kind: work.hub ? 'hub' : 'reference', papers, versus: work.versus, perPage: Boolean(work.perPage), ...fields };
    rows.push(row);
    const where = papers === null ? '' : `[${papers}] `;
    if (row.skipped) log(`  ${where}${work.label}: skipped, ${row.skipped}`);
    else if (row.error) log(`  ${where}${work.label}: FAILED, ${row.error}`);
    else log(`  ${where}${work.label}: ${seconds(row.medianMs)} median of ${row.runs}${row.pages ? `, ${row.pages} pages` : ''}`);
  };

  /** Time each group of `works` in turn; `contextFor(work)` gives a work's context, or a reason to skip it. */
  const runGroups = async (works, papers, contextFor) => {
    for (const group of [...new Set(works.map((work) => work.group))]) {
      const trials = [];
      const order = [];
      for (const work of works.filter((w) => w.group === group)) {
        const context = contextFor(work);
        if (typeof context === 'string') order.push({ work, skipped: context });
        else {
          const trial = new Trial(work, papers, context, scratch);
          trials.push(trial);
          order.push({ work, trial });
        }
      }
      await timeGroup(trials, options);
      for (const { work, skipped, trial } of order) record(work, papers, skipped ? { skipped } : trial.row());
      save(false);
    }
  };

  await runGroups(selected.filter((work) => work.sized === false), null, (work) => (work.tool && !machine.tools[work.tool] ? `${work.tool} not installed` : { out: work.output ? join(outputs, `${work.id}.${work.output}`) : undefined }));

  for (const papers of options.sizes) {
    const sized = selected.filter((work) => work.sized !== false);
    if (!sized.length) break;
    log(`bench: corpus of ${papers} papers…`);
    const generated = ensureCorpus({ papers, seed: options.seed, ...(options.cache ? { cacheDir: options.cache } : {}) });
    corpus.push(generated.stats);
    const publications = join(generated.dir, 'publications');
    const files = readdirSync(publications).filter((name) => name.endsWith('.md')).sort().map((name) => join(publications, name));
    const html = join(outputs, `hub-${papers}.html`);
    await runGroups(sized, papers, (work) => {
      if (work.tool && !machine.tools[work.tool]) return work.tool === 'typst' ? 'the Typst npm binding does not load on this machine' : `${work.tool} not installed`;
      if (work.slow && papers > SLOW_REFERENCE_LIMIT) return `too slow beyond ${SLOW_REFERENCE_LIMIT.toLocaleString('en-GB')} papers`;
      if (work.needsHtml && !existsSync(html)) {
        // Chromium prints hub's own pack: make it, untimed, when the html group did not.
        const [command, args] = WORKS.find((w) => w.id === 'hub-html').command({ root: generated.dir, out: html });
        if (spawnSync(command, args, { cwd: PROJECT }).status !== 0) return 'no hub HTML pack to print';
      }
      return {
        root: generated.dir,
        files,
        out: work.output ? (work.id === 'hub-html' ? html : join(outputs, `${work.id}-${papers}.${work.output}`)) : undefined,
        html,
        firstSlug: files[0].slice(publications.length + 1, -'.md'.length),
        scratch: work.id === 'chromium-pdf' ? join(scratch, 'chromium-profile') : undefined,
      };
    });
  }

  save(true);
  console.log(consoleTable(results));
  log(`\nbench: results in ${jsonOut.replace(PROJECT + '/', '')}`);
  if (options.resultsMd) writeResultsPage(results, options.resultsMd);
  rmSync(scratch, { recursive: true, force: true });
  if (options.keep) log(`bench: outputs kept in ${outputs.replace(PROJECT + '/', '')}`);
  // A failed hub command is a failed benchmark; skipped references are not.
  process.exitCode = rows.some((row) => row.kind === 'hub' && row.error) ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopRunning();
    process.exit(130);
  });
}

await main();
