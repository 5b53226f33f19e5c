// hub list measures most cells by their length: only where that is what string-width says.

import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { ONE_COLUMN_EACH } from '../src/cli/commands/list.js';

describe('the one-column characters of hub list', () => {
  it('are each one column wide by string-width, code point by code point', () => {
    const wrong: string[] = [];
    let matched = 0;
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (!ONE_COLUMN_EACH.test(char)) continue;
      matched++;
      if (stringWidth(char) !== 1) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
    // Latin names and curly punctuation take the fast way; a soft hyphen and a combining accent do not.
    expect(matched).toBeGreaterThan(700);
    expect(ONE_COLUMN_EACH.test('Ciarán Mac Giolla – “Björn”…')).toBe(true);
    expect(ONE_COLUMN_EACH.test('co\u00adoperate')).toBe(false);
    expect(ONE_COLUMN_EACH.test('Sia\u0302n')).toBe(false);
  });
});
