// The pack layer (selection, manifests, order, link rewriting, ids) and the export
// command's gate and atomic output, through bin/hub where the user would see it.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Token, Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { openHub } from '../src/check/hub.js';
import { readPaperBody } from '../src/load/load.js';
import type { PackHeadingToken } from '../src/model.js';
import { buildPack, packCreated } from '../src/pack/assemble.js';
import { RULES } from '../src/check/rules.js';
import { validate } from '../src/check/validate.js';
import { makeHub, paper, runHub } from './helpers/hub.js';

function links(tokens: Token[]): Tokens.Link[] {
  const found: Tokens.Link[] = [];
  const walk = (list: Token[]): void => {
    for (const token of list) {
      if (token.type === 'link') found.push(token as Tokens.Link);
      if ('tokens' in token && token.tokens) walk(token.tokens);
      if (token.type === 'list') walk((token as Tokens.List).items);
    }
  };
  walk(tokens);
  return found;
}

async function packOf(files: Record<string, string>, slugs: string[]) {
  const root = makeHub(files);
  const hub = await openHub(root);
  const { collection, diagnostics } = await validate(hub, false);
  const papers = slugs.map((slug) => collection.bySlug.get(slug)![0]!);
  const titleOf = (path: string) => collection.byPath.get(path)?.publication.metadata.title;
  return { root, collection, diagnostics, pack: buildPack(hub, { papers, titleOf, bodyOf: (publication) => readPaperBody(publication.path), generator: 'hub test', ...(process.env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: process.env.SOURCE_DATE_EPOCH } : {}) }) };
}

describe('buildPack', () => {
  it('gives every heading a pack-wide id and rewrites links for the pack', async () => {
    const { root, pack } = await packOf({
      'publications/a.md': paper({ title: 'Paper A' }, '## Aims\n\nSee [B’s method](b.md#method), [all of B](b.md), [C](c.md#aims), [our aims](#aims), [GOV.UK](https://www.gov.uk/).\n\n![A chart](images/chart.png)\n'),
      'publications/b.md': paper({ title: 'Paper B' }, '## Method\n\n## Method\n'),
      'publications/c.md': paper({ title: 'Paper C' }, '## Aims\n'),
      'publications/images/chart.png': 'png',
    }, ['a', 'b']);
    const [pieceA, b] = pack.pieces;
    const a = { tokens: pieceA!.source() };
    expect(b!.headings.map((heading) => heading.id)).toEqual(['b--method', 'b--method-1']);
    expect((a!.tokens.find((token) => token.type === 'heading') as PackHeadingToken).id).toBe('a--aims');
    expect(links(a!.tokens).map((link) => link.href)).toEqual(['#b--method', '#b', '#a--aims', 'https://www.gov.uk/']);
    // C is not in the pack: its words stay, with a reference by title, and no link.
    const paragraph = a!.tokens.find((token) => token.type === 'paragraph') as Tokens.Paragraph;
    expect(paragraph.tokens.map((token) => ('text' in token ? token.text : '')).join('')).toContain('C (see “Paper C”, not in this pack)');
    const image = (a!.tokens.find((token) => token.type === 'paragraph' && token.raw.startsWith('![')) as Tokens.Paragraph).tokens[0] as Tokens.Image;
    expect(image.href).toBe(join(root, 'publications', 'images', 'chart.png'));
  });

  it('names the pack after the hub, dates it by its newest piece or SOURCE_DATE_EPOCH', async () => {
    const { pack } = await packOf({ 'hub.config.yaml': 'name: Whitehall Innovation Hub\n', 'publications/a.md': paper({ date: '2009-01-02' }), 'publications/b.md': paper({ title: 'B', date: '2010-03-04' }) }, ['a', 'b']);
    expect(pack).toMatchObject({ title: 'Whitehall Innovation Hub reader pack', slug: 'whitehall-innovation-hub-reader-pack', hubName: 'Whitehall Innovation Hub', lang: 'en-GB' });
    expect(packCreated([]).getTime()).toBe(0);
    expect(pack.date).toBe(process.env.SOURCE_DATE_EPOCH ? packCreated([], process.env.SOURCE_DATE_EPOCH).toISOString().slice(0, 10) : '2010-03-04');
    expect(packCreated([], '1262304000').toISOString()).toBe('2010-01-01T00:00:00.000Z');
  });

  it('leaves what validation found untouched: the rules give the same diagnostics after packing and rendering', async () => {
    const { collection, diagnostics, pack } = await packOf({
      'publications/a.md': paper({ title: 'Paper A' }, '## Aims\n\nSee [B](b.md#method), [gone](b.md#gone), [C](c.md), [here](#aims), [nowhere](#nope).\n'),
      'publications/b.md': paper({ title: 'Paper B' }, '## Method\n'),
      'publications/c.md': paper({ title: 'Paper C' }, '## Aims\n'),
    }, ['a', 'b']);
    const before = RULES.flatMap((rule) => rule(collection));
    expect(before.map((diagnostic) => diagnostic.code)).toEqual(['HUB205', 'HUB205']);
    for (const piece of pack.pieces) piece.source();
    expect(RULES.flatMap((rule) => rule(collection))).toEqual(before);
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'HUB205')).toEqual(before);
  });
});

describe('hub export', () => {
  it('exports the published papers by default, oldest first, and says what it wrote', () => {
    const root = makeHub({
      'hub.config.yaml': 'name: Whitehall Innovation Hub\n',
      'publications/old.md': paper({ title: 'Old', date: '2008-01-01' }),
      'publications/new.md': paper({ title: 'New', date: '2009-01-01' }),
      'publications/draft.md': paper({ title: 'Draft', status: 'draft' }),
    });
    const run = runHub(['export', '--dir', root], { cwd: root });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Wrote exports\/whitehall-innovation-hub-reader-pack\.html \(\d+ KB, 2 pieces\) in \d+\.\d s\n$/);
    expect(run.stderr).toContain('Left out 1 draft or review piece (draft); add --include-drafts to include them.');
    const html = readFileSync(join(root, 'exports', 'whitehall-innovation-hub-reader-pack.html'), 'utf8');
    expect(html.indexOf('>Old<')).toBeLessThan(html.indexOf('>New<'));
    expect(html).not.toContain('>Draft<');
  });

  it('follows a curated pack manifest: its title, its order, its introduction', () => {
    const root = makeHub({
      'publications/a.md': paper({ title: 'Alpha', date: '2008-01-01' }),
      'publications/b.md': paper({ title: 'Beta', date: '2009-01-01' }),
      'publications/packs/reading.yaml': 'title: Reading List\nsubtitle: Two papers\nintroduction: |\n  Start with [Beta](b.md).\npieces:\n  - b\n  - a\n',
    });
    const run = runHub(['export', '--dir', root, '--pack', 'reading', '--out', join(root, 'out.html')]);
    expect(run.status, run.stderr).toBe(0);
    const html = readFileSync(join(root, 'out.html'), 'utf8');
    expect(html).toContain('Reading List');
    expect(html.indexOf('>Beta<')).toBeLessThan(html.indexOf('>Alpha<'));
    expect(html).toContain('href="#b"');
  });

  it('stops on validation errors in the pack, listing them, and writes nothing', () => {
    const root = makeHub({ 'publications/a.md': paper({ date: '2010-02-30' }) });
    const run = runHub(['export', '--dir', root], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('publications/a.md:5:7  error  HUB105  date');
    expect(run.stderr).toContain("Export stopped: 1 error in the pack's papers.");
    expect(existsSync(join(root, 'exports'))).toBe(false);
  });

  it('refuses an unknown pack, slug, format or paper size with exit 1 or 2', () => {
    const root = makeHub({ 'publications/a.md': paper(), 'publications/packs/p.yaml': 'title: P\npieces: [a, zz]\n' });
    expect(runHub(['export', '--dir', root, '--pack', 'p']).status).toBe(1);
    expect(runHub(['export', '--dir', root, 'nope']).status).toBe(2);
    expect(runHub(['export', '--dir', root, '--format', 'docx']).status).toBe(2);
    expect(runHub(['export', '--dir', root, '--format', 'pdf', '--paper', 'a5']).status).toBe(2);
    expect(runHub(['export', '--dir', root, '--status', 'draft']).status).toBe(1);
  });

  it('never replaces a good pack with a failed one, and leaves no temporary file', () => {
    const root = makeHub({ 'publications/a.md': paper() });
    const out = join(root, 'exports', 'pack.html');
    expect(runHub(['export', '--dir', root, '--out', out]).status).toBe(0);
    const good = readFileSync(out, 'utf8');
    // A paper that becomes invalid stops the next export before anything is written.
    writeFileSync(join(root, 'publications', 'a.md'), paper({ status: 'nonsense' }));
    expect(runHub(['export', '--dir', root, '--out', out]).status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(good);
    // An output that cannot be written fails cleanly, in one line with its reason.
    writeFileSync(join(root, 'publications', 'a.md'), paper());
    const blocked = runHub(['export', '--dir', root, '--out', join(root, 'publications', 'a.md', 'pack.html')]);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/^hub: Could not write .*pack\.html: part of the path is a file, not a folder\.\n$/);
    expect(readdirSync(join(root, 'exports'))).toEqual(['pack.html']);
  });

  it('is deterministic: the same papers give byte-identical HTML', () => {
    const root = makeHub({ 'publications/a.md': paper() });
    runHub(['export', '--dir', root, '--out', join(root, 'one.html')]);
    runHub(['export', '--dir', root, '--out', join(root, 'two.html')]);
    expect(readFileSync(join(root, 'one.html'))).toEqual(readFileSync(join(root, 'two.html')));
  });
});
