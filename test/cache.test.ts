// The caches: an unchanged paper is not read again; any change is seen.

import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndexCache, openListingCache } from '../src/io/cache.js';
import type { PaperRead } from '../src/model.js';
import { makeHub, paper, runHub } from './helpers/hub.js';

const read = (words: number): PaperRead => ({ data: { title: 'T' }, positions: [['title', { line: 2, column: 8 }]], problems: [], body: '', bodyLine: 5, words });
const past = new Date(Date.now() - 60_000);

describe('openListingCache', () => {
  it('keeps reads of settled files, re-reads changed ones, and forgets removed ones', async () => {
    const root = makeHub({ 'publications/a.md': 'one', 'publications/b.md': 'two' });
    const env = { HUB_CACHE_DIR: mkdtempSync(join(tmpdir(), 'hub-cache-')) };
    const [a, b] = ['a.md', 'b.md'].map((name) => join(root, 'publications', name)) as [string, string];
    for (const path of [a, b]) utimesSync(path, past, past);

    let reads = 0;
    const counting = (words: number) => async () => { reads++; return read(words); };
    const first = openListingCache(root, env);
    await first.read(a, counting(1));
    await first.read(b, counting(2));
    await first.save();
    expect(reads).toBe(2);

    const second = openListingCache(root, env);
    expect((await second.read(a, counting(99))).words).toBe(1);
    expect(reads).toBe(2);
    // Same size, new modification time: read again.
    const later = new Date(past.getTime() + 5000);
    utimesSync(b, later, later);
    expect((await second.read(b, counting(3))).words).toBe(3);
    expect(reads).toBe(3);
    await second.save();

    // b was not asked for this time: it drops out of the cache.
    const third = openListingCache(root, env);
    await third.read(a, counting(99));
    await third.save();
    const fourth = openListingCache(root, env);
    expect((await fourth.read(b, counting(4))).words).toBe(4);
  });

  it('does not keep a file written just now, whose time stamp may not move on its next change', async () => {
    const root = makeHub({ 'publications/a.md': 'fresh' });
    const env = { HUB_CACHE_DIR: mkdtempSync(join(tmpdir(), 'hub-cache-')) };
    const path = join(root, 'publications', 'a.md');
    const cache = openListingCache(root, env);
    await cache.read(path, async () => read(1));
    await cache.save();
    expect((await openListingCache(root, env).read(path, async () => read(2))).words).toBe(2);
  });

  it('ignores a corrupt cache file and can be switched off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-cache-'));
    const root = makeHub({ 'publications/a.md': 'x' });
    const path = join(root, 'publications', 'a.md');
    utimesSync(path, past, past);
    const cache = openListingCache(root, { HUB_CACHE_DIR: dir });
    await cache.read(path, async () => read(1));
    await cache.save();
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file!), '{ not json');
    expect((await openListingCache(root, { HUB_CACHE_DIR: dir }).read(path, async () => read(2))).words).toBe(2);
    expect((await openListingCache(root, { HUB_NO_CACHE: '1' }).read(path, async () => read(3))).words).toBe(3);
  });
});

describe('openIndexCache', () => {
  it('reads only the lines asked for, keeps the others as written, and re-reads a paper whose line is damaged', async () => {
    const names = ['a.md', 'b "quoted".md', 'c\\back.md', 'd.md'];
    const root = makeHub(Object.fromEntries(names.map((name) => [`publications/${name}`, name])));
    const env = { HUB_CACHE_DIR: mkdtempSync(join(tmpdir(), 'hub-cache-')) };
    const paths = names.map((name) => join(root, 'publications', name));
    for (const path of paths) utimesSync(path, past, past);
    const first = openIndexCache<{ n: number }>(root, 'fp', env);
    for (const [n, path] of paths.entries()) first.set(path, { n });
    await first.save();
    const [file] = readdirSync(env.HUB_CACHE_DIR);
    const written = readFileSync(join(env.HUB_CACHE_DIR, file!), 'utf8');

    // One paper asked for and changed: the others' lines are copied as they were.
    const second = openIndexCache<{ n: number }>(root, 'fp', env);
    expect(second.get(paths[2]!)).toEqual({ n: 2 });
    second.set(paths[0]!, { n: 10 });
    await second.save();
    const lines = readFileSync(join(env.HUB_CACHE_DIR, file!), 'utf8').split('\n');
    for (const index of [1, 2, 3]) expect(lines).toContain(written.split('\n').find((line) => line.includes(JSON.stringify(paths[index]))));

    // A damaged line costs that paper only.
    writeFileSync(join(env.HUB_CACHE_DIR, file!), lines.map((line) => (line.includes(JSON.stringify(paths[1])) ? line.slice(0, -5) : line)).join('\n'));
    const third = openIndexCache<{ n: number }>(root, 'fp', env);
    expect(paths.map((path) => third.get(path)?.n)).toEqual([10, undefined, 2, 3]);
  });

  it('finds every line of a cache file read in several blocks, lines running across their edges, and keeps the unread ones through a save', async () => {
    // About 3 MB: the file is scanned a megabyte at a time, so lines of 10–30 KB fall across block edges.
    const names = Array.from({ length: 150 }, (_, i) => `paper-${i}.md`);
    const root = makeHub(Object.fromEntries(names.map((name) => [`publications/${name}`, name])));
    const env = { HUB_CACHE_DIR: mkdtempSync(join(tmpdir(), 'hub-cache-')) };
    const paths = names.map((name) => join(root, 'publications', name));
    for (const path of paths) utimesSync(path, past, past);
    const value = (n: number): { n: number; text: string } => ({ n, text: `é${n} `.repeat(2500 + 200 * (n % 40)) });
    const first = openIndexCache<{ n: number; text: string }>(root, 'fp', env);
    for (const [n, path] of paths.entries()) first.set(path, value(n));
    await first.save();
    const [file] = readdirSync(env.HUB_CACHE_DIR);
    expect(readFileSync(join(env.HUB_CACHE_DIR, file!)).length).toBeGreaterThan(2.5 * 1024 * 1024);

    // Half read (from the end, out of file order), one changed: the rest are written back unread.
    const second = openIndexCache<{ n: number; text: string }>(root, 'fp', env);
    for (let n = 149; n >= 75; n--) expect(second.get(paths[n]!)).toEqual(value(n));
    second.set(paths[0]!, value(1000));
    await second.save();
    const third = openIndexCache<{ n: number; text: string }>(root, 'fp', env);
    expect(paths.map((path) => third.get(path)?.n)).toEqual([1000, ...names.slice(1).map((_, i) => i + 1)]);
  });
});

describe('hub list with the cache', () => {
  it('lists the same rows cached and uncached, and sees edits, new and removed papers', () => {
    const root = makeHub({ 'publications/a.md': paper({ title: 'Alpha' }), 'publications/b.md': paper({ title: 'Beta' }) });
    for (const name of ['a.md', 'b.md']) utimesSync(join(root, 'publications', name), past, past);
    const env = { HUB_CACHE_DIR: mkdtempSync(join(tmpdir(), 'hub-cache-')) };
    const list = (extra: Record<string, string> = {}) => runHub(['list', '--json', '--dir', root], { env: { ...env, ...extra } }).stdout;
    const cold = list();
    expect(list()).toBe(cold);
    expect(list({ HUB_NO_CACHE: '1' })).toBe(cold);

    writeFileSync(join(root, 'publications', 'a.md'), paper({ title: 'Alpha, revised', date: '2010-02-30' }));
    writeFileSync(join(root, 'publications', 'c.md'), paper({ title: 'Gamma' }));
    rmSync(join(root, 'publications', 'b.md'));
    const rows = JSON.parse(list()) as { title: string; errors: number }[];
    expect(rows.map((row) => [row.title, row.errors])).toEqual([['Alpha, revised', 1], ['Gamma', 0]]);
  });
});

describe('validate and export with the index cache', () => {
  const settle = (root: string, names: string[], when = past): void => {
    for (const name of names) utimesSync(join(root, 'publications', name), when, when);
  };

  it('gives what an uncached run gives, sees an edit, and keeps what an export did not read', () => {
    const root = makeHub({
      'hub.config.yaml': 'name: Cache Hub\n',
      'publications/a.md': paper({ title: 'Alpha' }, '## One\n\nSee [two](b.md#two).\n'),
      'publications/b.md': paper({ title: 'Beta' }, '## Two\n\nText.\n'),
      'publications/c.md': paper({ title: 'Gamma' }, '## Three\n\n![](missing.png)\n'),
    });
    settle(root, ['a.md', 'b.md', 'c.md']);
    const cacheDir = mkdtempSync(join(tmpdir(), 'hub-cache-'));
    const validate = (extra: Record<string, string> = {}) => runHub(['validate', '--json', '--dir', root], { env: { HUB_CACHE_DIR: cacheDir, ...extra } });
    const uncached = validate({ HUB_NO_CACHE: '1' });
    expect(validate().stdout).toBe(uncached.stdout);
    expect(readdirSync(cacheDir).some((name) => name.startsWith('index-'))).toBe(true);
    const warm = validate();
    expect(warm.stdout).toBe(uncached.stdout);
    expect(warm.status).toBe(uncached.status);

    // b loses the heading a links to: a's link is now broken, though a itself is unchanged and cached.
    writeFileSync(join(root, 'publications', 'b.md'), paper({ title: 'Beta' }, '## Renamed\n\nText.\n'));
    settle(root, ['b.md'], new Date(past.getTime() + 5000));
    const edited = validate();
    expect(edited.stdout).toBe(validate({ HUB_NO_CACHE: '1' }).stdout);
    expect(edited.stdout).toContain('#two');

    // Exporting one paper indexes it and the paper it links to; the others stay cached for the next validation.
    const out = join(root, 'one.html');
    expect(runHub(['export', 'b', '--dir', root, '--force', '--out', out], { env: { HUB_CACHE_DIR: cacheDir } }).status).toBe(0);
    // The cache file: a fingerprint line, then one line per paper, its path first.
    const lines = readFileSync(join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('index-'))!), 'utf8').trimEnd().split('\n').slice(1);
    expect(lines.map((line) => (JSON.parse(line) as [string])[0].split('/').pop()).sort()).toEqual(['a.md', 'b.md', 'c.md']);
  });

  it('is one cache whichever folder hub runs in, each run naming files from its own folder', () => {
    const root = makeHub({
      'publications/a.md': paper({ title: 'Alpha', colour: 'blue' }),
      'publications/b.md': paper({ title: 'Beta' }, '## Two\n\n![](missing.png)\n'),
    });
    settle(root, ['a.md', 'b.md']);
    const cacheDir = mkdtempSync(join(tmpdir(), 'hub-cache-'));
    const indexFile = (): string => readFileSync(join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('index-'))!), 'utf8');
    const validateFrom = (cwd: string) => runHub(['validate', '--dir', root], { cwd, env: { HUB_CACHE_DIR: cacheDir } });

    const fromRoot = validateFrom(root);
    expect(fromRoot.stdout).toMatch(/^publications\/a\.md:\d+:\d+\s+warning\s+HUB/m);
    expect(fromRoot.stdout).toMatch(/^publications\/b\.md:\d+:\d+\s+error\s+HUB/m);
    const written = indexFile();

    // From the publications folder: the same cache, untouched, and the files named from there.
    const fromInside = validateFrom(join(root, 'publications'));
    expect(indexFile()).toBe(written);
    expect(fromInside.stdout).toMatch(/^a\.md:\d+:\d+\s+warning\s+HUB/m);
    expect(fromInside.stdout).toMatch(/^b\.md:\d+:\d+\s+error\s+HUB/m);
    expect(fromInside.stdout).toBe(runHub(['validate', '--dir', root], { cwd: join(root, 'publications'), env: { HUB_NO_CACHE: '1' } }).stdout);
    expect(validateFrom(root).stdout).toBe(fromRoot.stdout);
  });

  it('does not use what was cached under another reading of the papers', () => {
    const root = makeHub({ 'publications/a.md': paper({ type: 'memo' }) });
    settle(root, ['a.md']);
    const cacheDir = mkdtempSync(join(tmpdir(), 'hub-cache-'));
    const validate = () => runHub(['validate', '--json', '--dir', root], { env: { HUB_CACHE_DIR: cacheDir } });
    expect(validate().stdout).toContain('HUB');
    // The config now allows the type: the cached "unknown type" error must not come back.
    writeFileSync(join(root, 'hub.config.yaml'), 'name: Cache Hub\ntypes: [memo]\n');
    const again = validate();
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(runHub(['validate', '--json', '--dir', root], { env: { HUB_NO_CACHE: '1' } }).stdout);
  });
});
