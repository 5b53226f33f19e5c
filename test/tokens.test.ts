// The one token union and its dispatch (markdown/tokens.ts): both renderers meet a token hub
// does not know, an inline token among blocks and a block token inside a line the same way:
// the text is kept, and only the unknown type is reported.

import type { Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { visitToken, type TokenVisitor } from '../src/markdown/tokens.js';
import type { Pack } from '../src/model.js';
import { renderHtml } from '../src/render/html/index.js';
import { collectingOptions, packOf, paper } from './helpers/html-pack.js';
import { readPdf, renderToBytes, squash } from './helpers/pdf.js';

/** A token of a marked extension hub does not load, with inline children. */
const widget: Token = { type: 'widget', raw: '::widget::', text: 'Widget text', tokens: [{ type: 'text', raw: 'Widget text', text: 'Widget text' }] };
/** A top-level inline token (raw HTML can leave one among blocks). */
const looseStrong: Token = { type: 'strong', raw: '**Loose bold**', text: 'Loose bold', tokens: [{ type: 'text', raw: 'Loose bold', text: 'Loose bold' }] };
/** A block token inside a line. */
const paragraphInLine: Token = {
  type: 'paragraph',
  raw: 'Para in line',
  text: 'Para in line',
  tokens: [
    { type: 'em', raw: '*Para in line*', text: 'Para in line', tokens: [{ type: 'text', raw: 'Para in line', text: 'Para in line' }] },
  ],
};
/** An unknown token with only text: no children. */
const bare: Token = { type: 'gadget', raw: 'gadget', text: 'Bare gadget words' };

/** One paper whose tokens are the lexed body followed by the hand-built tokens. */
function packWith(): Pack {
  const pack = packOf([paper('odd', 'Opening words.')]);
  const [piece] = pack.pieces;
  const again = { ...widget };
  const source = (): Token[] => [...piece!.source(), widget, looseStrong, bare, { type: 'paragraph', raw: '', text: '', tokens: [paragraphInLine, again] }];
  return { ...pack, pieces: [{ ...piece!, source }] };
}

describe('visitToken', () => {
  const visitor: TokenVisitor<'text' | 'paragraph', null, string> = {
    text: (token) => `text(${token.text})`,
    paragraph: (token) => `paragraph(${token.tokens.length})`,
  };
  const met: string[] = [];
  const walk = { unknownToken: (type: string) => met.push(type) };

  it('hands each token to its type’s handler, and unhandled ones to the policy', () => {
    expect(visitToken(visitor, { type: 'text', raw: 'a', text: 'a' }, null, walk)).toBe('text(a)');
    expect(visitToken(visitor, looseStrong, null, walk)).toBe('paragraph(1)');
    expect(visitToken(visitor, widget, null, walk)).toBe('text(Widget text)');
    expect(visitToken(visitor, { type: 'list', raw: '', ordered: false, start: '', loose: false, items: [{ type: 'list_item', raw: '', task: false, loose: false, text: 'one', tokens: [{ type: 'text', raw: 'one', text: 'one' }] }] }, null, walk)).toBe(
      'text(one)',
    );
    expect(met).toEqual(['widget']);
  });
});

describe('both renderers keep the text of tokens they have no handler for', () => {
  it('HTML: the text is in the page, and an HTML008 names each unknown type once', () => {
    const options = collectingOptions();
    const html = renderHtml(packWith(), options);
    for (const text of ['Opening words.', 'Widget text', '<strong>Loose bold</strong>', 'Bare gadget words', '<em>Para in line</em>']) expect(html).toContain(text);
    const unknown = options.diagnostics.filter((diagnostic) => diagnostic.code === 'HTML008');
    expect(unknown.map((diagnostic) => diagnostic.message)).toEqual([expect.stringContaining('(widget)'), expect.stringContaining('(gadget)')]);
    expect(unknown[0]!.file).toContain('odd');
  });

  it('PDF: the text is on the page, and a PDF007 names each unknown type once', async () => {
    const { bytes, warnings } = await renderToBytes(packWith());
    const read = await readPdf(bytes);
    const text = squash(read.pages.join(' '));
    for (const words of ['Opening words.', 'Widget text', 'Loose bold', 'Bare gadget words', 'Para in line']) expect(text).toContain(words);
    const unknown = warnings.filter((diagnostic) => diagnostic.code === 'PDF007');
    expect(unknown.map((diagnostic) => diagnostic.message)).toEqual([expect.stringContaining('"widget"'), expect.stringContaining('"gadget"')]);
  });
});
