// Turning measured rows into the budget verdicts, the console table and bench/RESULTS.md.

/** The issue's budgets, each a ratio or a rate measured in one run. Never loosen these. */
export const BUDGETS = [
  {
    id: 'version-startup',
    text: '`hub --version` within 1.3× of `node -e 0`',
    sizes: [null],
    measure: (at) => ratio(at('hub-version'), at('node-startup')),
    show: (value) => `${value.toFixed(3)}× node -e 0`,
    pass: (value) => value <= 1.3,
  },
  {
    id: 'list-vs-hugo',
    text: '`hub list` at most half the time of `hugo list all`',
    sizes: [1000, 10000],
    measure: (at) => ratio(at('hub-list'), at('hugo-list')),
    show: (value) => `${value.toFixed(3)}× hugo`,
    pass: (value) => value <= 0.5,
  },
  fasterThanPandoc('html-vs-pandoc', 20),
  {
    // "Memory that does not balloon with pack size", read as: from the smallest to the largest
    // size measured (at least 10× the papers), peak RSS at most doubles.
    id: 'html-memory',
    text: 'HTML pack memory does not balloon: peak RSS at most 2× that at the smallest size, with ≥ 10× the papers',
    sizes: ['largest'],
    measure: (at, rows) => {
      const measured = rows.filter((row) => row.id === 'hub-html' && row.peakRssBytes && row.exitCode === 0);
      const small = measured.at(0);
      const large = measured.at(-1);
      if (!small || !large || large.papers < small.papers * 10) return undefined;
      return large.peakRssBytes / small.peakRssBytes;
    },
    show: (value, rows) => {
      const measured = rows.filter((row) => row.id === 'hub-html' && row.peakRssBytes);
      return `${fixed(value)}× (${megabytes(measured.at(0).peakRssBytes)} → ${megabytes(measured.at(-1).peakRssBytes)})`;
    },
    pass: (value) => value <= 2,
  },
  {
    id: 'pdf-rate',
    text: 'PDF pack at least 150 pages per second, every feature on',
    sizes: [1000],
    measure: (at) => at('hub-pdf')?.pagesPerSecond,
    show: (value) => `${Math.round(value)} pages/s`,
    pass: (value) => value >= 150,
  },
  {
    id: 'pdf-vs-chromium',
    text: 'PDF pack over 15× headless Chromium per page',
    sizes: [1000],
    measure: (at) => {
      const hub = at('hub-pdf')?.pagesPerSecond;
      const chromium = at('chromium-pdf')?.pagesPerSecond;
      return hub && chromium ? hub / chromium : undefined;
    },
    show: (value) => `${fixed(value)}× Chromium`,
    pass: (value) => value > 15,
  },
  {
    id: 'pdf-memory',
    text: 'PDF pack peak RSS under 300 MB',
    sizes: [1000, 10000],
    measure: (at) => at('hub-pdf')?.peakRssBytes,
    show: (value) => megabytes(value),
    pass: (value) => value < 300 * 1024 * 1024,
  },
  {
    id: 'preview-latency',
    text: '`hub preview`: one edited paper → page showing the change in under 1 s',
    sizes: [1000],
    measure: (at) => at('hub-preview')?.medianMs,
    show: (value) => `${Math.round(value)} ms`,
    pass: (value) => value < 1000,
  },
  {
    id: 'preview-latency-bundled',
    text: '`hub preview` on the bundled hub: one edited paper → page showing the change in under 300 ms',
    sizes: [null],
    measure: (at) => at('hub-preview-bundled')?.medianMs,
    show: (value) => `${Math.round(value)} ms`,
    pass: (value) => value < 300,
  },
  // Issue 16: PDF at twice Typst's speed, in papers per second (page counts differ), in little memory.
  {
    id: 'pdf-vs-typst',
    text: 'PDF pack at least 2× the papers per second of Typst (tagged, PDF/UA-1)',
    sizes: [100, 1000],
    measure: (at) => ratio(at('typst-pdf'), at('hub-pdf')),
    show: (value) => `${fixed(value)}× Typst`,
    pass: (value) => value >= 2,
  },
  peakUnder('pdf-memory-250', 'PDF pack', 'hub-pdf', 250, [100, 1000]),
  secondsAtMost('pdf-sample', 'PDF of the bundled sample', 'hub-pdf-sample', 0.5, [null], ', whole process'),
  // Issue 9: memory bounded by the largest paper; export and validate read only what they need.
  peakUnder('pdf-memory-400', 'PDF pack', 'hub-pdf', 400, [10000]),
  peakUnder('html-memory-300', 'HTML pack', 'hub-html', 300, [10000]),
  fasterThanPandoc('html-vs-pandoc-25', 25),
  secondsAtMost('validate-time', '`hub validate`', 'hub-validate', 8, [10000]),
  peakUnder('validate-memory', '`hub validate`', 'hub-validate', 400, [10000]),
  secondsAtMost('export-one', '`hub export one-slug`', 'hub-export-one', 0.6, [1000]),
  {
    id: 'pdf-rate-154',
    text: 'PDF pack pages per second not lower than before issue 9 (154)',
    sizes: [1000],
    measure: (at) => at('hub-pdf')?.pagesPerSecond,
    show: (value) => `${Math.round(value)} pages/s`,
    pass: (value) => value >= 154,
  },
];

/** A budget on the HTML pack's speed against pandoc's, at 1,000 papers. */
function fasterThanPandoc(id, times) {
  return {
    id,
    text: `HTML pack at least ${times}× faster than \`pandoc -s --toc\``,
    sizes: [1000],
    measure: (at) => ratio(at('pandoc-html'), at('hub-html')),
    show: (value) => `${fixed(value)}× faster`,
    pass: (value) => value >= times,
  };
}

/** A budget on a row's peak RSS. */
function peakUnder(id, what, row, mb, sizes) {
  return { id, text: `${what} peak RSS under ${mb} MB`, sizes, measure: (at) => at(row)?.peakRssBytes, show: megabytes, pass: (value) => value < mb * 1024 ** 2 };
}

/** A budget on a row's median wall time. */
function secondsAtMost(id, what, row, limit, sizes, how = '') {
  return { id, text: `${what} in at most ${limit} s${how}`, sizes, measure: (at) => at(row)?.medianMs, show: seconds, pass: (value) => value <= limit * 1000 };
}

function ratio(row, reference) {
  return row?.medianMs && reference?.medianMs ? row.medianMs / reference.medianMs : undefined;
}

/** Verdict on each budget at each of its sizes: pass, fail, or not measured in this run. */
export function judgeBudgets(rows) {
  const sizes = [...new Set(rows.filter((row) => row.papers !== null).map((row) => row.papers))].sort((a, b) => a - b);
  const verdicts = [];
  for (const budget of BUDGETS) {
    for (const wanted of budget.sizes) {
      const papers = wanted === 'largest' ? (sizes.at(-1) ?? null) : wanted;
      const at = (id) => rows.find((row) => row.id === id && (row.papers === papers || row.papers === null) && row.exitCode === 0);
      const value = budget.measure(at, rows);
      verdicts.push({
        budget: budget.id,
        text: budget.text,
        papers,
        value: value ?? null,
        shown: value === undefined ? 'not measured' : budget.show(value, rows),
        pass: value === undefined ? null : budget.pass(value),
      });
    }
  }
  return verdicts;
}

// ---------------------------------------------------------------------------
// Formatting

export function fixed(value) {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function seconds(ms) {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

/** `0.41–0.47 s`: one unit for both ends, at the precision of the larger. */
function range(minMs, maxMs) {
  const digits = maxMs >= 10000 ? 1 : 2;
  return `${(minMs / 1000).toFixed(digits)}–${(maxMs / 1000).toFixed(digits)} s`;
}

export function megabytes(bytes) {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

const number = (value) => value.toLocaleString('en-GB');

/** One row's cells, shared by the console and Markdown tables. */
function cells(row, rows) {
  const papers = row.papers === null ? '—' : number(row.papers);
  if (row.skipped) return [papers, row.label, '', `skipped: ${row.skipped}`, '', '', '', '', '', '', '', ''];
  if (row.error) return [papers, row.label, String(row.runs ?? ''), `failed: ${row.error}`, '', '', '', '', '', '', '', ''];
  const reference = row.versus && rows.find((other) => other.id === row.versus && (other.papers === row.papers || other.papers === null));
  let against = '';
  let shown = '';
  if (reference && !reference.skipped && !reference.error) {
    against = reference.label;
    const value = row.perPage
      ? reference.pagesPerSecond && row.pagesPerSecond ? reference.pagesPerSecond / row.pagesPerSecond : undefined
      : row.medianMs / reference.medianMs;
    shown = value === undefined ? '' : `${fixed(value)}×${row.perPage ? ' per page' : ''}`;
  }
  return [
    papers,
    row.label,
    `${row.runs}${row.warmup ? '+1' : ''}`,
    seconds(row.medianMs),
    range(row.minMs, row.maxMs),
    row.cpuMedianMs === undefined ? '' : seconds(row.cpuMedianMs),
    row.peakRssBytes ? `${megabytes(row.peakRssBytes)}${row.peakPssBytes ? ` (PSS ${megabytes(row.peakPssBytes)})` : ''}` : '',
    row.pages ? number(row.pages) : '',
    row.pagesPerSecond ? fixed(row.pagesPerSecond) : '',
    row.papersPerSecond ? fixed(row.papersPerSecond) : '',
    against,
    shown,
  ];
}

const HEADER = ['papers', 'work', 'runs', 'median', 'min–max', 'CPU', 'peak RSS', 'pages', 'pages/s', 'papers/s', 'vs', 'ratio'];
const RIGHT = new Set([0, 2, 3, 5, 6, 7, 8, 9, 11]);

export function consoleTable(results) {
  const body = results.rows.map((row) => cells(row, results.rows));
  const widths = HEADER.map((head, i) => Math.max(head.length, ...body.map((line) => (line[3].startsWith('skipped') || line[3].startsWith('failed')) && i === 3 ? 0 : line[i].length)));
  const format = (line) =>
    line
      .map((cell, i) => (i === 3 && (cell.startsWith('skipped') || cell.startsWith('failed')) ? cell : RIGHT.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = [format(HEADER), widths.map((width) => '─'.repeat(width)).join('  ')];
  let previous;
  for (const [index, line] of body.entries()) {
    const papers = results.rows[index].papers;
    if (previous !== undefined && papers !== previous) lines.push('');
    previous = papers;
    lines.push(format(line));
  }
  lines.push('', 'runs: measured runs (+1: after one warm-up). ratio: time ÷ the reference\'s time (PDF: per page).', '', 'Budgets:');
  for (const verdict of results.budgets) {
    const mark = verdict.pass === null ? '  ·  ' : verdict.pass ? ' PASS' : ' MISS';
    const where = verdict.papers === null ? '' : ` at ${number(verdict.papers)} papers`;
    lines.push(`${mark}  ${verdict.text.replaceAll('`', '')}${where}: ${verdict.shown}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// bench/RESULTS.md

const NOTES_START = '<!-- notes:start (kept when the results are rewritten) -->';
const NOTES_END = '<!-- notes:end -->';

export function describeMachine(machine) {
  return `${machine.cpu} (${machine.cores} cores), ${machine.memoryGB} GB memory, ${machine.os}, Node ${machine.node}`;
}

/** The Markdown results page; `previous` is the old page, whose hand-written notes are kept. */
export function resultsMarkdown(results, previous = '') {
  const start = previous.indexOf(NOTES_START);
  const end = previous.indexOf(NOTES_END);
  const notes =
    start >= 0 && end > start
      ? previous.slice(start + NOTES_START.length, end).trim()
      : '_Why each missed budget was missed, and what would close it. Hand-written; kept when the results are rewritten._';
  const table = [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (RIGHT.has(i) ? '---:' : ':---')).join('|')}|`,
    ...results.rows.map((row) => `| ${cells(row, results.rows).map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`),
  ];
  const budgets = [
    '| budget | papers | measured | verdict |',
    '|:---|---:|:---|:---|',
    ...results.budgets.map(
      (verdict) =>
        `| ${verdict.text} | ${verdict.papers === null ? '—' : number(verdict.papers)} | ${verdict.shown} | ${verdict.pass === null ? 'not measured' : verdict.pass ? 'pass' : '**missed**'} |`,
    ),
  ];
  const corpus = results.corpus.map(
    (c) =>
      `${number(c.papers)} papers: ${(c.bytes / 1024 ** 2).toFixed(1)} MB, words per paper median ${number(c.words.median)} (${number(c.words.min)}–${number(c.words.max)}), ${number(c.papersWithTables)} with tables, ${number(c.papersWithFigures)} with figures`,
  );
  const m = results.machine;
  return `# Benchmark results

The latest full run of \`npm run bench\` on this project's machines. Rewrite it with
\`npm run bench -- --write-results\`; the JSON of every run is in \`bench/out/\`.

- **Date:** ${results.date}
- **Command:** \`${results.command}\`
- **Machine:** ${describeMachine(m)}
- **Tools:** hub ${m.tools.hub ?? 'not built'}; ${Object.entries(m.tools)
    .filter(([name]) => name !== 'hub')
    .map(([name, version]) => `${name} ${version ?? 'not installed'}`)
    .join('; ')}
- **Corpus** (seed ${results.options.seed}): ${corpus.join('; ')}

## Results

${table.join('\n')}

\`runs\`: measured runs; \`+1\` means after one warm-up run. \`CPU\`: median user + system CPU seconds of
the whole process tree (GNU time), which a busy machine distorts less than wall time. \`ratio\`: this row's
median time ÷ the reference's (for PDF, time per page). Peak RSS is of the whole process tree; for trees of several
processes (Chromium) the proportional set size, which shares out common pages, follows in brackets.

## Budgets

${budgets.join('\n')}

## Notes on the budgets

${NOTES_START}
${notes}
${NOTES_END}

## Method

- **Corpus:** \`bench/corpus.mjs\`, a seeded generator (mulberry32): the same seed and size always give the
  same bytes. Log-normal body lengths around a 1,500-word median, tail clamped at 8,000 words; headings h2–h4,
  inline formatting, links to other papers and to the web, nested, ordered and task lists, block quotes,
  fenced code, GFM tables in about a third of papers, footnotes, figures (six small PNG bar charts), non-ASCII
  author names and titles; every type and status. \`hugo.toml\` points Hugo at the same \`publications/\`.
- **Timing:** each command runs as a whole process from \`bench/run.mjs\`; wall time from spawn to exit.
  One warm-up run (not counted), then 5 runs when the warm-up took under 2 s, 3 under 20 s, 1 under 60 s;
  a command whose warm-up took longer than that counts the warm-up as its one run. Median and min–max.
- **Peak RSS:** \`getrusage\` (and so GNU \`time\`) reports only the largest single process, not the tree,
  so the runner samples /proc every 20 ms (backing off when a sample is costly, to keep the sampler near 4%
  of one core): the command runs in its own session, and every process in that session or descended from it
  counts; each sample sums their RSS (\`/proc/PID/statm\`). The peak is the largest sum, or the largest single
  process's exact peak when that is larger: GNU \`time\`'s \`%M\` when installed (the runner wraps each
  command in \`/usr/bin/time\`, about 1 ms), else the root's \`VmHWM\`. Summing counts shared pages once per
  process, so for multi-process trees (Chromium) it is an upper bound; their peak PSS
  (\`/proc/PID/smaps_rollup\`, every 10th sample) is given beside it.
- **Pages:** \`pdfinfo\` on the output. Pages per second = pages ÷ median time.
- **References:** \`node -e 0\` (start-up floor); \`bench/floors/read-split.mjs\` (read every file, split the
  front matter: I/O floor); \`bench/floors/yaml-parse.mjs\` (plus \`yaml\` parse of every front matter);
  \`hugo list all\`; \`pandoc -s --toc\` to one HTML file; \`bench/floors/marked-render.mjs\` (bare marked
  render into one HTML file); headless Chromium printing hub's own HTML pack to PDF;
  \`bench/floors/pdfkit-layout.mjs\` (bare pdfkit + marked layout, embedded fonts, no tagging);
  Typst through its npm binding (\`@myriaddreamin/typst-ts-node-compiler\`, a dev dependency) on
  \`bench/typst-pack.mjs\`, our own conversion of the corpus to one Typst document with the parts of hub's
  pack (cover, contents with page numbers, a new page per paper, running heads, "Page N of M", lists,
  tables, code, footnotes, figures; Source Sans 3 and Source Code Pro), tagged (PDF/UA-1) and untagged.
  Pandoc, Chromium, Typst and the pdfkit floor are skipped at 10,000 papers: too slow to run routinely.
- **Extra hub rows:** the bundled sample's PDF (hub's own \`publications/\`, a whole process); one paper
  exported from the whole hub (\`hub export SLUG\`, HTML), the first by file name.
`;
}
