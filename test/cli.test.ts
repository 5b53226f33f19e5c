// The real bin/hub, as a subprocess: list, validate, schema, --dir/HUB_DIR and exit codes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHub, paper, PROJECT, runHub } from './helpers/hub.js';

describe('hub list', () => {
  it('shows the bundled holdings as a table with a summary line', () => {
    const run = runHub(['list']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TITLE\s+TYPE\s+STATUS\s+DATE\s+AUTHORS\s+WORDS$/);
    expect(lines.at(-1)).toBe('7 publications: 5 published, 1 review, 1 draft (metadata only checked: run hub validate for links and images)');
    // Oldest first by default.
    expect(lines[1]).toMatch(/^The Hub Strategy\s+paper\s+published\s+2008-09-15\s+Siân Llewellyn/);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('filters by type, status, tag, author and year, and sorts', () => {
    const titles = (args: string[]): string[] => (JSON.parse(runHub(['list', '--json', ...args]).stdout) as { title: string }[]).map((row) => row.title);
    expect(titles(['--type', 'essay'])).toEqual(['What Place-Based Innovation Asks of Whitehall', 'Lessons from the Hub’s Closure']);
    expect(titles(['--status', 'draft,review'])).toHaveLength(2);
    expect(titles(['--year', '2008'])).toEqual(['The Hub Strategy']);
    expect(titles(['--author', 'sian', '--sort', 'title'])).toEqual([...titles(['--author', 'Siân'])].sort((a, b) => a.localeCompare(b)));
    expect(titles(['--tag', 'mental-health'])).toEqual(['Recovering from Mental Health']);
    expect(titles(['--sort', 'date', '--reverse'])[0]).toBe('Lessons from the Hub’s Closure');
  });

  it('prints rows as JSON and CSV with every field, the path and words', () => {
    const rows = JSON.parse(runHub(['list', '--json']).stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({ slug: 'the-hub-strategy', path: 'publications/the-hub-strategy.md', type: 'paper', status: 'published', date: '2008-09-15', errors: 0 });
    expect(rows[0]!.words).toBeGreaterThan(600);
    const csv = runHub(['list', '--csv']).stdout.trimEnd().split('\n');
    expect(csv[0]).toBe('slug,path,title,subtitle,type,status,date,authors,summary,tags,series,isbn,doi,lang,updated,related,words,errors,warnings');
    expect(csv).toHaveLength(8);
  });

  it('lists and flags papers with errors instead of dropping them', () => {
    const root = makeHub({ 'publications/good.md': paper(), 'publications/bad.md': paper({ date: '2010-02-30' }) });
    const run = runHub(['list', '--dir', root]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^A Paper .*1 error$/m);
    expect(run.stdout).toContain('2 publications: 2 published; 1 with errors (metadata only checked: run hub validate for links and images)');
  });

  it('colours only when asked, and never echoes control characters from metadata', () => {
    const root = makeHub({ 'publications/x.md': paper({ title: '"Evil \\u001b[2J title"' }) });
    const plain = runHub(['list', '--dir', root]);
    expect(plain.stdout).not.toMatch(/\u001b/);
    const coloured = runHub(['list', '--dir', root], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toMatch(/\u001b\[1m/);
    expect(coloured.stdout).not.toContain('\u001b[2J');
  });

  it('works on another hub with --dir or HUB_DIR, and exits 2 where there is none', () => {
    const root = makeHub({ 'publications/only.md': paper({ title: 'Only One' }) });
    expect(runHub(['list', '--dir', root]).stdout).toContain('Only One');
    expect(runHub(['list'], { env: { HUB_DIR: root } }).stdout).toContain('Only One');
    const none = runHub(['list', '--dir', '/tmp']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^hub: No hub at \/tmp: it has no publications\/ folder/);
  });

  it('exits 2 on bad flag values and unknown options', () => {
    expect(runHub(['list', '--status', 'done']).status).toBe(2);
    expect(runHub(['list', '--sort', 'size']).status).toBe(2);
    expect(runHub(['list', '--year', '09']).status).toBe(2);
    expect(runHub(['list', '--colour']).status).toBe(2);
    expect(runHub(['frobnicate']).status).toBe(2);
  });
});

describe('hub validate', () => {
  it('passes the bundled holdings', () => {
    const run = runHub(['validate']);
    expect(run.stdout).toBe('7 files checked: no problems\n');
    expect(run.status).toBe(0);
  });

  it('reports file:line:column, severity, code, field and hint, and exits 1 on errors', () => {
    const root = makeHub({ 'publications/a.md': paper({ date: '2010-02-30', auther: 'X' }) });
    const run = runHub(['validate', '--dir', root], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe([
      'publications/a.md:5:7  error  HUB105  date  "2010-02-30" is not a real calendar date',
      '    hint: Check the day and month: write the date as YYYY-MM-DD.',
      'publications/a.md:8:1  warning  HUB113  auther  unknown field "auther"',
      '    hint: Did you mean authors?',
      '1 error, 1 warning in 1 of 1 file',
      '',
    ].join('\n'));
  });

  it('checks links, headings, images and related papers across the collection', () => {
    const root = makeHub({
      'publications/a.md': paper({ related: '[b, c]' }, '## One\n\nSee [b](b.md#two), [gone](b.md#three), [x](missing.md) and [here](#on).\n\n![](images/none.png)\n'),
      'publications/b.md': paper({ title: 'B' }, '## Two\n\n#### Deep\n'),
    });
    const run = runHub(['validate', '--dir', root, '--json'], { cwd: root });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; file: string; line: number; hint?: string }[] };
    expect(report.diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.line} ${diagnostic.code}`)).toEqual([
      'publications/a.md:8 HUB203',
      'publications/a.md:13 HUB205',
      'publications/a.md:13 HUB204',
      'publications/a.md:13 HUB205',
      'publications/a.md:15 HUB207',
      'publications/a.md:15 HUB206',
      'publications/b.md:12 HUB210',
    ]);
    expect(report.diagnostics.find((diagnostic) => diagnostic.code === 'HUB205' && diagnostic.hint?.includes('#one'))).toBeDefined();
  });

  it('--strict makes warnings errors; named files limit the report', () => {
    const root = makeHub({ 'publications/a.md': paper({ colour: 'red' }), 'publications/b.md': paper({ title: 'B', date: 'soon' }) });
    expect(runHub(['validate', '--dir', root, `${root}/publications/a.md`]).status).toBe(0);
    const strict = runHub(['validate', '--strict', '--dir', root, `${root}/publications/a.md`]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('error  HUB113  colour');
    expect(runHub(['validate', '--dir', root, `${root}/publications/nope.md`]).status).toBe(2);
  });

  it('checks pack manifests: unknown slugs are errors with a suggestion', () => {
    const root = makeHub({
      'publications/leading-innovation.md': paper(),
      'publications/packs/core.yaml': 'title: Core\npieces:\n  - leading-inovation\n',
    });
    const run = runHub(['validate', '--dir', root], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('publications/packs/core.yaml:3:5  error  HUB401  pieces.0  no paper has the slug "leading-inovation"\n    hint: Did you mean leading-innovation?');
  });

  it('keeps going past unreadable and binary files, reporting each', () => {
    const root = makeHub({ 'publications/a.md': Buffer.from([0x00, 0xff]), 'publications/b.md': '', 'publications/c.md': paper() });
    const run = runHub(['validate', '--dir', root], { cwd: root });
    expect(run.stdout).toContain('publications/a.md:1:1  error  HUB010');
    expect(run.stdout).toContain('publications/b.md:1:1  error  HUB001');
    expect(run.stdout).toContain('2 errors, 0 warnings in 2 of 3 files');
  });
});

describe('hub schema and --version', () => {
  it('prints a JSON Schema built from the same field table', () => {
    const schema = JSON.parse(runHub(['schema']).stdout) as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect(schema.required).toEqual(['title', 'type', 'authors', 'date', 'status']);
    expect(schema.properties.type!.enum).toEqual(['paper', 'essay', 'report', 'briefing']);
  });

  it('prints the field table the README shows, so the two never drift apart', () => {
    const table = runHub(['schema', '--markdown']).stdout.trim();
    expect(table.split('\n')).toHaveLength(2 + 21);
    expect(readFileSync(join(PROJECT, 'README.md'), 'utf8')).toContain(table);
  });

  it('prints the code table the README shows, one row per registered code', () => {
    const table = runHub(['schema', '--codes']).stdout.trim();
    expect(table).toContain('| `HUB205` | the collection | link to a missing heading (warning: packs link to the start of the paper) |');
    expect(table).toContain('| `PDF001` | PDF pack |');
    expect(readFileSync(join(PROJECT, 'README.md'), 'utf8')).toContain(table);
  });

  it('prints the version from package.json', async () => {
    const { version } = (await import(`${PROJECT}/package.json`, { with: { type: 'json' } })).default as { version: string };
    expect(runHub(['--version']).stdout.trim()).toBe(version);
  });
});
