// A hub written as a Jekyll/kramdown site writes, through the real bin/hub: with
// `markdown: kramdown` it validates and exports to HTML and PDF with none of kramdown's or
// Liquid's syntax left as text, abbreviations, definition lists and ids intact; without it,
// each kramdown line gets a warning that points at it.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium, shouldRun } from './helpers/browser.js';
import { makeHub, paper, runHub } from './helpers/hub.js';
import { readPdf, rolesOf, type StructNodeRead } from './helpers/pdf.js';

const ALPHA = [
  '{:.intro}',
  'The pilots asked what an API could do for the places they served.',
  '',
  '##1. Why places matter',
  '',
  'Places pooled budgets through the API and several APIs; see [the method](beta.md#trust-and-verify),',
  '[the explicit heading](beta.md#explicit) and [the note](#the-note).',
  '',
  'A note on method.',
  '{: #the-note .aside}',
  '',
  'Pilot',
  'Place',
  ': A local area that pooled its budgets.',
  ': A test of the approach.',
  '',
  'Total Place',
  ': The 2009–10 programme.',
  '',
  '* Contents',
  '{:toc}',
  '',
  '{::options parse_block_html="true" /}',
  '',
  '{% for p in site.pages %}',
  '* {{ p.title }}',
  '{% endfor %}',
  '',
  'Closing words with {{ page.title }} gone, and `{{ code }}` kept.',
  '',
  '*[API]: application programming interface',
  '*[APIs]: application programming interfaces',
  '',
].join('\n');

const BETA = ['##6. Trust and verify', '', 'Trust, then verify.', '', '## Heading with an explicit id {#explicit}', '', 'More text.', ''].join('\n');

const KRAMDOWN_SYNTAX = /\{:|\*\[|\{%|\{\{ p\.|\{\{ page/;

function hubWith(config: string): string {
  return makeHub({
    'hub.config.yaml': `name: Kramdown Test Hub\n${config}`,
    'publications/alpha.md': paper({ title: 'Alpha Guide', date: '2009-01-01' }, ALPHA),
    'publications/beta.md': paper({ title: 'Beta Guide', date: '2009-02-01' }, BETA),
  });
}

/** 1-based line of the first line of `file` that starts with `text`. */
function lineOf(root: string, file: string, text: string): number {
  return readFileSync(join(root, 'publications', file), 'utf8').split('\n').findIndex((line) => line.startsWith(text)) + 1;
}

function findNodes(nodes: readonly (StructNodeRead | null)[], role: string): StructNodeRead[] {
  const found: StructNodeRead[] = [];
  const visit = (node: StructNodeRead): void => {
    if (node.role === role) found.push(node);
    node.children.forEach(visit);
  };
  for (const node of nodes) if (node) visit(node);
  return found;
}

describe('a kramdown hub (markdown: kramdown)', () => {
  const root = hubWith('markdown: kramdown\n');
  const out = join(root, 'exports', 'pack');
  let exported: ReturnType<typeof runHub>;
  beforeAll(() => {
    exported = runHub(['export', '--dir', root, '--format', 'html,pdf', '--out', out]);
  });

  it('validates with no errors: one note for the classes, one warning for the template tags, at their lines', () => {
    const run = runHub(['validate', '--dir', root]);
    expect(run.stdout).not.toMatch(/  error  /);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`publications/alpha.md:${lineOf(root, 'alpha.md', '{:.intro}')}:1  info  HUB234`);
    expect(run.stdout).toContain(`publications/alpha.md:${lineOf(root, 'alpha.md', '{% for')}:1  warning  HUB230  template tags are not content: packs leave out "{% for p in site.pages %}" and 1 more in this paper`);
    expect(run.stdout).toMatch(/1 warning in 1 of 2 files \(and 1 note\)/);
  });

  it('exports HTML and PDF without --force, and notes are not repeated by export', () => {
    expect(exported.stderr).not.toContain('HUB234');
    expect(exported.stderr).toContain('HUB230');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/Wrote .*pack\.html/);
    expect(exported.stdout).toMatch(/Wrote .*pack\.pdf/);
  });

  it('HTML: abbreviations as <abbr title>, definition lists as <dl>, ids on headings and blocks that links reach', () => {
    const html = readFileSync(`${out}.html`, 'utf8');
    expect(html).toContain('<abbr title="application programming interface">API</abbr>');
    expect(html).toContain('<abbr title="application programming interfaces">APIs</abbr>');
    expect(html).toMatch(/<dl>\n<dt>Pilot<\/dt>\n<dt>Place<\/dt>\n<dd>A local area that pooled its budgets\.<\/dd>\n<dd>A test of the approach\.<\/dd>\n<dt>Total Place<\/dt>\n<dd>The 2009–10 programme\.<\/dd>\n<\/dl>/);
    expect(html).toContain('<p id="alpha--the-note">A note on method.</p>');
    expect(html).toMatch(/<h3 id="beta--trust-and-verify">Trust and verify<\/h3>|<h\d id="beta--trust-and-verify">6\. Trust and verify<\/h\d>/);
    expect(html).toMatch(/<h\d id="beta--explicit">Heading with an explicit id<\/h\d>/);
    for (const target of ['beta--trust-and-verify', 'beta--explicit', 'alpha--the-note']) expect(html).toContain(`href="#${target}"`);
    expect(html).toContain('<code>{{ code }}</code>');
  });

  it('PDF: no kramdown or Liquid syntax as text; a tagged list for the definitions; /E on abbreviations; working links', async () => {
    const pdf = await readPdf(readFileSync(`${out}.pdf`), { structure: true });
    const text = pdf.pages.join('\n');
    expect(text).toContain('Why places matter');
    expect(text).toContain('A local area that pooled its budgets.');
    expect(text).toContain('{{ code }}');
    expect(text.replace('{{ code }}', '')).not.toMatch(KRAMDOWN_SYNTAX);
    expect(text).not.toMatch(/Contents\n•|p\.title|parse_block_html/);
    expect(pdf.outline.flatMap((node) => node.items.map((item) => item.title))).toEqual(expect.arrayContaining(['6. Trust and verify', 'Heading with an explicit id', '1. Why places matter']));
    // The papers' only list is the definition list: two entries, each its terms (Lbl) and definitions (LBody).
    const lists = findNodes(pdf.structure, 'L');
    expect(lists.map((list) => list.children.map((item) => `${item.role}(${item.children.map((child) => child.role).join(',')})`))).toEqual([['LI(Lbl,LBody)', 'LI(Lbl,LBody)']]);
    expect(rolesOf(pdf.structure).filter((role) => role === 'Span')).toHaveLength(3);
    const dests = pdf.links.flat().flatMap((link) => (link.dest ? [link.dest] : []));
    for (const target of ['beta--trust-and-verify', 'beta--explicit', 'alpha--the-note']) {
      expect(dests).toContain(target);
      expect(await pdf.destinationPage(target)).toBeGreaterThan(0);
    }
    // pdfjs does not expose /E: read the structure elements with qpdf.
    const json = spawnSync('qpdf', ['--json=2', '--json-key=qpdf', `${out}.pdf`], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(json.status).toBe(0);
    const objects = Object.values((JSON.parse(json.stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }).qpdf[1]);
    const spans = objects.flatMap((object) => (object.value?.['/S'] === '/Span' ? [object.value['/E']] : []));
    expect(spans).toEqual(expect.arrayContaining(['u:application programming interface', 'u:application programming interfaces']));
    expect(spans).toHaveLength(3);
  });

  describe.runIf(shouldRun('Chromium', chromiumAvailable))('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows no kramdown or Liquid syntax as text, and every in-pack link lands on an element', async () => {
      const page = await browser.newPage();
      await page.setContent(readFileSync(`${out}.html`, 'utf8'));
      const seen = await page.evaluate(() => ({
        text: document.body.innerText,
        missing: [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')!.slice(1)).filter((id) => !document.getElementById(id)),
        // The pack's own metadata blocks are lists of terms too: take the paper's.
        terms: [...document.querySelectorAll('dl')].filter((dl) => dl.querySelector('dt')?.textContent === 'Pilot').flatMap((dl) => [...dl.querySelectorAll('dt')].map((dt) => dt.textContent)),
        abbreviations: [...document.querySelectorAll('abbr')].map((abbr) => `${abbr.textContent}=${abbr.title}`),
      }));
      expect(seen.text.replace('{{ code }}', '')).not.toMatch(KRAMDOWN_SYNTAX);
      expect(seen.missing).toEqual([]);
      expect(seen.terms).toEqual(['Pilot', 'Place', 'Total Place']);
      expect(seen.abbreviations).toEqual(['API=application programming interface', 'API=application programming interface', 'APIs=application programming interfaces']);
      await page.close();
    });
  });
});

describe('the same hub read as CommonMark (no markdown key)', () => {
  const root = hubWith('');

  it('warns once per kramdown line, with its file and line and the fix, and at the links to kramdown ids', () => {
    const run = runHub(['validate', '--dir', root]);
    // Warnings only: a link to an anchor the paper lacks goes to the paper's start.
    expect(run.status).toBe(0);
    const at = (file: string, text: string, code: string): string => `publications/${file}:${lineOf(root, file, text)}:1  warning  ${code}`;
    expect(run.stdout).toContain(`${at('alpha.md', '##1. Why places matter', 'HUB231')}  "##1. Why places matter" is a kramdown heading`);
    expect(run.stdout).toContain(`${at('beta.md', '##6. Trust and verify', 'HUB231')}`);
    expect(run.stdout).toContain(`${at('alpha.md', '{:.intro}', 'HUB232')}`);
    expect(run.stdout).toContain(`${at('alpha.md', '{: #the-note', 'HUB232')}`);
    expect(run.stdout).toContain(`${at('alpha.md', '{:toc}', 'HUB232')}`);
    expect(run.stdout).toContain(`${at('alpha.md', '*[API]:', 'HUB233')}`);
    expect(run.stdout).toContain(`${at('alpha.md', '*[APIs]:', 'HUB233')}`);
    expect(run.stdout).toContain(`${at('alpha.md', '{% for', 'HUB230')}`);
    expect(run.stdout).toContain('hint: Set `markdown: kramdown` in hub.config.yaml if the hub was written for kramdown (Jekyll), or fix the line.');
    // kramdown ids do not exist under CommonMark: the links to them are warnings that say where packs send them.
    expect(run.stdout).toMatch(/alpha\.md:\d+:\d+  warning  HUB205  link to "beta\.md#trust-and-verify": \S*publications\/beta\.md has no heading "#trust-and-verify"; packs link to the start of that paper/);
    expect(run.stdout).toMatch(/alpha\.md:\d+:\d+  warning  HUB205  link to "#the-note": this paper has no such heading; packs link to the start of this paper/);
    // The explicit id works in both dialects.
    expect(run.stdout).not.toContain('beta.md#explicit');
  });

  it('rejects an unknown dialect in the config, naming the key', () => {
    const run = runHub(['validate', '--dir', hubWith('markdown: redcarpet\n')]);
    expect(run.stdout + run.stderr).toMatch(/hub\.config\.yaml:2:\d+  error  HUB104  markdown  .*redcarpet/);
  });
});
