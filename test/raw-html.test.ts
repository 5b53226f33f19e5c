// Raw HTML means the same in both packs: it is cleaned by the allowlist, then turned into the
// tokens the Markdown would give, once (markdown/rawhtml.ts). Driven through the real bin/hub,
// and as modules. Fixture: test/fixtures/rawhtml/raw-html.md (written for these tests).

import { copyFileSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Token } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { childTokenLists, lexBody as lexBodyIn } from '../src/markdown/lex.js';
import { makeHub, paper, runHub, type HubRun } from './helpers/hub.js';
import { readPdf, rolesOf, squash } from './helpers/pdf.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const RAW_PAPER = readFileSync(join(FIXTURES, 'rawhtml/raw-html.md'), 'utf8');
const CHART = join(FIXTURES, 'html/images/pilot-costs.png');
/** Tags that must never be read as text in either pack. */
const TAG_TEXT = /<\/?(h[1-6]|li|ol|ul|p|table|tr|td|th|img|a|dl|dt|dd|details|summary|figure|figcaption|strong|em|code|pre|br|blockquote)\b/i;

function types(tokens: readonly Token[]): string[] {
  const found: string[] = [];
  const visit = (list: readonly Token[]): void => {
    for (const token of list) {
      found.push(token.type);
      for (const child of childTokenLists(token)) visit(child);
    }
  };
  visit(tokens);
  return found;
}

const lexBody = (body: string) => {
  const { tokens, rawHtml } = lexBodyIn(body, 'commonmark');
  return { tokens, rawHtml: rawHtml! };
};

describe('lexBody turns raw HTML into tokens', () => {
  const body = RAW_PAPER.slice(RAW_PAPER.indexOf('\n---\n') + 5);
  const { tokens, rawHtml } = lexBody(body);

  it('leaves no raw HTML token anywhere', () => {
    expect(types(tokens)).not.toContain('html');
  });

  it('gives raw headings their level and their written id', () => {
    const headings = tokens.filter((token) => token.type === 'heading') as (Token & { depth: number; text: string; anchor?: string })[];
    expect(headings.map((heading) => [heading.depth, heading.text, heading.anchor])).toEqual([
      [2, 'First raw section', 'first-raw'],
      [2, 'Second raw section', undefined],
      [3, 'Raw third level', undefined],
    ]);
  });

  it('makes lists, a table, images, links, anchors, a definition list and a figure', () => {
    const found = types(tokens);
    for (const type of ['list', 'list_item', 'table', 'image', 'link', 'strong', 'em', 'codespan', 'del', 'br', 'blockquote', 'code', 'anchor', 'definitionList']) {
      expect(found).toContain(type);
    }
    const images = found.filter((type) => type === 'image');
    // Three local images; the remote one alone inside a link gave way to a name for the link (its URL, as it has no alt).
    expect(images).toHaveLength(3);
    const figure = JSON.stringify(tokens).match(/"title":"Spend by area, 2009"/);
    expect(figure).not.toBeNull();
  });

  it('reports what it kept only as text', () => {
    expect([...rawHtml.textOnlyTags].sort()).toEqual(['mark', 'u']);
    expect(rawHtml.removed.tags.size).toBe(0);
  });

  it('drops scripts with their content and keeps no event handlers', () => {
    const hostile = lexBody('<p onclick="x()">Safe <script>alert(1)</script>text</p>\n');
    expect(JSON.stringify(hostile.tokens)).not.toMatch(/alert|onclick/);
    expect([...hostile.rawHtml.removed.tags]).toEqual(['script']);
    expect([...hostile.rawHtml.removed.attributes]).toEqual(['onclick']);
  });
});

describe('raw HTML through bin/hub export', () => {
  let hub: string;
  let run: HubRun;
  let html: string;
  let pdf: Awaited<ReturnType<typeof readPdf>>;

  beforeAll(async () => {
    hub = makeHub({ 'publications/raw-html.md': RAW_PAPER });
    mkdirSync(join(hub, 'publications/images'), { recursive: true });
    copyFileSync(CHART, join(hub, 'publications/images/chart.png'));
    run = runHub(['export', '--dir', hub, '--format', 'html,pdf', '--out', join(hub, 'out/pack')]);
    html = readFileSync(join(hub, 'out/pack.html'), 'utf8');
    pdf = await readPdf(readFileSync(join(hub, 'out/pack.pdf')), { structure: true });
  }, 120_000);

  it('exports without errors, warning once for the tags kept as text and for the long table row', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('raw-html.md:70:34  warning  HUB220  raw HTML <mark>, <u> is kept as plain text in the packs');
    expect(run.stderr).toMatch(/raw-html\.md:74:1 {2}warning {2}HUB222 {2}table row has 3 cells, the header has 1/);
    expect(run.stderr.match(/HUB220/g)).toHaveLength(1);
  });

  it('never prints a raw tag as text in the PDF', () => {
    const text = pdf.pages.join('\n');
    expect(text).not.toMatch(TAG_TEXT);
    expect(squash(text)).toContain('A raw paragraph with strong, bold, emphasis, italic, code(), deleted, a line');
    expect(squash(text)).toContain('Operating system Browser');
  });

  it('puts raw h2 and h3 headings in the PDF outline and structure tree', () => {
    const titles = (nodes: typeof pdf.outline): string[] => nodes.flatMap((node) => [node.title, ...titles(node.items)]);
    expect(titles(pdf.outline)).toEqual(expect.arrayContaining(['First raw section', 'Second raw section', 'Raw third level']));
    const roles = rolesOf(pdf.structure);
    expect(roles.filter((role) => role === 'H2').length).toBeGreaterThanOrEqual(2);
    expect(roles).toContain('H3');
    expect(roles).toEqual(expect.arrayContaining(['Table', 'TH', 'TD', 'L', 'LI', 'Lbl', 'LBody', 'BlockQuote', 'Code']));
  });

  it('embeds the local raw images in the PDF as figures with their alt text', () => {
    const figures: string[] = [];
    const visit = (node: { role: string; alt?: string; children: unknown[] } | null): void => {
      if (!node) return;
      if (node.role === 'Figure') figures.push(node.alt ?? '');
      for (const child of node.children) visit(child as typeof node);
    };
    pdf.structure.forEach(visit);
    // The last one sat in a link to its own file, which a pack keeps only as text (HUB240): the image stays.
    expect(figures).toEqual(['Raw chart of spend', 'Figure chart', 'Linked chart']);
  });

  it('links raw <a href="#…"> within the piece in the PDF, and to id and name anchors', async () => {
    const dests = pdf.links.flat().map((link) => link.dest).filter(Boolean);
    expect(dests).toEqual(expect.arrayContaining(['raw-html--first-raw', 'raw-html--second-raw-section', 'raw-html--named-place', 'raw-html--old-anchor']));
    expect(await pdf.destinationPage('raw-html--named-place')).toBeGreaterThan(0);
  });

  it('makes the same structure in the HTML pack, with no raw tag left as text', () => {
    expect(html).toContain('<h3 id="raw-html--first-raw">First raw section</h3>');
    expect(html).toContain('<h3 id="raw-html--second-raw-section">Second raw section</h3>');
    expect(html).toContain('<a href="#raw-html--second-raw-section">link to the second section</a>');
    expect(html).toContain('<span id="raw-html--named-place"></span>');
    expect(html).toMatch(/<dl>\n<dt>Alpha<\/dt>\n<dd><p>The phase where you try things.<\/p><\/dd>/);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(html).toContain('<figcaption>Spend by area, 2009</figcaption>');
    expect(html).toContain('<a href="https://example.org/prototype">https://example.org/prototype</a>');
    expect(html).not.toMatch(/&lt;\/?(h2|li|ol|img|table|td)\b/);
  });

  it('keeps the cells of a row longer than its header in both packs', () => {
    expect(html).toContain('<td>So that I can ring the press office</td>');
    expect(squash(pdf.pages.join(' '))).toContain('So that I can ring the press office');
  });
});

describe('images stay inside publications/', () => {
  it('refuses ../outside.png and a symbolic link that leads out, as it refuses ../../etc/passwd.png', () => {
    const hub = makeHub({ 'hub.config.yaml': 'name: Whitehall Innovation Hub\n',
      'publications/a.md': paper({}, '## Images\n\n![Outside](../outside.png)\n\n![Through a link](images/linked.png)\n\n<img src="../outside.png" alt="Raw outside">\n'),
    });
    copyFileSync(CHART, join(hub, 'outside.png'));
    mkdirSync(join(hub, 'publications/images'));
    symlinkSync(join(hub, 'outside.png'), join(hub, 'publications/images/linked.png'));
    const run = runHub(['validate', '--dir', hub]);
    expect(run.status).toBe(1);
    const outside = run.stdout.split('\n').filter((line) => line.includes('HUB208'));
    expect(outside).toEqual([
      expect.stringContaining(`a.md:12:1  error  HUB208  image "../outside.png" is outside the hub's publications/ folder`),
      expect.stringContaining(`a.md:14:1  error  HUB208  image "images/linked.png" is outside the hub's publications/ folder`),
      expect.stringContaining(`a.md:16:`),
    ]);
    const exported = runHub(['export', '--dir', hub, '--force']);
    expect(exported.status).toBe(0);
    const pack = readFileSync(join(hub, 'exports/whitehall-innovation-hub-reader-pack.html'), 'utf8');
    expect(pack).not.toContain('data:image/png');
  });
});

describe('hub export --force', () => {
  const broken = paper({ date: '2009-02-30' }, '## Intro\n\nSee [nowhere](#no-such-heading) and [a lost paper](lost.md).\n');

  it('refuses without --force, naming --force and hub validate, and leaves the earlier pack alone', () => {
    const hub = makeHub({ 'hub.config.yaml': 'name: Whitehall Innovation Hub\n', 'publications/good.md': paper({ title: 'Good' }) });
    expect(runHub(['export', '--dir', hub]).status).toBe(0);
    const packFile = join(hub, 'exports/whitehall-innovation-hub-reader-pack.html');
    const before = readFileSync(packFile, 'utf8');
    const mtime = statSync(packFile).mtimeMs;
    writeFileSync(join(hub, 'publications/broken.md'), broken);
    const run = runHub(['export', '--dir', hub]);
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      "Export stopped: 2 errors in the pack's papers. Fix them (`hub validate` lists them) and export again, or add --force to write the pack anyway with each error shown as a warning.",
    );
    expect(readFileSync(packFile, 'utf8')).toBe(before);
    expect(statSync(packFile).mtimeMs).toBe(mtime);
  });

  it('writes the pack with each error shown as a warning and degraded visibly, and a closing count', () => {
    const hub = makeHub({ 'hub.config.yaml': 'name: Whitehall Innovation Hub\n', 'publications/broken.md': broken });
    const run = runHub(['export', '--dir', hub, '--force', '--format', 'html,pdf']);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/ {2}error {2}/);
    expect(run.stderr).toMatch(/broken\.md:5:7 {2}warning {2}HUB105 {2}date/);
    expect(run.stderr).toMatch(/warning {2}HUB205 {2}link to "#no-such-heading"/);
    expect(run.stderr).toMatch(/warning {2}HUB204 {2}link to "lost.md"/);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('Exported with --force despite 2 errors, shown above as warnings; `hub validate` lists them to fix.');
    expect(run.stdout).toMatch(/Wrote exports\/whitehall-innovation-hub-reader-pack\.html|Wrote .*reader-pack\.html/);
    const pack = readFileSync(join(hub, 'exports/whitehall-innovation-hub-reader-pack.html'), 'utf8');
    expect(pack).toContain('See <a href="#broken">nowhere</a> and a lost paper (link to lost.md: no such paper).');
    // The impossible date falls back to a safe value rather than stopping the pack.
    expect(pack).not.toContain('2009-02-30');
  }, 60_000);
});
