// `hub cite` through the real bin/hub, each format read back by a reader hub did not write:
// BibTeX by pandoc, CSL-JSON by the Citation Style Language's own schema (csl-data.json,
// vendored with its licence in test/fixtures/csl) under Ajv, RIS by the small parser below,
// written from the RIS specification's tag-line grammar.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { makeHub, paper, PROJECT, runHub } from './helpers/hub.js';

const CONFIG = 'name: Whitehall Innovation Hub\nplace: London\nlicence: OGL-UK-3.0\n';
const TRICKY_TITLE = 'Costs & Benefits: 50% of {Budgets} under $5m, #total_place ~ ^ \\ Łódź';

function citeHub(): string {
  return makeHub({
    'hub.config.yaml': CONFIG,
    'publications/the-hub-strategy.md': paper({
      title: 'The Hub Strategy', authors: '[Siân Llewellyn, Tomás Ó Briain]', date: '2008-09-15', series: 'Hub Papers',
      isbn: '978-1-84775-123-2', 'command-paper': 'Cm 7894', doi: '10.1000/182', url: '"https://example.org/hub_strategy?a=1&b=2"',
    }),
    'publications/hub-strategy-a-second-look.md': paper({ title: '"Hub Strategy: A Second Look"', authors: '[Siân Llewellyn]', date: '2008-11-03' }),
    'publications/costs-and-benefits.md': paper({
      title: JSON.stringify(TRICKY_TITLE), type: 'essay', authors: '[María de la Cruz, Aoife Ní Mhurchú]', date: '2010-01-25',
      'hc-number': '312', session: '2009-10', publisher: 'Cabinet Office',
    }),
    'publications/many-hands.md': paper({ title: 'Many Hands', type: 'report', authors: '[Zoë Achterberg, Łukasz Wiśniewski, José Carvalho, Bjørn Halvorsen]', date: '2009-06-29' }),
    'publications/not-yet.md': paper({ title: 'Not Yet', status: 'draft', date: '2010-03-01' }),
  });
}

const HELD = 'Left out 1 draft or review paper (not-yet); add --include-drafts to cite them.\n';

function cite(root: string, args: string[], env: Record<string, string | undefined> = {}): string {
  const run = runHub(['cite', '--dir', root, ...args], { env });
  // The draft is mentioned (on stderr) only when the selection matched it.
  expect(['', HELD]).toContain(run.stderr);
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('hub cite --format text (Harvard, Cite Them Right)', () => {
  it('writes one reference per published paper, oldest first, names inverted with initials', () => {
    const root = citeHub();
    expect(runHub(['cite', '--dir', root]).stderr).toBe(HELD);
    const lines = cite(root, []).trimEnd().split('\n');
    expect(lines).toEqual([
      'Llewellyn, S. and Ó Briain, T. (2008) The Hub Strategy. London: Whitehall Innovation Hub (Hub Papers). ISBN\u00a0978-1-84775-123-2, Cm\u00a07894. Available at: https://doi.org/10.1000/182.',
      'Llewellyn, S. (2008) Hub Strategy: A Second Look. London: Whitehall Innovation Hub.',
      'Achterberg, Z. et al. (2009) Many Hands. London: Whitehall Innovation Hub.',
      `de la Cruz, M. and Ní Mhurchú, A. (2010) ${TRICKY_TITLE}. London: Cabinet Office. HC\u00a0312\u00a02009-10.`,
    ]);
  });

  it('sets the title in italics on a terminal that takes colour, and only there', () => {
    const coloured = cite(citeHub(), ['many-hands'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(coloured).toBe('Achterberg, Z. et al. (2009) \u001b[3mMany Hands\u001b[23m. London: Whitehall Innovation Hub.\n');
  });
});

describe('hub cite --format bibtex', () => {
  it('parses with pandoc, names, title and numbers intact', () => {
    const bibtex = cite(citeHub(), ['--format', 'bibtex']);
    const pandoc = spawnSync('pandoc', ['-f', 'bibtex', '-t', 'csljson'], { input: bibtex, encoding: 'utf8' });
    expect(pandoc.stderr).toBe('');
    expect(pandoc.status).toBe(0);
    const items = JSON.parse(pandoc.stdout) as Record<string, any>[];
    const byId = new Map(items.map((item) => [item.id as string, item]));
    expect([...byId.keys()].sort()).toEqual(['achterberg2009many', 'delacruz2010costs', 'llewellyn2008hub', 'llewellyn2008huba']);

    const strategy = byId.get('llewellyn2008hub')!;
    expect(strategy).toMatchObject({
      type: 'report', title: 'The Hub Strategy', publisher: 'Whitehall Innovation Hub', 'publisher-place': 'London',
      ISBN: '978-1-84775-123-2', DOI: '10.1000/182', URL: 'https://example.org/hub_strategy?a=1&b=2', number: 'Cm 7894',
      'collection-title': 'Hub Papers', issued: { 'date-parts': [[2008, 9, 15]] },
    });
    expect(strategy.author).toEqual([{ family: 'Llewellyn', given: 'Siân' }, { family: 'Ó Briain', given: 'Tomás' }]);

    const essay = byId.get('delacruz2010costs')!;
    expect(essay.type).not.toBe('report');
    expect(essay.title).toBe(TRICKY_TITLE);
    expect(essay.publisher).toBe('Cabinet Office');
    expect(essay.number).toBe('HC 312 2009-10');
    // pandoc reads BibTeX's "von" part as a particle: de la Cruz files under C, printed "de la Cruz".
    expect(essay.author[0]).toMatchObject({ family: 'Cruz', given: 'María' });
    expect(essay.author[0]['dropping-particle'] ?? essay.author[0]['non-dropping-particle']).toBe('de la');
    expect(essay.author[1]).toEqual({ family: 'Ní Mhurchú', given: 'Aoife' });
    expect(byId.get('achterberg2009many')!.author).toHaveLength(4);
  });

  it('escapes TeX specials, keeps UTF-8, and gives each paper the same key whatever is cited with it', () => {
    const root = citeHub();
    const all = cite(root, ['--format', 'bibtex']);
    expect(all).toContain('title = {{Costs \\& Benefits: 50\\% of \\{Budgets\\} under \\$5m, \\#total\\_place \\textasciitilde{} \\textasciicircum{} \\textbackslash{} Łódź}}');
    expect(all).toContain('author = {de la Cruz, María and Ní Mhurchú, Aoife}');
    const alone = cite(root, ['hub-strategy-a-second-look', '--format', 'bibtex']);
    expect(alone.split('\n')[0]).toBe('@techreport{llewellyn2008huba,');
    expect(cite(root, ['--format', 'bibtex', '--year', '2008']).match(/^@\w+\{[^,]+,/gm)).toEqual(['@techreport{llewellyn2008hub,', '@techreport{llewellyn2008huba,']);
  });
});

/** RIS as the spec defines a tag line: two capitals (or capital and digit), two spaces, a hyphen, a space, the value. */
function parseRis(text: string): Record<string, string[]>[] {
  const records: Record<string, string[]>[] = [];
  let current: Record<string, string[]> | undefined;
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const match = /^([A-Z][A-Z0-9]) {2}- (.*)$/.exec(line);
    if (!match) throw new Error(`not a RIS tag line: ${JSON.stringify(line)}`);
    const [, tag, value] = match as unknown as [string, string, string];
    if (tag === 'TY') {
      if (current) throw new Error('TY before the previous record ended');
      current = {};
    } else if (!current) {
      throw new Error(`${tag} outside a record`);
    }
    if (tag === 'ER') {
      records.push(current);
      current = undefined;
      continue;
    }
    (current[tag] ??= []).push(value);
  }
  if (current) throw new Error('the last record has no ER');
  return records;
}

describe('hub cite --format ris', () => {
  it('writes records a RIS reader takes apart: RPRT for reports, GEN for essays', () => {
    const records = parseRis(cite(citeHub(), ['--format', 'ris']));
    expect(records).toHaveLength(4);
    const [strategy, , many, essay] = records;
    expect(strategy).toMatchObject({
      TY: ['RPRT'], AU: ['Llewellyn, Siân', 'Ó Briain, Tomás'], PY: ['2008'], DA: ['2008/09/15/'], TI: ['The Hub Strategy'],
      PB: ['Whitehall Innovation Hub'], CY: ['London'], SN: ['978-1-84775-123-2'], DO: ['10.1000/182'], UR: ['https://example.org/hub_strategy?a=1&b=2'], M1: ['Cm 7894'], ID: ['llewellyn2008hub'],
    });
    expect(many!.AU).toHaveLength(4);
    expect(essay).toMatchObject({ TY: ['GEN'], AU: ['de la Cruz, María', 'Ní Mhurchú, Aoife'], TI: [TRICKY_TITLE], PB: ['Cabinet Office'], M1: ['HC 312 2009-10'] });
  });
});

describe('hub cite --format csl-json', () => {
  it('is valid against the CSL-JSON schema, with names, dates and numbers as citeproc expects', () => {
    const schema = JSON.parse(readFileSync(join(PROJECT, 'test/fixtures/csl/csl-data.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const items = JSON.parse(cite(citeHub(), ['--format', 'csl-json', '--include-drafts'])) as Record<string, any>[];
    expect(validate(items), JSON.stringify(validate.errors)).toBe(true);
    expect(items).toHaveLength(5);
    const strategy = items.find((item) => item.id === 'llewellyn2008hub')!;
    expect(strategy).toMatchObject({
      type: 'report', title: 'The Hub Strategy', publisher: 'Whitehall Innovation Hub', 'publisher-place': 'London', ISBN: '978-1-84775-123-2',
      DOI: '10.1000/182', URL: 'https://example.org/hub_strategy?a=1&b=2', number: 'Cm 7894', issued: { 'date-parts': [[2008, 9, 15]] },
      author: [{ family: 'Llewellyn', given: 'Siân' }, { family: 'Ó Briain', given: 'Tomás' }],
    });
    const essay = items.find((item) => item.id === 'delacruz2010costs')!;
    expect(essay).toMatchObject({ type: 'article', number: 'HC 312 2009-10', title: TRICKY_TITLE });
    expect(essay.author[0]).toEqual({ family: 'Cruz', given: 'María', 'non-dropping-particle': 'de la' });

    // The schema is strict enough to catch a wrong item: the check can fail.
    expect(validate([{ ...strategy, issued: '2008' }])).toBe(false);
  });
});

describe('authors that are bodies, not people', () => {
  const root = makeHub({
    'hub.config.yaml': CONFIG,
    'publications/national-insurance-numbers.md': paper({ title: 'National Insurance numbers', type: 'report', authors: '[GOV.UK Government Digital Service, Cabinet Office]', date: '2014-05-12' }),
    'publications/grace.md': paper({ title: 'A person named like a body', authors: '["Office, Grace"]', date: '2014-06-01' }),
  });

  it('are printed whole, never inverted to initials, in every format; "Family, Given" still names a person', () => {
    expect(cite(root, []).trimEnd().split('\n')).toEqual([
      'GOV.UK Government Digital Service and Cabinet Office (2014) National Insurance numbers. London: Whitehall Innovation Hub.',
      'Office, G. (2014) A person named like a body. London: Whitehall Innovation Hub.',
    ]);
    const bibtex = cite(root, ['--format', 'bibtex']);
    expect(bibtex).toContain('@techreport{govuk2014national,');
    const pandoc = spawnSync('pandoc', ['-f', 'bibtex', '-t', 'csljson'], { input: bibtex, encoding: 'utf8' });
    expect(pandoc.status, pandoc.stderr).toBe(0);
    const read = JSON.parse(pandoc.stdout) as Record<string, any>[];
    expect(read.find((item) => item.id === 'govuk2014national')!.author).toEqual([{ literal: 'GOV.UK Government Digital Service' }, { literal: 'Cabinet Office' }]);
    const csl = JSON.parse(cite(root, ['--format', 'csl-json'])) as Record<string, any>[];
    expect(csl[0]!.author).toEqual([{ literal: 'GOV.UK Government Digital Service' }, { literal: 'Cabinet Office' }]);
    expect(csl[1]!.author).toEqual([{ family: 'Office', given: 'Grace' }]);
  });
});

describe('hub cite refuses', () => {
  it('an unknown slug or format (exit 2), and papers whose metadata has errors (exit 1, nothing printed)', () => {
    const root = citeHub();
    expect(runHub(['cite', '--dir', root, 'no-such-paper']).status).toBe(2);
    expect(runHub(['cite', '--dir', root, '--format', 'endnote']).stderr).toContain('--format "endnote" is not one of: text, bibtex, ris, csl-json.');
    const broken = makeHub({ 'publications/broken.md': paper({ 'hc-number': '312' }) });
    const run = runHub(['cite', '--dir', broken]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('HUB129');
  });

  it('a hub of drafts only (a site just moved in), naming five of them in one line and counting the rest', () => {
    const files: Record<string, string> = {};
    for (const n of [1, 2, 3, 4, 5, 6, 7]) files[`publications/page-${n}.md`] = paper({ title: `Page ${n}`, status: 'draft' });
    const run = runHub(['cite', '--dir', makeHub(files)]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'Left out 7 draft or review papers (page-1, page-2, page-3, page-4, page-5 and 2 more); add --include-drafts to cite them.\n' +
        'No published papers match: nothing to cite.\n',
    );
  });
});
