// The pieces of `hub new` that need no process: slugs, front matter, templates.

import type { Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { draftText, frontMatter, slugFor, slugProblem, type Answers } from '../src/draft/draft.js';
import { readYamlExact, readYamlFast, splitFrontMatter } from '../src/load/frontmatter.js';
import { lexMarkdown, plainText } from '../src/markdown/lex.js';
import { isKebabCase } from '../src/check/schema.js';
import { escapeMarkdown, fillTemplate, joinNames } from '../src/draft/templates.js';

const base: Answers = { title: 'The Hub Strategy', type: 'paper', authors: ['Siân Llewellyn'], date: '2009-03-14', status: 'draft', tags: [] };

describe('slugFor', () => {
  it.each([
    ['The Hub Strategy', 'the-hub-strategy'],
    ['Łódź & Kraków', 'lodz-and-krakow'],
    ['Straße café', 'strasse-cafe'],
    ['Ærø in Øresund', 'aero-in-oresund'],
    ['ŁAŃCUT', 'lancut'],
    ["Don't panic: a guide", 'dont-panic-a-guide'],
    ['../../etc/passwd', 'etc-passwd'],
    ['C:\\Windows\\system32', 'c-windows-system32'],
    ['/absolute/path', 'absolute-path'],
    ['CON', 'con-paper'],
    ['nul', 'nul-paper'],
    ['COM1', 'com1-paper'],
    ['...', 'untitled-2009-03-14'],
    ['日本語', 'untitled-2009-03-14'],
    ['  --  ', 'untitled-2009-03-14'],
  ])('%j → %s', (title, slug) => {
    expect(slugFor(title, '2009-03-14')).toBe(slug);
  });

  it('cuts long titles at a hyphen, at most 60 characters', () => {
    const slug = slugFor('What place-based innovation asks of Whitehall and of every department that funds local services', '2009-03-14');
    expect(slug).toBe('what-place-based-innovation-asks-of-whitehall-and-of-every');
    expect(slug.length).toBeLessThanOrEqual(60);
  });

  it('cuts a single over-long word at 60 characters', () => {
    expect(slugFor('x'.repeat(200), '2009-03-14')).toBe('x'.repeat(60));
  });

  it('always gives a kebab-case slug that is no device name', () => {
    for (const title of ['a', '-', '_', '.', '..', 'aux', 'Lpt9', '\u202eevil', 'a\u0000b', '😀', 'İİİ', '٣٤٥', '--x--', 'x'.repeat(61)]) {
      const slug = slugFor(title, '2010-01-01');
      expect(isKebabCase(slug), `${JSON.stringify(title)} → ${slug}`).toBe(true);
      expect(slugProblem(slug)).toBeUndefined();
    }
  });

  it('refuses slugs that are not kebab-case or are device names', () => {
    expect(slugProblem('../x')).toMatch(/kebab-case/);
    expect(slugProblem('Hub')).toMatch(/kebab-case/);
    expect(slugProblem('prn')).toMatch(/device name/);
    expect(slugProblem('the-hub')).toBeUndefined();
  });
});

describe('frontMatter', () => {
  const awkward = ['no', 'yes', 'on', 'Off', '123', '0x1F', '1e3', '.inf', '~', 'null', 'true', '12:30', '- dash', 'a: b # c', '"quoted"', "'single'", 'Łódź & Kraków', '#hash', '&anchor', '*alias', '!tag', '%directive', '@at', '`tick', '? key', '| pipe', '> fold', '[list]', '{map}', '2010-02-03', '---', '...', 'tab\there', 'two\nlines'];

  it.each(awkward)('round-trips the title %j through both readers', async (title) => {
    const text = frontMatter({ ...base, title, authors: [title, 'Siân Llewellyn'] });
    const split = splitFrontMatter(text);
    if (!split.ok) throw new Error(split.problem.message);
    const exact = await readYamlExact(split.yaml, split.yamlLine);
    expect(exact.problems).toEqual([]);
    expect(exact.data.title).toBe(title);
    expect(exact.data.authors).toEqual([title, 'Siân Llewellyn']);
    // The fast reader may decline (then list falls back to the exact one) but must never disagree.
    const fast = readYamlFast(split.yaml, split.yamlLine);
    if (fast) expect(fast.data).toEqual(exact.data);
  });

  it('writes fields in the schema order, dates plain, lists as block lists, long summaries folded', () => {
    const summary = 'Why the hub exists, how it works, what it costs and how it will judge its own success over its first two years.';
    const text = frontMatter({ ...base, status: 'published', summary, tags: ['innovation', 'total-place'], authors: ['Siân Llewellyn', 'Tomás Ó Briain'] });
    expect(text).toBe(`---
title: The Hub Strategy
type: paper
authors:
  - Siân Llewellyn
  - Tomás Ó Briain
date: 2009-03-14
status: published
summary: >-
  Why the hub exists, how it works, what it costs and how it will judge its own
  success over its first two years.
tags:
  - innovation
  - total-place
---
`);
  });

  it('quotes a date-like string outside the date fields', () => {
    expect(frontMatter({ ...base, title: '2010-02-03' })).toContain('title: "2010-02-03"\n');
  });

  it('puts the body after a blank line, ending with one newline', () => {
    expect(draftText(base, '\n\n## Introduction\n\n\n')).toMatch(/\n---\n\n## Introduction\n$/);
  });
});

/** The block tokens of some Markdown (the footnote extension always adds a `footnotes` block first). */
function blocks(markdown: string): Token[] {
  return lexMarkdown(markdown, 'commonmark').filter((token) => token.type !== 'footnotes' && token.type !== 'space');
}

describe('templates', () => {
  it('fills the answers in as literal Markdown text', () => {
    const title = '*Not* emphasis, [not](a-link) <b>html</b> & `code` \\ ~x~ | y';
    const body = fillTemplate({ text: '{{ title }}\n\nBy {{authors}}, {{ date }}, {{ hub }}.\n', source: 'test' }, { ...base, title, authors: ['A', 'B', 'C'] }, 'Policy Lab');
    const tokens = blocks(body);
    expect(tokens[0]!.type).toBe('paragraph');
    expect(plainText(tokens.slice(0, 1))).toBe(title);
    expect(body).toContain('By A, B and C, 2009-03-14, Policy Lab.');
  });

  it.each(['# heading', '- item', '+ item', '1. item', '2) item', '> quote', '=== '])('keeps %j from becoming a block', (title) => {
    const tokens = blocks(`${escapeMarkdown(title)}\n`);
    expect(tokens.map((token) => token.type)).toEqual(['paragraph']);
    expect(plainText(tokens)).toBe(title);
  });

  it('refuses a placeholder it cannot fill, naming the template', () => {
    expect(() => fillTemplate({ text: '{{ titel }} {{ .Title }}', source: 'publications/_templates/paper.md' }, base, 'Policy Lab'))
      .toThrow('publications/_templates/paper.md uses {{ titel }}, {{ .Title }}, which hub new cannot fill');
  });

  it('joins names the English way', () => {
    expect([[], ['A'], ['A', 'B'], ['A', 'B', 'C']].map(joinNames)).toEqual(['', 'A', 'A and B', 'A, B and C']);
  });
});
