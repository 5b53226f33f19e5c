// A deterministic corpus of hub papers for the benchmark: same seed and size, same bytes.
//
// Papers are built from a seeded PRNG (mulberry32). Body lengths follow a log-normal
// around a 1,500-word median with a tail clamped at 8,000 words; every Markdown construct
// the exporters handle appears somewhere, GFM tables in about a third of papers, figures
// point at small PNGs written beside the papers, and front matter covers every type and
// status. A minimal hugo.toml lets `hugo list all` read the very same files.
//
// CLI: node bench/corpus.mjs --papers 1000 [--seed 2009] [--out DIR]

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

export const DEFAULT_SEED = 2009;
const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const FIGURE_COUNT = 6;
/** Written last into every corpus: its statistics and the generator that made it. */
const STAMP = 'corpus.json';

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers bound to one random stream. */
function randomTools(random) {
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const sample = (list, n) => {
    const pool = [...list];
    const out = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
    return out;
  };
  /** Standard normal via Box–Muller. */
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return { random, int, pick, chance, sample, normal };
}

// ---------------------------------------------------------------------------
// Vocabulary: Whitehall 2008–2010, with non-ASCII names and typographic punctuation.

const AUTHORS = [
  'Zoë Ó Briain', 'Siobhán Ní Mhurchú', 'Łukasz Wójcik', 'José Martínez', 'Ayşe Yılmaz',
  'Søren Østergaard', 'Chloé Lefèvre', 'Dafydd ap Rhys', 'Eilidh MacLeòid', 'Mária Horváth',
  'Margaret Okonjo', 'David Ashworth', 'Priya Raghunathan', 'Tom Fairclough', 'Helen Mbeki-Clarke',
  'Kwame Asante', 'Rosalind Pryce', 'Jürgen Weiß', 'Ana Lúcia Costa', 'Nguyễn Thị Lan',
  'Björn Lindqvist', 'Fatima Al-Sayed', 'Ciarán Mac Giolla', 'Hélène Dubois', 'Gareth Llewellyn',
];

const TYPES = ['paper', 'essay', 'report', 'briefing'];
const STATUSES = [['published', 0.7], ['review', 0.15], ['draft', 0.15]];
const TAGS = [
  'innovation', 'public-services', 'total-place', 'digital', 'evidence', 'local-government',
  'health', 'social-care', 'procurement', 'behavioural-insight', 'open-data', 'commissioning',
  'co-production', 'skills', 'transport', 'housing', 'early-intervention', 'shared-services',
];
const SERIES = ['Working Papers', 'Innovation Notes', 'Total Place Briefings', 'Lessons from the Frontline'];
const AREAS = [
  'Birmingham', 'Bradford', 'Central Bedfordshire and Bedford', 'Coventry, Solihull and Warwickshire',
  'Croydon', 'Cumbria', 'Dorset, Poole and Bournemouth', 'Durham', 'Kent', 'Leicester and Leicestershire',
  'Lewisham', 'Manchester City Region', 'Worcestershire',
];

const TITLE_HEADS = [
  'Total Place', 'Counting the Cost', 'Joined-up Services', 'Early Intervention', 'Digital by Default',
  'Open Data', 'The Citizen’s Budget', 'Behaviour Change', 'Co-production', 'Place-based Budgets',
  'Shared Services', 'Social Finance', 'Café Conversations', 'Naïve Assumptions about Demand',
  'Rethinking Commissioning', 'The Frontline Test', 'Small Grants, Big Ideas', 'Learning from Failure',
  'Whole-system Working', 'Customer Insight', 'Invest to Save', 'The Innovation Gap',
];
const TITLE_TAILS = [
  'in Practice', 'after the Pilots', 'and the Local Public Purse', 'for Families with Complex Needs',
  'in a Cold Climate', 'across Whitehall', 'at Neighbourhood Level', 'and the Spending Review',
  'in Rural Areas', 'for Older People', 'beyond the Town Hall', 'without New Money',
];
const SUBTITLES = [
  'Lessons from thirteen pilot areas', 'A first look at the evidence', 'What worked and what did not',
  'Notes for practitioners', 'A discussion paper', 'Findings from the 2009 fieldwork',
  'An interim assessment', 'Options for ministers',
];

const SUBJECTS = [
  'The pilot', 'Local partners', 'Frontline staff', 'The Treasury', 'Each area', 'Commissioners',
  'Citizens', 'The programme board', 'Councils', 'Primary care trusts', 'The hub', 'Our analysis',
  'The evidence', 'Service users', 'Departments', 'Voluntary organisations', 'Jobcentre Plus advisers',
  'The review team', 'Chief executives', 'Ministers',
];
const VERBS = [
  'found', 'showed', 'tested', 'reshaped', 'questioned', 'mapped', 'measured', 'pooled', 'redesigned',
  'reduced', 'commissioned', 'shared', 'revealed', 'supported', 'challenged', 'underestimated',
];
const OBJECTS = [
  'the flow of money through a place', 'duplication between agencies',
  'the cost of a single household’s contact with the state', 'the way budgets are counted',
  'a new model of joint commissioning', 'data on repeat demand', 'early intervention for families',
  'the barriers to sharing information', 'the total public spend in the area',
  'the incentives facing managers', 'the journey of a typical claimant', 'the role of the café owner',
  'a naïve model of demand', 'the £4.2 billion spent on older people', 'waiting times of 18–26 weeks',
  'the rules on ring-fenced grants', 'R&D spending in the sector', 'the “tell us once” principle',
];
const MODIFIERS = [
  'in 2009', 'across thirteen pilot areas', 'at a fraction of the usual cost', 'within six months',
  'with little central guidance', 'despite tight budgets', 'for the first time',
  'in partnership with the third sector', 'over the course of the year', 'before the spending review',
  'at neighbourhood level', 'in Zoë Ó Briain’s words', 'by about 12%', 'from 2008–09 onwards',
];
const CONNECTIVES = ['However,', 'In practice,', 'As a result,', 'Even so,', 'Crucially,', 'By contrast,', 'Over time,'];

const SECTION_HEADS = [
  'Background', 'Why this matters', 'What we did', 'Method', 'Findings', 'The money', 'The people',
  'Barriers', 'What worked', 'What did not work', 'Costs and savings', 'Governance', 'Data and evidence',
  'Recommendations', 'Next steps', 'Risks', 'Implications for Whitehall', 'Implications for places',
  'Case study', 'Conclusion', 'The customer’s view', 'Leadership', 'Culture', 'Incentives',
];
const SUB_HEADS = [
  'Scope', 'Sources', 'Limitations', 'Early results', 'Counting spend', 'Interviews', 'Workshops',
  'Costs', 'Benefits', 'Timing', 'Partners', 'Lessons', 'Options', 'Open questions', 'Caveats',
];
const LIST_ITEMS = [
  'map every pound spent in the place', 'agree a single view of the customer',
  'pool budgets where outcomes overlap', 'publish the data in an open format',
  'test the idea with twenty households first', 'stop collecting indicators nobody uses',
  'give frontline staff discretion over small sums', 'share a named lead across agencies',
  'report back to the board each quarter', 'write the business case in plain English',
  'ask users what would have helped sooner', 'count failure demand separately',
];
const QUOTES = [
  'We had been counting the same family five times over, in five different ledgers.',
  'Nobody owned the whole problem, so everybody owned a small and expensive piece of it.',
  'The money was never the hard part; agreeing who would let go of it was.',
  'When we asked residents, they described one service. We were running eleven.',
];
const CODE_SAMPLES = [
  ['yaml', 'area: Kent\nyear: 2009\nspend:\n  health: 2140\n  police: 410\n  housing: 388\n'],
  ['sql', 'SELECT agency, SUM(spend_gbp) AS total\nFROM place_spend\nWHERE year = 2009\nGROUP BY agency\nORDER BY total DESC;\n'],
  ['json', '{\n  "pilot": "Croydon",\n  "households": 112,\n  "contacts_per_year": 73\n}\n'],
  ['text', 'contact -> triage -> referral -> assessment -> service\n        \\-> failure demand -> contact\n'],
];
const FIGURES = [
  'Bar chart of total public spend by agency in the pilot area, 2008–09',
  'Bar chart of contacts per household before and after the redesign',
  'Bar chart comparing the cost of early and late intervention',
  'Bar chart of staff time spent on reporting, by service',
  'Bar chart of savings identified in each of the pilot areas',
  'Bar chart of residents’ satisfaction scores over four quarters',
];
const EXTERNAL_LINKS = [
  ['the Total Place final report', 'https://example.org/total-place/final-report'],
  ['the Operational Efficiency Programme', 'https://example.org/treasury/oep'],
  ['the Audit Commission’s data', 'https://example.org/audit-commission/area-data'],
  ['the Putting the Frontline First white paper', 'https://example.org/frontline-first'],
];

// ---------------------------------------------------------------------------
// Papers

/** ASCII kebab-case slug of a title (diacritics folded, punctuation dropped). */
function slugify(text) {
  return text
    .replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l').replace(/ß/g, 'ss').replace(/ı/g, 'i')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A YAML scalar: plain when that is safe, else double-quoted (JSON strings are valid YAML). */
function yamlScalar(text) {
  return /^[A-Za-zÀ-ɏ][^:#"'\n]*$/.test(text) && !/\s$/.test(text) ? text : JSON.stringify(text);
}

function wrap(text, width, indent) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function isoDate(random) {
  const start = Date.UTC(2008, 0, 1);
  const end = Date.UTC(2010, 11, 31);
  return new Date(start + Math.floor(random() * ((end - start) / 86400000 + 1)) * 86400000).toISOString().slice(0, 10);
}

function countWords(text) {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Titles and slugs for the whole corpus first, so links and `related` only name papers that exist. */
function planPapers(tools, papers) {
  const seen = new Map();
  const plans = [];
  for (let index = 0; index < papers; index++) {
    // Titles repeat in big corpora; a place name, then a part number, keeps each one distinct.
    let title = `${tools.pick(TITLE_HEADS)} ${tools.pick(TITLE_TAILS)}`;
    if (seen.has(slugify(title))) title = `${title}: ${tools.pick(AREAS)}`;
    const base = slugify(title);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    plans.push(n === 1 ? { title, slug: base } : { title: `${title}, Part ${n}`, slug: `${base}-part-${n}` });
  }
  return plans;
}

/** One paper's body: sections of prose with every construct the exporters handle. */
class BodyWriter {
  constructor(tools, others) {
    this.t = tools;
    this.others = others;
    this.blocks = [];
    this.words = 0;
    this.footnotes = [];
  }

  add(block) {
    this.blocks.push(block);
    this.words += countWords(block.replace(/[#>|*`[\]-]/g, ' '));
  }

  inline(text) {
    const t = this.t;
    const roll = t.random();
    if (roll < 0.12) return text.replace(/^(\S+ \S+)/, '**$1**');
    if (roll < 0.22) return text.replace(/(\S+ \S+)$/, '*$1*');
    if (roll < 0.27) return `${text} using the \`NI 141\` indicator`;
    if (roll < 0.33) {
      const [label, url] = t.pick(EXTERNAL_LINKS);
      return `${text}, as [${label}](${url}) records`;
    }
    if (roll < 0.37 && this.others.length) {
      const other = t.pick(this.others);
      return `${text} (see [${other.title}](${other.slug}.md))`;
    }
    if (roll < 0.39) return `${text} ~~in every area~~ in most areas`;
    if (roll < 0.41) return `${text} (data at <https://example.org/open-data/${t.pick(AREAS).toLowerCase().replace(/[^a-z]+/g, '-')}>)`;
    if (roll < 0.43) return text.replace(/(\S+)$/, '***$1***');
    return text;
  }

  sentence() {
    const t = this.t;
    let text = `${t.pick(SUBJECTS)} ${t.pick(VERBS)} ${t.pick(OBJECTS)}`;
    if (t.chance(0.6)) text += ` ${t.pick(MODIFIERS)}`;
    if (t.chance(0.15)) text = `${t.pick(CONNECTIVES)} ${text[0].toLowerCase()}${text.slice(1)}`;
    text = this.inline(text);
    if (t.chance(0.04)) {
      const label = this.footnotes.length + 1;
      this.footnotes.push(`[^${label}]: ${t.pick(SUBJECTS)} ${t.pick(VERBS)} ${t.pick(OBJECTS)}; figures are provisional.`);
      return `${text}.[^${label}]`;
    }
    return `${text}.`;
  }

  paragraph() {
    const sentences = [];
    for (let i = this.t.int(3, 7); i > 0; i--) sentences.push(this.sentence());
    this.add(sentences.join(' '));
  }

  bulletList() {
    const t = this.t;
    const lines = [];
    for (const item of t.sample(LIST_ITEMS, t.int(3, 5))) {
      lines.push(`- ${this.inline(item[0].toUpperCase() + item.slice(1))}`);
      if (t.chance(0.3)) for (const sub of t.sample(LIST_ITEMS, 2)) lines.push(`  - ${sub}`);
    }
    this.add(lines.join('\n'));
  }

  orderedList() {
    const t = this.t;
    const lines = [];
    t.sample(LIST_ITEMS, t.int(3, 5)).forEach((item, i) => {
      lines.push(`${i + 1}. ${item[0].toUpperCase()}${item.slice(1)}`);
      if (t.chance(0.25)) lines.push(`   1. ${t.pick(LIST_ITEMS)}`, `   2. ${t.pick(LIST_ITEMS)}`);
    });
    this.add(lines.join('\n'));
  }

  taskList() {
    this.add(this.t.sample(LIST_ITEMS, 4).map((item) => `- [${this.t.chance(0.5) ? 'x' : ' '}] ${item}`).join('\n'));
  }

  blockquote() {
    const t = this.t;
    // The attribution after a hard line break (a trailing backslash) or in its own paragraph.
    const between = t.chance(0.5) ? '\\\n' : '\n>\n';
    this.add(`> ${t.pick(QUOTES)}${between}> — ${t.pick(AUTHORS)}, ${t.pick(['council officer', 'PCT director', 'resident', 'head of service'])}`);
  }

  code() {
    const [lang, source] = this.t.pick(CODE_SAMPLES);
    this.add(`\`\`\`${lang}\n${source}\`\`\``);
  }

  table() {
    const t = this.t;
    const rows = t.sample(AREAS, t.int(3, 7)).map((area) => {
      const spend = t.int(900, 9800);
      const change = t.int(-12, 9);
      return `| ${area} | ${spend.toLocaleString('en-GB')} | ${change > 0 ? '+' : ''}${change}% | ${t.chance(0.3) ? '**priority**' : t.pick(['pilot', 'wave 2', 'baseline', '—'])} |`;
    });
    this.add(['| Area | Spend (£m) | Change | Status |', '|:-----|-----------:|:------:|--------|', ...rows].join('\n'));
  }

  figure() {
    const index = this.t.int(1, FIGURE_COUNT);
    const title = this.t.chance(0.5) ? ` "Figure: ${FIGURES[index - 1].replace(/^Bar chart of /, '')}"` : '';
    this.add(`![${FIGURES[index - 1]}](images/fig-${index}.png${title})`);
  }

  thematicBreak() {
    this.blocks.push('***');
  }
}

function writeBody(tools, targetWords, others) {
  const t = tools;
  const body = new BodyWriter(tools, others);
  // Features each paper carries, placed after random paragraphs.
  const extras = [];
  if (t.chance(1 / 3)) for (let i = t.int(1, 2); i > 0; i--) extras.push('table');
  if (t.chance(0.4)) for (let i = t.int(1, 2); i > 0; i--) extras.push('figure');
  if (t.chance(0.25)) extras.push('code');
  if (t.chance(0.2)) extras.push('taskList');
  if (t.chance(0.5)) extras.push('blockquote');
  if (t.chance(0.1)) extras.push('thematicBreak');
  const headings = t.sample(SECTION_HEADS, SECTION_HEADS.length);
  const subheadings = new Set();
  let section = 0;
  while (body.words < targetWords || section === 0) {
    const heading = headings[section % headings.length];
    body.add(`## ${section < headings.length ? heading : `${heading}, part ${Math.floor(section / headings.length) + 1}`}`);
    section++;
    body.paragraph();
    const roll = t.random();
    if (roll < 0.25) body.bulletList();
    else if (roll < 0.4) body.orderedList();
    if (extras.length && t.chance(0.5)) body[extras.pop()]();
    for (let sub = t.chance(0.5) ? t.int(1, 2) : 0; sub > 0; sub--) {
      let subheading = t.pick(SUB_HEADS);
      while (subheadings.has(subheading)) subheading = `${t.pick(SUB_HEADS)} in ${t.pick(AREAS)}`;
      subheadings.add(subheading);
      body.add(`### ${subheading}`);
      body.paragraph();
      if (t.chance(0.2)) {
        body.add(`#### ${subheading}: detail`);
        body.paragraph();
      }
    }
    if (t.chance(0.5)) body.paragraph();
  }
  while (extras.length) body[extras.pop()]();
  if (body.footnotes.length) body.blocks.push(body.footnotes.join('\n'));
  return { text: `${body.blocks.join('\n\n')}\n`, words: body.words };
}

function frontMatter(tools, plan, index, plans) {
  const t = tools;
  const status = (() => {
    let roll = t.random();
    for (const [name, p] of STATUSES) if ((roll -= p) < 0) return name;
    return STATUSES[0][0];
  })();
  const lines = ['---', `title: ${yamlScalar(plan.title)}`];
  if (t.chance(0.35)) lines.push(`subtitle: ${yamlScalar(t.pick(SUBTITLES))}`);
  // Cycle types so every size has every type.
  lines.push(`type: ${TYPES[index % TYPES.length]}`, 'authors:');
  for (const author of t.sample(AUTHORS, t.int(1, 3))) lines.push(`  - ${yamlScalar(author)}`);
  lines.push(`date: ${isoDate(t.random)}`, `status: ${index < STATUSES.length ? STATUSES[index][0] : status}`);
  const summary = [];
  for (let i = t.int(2, 4); i > 0; i--) summary.push(`${t.pick(SUBJECTS)} ${t.pick(VERBS)} ${t.pick(OBJECTS)} ${t.pick(MODIFIERS)}.`);
  lines.push('summary: >-', wrap(summary.join(' '), 72, '  '));
  lines.push(`tags: [${t.sample(TAGS, t.int(1, 4)).join(', ')}]`);
  if (t.chance(0.3)) lines.push(`series: ${yamlScalar(t.pick(SERIES))}`);
  lines.push('lang: en-GB');
  if (plans.length > 1 && t.chance(0.3)) {
    const related = t.sample(plans.filter((other) => other !== plan), t.int(1, 3)).map((other) => other.slug);
    lines.push(`related: [${related.join(', ')}]`);
  }
  lines.push('---', '');
  return lines.join('\n');
}

/** Body length: log-normal around a 1,500-word median, a tail clamped at 8,000. */
function targetWords(tools) {
  return Math.round(Math.min(8000, Math.max(300, 1350 * Math.exp(0.6 * tools.normal()))));
}

// ---------------------------------------------------------------------------
// Figures: small, valid PNG bar charts (RGB, 8-bit), CRCs from zlib.

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export function barChartPng(tools, width = 240, height = 150) {
  const bars = Array.from({ length: tools.int(4, 7) }, () => tools.int(20, height - 20));
  const colour = tools.pick([[0, 94, 165], [0, 112, 60], [212, 53, 28], [77, 41, 133]]);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const slot = Math.floor((width - 20) / bars.length);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // byte 0: filter type 0 (None)
    for (let x = 0; x < width; x++) {
      const bar = Math.floor((x - 10) / slot);
      const inBar = x >= 10 && bar < bars.length && (x - 10) % slot > 4 && height - 10 - y < bars[bar] && y < height - 10;
      const axis = y === height - 10 && x >= 8 && x < width - 8;
      const [r, g, b] = axis ? [11, 12, 12] : inBar ? colour : [255, 255, 255];
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------

/** Write a corpus of `papers` papers into `dir` (ROOT/publications/*.md, images, hugo.toml). */
export function generateCorpus({ papers, seed = DEFAULT_SEED, dir }) {
  const tools = randomTools(mulberry32(seed));
  const publications = join(dir, 'publications');
  const stampPath = join(dir, STAMP);
  if (existsSync(dir) && readdirSync(dir).length && !existsSync(stampPath)) {
    throw new Error(`${dir} is not empty and holds no ${STAMP}; refusing to overwrite it`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(publications, 'images'), { recursive: true });
  for (let i = 1; i <= FIGURE_COUNT; i++) writeFileSync(join(publications, 'images', `fig-${i}.png`), barChartPng(tools));
  // Hugo reads the same files: content is the publications folder, nothing is rendered.
  writeFileSync(
    join(dir, 'hugo.toml'),
    [
      'baseURL = "https://example.org/"',
      'title = "hub benchmark corpus"',
      'contentDir = "publications"',
      'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]',
      '',
    ].join('\n'),
  );
  const plans = planPapers(tools, papers);
  const words = [];
  let bytes = 0;
  let tables = 0;
  let figures = 0;
  plans.forEach((plan, index) => {
    const head = frontMatter(tools, plan, index, plans);
    const others = plans.length > 1 ? tools.sample(plans.filter((other) => other !== plan), 3) : [];
    const body = writeBody(tools, targetWords(tools), others);
    const text = `${head}\n${body.text}`;
    writeFileSync(join(publications, `${plan.slug}.md`), text);
    words.push(body.words);
    bytes += Buffer.byteLength(text);
    if (body.text.includes('\n|:-----|')) tables++;
    if (body.text.includes('](images/fig-')) figures++;
  });
  words.sort((a, b) => a - b);
  const stats = {
    papers,
    seed,
    bytes,
    words: { median: words[Math.floor(words.length / 2)], min: words[0], max: words.at(-1), total: words.reduce((a, b) => a + b, 0) },
    papersWithTables: tables,
    papersWithFigures: figures,
    generator: GENERATOR,
  };
  writeFileSync(stampPath, `${JSON.stringify({ generator: GENERATOR, stats }, null, 2)}\n`);
  return stats;
}

/** Hash of this generator's source as loaded: a changed generator never reuses a stale cached corpus. */
const GENERATOR = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);

/** A cached corpus under `cacheDir`, generated when missing or made by another generator version. */
export function ensureCorpus({ papers, seed = DEFAULT_SEED, cacheDir = join(BENCH_DIR, 'out', 'corpus') }) {
  const dir = join(cacheDir, `seed-${seed}-papers-${papers}`);
  const stampPath = join(dir, STAMP);
  if (existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (stamp.generator === GENERATOR) return { dir, stats: stamp.stats, cached: true };
  }
  return { dir, stats: generateCorpus({ papers, seed, dir }), cached: false };
}

function parseCli(argv) {
  const options = { papers: 100, seed: DEFAULT_SEED, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--papers') options.papers = Number(value);
    else if (flag === '--seed') options.seed = Number(value);
    else if (flag === '--out') options.out = resolve(value);
    else throw new Error(`unknown option ${flag}; use --papers N [--seed N] [--out DIR]`);
    i++;
  }
  if (!Number.isInteger(options.papers) || options.papers < 1) throw new Error('--papers must be a positive integer');
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseCli(process.argv.slice(2));
  const result = options.out
    ? { dir: options.out, stats: generateCorpus({ papers: options.papers, seed: options.seed, dir: options.out }) }
    : ensureCorpus(options);
  console.log(`${result.dir}\n${JSON.stringify(result.stats)}`);
}
