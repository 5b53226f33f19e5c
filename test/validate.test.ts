import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperFiles } from '../src/load/load.js';
import { openHub } from '../src/check/hub.js';
import { validate, validateSome } from '../src/check/validate.js';
import { makeHub, paper, PROJECT } from './helpers/hub.js';

describe('validateSome', () => {
  it('gives each named paper exactly the diagnostics a whole-hub validation gives it', async () => {
    const tricky = makeHub({
      'publications/a.md': paper({ title: 'Same', related: '[b, zz]' }, '## One\n\n[b two](b.md#two) [b none](b.md#none) [gone](gone.md) [self](#one) [bad](#nope)\n\n![](x.png)\n\n#### Skip\n'),
      'publications/b.md': paper({ title: 'Same' }, '## Two\n'),
      'publications/c.md': paper({ date: '2010-02-30', colour: 'red' }),
      'publications/sub/a.md': paper({ title: 'Other' }),
    });
    for (const root of [tricky, PROJECT]) {
      const hub = await openHub(root);
      const whole = (await validate(hub, false)).diagnostics;
      for (const path of paperFiles(hub)) {
        const expected = whole.filter((diagnostic) => join(root, diagnostic.file) === path || diagnostic.file === path);
        expect((await validateSome(hub, [path])).diagnostics, path).toEqual(expected);
      }
      if (root === tricky) expect(whole.length).toBeGreaterThan(8);
    }
  });
});
