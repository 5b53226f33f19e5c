// `hub new` through the real bin/hub, with standard input not a terminal: the flags path.
// Run `npx tsc -p .` first: bin/hub runs dist/.

import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPublication } from '../src/check/paper.js';
import { DEFAULT_TYPES, isKebabCase } from '../src/check/schema.js';
import { cleanEnv, filesUnder, hub, makeHub, ROOT, todayIn } from './fixtures/new/helpers.js';

const VOCABULARY = 'default-author: Siân Llewellyn\ntags: [innovation, total-place, local-government]\n';
const context = { types: [...DEFAULT_TYPES], tags: [] };

/** Read a paper the way `hub validate` does and insist it has no errors. */
async function readBack(path: string, tags: string[] = []) {
  const publication = await readPublication(path, { ...context, tags, publicationsDir: dirname(path) }, 'full');
  expect(publication.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return publication;
}

async function expectValid(root: string): Promise<void> {
  const run = await hub(['validate', '--dir', root]);
  expect(run.stdout + run.stderr).toMatch(/no problems|0 errors/);
  expect(run.code).toBe(0);
}

describe('hub new with flags', () => {
  it('writes publications/<slug>.md that hub validate accepts, and says what to do next', async () => {
    const root = makeHub();
    const run = await hub(['new', 'The Hub Strategy', '--dir', root, '--type', 'report', '--author', 'Siân Llewellyn', '--author', 'Tomás Ó Briain', '--tag', 'innovation,total-place', '--date', '2009-03-14']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const path = join(root, 'publications/the-hub-strategy.md');
    expect(run.stdout).toBe(`Created ${path}\nNext: write it, then run \`hub validate --dir ${root} ${path}\` and \`hub export --dir ${root} --include-drafts the-hub-strategy\`.\n`);
    expect(readFileSync(path, 'utf8')).toMatch(/^---\ntitle: The Hub Strategy\ntype: report\nauthors:\n  - Siân Llewellyn\n  - Tomás Ó Briain\ndate: 2009-03-14\nstatus: draft\ntags:\n  - innovation\n  - total-place\n---\n\n## Summary of findings\n/);
    const { metadata } = await readBack(path);
    expect(metadata).toMatchObject({ title: 'The Hub Strategy', type: 'report', authors: ['Siân Llewellyn', 'Tomás Ó Briain'], date: '2009-03-14', status: 'draft', tags: ['innovation', 'total-place'] });
    await expectValid(root);
    expect(filesUnder(root)).toEqual(['publications/the-hub-strategy.md']);
  });

  it('prints paths relative to the working folder when run inside the hub', async () => {
    const root = makeHub();
    const run = await hub(['new', 'Leading Innovation', '--type', 'essay', '--author', 'A. Author'], { cwd: root });
    expect(run.stdout).toBe('Created publications/leading-innovation.md\nNext: write it, then run `hub validate publications/leading-innovation.md` and `hub export --include-drafts leading-innovation`.\n');
    const check = await hub(['validate', 'publications/leading-innovation.md'], { cwd: root });
    expect(check.code).toBe(0);
  });

  it('keeps hostile titles inside publications/ and round-trips them exactly', async () => {
    const root = makeHub();
    const titles = [
      '../../etc/passwd', '/etc/shadow', '..\\..\\Windows\\system32', 'C:\\autoexec.bat', '~/.ssh/id_rsa', '.', '..', '...',
      'CON', 'nul', 'com1', 'LPT9', '日本語', '$(touch pwned)', '`id`', '<script>alert(1)</script>', 'no', '123', '- dash',
      'a: b # c', '"quoted"', "'single'", 'Łódź & Kraków', 'Straße', '#hash', '&anchor', '*alias', '!tag', '? key', '| pipe',
      '> fold', '%directive', '@at', '[x]', '{y}', '2010-02-03', 'x'.repeat(300), 'The Hub Strategy, part two of a very long series about innovation in Whitehall departments',
    ];
    const made: string[] = [];
    for (const [index, title] of titles.entries()) {
      // A different date each, so the titles that fold to nothing get distinct untitled-<date> names.
      const date = new Date(Date.UTC(2009, 0, 1 + index)).toISOString().slice(0, 10);
      // `--` ends the options, so a title may start with a dash.
      const run = await hub(['new', '--dir', root, '--type', 'paper', `--author=${title}`, '--date', date, '--', title]);
      expect(run.stderr, title).toBe('');
      expect(run.code, title).toBe(0);
      const path = /^Created (.*)$/m.exec(run.stdout)![1]!;
      expect(path.startsWith(join(root, 'publications') + '/'), path).toBe(true);
      const slug = path.slice(join(root, 'publications').length + 1, -'.md'.length);
      expect(isKebabCase(slug), slug).toBe(true);
      expect(slug.length).toBeLessThanOrEqual(60);
      expect(['con', 'nul', 'com1', 'lpt9']).not.toContain(slug);
      const { metadata } = await readBack(path);
      expect(metadata.title).toBe(title);
      expect(metadata.authors).toEqual([title]);
      made.push(`publications/${slug}.md`);
    }
    expect(filesUnder(root)).toEqual([...made].sort());
    expect(existsSync(join(root, 'pwned'))).toBe(false);
    await expectValid(root);
  });

  it('refuses a --slug that is not a safe kebab-case name, writing nothing', async () => {
    const root = makeHub();
    for (const slug of ['../escape', '/tmp/x', 'Upper', 'two words', 'con', 'a--b', '']) {
      const run = await hub(['new', 'A Title', '--dir', root, '--type', 'paper', '--author', 'A', '--slug', slug]);
      expect(run.code, slug).toBe(2);
      expect(run.stderr).toMatch(/^hub: --slug ".*" is (not a kebab-case slug|a device name on Windows)/);
    }
    expect(filesUnder(root)).toEqual([]);
  });

  it('never overwrites: exit 1 naming the file and suggesting --slug; --slug then succeeds', async () => {
    const root = makeHub();
    const flags = ['--dir', root, '--type', 'paper', '--author', 'A'];
    expect((await hub(['new', 'Place-based Innovation', ...flags])).code).toBe(0);
    const path = join(root, 'publications/place-based-innovation.md');
    writeFileSync(path, readFileSync(path, 'utf8') + '\nMy precious words.\n');
    const before = readFileSync(path, 'utf8');
    const again = await hub(['new', 'Place-Based Innovation!', ...flags, '--summary', 'Different.']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`hub: ${path} already exists; nothing was written. Choose another file name with --slug NAME (or another title).\n`);
    expect(readFileSync(path, 'utf8')).toBe(before);
    const other = await hub(['new', 'Place-Based Innovation!', ...flags, '--slug', 'place-based-innovation-2']);
    expect(other.code).toBe(0);
    expect(filesUnder(root)).toEqual(['publications/place-based-innovation-2.md', 'publications/place-based-innovation.md']);
  });

  it('creates exclusively: of two runs racing for one name, exactly one wins', async () => {
    const root = makeHub();
    const runs = await Promise.all(['Ann', 'Bob', 'Cat', 'Dan'].map((author) => hub(['new', 'Race', '--dir', root, '--type', 'paper', '--author', author])));
    expect(runs.map((run) => run.code).sort()).toEqual([0, 1, 1, 1]);
    const winner = runs.findIndex((run) => run.code === 0);
    expect((await readBack(join(root, 'publications/race.md'))).metadata.authors).toEqual([['Ann', 'Bob', 'Cat', 'Dan'][winner]]);
    expect(filesUnder(root)).toEqual(['publications/race.md']);
  });

  it('treats a slug used by a paper in a subfolder as taken (slugs are unique hub-wide)', async () => {
    const root = makeHub();
    mkdirSync(join(root, 'publications/2009'));
    const flags = ['--dir', root, '--type', 'paper', '--author', 'A'];
    expect((await hub(['new', 'Total Place', ...flags, '--date', '2009-05-01'])).code).toBe(0);
    const moved = join(root, 'publications/2009/total-place.md');
    writeFileSync(moved, readFileSync(join(root, 'publications/total-place.md')));
    rmSync(join(root, 'publications/total-place.md'));
    const run = await hub(['new', 'Total Place', ...flags]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${moved} already exists`);
    expect(filesUnder(root)).toEqual(['publications/2009/total-place.md']);
  });

  it('without a terminal, exits 2 at once naming every missing flag', async () => {
    const root = makeHub();
    const run = await hub(['new', '--dir', root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('hub: missing the TITLE argument, --type, --author (standard input is not a terminal, so hub cannot ask; --yes takes the defaults for type and author).\n');
    const published = await hub(['new', 'A Paper', '--dir', root, '--type', 'paper', '--author', 'A', '--status', 'published']);
    expect(published.code).toBe(2);
    expect(published.stderr).toContain('missing --summary (a published paper needs one)');
    expect(filesUnder(root)).toEqual([]);
  });

  it.each([
    [['--date', '2010-02-30'], '--date "2010-02-30" is not a real calendar date. Check the day and month: write the date as YYYY-MM-DD.'],
    [['--date', '14/03/2009'], '--date "14/03/2009" is not a date written YYYY-MM-DD'],
    [['--type', 'papr'], '--type "papr" is not one of: paper, essay, report, briefing. Did you mean paper?'],
    [['--status', 'final'], '--status "final" is not one of: draft, review, published'],
    [['--tag', 'Total Place'], '--tag "Total Place" is not a kebab-case word'],
    [['--author', ' '], '--author is empty'],
    [['--summary', 'word '.repeat(121)], '--summary "word word'],
  ])('rejects %j with the reason hub validate would give (exit 2)', async (flags, message) => {
    const root = makeHub();
    const base = { '--type': 'paper', '--author': 'A' } as Record<string, string>;
    for (let i = 0; i < flags.length; i += 2) delete base[flags[i]!];
    const run = await hub(['new', 'A Paper', '--dir', root, ...Object.entries(base).flat(), ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`hub: ${message}`);
    expect(filesUnder(root)).toEqual([]);
  });

  it("checks tags against the hub's vocabulary", async () => {
    const root = makeHub(VOCABULARY);
    const bad = await hub(['new', 'A Paper', '--dir', root, '--type', 'paper', '--author', 'A', '--tag', 'innovation,total-plaice']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--tag "total-plaice" is not in the hub's tag vocabulary. Use one of: innovation, total-place, local-government`);
    const good = await hub(['new', 'A Paper', '--dir', root, '--type', 'paper', '--author', 'A', '--tag', 'innovation', '--tag', 'total-place,innovation']);
    expect(good.code).toBe(0);
    expect((await readBack(join(root, 'publications/a-paper.md'), ['innovation', 'total-place', 'local-government'])).metadata.tags).toEqual(['innovation', 'total-place']);
  });

  it('--yes takes the config default author, the first type and today in the local calendar', async () => {
    const root = makeHub(VOCABULARY);
    // UTC+14: a date computed in UTC would be a day behind for most of the day.
    const zone = 'Pacific/Kiritimati';
    const run = await hub(['new', 'Defaults', '--dir', root, '--yes'], { env: cleanEnv({ TZ: zone }) });
    expect(run.code).toBe(0);
    const { metadata } = await readBack(join(root, 'publications/defaults.md'), ['innovation', 'total-place', 'local-government']);
    expect(metadata).toMatchObject({ authors: ['Siân Llewellyn'], type: 'paper', date: todayIn(zone), status: 'draft', tags: [] });
  });

  it("--yes falls back to git's user.name, and names --author when there is neither", async () => {
    const root = makeHub();
    const gitConfig = join(root, 'gitconfig');
    writeFileSync(gitConfig, '[user]\n\tname = Aoife Ní Mhurchú\n');
    const withGit = await hub(['new', 'From Git', '--dir', root, '--yes', '--type', 'briefing'], { env: cleanEnv({ GIT_CONFIG_GLOBAL: gitConfig }) });
    expect(withGit.code).toBe(0);
    expect((await readBack(join(root, 'publications/from-git.md'))).metadata.authors).toEqual(['Aoife Ní Mhurchú']);
    const without = await hub(['new', 'No One', '--dir', root, '--yes']);
    expect(without.code).toBe(2);
    expect(without.stderr).toBe('hub: missing --author (--yes was given, so hub does not ask; there is no default-author in hub.config.yaml and no git user.name).\n');
  });

  it('writes a published paper with its summary, which round-trips', async () => {
    const root = makeHub();
    const summary = 'Why the hub exists: "to make innovation routine" — and how it will judge its own success, with #numbers: 1, 2 & 3.';
    const run = await hub(['new', 'The Hub Strategy', '--dir', root, '--type', 'paper', '--author', 'A', '--status', 'published', '--summary', summary]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`\`hub export --dir ${root}\``);
    expect((await readBack(join(root, 'publications/the-hub-strategy.md'))).metadata).toMatchObject({ status: 'published', summary });
    await expectValid(root);
  });

  it("uses the hub's own template for the type, filled with the answers; list skips templates", async () => {
    const root = makeHub();
    mkdirSync(join(root, 'publications/_templates'));
    writeFileSync(join(root, 'publications/_templates/briefing.md'), 'Prepared by {{ authors }} on {{ date }} for *{{ title }}*.\n\n## Ask\n');
    const run = await hub(['new', 'Cities_and *Regions*', '--dir', root, '--type', 'briefing', '--author', 'A', '--author', 'B', '--date', '2010-01-25']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(root, 'publications/cities-and-regions.md'), 'utf8')).toMatch(/---\n\nPrepared by A and B on 2010-01-25 for \*Cities\\_and \\\*Regions\\\*\*\.\n\n## Ask\n$/);
    const list = await hub(['list', '--dir', root, '--json']);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain('_templates');
    expect(list.stdout).toContain('cities-and-regions');
    await expectValid(root);
  });

  it('refuses a template that would give a paper hub validate rejects, and keeps no file', async () => {
    const root = makeHub();
    mkdirSync(join(root, 'publications/_templates'));
    writeFileSync(join(root, 'publications/_templates/paper.md'), '## Chart\n\n![Spend by area](images/missing.png)\n');
    writeFileSync(join(root, 'publications/_templates/essay.md'), 'By {{ author }}.\n');
    const broken = await hub(['new', 'A Paper', '--dir', root, '--type', 'paper', '--author', 'A']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('would fail hub validate, so it was not kept');
    expect(broken.stderr).toContain('HUB206');
    const unknown = await hub(['new', 'An Essay', '--dir', root, '--type', 'essay', '--author', 'A']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`uses {{ author }}, which hub new cannot fill`);
    expect(filesUnder(root)).toEqual(['publications/_templates/essay.md', 'publications/_templates/paper.md']);
  });

  it('--edit opens $VISUAL or $EDITOR on the new file, and still succeeds without one', async () => {
    const root = makeHub();
    const editor = join(root, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nprintf "%s" "$1" > "$(dirname "$0")/edited"\n');
    chmodSync(editor, 0o755);
    const run = await hub(['new', 'Edited', '--dir', root, '--type', 'paper', '--author', 'A', '--edit'], { env: cleanEnv({ EDITOR: editor }) });
    expect(run.code).toBe(0);
    expect(readFileSync(join(root, 'edited'), 'utf8')).toBe(join(root, 'publications/edited.md'));
    const none = await hub(['new', 'Not Edited', '--dir', root, '--type', 'paper', '--author', 'A', '--edit']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No editor to open: set $VISUAL or $EDITOR to use --edit.');
  });

  it('prints colour only when wanted (never with NO_COLOR)', async () => {
    const root = makeHub();
    const flags = ['--dir', root, '--type', 'paper', '--author', 'A'];
    const plain = await hub(['new', 'Plain', ...flags], { env: cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }) });
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await hub(['new', 'Coloured', ...flags], { env: cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '' }) });
    expect(coloured.stdout).toContain('\u001b[32mCreated\u001b[39m');
  });

  it("the sample hub's templates give papers that hub validate accepts", async () => {
    const samples = join(ROOT, 'publications/_templates');
    const types = readdirSync(samples).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -'.md'.length));
    expect(types.length).toBeGreaterThan(0);
    const root = makeHub();
    cpSync(samples, join(root, 'publications/_templates'), { recursive: true });
    for (const type of types) {
      const run = await hub(['new', `A ${type} & its *title*`, '--dir', root, '--type', type, '--author', 'Siân Llewellyn', '--author', 'Tomás Ó Briain', '--date', '2009-11-05']);
      expect(run.code, run.stderr).toBe(0);
      const body = (await readBack(join(root, `publications/a-${type}-and-its-title.md`))).body;
      const sample = readFileSync(join(samples, `${type}.md`), 'utf8');
      expect(body.split('\n').filter((line) => line.startsWith('## '))).toEqual(sample.split('\n').filter((line) => line.startsWith('## ')));
      expect(body).not.toContain('{{');
    }
    await expectValid(root);
  });
});
