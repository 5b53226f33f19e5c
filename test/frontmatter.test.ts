import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYamlExact, readYamlFast, splitFrontMatter } from '../src/load/frontmatter.js';
import { PROJECT } from './helpers/hub.js';

describe('splitFrontMatter', () => {
  it('splits the block and counts the opening --- as line 1', () => {
    const split = splitFrontMatter('---\ntitle: A\n---\n\n## Body\n');
    expect(split).toEqual({ ok: true, yaml: 'title: A\n', yamlLine: 2, body: '\n## Body\n', bodyLine: 4 });
  });

  it.each([
    ['', 'HUB001'],
    ['   \n\n', 'HUB001'],
    ['# Just Markdown\n', 'HUB002'],
    ['---\ntitle: A\n', 'HUB003'],
  ])('reports %j as %s', (text, code) => {
    const split = splitFrontMatter(text);
    expect(split.ok).toBe(false);
    if (!split.ok) expect(split.problem.code).toBe(code);
  });

  it('accepts ... as the closing fence', () => {
    expect(splitFrontMatter('---\na: b\n...\nbody').ok).toBe(true);
  });
});

const PLAIN = `title: "The Hub: Strategy"
subtitle: 'It''s a subtitle'
authors:
  - Siân Llewellyn
  - "Tomás Ó Briain"
date: 2009-03-14
tags: [no, yes, total-place]
summary: >-
  Folded lines
  become one.
`;

describe('the fast reader', () => {
  it('declines what it cannot read exactly, so the exact reader answers', () => {
    for (const yaml of ['title: a: b\n', 'a: &x 1\n', 'a: *x\n', 'a: !!str 1\n', 'a:\n\tb\n', 'a: 1\na: 2\n', 'a: {b: 1}\n', 'a: "esc\\"aped"\n', 'a: |\n  x\n\n  y\n', 'a: b # comment\n']) {
      expect(readYamlFast(yaml, 2), yaml).toBeUndefined();
    }
  });

  it('gives the same values and positions as the exact reader where it answers', async () => {
    const sources = [`title: The Hub Strategy\nauthors: [A, B]\n`, `summary: |\n  line one\n  line two\n`];
    const papers = readdirSync(join(PROJECT, 'publications')).filter((name) => name.endsWith('.md'));
    for (const name of papers) {
      const split = splitFrontMatter(readFileSync(join(PROJECT, 'publications', name), 'utf8'));
      if (split.ok) sources.push(split.yaml);
    }
    let answered = 0;
    for (const yaml of sources) {
      const fast = readYamlFast(yaml, 2);
      if (!fast) continue;
      answered++;
      const exact = await readYamlExact(yaml, 2);
      expect(fast.data, yaml).toEqual(exact.data);
      expect(Object.fromEntries(fast.positions), yaml).toEqual(Object.fromEntries(exact.positions));
    }
    // Every bundled paper is in the plain subset: `hub list` never loads the yaml package for them.
    expect(answered).toBe(sources.length);
  });

  it('reads the plain subset as strings, never booleans, numbers or dates', () => {
    const fast = readYamlFast(PLAIN, 2)!;
    expect(fast.data).toEqual({
      title: 'The Hub: Strategy',
      subtitle: "It's a subtitle",
      authors: ['Siân Llewellyn', 'Tomás Ó Briain'],
      date: '2009-03-14',
      tags: ['no', 'yes', 'total-place'],
      summary: 'Folded lines become one.',
    });
    expect(fast.positions.get('authors.1')).toEqual({ line: 6, column: 5 });
  });
});

describe('the exact reader', () => {
  it('keeps every scalar a string and positions each value', async () => {
    const result = await readYamlExact(PLAIN, 2);
    expect(result.problems).toEqual([]);
    expect(result.data.title).toBe('The Hub: Strategy');
    expect(result.data.tags).toEqual(['no', 'yes', 'total-place']);
    expect(result.positions.get('date')).toEqual({ line: 7, column: 7 });
  });

  it('refuses alias bombs without expanding them', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    const result = await readYamlExact(bomb, 2);
    expect(result.problems.some((problem) => problem.code === 'HUB007')).toBe(true);
    expect(JSON.stringify(result.data).length).toBeLessThan(10_000);
  });

  it.each([
    ['title: a\ntitle: b\n', 'HUB006', 3, 'title'],
    ['title: a\n\tauthors: b\n', 'HUB005', 3, undefined],
    ['fn: !!js/function "x"\n', 'HUB008', 2, undefined],
    ['title: [unclosed\n', 'HUB004', 3, undefined],
    ['- just\n- a list\n', 'HUB011', 2, undefined],
  ])('reports %j as %s at line %i', async (yaml, code, line, field) => {
    const result = await readYamlExact(yaml, 2);
    expect(result.problems[0]).toMatchObject({ code, line, ...(field ? { field } : {}) });
  });
});
