// The kramdown and Liquid readings of the Markdown layer, on hand-written bodies: what becomes
// which token, which anchors a body has, and what is noted (with its line) for validation.

import { describe, expect, it } from 'vitest';
import type { Token, Tokens } from 'marked';
import { anchorsOf, lexBody, lexMarkdown, plainText, type Abbreviation, type DefinitionList } from '../src/markdown/lex.js';
import { indexBody } from '../src/markdown/links.js';
import { kramdownSlug } from '../src/markdown/anchors.js';
import type { MarkdownDialect } from '../src/model.js';

const blocks = (body: string, dialect: MarkdownDialect = 'kramdown'): Token[] => lexMarkdown(body, dialect).filter((token) => token.type !== 'footnotes' && token.type !== 'space');
const slugs = (body: string, dialect: MarkdownDialect = 'kramdown'): string[] => anchorsOf(lexMarkdown(body, dialect), dialect).map((anchor) => anchor.slug);
/** Notes as `kind@line: text`, the body starting on line 1. */
const notes = (body: string, dialect: MarkdownDialect = 'kramdown'): string[] => {
  const { tokens, notes: found } = lexBody(body, dialect, true);
  return indexBody(tokens, body, 1, dialect, found).notes.map((note) => `${note.kind}@${note.line}: ${note.text}`);
};
/** What a renderer would show: the text of leaf text tokens, code, and raw HTML, in a tree. */
const shownText = (tokens: readonly Token[]): string =>
  tokens
    .map((token) => {
      if ('tokens' in token && token.tokens) return shownText(token.tokens);
      if (token.type === 'list') return shownText((token as Tokens.List).items);
      return 'text' in token && typeof token.text === 'string' ? token.text : '';
    })
    .join(' ');
/** Every token type in a tree, depth first. */
const typesIn = (tokens: readonly Token[]): string[] =>
  tokens.flatMap((token) => [token.type, ...('tokens' in token && token.tokens ? typesIn(token.tokens) : []), ...(token.type === 'list' ? typesIn((token as Tokens.List).items) : [])]);

describe('kramdown headings', () => {
  it('reads ATX headings without a space, at a block boundary only, as kramdown does', () => {
    const [heading, paragraph, second] = blocks('##The deployment pipeline ##\n\nText\n##Not a heading\n\n###Third\n');
    expect(heading).toMatchObject({ type: 'heading', depth: 2, text: 'The deployment pipeline' });
    expect(paragraph).toMatchObject({ type: 'paragraph', text: 'Text\n##Not a heading' });
    expect(second).toMatchObject({ type: 'heading', depth: 3, text: 'Third' });
  });

  it('leaves them as text in a CommonMark hub', () => {
    expect(blocks('##Heading\n', 'commonmark')[0]).toMatchObject({ type: 'paragraph' });
  });

  it("makes ids by kramdown's algorithm in kramdown hubs, GitHub's in CommonMark hubs", () => {
    expect(kramdownSlug('6. Trust and verify')).toBe('trust-and-verify');
    expect(kramdownSlug("Decisions when they're needed, at the right level")).toBe('decisions-when-theyre-needed-at-the-right-level');
    expect(kramdownSlug('Café – menu')).toBe('caf--menu');
    const body = '## 6. Trust and verify\n\n## Trust and verify\n\n## 2010\n\n## 2011\n';
    expect(slugs(body)).toEqual(['trust-and-verify', 'trust-and-verify-1', 'section', 'section-1']);
    expect(slugs(body, 'commonmark')).toEqual(['6-trust-and-verify', 'trust-and-verify', '2010', '2011']);
  });

  it('takes an explicit {#id} in both dialects, and drops it from the text', () => {
    for (const dialect of ['kramdown', 'commonmark'] as const) {
      const tokens = lexMarkdown('## Our aims {#aims}\n\nSetext heading {#setext}\n---\n', dialect);
      expect(anchorsOf(tokens, dialect).map((anchor) => [anchor.slug, plainText(anchor.heading!.tokens)])).toEqual([['aims', 'Our aims'], ['setext', 'Setext heading']]);
    }
    // Not an id: no space before it, or inside code.
    expect(slugs('## Sets{#x}\n\n## `{#y}` in code\n', 'commonmark')).toEqual(['setsx', 'y-in-code']);
  });
});

describe('kramdown attribute lists', () => {
  it('gives an attribute list to the block just before it, else the next block; ids become anchors', () => {
    const body = [
      '{:.intro}',
      'An introduction.',
      '',
      '## Building quality in',
      '{: id="building-quality-in"}',
      '',
      'A paragraph.',
      '{: .note #the-note}',
      '',
      '## Heading with a list at its end {: .big #big}',
    ].join('\n');
    const tokens = blocks(body);
    expect(tokens.map((token) => token.type)).toEqual(['paragraph', 'heading', 'paragraph', 'heading']);
    expect(shownText(tokens)).not.toContain('{:');
    expect(plainText((tokens[3] as Tokens.Heading).tokens)).toBe('Heading with a list at its end');
    expect(slugs(body)).toEqual(['building-quality-in', 'the-note', 'big']);
    expect(notes(body)).toEqual([
      'kramdownClasses@1: {:.intro}',
      'kramdownClasses@8: {: .note #the-note}',
      'kramdownClasses@10: {: .big #big}',
    ]);
  });

  it('ends a list at an unindented attribute list, as kramdown does, and drops a {:toc} placeholder', () => {
    const tokens = blocks('* [One](one.md)\n* [Two](two.md)\n{: .link-list #links}\n\n* TOC\n{:toc}\n\nAfter.\n');
    expect(tokens.map((token) => token.type)).toEqual(['list', 'paragraph']);
    expect((tokens[0] as Tokens.List).items).toHaveLength(2);
    expect(slugs('* a\n{: #first}\n* b\n')).toEqual(['first']);
  });

  it('understands {::options /}, {::comment} and {::nomarkdown}, and notes what it cannot use', () => {
    const body = '{::options parse_block_html="true" /}\n\n{::comment}\nNot for readers.\n{:/comment}\n\n{::nomarkdown}\n<b>raw</b>\n{:/}\n\n{: .orphan}\n\n{::toc-maker}\nx\n{:/}\n\nText *here*{: #span-id}.\n';
    const tokens = blocks(body);
    // {::nomarkdown} keeps its HTML as HTML, which hub turns into tokens like any raw HTML.
    expect(tokens.map((token) => token.type)).toEqual(['paragraph', 'paragraph']);
    expect((tokens[0] as Tokens.Paragraph).tokens).toMatchObject([{ type: 'strong', text: 'raw' }]);
    expect(shownText(tokens)).not.toMatch(/Not for readers|\{:/);
    expect(notes(body)).toEqual([
      'kramdownAttributesIgnored@11: {: .orphan}',
      'kramdownExtensionUnknown@13: {::toc-maker}',
      'kramdownSpanId@17: {: #span-id}',
    ]);
  });
});

describe('kramdown HTML blocks', () => {
  it('run to their closing tag, blank lines and indented lines included, as kramdown reads them', () => {
    const body = '<div class="inner">\n  <h2 id="agile">Agile</h2>\n\n      {% include links.html %}\n\n  <p>Kept</p>\n</div>\n\nAfter.\n';
    // One HTML block (its Liquid taken out), then turned into tokens: the heading keeps its id.
    const [heading, kept, after] = blocks(body);
    expect(heading).toMatchObject({ type: 'heading', text: 'Agile', anchor: 'agile' });
    expect(kept).toMatchObject({ type: 'paragraph', text: 'Kept' });
    expect(after).toMatchObject({ type: 'paragraph', text: 'After.' });
    // CommonMark ends the block at the blank line; the indented line is code, which the raw HTML
    // around it (still open) takes in as its text.
    expect(blocks(body, 'commonmark').map((token) => [token.type, 'text' in token ? token.text : ''])).toEqual([
      ['heading', 'Agile'],
      ['paragraph', '{% include links.html %}'],
      ['paragraph', 'Kept'],
      ['paragraph', 'After.'],
    ]);
  });
});

describe('kramdown abbreviations', () => {
  const body = '## APIs and the API\n\nAn API, many APIs, RAPID growth, `API` in code, [API](https://example.org/API).\n\n*[API]: application programming interface\n*[APIs]: application programming interfaces\n';

  it('drops the definitions and marks each whole-word occurrence, outside code', () => {
    const tokens = blocks(body);
    expect(tokens.map((token) => token.type)).toEqual(['heading', 'paragraph']);
    const abbreviations = (list: readonly Token[]): string[] =>
      list.flatMap((token) => [...(token.type === 'abbreviation' ? [`${(token as unknown as Abbreviation).text}=${(token as unknown as Abbreviation).title}`] : []), ...('tokens' in token && token.tokens ? abbreviations(token.tokens) : [])]);
    expect(abbreviations(tokens)).toEqual([
      'APIs=application programming interfaces',
      'API=application programming interface',
      'API=application programming interface',
      'APIs=application programming interfaces',
      'API=application programming interface',
    ]);
    expect(plainText((tokens[1] as Tokens.Paragraph).tokens)).toBe('An API, many APIs, RAPID growth, API in code, API.');
    expect(((tokens[1] as Tokens.Paragraph).tokens.find((token) => token.type === 'link') as Tokens.Link).href).toBe('https://example.org/API');
  });

  it('are text in a CommonMark hub, noted one by one', () => {
    expect(notes(body, 'commonmark')).toEqual([
      'kramdownAbbreviationLookalike@5: *[API]: application programming interface',
      'kramdownAbbreviationLookalike@6: *[APIs]: application programming interfaces',
    ]);
  });
});

describe('kramdown definition lists', () => {
  it('reads terms and definitions, several of each, tight or loose', () => {
    const body = 'Intro.\n\nAlpha\nAlpha prime\n: The first *letter*.\n: Also a phase.\n\nBeta\n\n: The second.\n\n  More about beta.\n\nAfter.\n';
    const tokens = blocks(body);
    expect(tokens.map((token) => token.type)).toEqual(['paragraph', 'definitionList', 'paragraph']);
    // "Beta" has a blank line before its ":": kramdown makes that a paragraph, not a term.
    const list = blocks('Alpha\nAlpha prime\n: The first *letter*.\n: Also a phase.\n\nBeta\n: The second.\n\n  More about beta.\n')[0] as unknown as DefinitionList;
    expect(list.type).toBe('definitionList');
    expect(list.items.map((item) => item.terms.map((term) => plainText(term)))).toEqual([['Alpha', 'Alpha prime'], ['Beta']]);
    expect(list.items[0]!.definitions.map((definition) => definition.map((token) => token.type))).toEqual([['text'], ['text']]);
    expect(list.items[1]!.definitions[0]!.filter((token) => token.type !== 'space').map((token) => token.type)).toEqual(['paragraph', 'paragraph']);
    expect(list.raw).toBe('Alpha\nAlpha prime\n: The first *letter*.\n: Also a phase.\n\nBeta\n: The second.\n\n  More about beta.\n');
  });

  it('are paragraphs in a CommonMark hub', () => {
    expect(blocks('Term\n: Definition\n', 'commonmark').map((token) => token.type)).toEqual(['paragraph']);
  });
});

describe('kramdown table separator lines', () => {
  const body = 'Before.\n\n{:.plain}\n|------------\n| Step |\n|------------\n| One  | Plan |\n|---+---|\n| Two  | Do   |\n|------------\n\nAfter.\n';

  it('are rules, not rows: above the header, between sections and below the last row', () => {
    const table = blocks(body).find((token) => token.type === 'table') as Tokens.Table;
    expect(table.header.map((cell) => cell.text)).toEqual(['Step', '']);
    expect(table.rows.map((row) => row.map((cell) => cell.text))).toEqual([['One', 'Plan'], ['Two', 'Do']]);
    expect(shownText(blocks(body))).not.toContain('---');
  });

  it('say where the long rows are, counting the opening separator line', () => {
    const { tokens } = lexBody(body, 'kramdown');
    expect(indexBody(tokens, body, 1, 'kramdown').longRows?.map((row) => row.line)).toEqual([7, 9]);
  });

  it('stay as written in a CommonMark hub, where GFM reads them', () => {
    const table = blocks(body, 'commonmark').find((token) => token.type === 'table') as Tokens.Table;
    expect(table.rows.map((row) => row[0]!.text)).toEqual(['Step', '------------', 'One', '---+---', 'Two', '------------']);
  });
});

describe('Liquid template tags', () => {
  const body = [
    'Intro with {{ page.title }} inline.',          // 1
    '',
    '{% for p in site.pages %}',                     // 3
    '',
    '* [{{ p.title }}]({{ p.url }})',
    '',
    '{% endfor %}',
    '',
    '<div>',                                         // 9
    '{% include links.html %}',
    '<p>Kept</p>',
    '</div>',
    '',
    'A [templated link]({{ site.baseurl }}/x) and `{{ code }}`.',
    '',
    '```',
    '{% raw %}{{ shown }}{% endraw %}',
    '```',
  ].join('\n');

  for (const dialect of ['kramdown', 'commonmark'] as const) {
    it(`are not content in ${dialect} hubs: tags, loops with their bodies, tags in raw HTML and link targets`, () => {
      const tokens = blocks(body, dialect);
      expect(tokens.map((token) => token.type)).toEqual(['paragraph', 'paragraph', 'paragraph', 'code']);
      expect(plainText((tokens[0] as Tokens.Paragraph).tokens)).toBe('Intro with  inline.');
      // The raw <div>, its tag taken out, is turned into tokens: only its paragraph is left.
      expect(plainText((tokens[1] as Tokens.Paragraph).tokens)).toBe('Kept');
      expect(typesIn([tokens[2]!])).not.toContain('link');
      expect(plainText((tokens[2] as Tokens.Paragraph).tokens)).toBe('A templated link and {{ code }}.');
      expect((tokens[3] as Tokens.Code).text).toBe('{% raw %}{{ shown }}{% endraw %}');
      expect(notes(body, dialect)).toEqual(['liquid@1: {{ page.title }}']);
      expect(lexBody(body, dialect, true).notes[0]!.count).toBe(4);
    });
  }
});

describe('kramdown in a CommonMark hub', () => {
  it('notes each line kramdown would read as syntax, with its line', () => {
    const body = 'Text.\n\n##Heading\n\n{:.intro}\nA paragraph.\n\n* item\n  ###Nested\n\n## Real heading {: .x}\n\n    ##In code\n';
    expect(notes(body, 'commonmark')).toEqual([
      'kramdownHeadingLookalike@3: ##Heading',
      'kramdownAttributesLookalike@5: {:.intro}',
      'kramdownHeadingLookalike@9: ###Nested',
      'kramdownAttributesLookalike@11: ## Real heading {: .x}',
    ]);
    expect(notes(body, 'kramdown')).toEqual(['kramdownClasses@5: {:.intro}', 'kramdownClasses@11: {: .x}']);
  });
});
