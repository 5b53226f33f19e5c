// What a preview rebuild does, on the module itself: which papers it reads again, which
// pieces it renders again, what the page patch carries; and that a piece rendered on its
// own is byte for byte the piece inside the exported pack.

import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHub } from '../src/check/hub.js';
import { validate } from '../src/check/validate.js';
import type { Diagnostic } from '../src/model.js';
import { formatDiagnostic } from '../src/cli/report.js';
import { plain } from '../src/cli/colour.js';
import { emptyQuery } from '../src/pack/select.js';
import { PreviewSession, type PreviewRequest } from '../src/preview/session.js';
import { partSettings, renderHtml, renderPiece } from '../src/render/html/index.js';
import { makeHub, paper, PROJECT } from './helpers/hub.js';

function request(overrides: Partial<PreviewRequest> = {}): PreviewRequest {
  return { query: emptyQuery('date'), includeDrafts: true, paper: 'a4', generator: 'hub test', describe: (diagnostic) => formatDiagnostic(diagnostic, plain), ...overrides };
}

/** Three papers: b links to a (in the pack), c links to a heading of b. */
function threePapers(): string {
  return makeHub({
    'publications/a.md': paper({ title: 'Paper A', date: '2009-01-01' }, '## Start\n\nText of A.\n'),
    'publications/b.md': paper({ title: 'Paper B', date: '2009-02-01' }, '## Middle\n\nSee [A](a.md).\n'),
    'publications/c.md': paper({ title: 'Paper C', date: '2009-03-01' }, '## End\n\nSee [the middle of B](b.md#middle).\n'),
  });
}

function save(root: string, file: string, text: string): string {
  const path = join(root, 'publications', file);
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return path;
}

describe('PreviewSession.rebuild', () => {
  it('reads and renders only the edited paper when its title changes inside the pack', async () => {
    const root = threePapers();
    const { session, report } = await PreviewSession.open(await openHub(root), request());
    expect(report).toMatchObject({ pieces: 3, reread: 3, rendered: 3, diagnostics: [] });
    const path = save(root, 'a.md', paper({ title: 'Paper A, Revised', date: '2009-01-01' }, '## Start\n\nText of A.\n'));
    const rebuilt = await session.rebuild(new Set([path]));
    expect(rebuilt).toMatchObject({ reread: 1, rendered: 1 });
    expect(rebuilt.patch).toMatchObject({ from: 1, build: 2, reload: false, order: ['a', 'b', 'c'] });
    expect(Object.keys(rebuilt.patch.pieces)).toEqual(['a']);
    expect(Object.keys(rebuilt.patch.entries)).toEqual(['a']);
    expect(rebuilt.patch.pieces.a).toContain('<h2 id="a.title">Paper A, Revised</h2>');
    expect(rebuilt.patch.problems).toBeUndefined(); // unchanged: still empty
  });

  it('re-checks the papers that link to a changed one and renders again those whose links change', async () => {
    const root = threePapers();
    const { session } = await PreviewSession.open(await openHub(root), request({ includeDrafts: false }));
    // b renames its heading: c's link now points nowhere (a problem of c), yet only b is read again.
    const b = save(root, 'b.md', paper({ title: 'Paper B', date: '2009-02-01' }, '## Centre\n\nSee [A](a.md).\n'));
    const renamed = await session.rebuild(new Set([b]));
    expect(renamed).toMatchObject({ reread: 1, rendered: 1 });
    expect(renamed.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.path?.endsWith('c.md')}`)).toContain('HUB205 true');
    // a becomes a draft and leaves a published-only pack: b's link to it must become text.
    const a = save(root, 'a.md', paper({ title: 'Paper A', date: '2009-01-01', status: 'draft' }, '## Start\n\nText of A.\n'));
    const left = await session.rebuild(new Set([a]));
    expect(left.patch.order).toEqual(['b', 'c']);
    expect(left).toMatchObject({ reread: 1, rendered: 1 });
    expect(left.patch.pieces.b).toContain('A (see “Paper A”, not in this pack)');
  });

  it('shows a paper whose front matter cannot be read as a placeholder in its place, and brings it back', async () => {
    const root = threePapers();
    const { session } = await PreviewSession.open(await openHub(root), request());
    const good = paper({ title: 'Paper B', date: '2009-02-01' }, '## Middle\n\nSee [A](a.md).\n');
    const b = save(root, 'b.md', good.replace('title: Paper B', 'title: [Paper B'));
    const broken = await session.rebuild(new Set([b]));
    expect(broken.patch.order).toEqual(['a', 'b', 'c']); // where its last readable date put it
    expect(broken.patch.pieces.b).toContain('This paper could not be read');
    expect(broken.patch.pieces.b).toContain('HUB004');
    expect(broken.patch.problems).toMatch(/b\.md:3:1  error  HUB004/);
    save(root, 'b.md', good);
    const fixed = await session.rebuild(new Set([b]));
    expect(fixed.diagnostics).toEqual([]);
    expect(fixed.patch.pieces.b).toContain('<h2 id="b.title">Paper B</h2>');
    expect(fixed.patch.problems).toBe('<section id="hub.problems" class="problems" hidden></section>\n');
  });

  it('follows papers added and removed', async () => {
    const root = threePapers();
    const { session } = await PreviewSession.open(await openHub(root), request());
    const d = save(root, 'd.md', paper({ title: 'Paper D', date: '2008-12-01' }));
    const added = await session.rebuild(new Set([d]));
    expect(added.patch.order).toEqual(['d', 'a', 'b', 'c']);
    expect(Object.keys(added.patch.pieces)).toEqual(['d']);
    rmSync(join(root, 'publications', 'a.md'));
    const removed = await session.rebuild(new Set([join(root, 'publications', 'a.md')]));
    expect(removed.patch.order).toEqual(['d', 'b', 'c']);
    // b's link to a now leads nowhere: b is rendered again, with the link as text.
    expect(removed.rendered).toBe(1);
    expect(removed.diagnostics.map((diagnostic) => diagnostic.code)).toContain('HUB204');
  });

  it('gives, after edits, the same diagnostics as validating the whole hub afresh', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hub-session-'));
    cpSync(join(PROJECT, 'publications'), join(root, 'publications'), { recursive: true });
    const { session } = await PreviewSession.open(await openHub(root), request());
    const edit = (file: string, change: (text: string) => string): string => save(root, file, change(readFileSync(join(root, 'publications', file), 'utf8')));
    // A heading others link to is renamed; a related slug breaks; a paper is copied under a new slug.
    const edits = [
      edit('place-based-innovation.md', (text) => text.replace('## Total Place in practice', '## Total Place at work')),
      edit('leading-innovation.md', (text) => text.replace(/^related:.*$/m, 'related: [the-hub-strategy, no-such-paper]')),
      save(root, 'the-hub-copy.md', readFileSync(join(root, 'publications', 'the-hub-strategy.md'), 'utf8')),
    ];
    let report;
    for (const path of edits) report = await session.rebuild(new Set([path]));
    const afresh = await validate(await openHub(root), false);
    const text = (diagnostics: Diagnostic[]): string[] => diagnostics.filter((diagnostic) => !diagnostic.code.startsWith('HTML')).map((diagnostic) => formatDiagnostic(diagnostic, plain)).sort();
    expect(text(report!.diagnostics)).toEqual(text(afresh.diagnostics));
    expect(text(report!.diagnostics).join('\n')).toMatch(/HUB205.*total-place-in-practice/);
    expect(text(report!.diagnostics).join('\n')).toContain('HUB203');
    expect(text(report!.diagnostics).join('\n')).toContain('HUB202');
  });

  it('serves a page that is the exported pack plus the live parts, built from the same pieces', async () => {
    const root = threePapers();
    const hub = await openHub(root);
    const { session } = await PreviewSession.open(hub, request());
    const page = session.pageBytes().toString('utf8');
    expect(page).toContain('data-hub-build="1"');
    expect(page.match(/<script>/g)).toHaveLength(1);
    expect(page).toContain('<section id="hub.problems" class="problems" hidden></section>');
    const articles = [...page.matchAll(/<article[\s\S]*?<\/article>\n/g)].map((match) => match[0]);
    expect(articles).toHaveLength(3);
    // The same articles as `hub export` would write: a piece renders the same alone as in the pack.
    const { buildPack } = await import('../src/pack/assemble.js');
    const { validateSome } = await import('../src/check/validate.js');
    const { paperFiles } = await import('../src/load/load.js');
    const checked = await validateSome(hub, paperFiles(hub));
    const { readPaperBody } = await import('../src/load/load.js');
    const pack = buildPack(hub, { papers: checked.papers, titleOf: () => undefined, bodyOf: (publication) => readPaperBody(publication.path), generator: 'hub test' });
    const exported = renderHtml(pack, { paper: 'a4', warn: () => {} });
    for (const [index, piece] of pack.pieces.entries()) {
      expect(exported).toContain(renderPiece(piece, partSettings(pack)).html);
      expect(articles[index]).toBe(renderPiece(piece, partSettings(pack)).html);
    }
  });
});
