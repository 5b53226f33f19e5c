// Slugs of plain words are made without loading @sindresorhus/slugify (it builds its tables as it
// loads): they must be exactly what slugify makes, and anything else must still go to it.

import slugifyLibrary from '@sindresorhus/slugify';
import { describe, expect, test } from 'vitest';
import { slugify } from '../src/slug.js';

describe('slugify', () => {
  test('gives what @sindresorhus/slugify gives, for plain words and for everything else', () => {
    const texts = [
      'Whitehall Innovation Hub reader pack',
      '  Two  spaces and   ends  ',
      'A B c 2020 Q3 x1',
      '',
      '   ',
      // Not plain words: camel case, capitals, punctuation, accents, symbols, apostrophes.
      'fooBar 2020Report APIs FOO360',
      'GOV.UK service manual reader pack',
      'Conway’s Law & Café culture',
      'Naïve — Zoë Ó Briain',
      'tab\tand\nnewline',
    ];
    for (const text of texts) expect(slugify(text), text).toBe(slugifyLibrary(text));
    // Options always go to the library.
    expect(slugify('fooBar Baz', { decamelize: false })).toBe(slugifyLibrary('fooBar Baz', { decamelize: false }));
  });

  test('matches it on many generated titles of letters, digits and spaces', () => {
    const alphabet = 'aAbBzZ019 ';
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647);
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: next() % 16 }, () => alphabet[next() % alphabet.length]).join('');
      expect(slugify(text), JSON.stringify(text)).toBe(slugifyLibrary(text));
    }
  });
});
