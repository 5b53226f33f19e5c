// One fixture per kind of bad input: each gets a clear diagnostic at the right line,
// and no bad paper stops the others being read.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHub } from '../src/check/hub.js';
import { loadPublications, readPublication } from '../src/check/paper.js';
import { makeHub, paper } from './helpers/hub.js';

const types = ['paper', 'essay', 'report', 'briefing'];
const contextIn = (root: string) => ({ types, tags: [], publicationsDir: join(root, 'publications') });

async function diagnose(content: string | Buffer, mode: 'metadata' | 'full' = 'full') {
  const root = makeHub({ 'publications/fixture.md': content });
  return (await readPublication(join(root, 'publications', 'fixture.md'), contextIn(root), mode)).diagnostics;
}

const BAD_INPUTS: [string, string | Buffer, string, number, string?][] = [
  ['no front matter', '# Title\n\nText\n', 'HUB002', 1],
  ['unterminated front matter', '---\ntitle: A\n', 'HUB003', 1],
  ['a YAML syntax error', paper({ title: '[unclosed' }), 'HUB004', 3],
  ['tab indentation', '---\ntitle: A\nauthors:\n\t- B\n---\n', 'HUB005', 4],
  ['a duplicate key', paper({ status: 'draft' }).replace('status: draft', 'status: draft\nstatus: review'), 'HUB006', 7, 'status'],
  ['a wrong type', paper({ authors: 'Siân Llewellyn' }), 'HUB102', 4, 'authors'],
  ['a list where text belongs', paper({ title: '[A, B]' }), 'HUB102', 2, 'title'],
  ['an empty title', paper({ title: '""' }), 'HUB103', 2, 'title'],
  ['a whitespace title', paper({ title: '"   "' }), 'HUB103', 2, 'title'],
  ['an impossible date', paper({ date: '2010-02-30' }), 'HUB105', 5, 'date'],
  ['a date with a time', paper({ date: '2010-02-03T10:00:00Z' }), 'HUB105', 5, 'date'],
  ['non-UTF-8 bytes', Buffer.concat([Buffer.from(paper()), Buffer.from([0xe9, 0x0a])]), 'HUB009', 13],
  ['a NUL byte', paper().replace('Text.', 'Te\u0000xt.'), 'HUB010', 12],
  ['an empty file', '', 'HUB001', 1],
  ['an alias bomb', paper() + '', 'HUB007', 2],
  ['an unknown status', paper({ status: 'publshed' }), 'HUB104', 6, 'status'],
  ['a missing summary on a published paper', paper({ summary: null }), 'HUB101', 1, 'summary'],
  ['a bad ISBN', paper({ isbn: '978-0-306-40615-8' }), 'HUB109', 8, 'isbn'],
  ['a bad DOI', paper({ doi: 'doi.org/10.1/x' }), 'HUB110', 8, 'doi'],
  ['a bad language tag', paper({ lang: 'english please' }), 'HUB111', 8, 'lang'],
  ['updated before date', paper({ updated: '2008-01-01' }), 'HUB112', 8, 'updated'],
  ['a tag not in kebab case', paper({ tags: '[Total_Place]' }), 'HUB107', 8, 'tags.0'],
  ['control characters in a title', paper({ title: '"\\u001b[2JGone"' }), 'HUB114', 2, 'title'],
  ['an empty author list', paper({ authors: '[]' }), 'HUB115', 4, 'authors'],
];
BAD_INPUTS[14]![1] = '---\nx: &a [a, a, a]\ny: &b [*a, *a, *a]\nz: [*b, *b, *b]\n---\n';

describe('bad input, one fixture each', () => {
  it.each(BAD_INPUTS)('%s gives a diagnostic with its code, line and field', async (_name, content, code, line, field) => {
    const diagnostics = await diagnose(content);
    const found = diagnostics.find((diagnostic) => diagnostic.code === code);
    expect(found, JSON.stringify(diagnostics)).toBeDefined();
    expect(found!.line).toBe(line);
    expect(found!.severity).toBe('error');
    if (field) expect(found!.field).toBe(field);
    expect(found!.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('accepts a UTF-8 BOM and CRLF line endings, in both read modes', async () => {
    const text = '\ufeff' + paper().replace(/\n/g, '\r\n');
    expect(await diagnose(text, 'full')).toEqual([]);
    expect(await diagnose(text, 'metadata')).toEqual([]);
  });

  it('keeps "no", numbers and dates as the text written', async () => {
    const root = makeHub({ 'publications/fixture.md': paper({ tags: '[no, yes]', isbn: '0306406152', title: '"1984"' }) });
    const publication = await readPublication(join(root, 'publications', 'fixture.md'), contextIn(root), 'full');
    expect(publication.diagnostics).toEqual([]);
    expect(publication.metadata).toMatchObject({ tags: ['no', 'yes'], isbn: '0306406152', title: '1984', date: '2009-03-14' });
  });

  it('warns about unknown fields and suggests the right one', async () => {
    const diagnostics = await diagnose(paper({ auther: 'X' }));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'HUB113', severity: 'warning', field: 'auther', hint: 'Did you mean authors?', line: 8 })]);
  });

  it('reads every paper even when some are broken', async () => {
    const root = makeHub({
      'publications/good.md': paper(),
      'publications/binary.md': Buffer.from([0, 1, 2, 3]),
      'publications/broken.md': '---\ntitle: [\n---\n',
      'publications/_templates/paper.md': 'not a paper',
      'publications/packs/x.md': 'not a paper either',
    });
    const hub = await openHub(root);
    const publications = await loadPublications(hub, 'metadata');
    expect(publications.map((publication) => [publication.slug, publication.diagnostics.length > 0])).toEqual([['binary', true], ['broken', true], ['good', false]]);
  });

  it('lists a bad paper with its slug as title and draft status, never as published', async () => {
    const root = makeHub({ 'publications/bad.md': paper({ title: '[x', status: 'published' }) });
    const [publication] = await loadPublications(await openHub(root), 'metadata');
    expect(publication!.metadata).toMatchObject({ title: 'bad', status: 'draft' });
  });
});

describe('the hub config', () => {
  it('sets the name, types and tag vocabulary, and papers are checked against them', async () => {
    const root = makeHub({
      'hub.config.yaml': 'name: Test Hub\ntypes: [paper, memo]\ntags: [innovation]\n',
      'publications/a.md': paper({ type: 'memo', tags: '[innovation, other]' }),
    });
    const hub = await openHub(root);
    expect(hub.config).toMatchObject({ name: 'Test Hub', types: ['paper', 'memo'], tags: ['innovation'] });
    const [publication] = await loadPublications(hub, 'full');
    expect(publication!.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.field])).toEqual([['HUB108', 'tags.1']]);
  });

  it('is validated like a paper', async () => {
    const root = makeHub({ 'hub.config.yaml': 'name: Test Hub\npaper: a5\nsortt: date\n' });
    const hub = await openHub(root);
    expect(hub.configDiagnostics.map((diagnostic) => [diagnostic.code, diagnostic.line, diagnostic.field])).toEqual([['HUB113', 3, 'sortt'], ['HUB104', 2, 'paper']]);
  });
});

describe('word counts', () => {
  it('agree whether counted on text (validate, export) or on raw bytes (list)', async () => {
    const { countWords, countWordsInBytes } = await import('../src/load/words.js');
    for (const text of ['', '   ', 'one', ' two  words ', 'Siân’s\tpaper —\r\nnew line', 'a\u00a0b']) {
      expect(countWords(text), JSON.stringify(text)).toBe(countWordsInBytes(Buffer.from(text), 0));
    }
    expect(countWords(' two  words ')).toBe(2);
  });
});
