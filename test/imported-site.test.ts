// What a site moved into a hub needs (issue 11, closed on the GOV.UK service manual): a link to an
// anchor that does not exist is a warning and lands on the paper; GIF images; raw <img> without alt;
// heading levels that never skip in any pack. Fixtures are written here, never taken from the manual.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHub, paper, runHub } from './helpers/hub.js';
import { readPdf } from './helpers/pdf.js';

describe('a link to an anchor that does not exist', () => {
  const hub = makeHub({
    'hub.config.yaml': 'name: Anchor Test Hub\n',
    'publications/first.md': paper({ title: 'First', date: '2010-01-01' }, '## Aims\n\nSee [our method](#method) and [their aims](second.md#goals).\n'),
    'publications/second.md': paper({ title: 'Second', date: '2010-01-02' }, '## Aims\n\nText.\n'),
  });

  it('is a warning that says where the packs send it; --strict still refuses', () => {
    const run = runHub(['validate', '--dir', hub], { cwd: hub });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('publications/first.md:12:5  warning  HUB205  link to "#method": this paper has no such heading; packs link to the start of this paper');
    expect(run.stdout).toContain('publications/first.md:12:31  warning  HUB205  link to "second.md#goals": publications/second.md has no heading "#goals"; packs link to the start of that paper');
    expect(run.stdout).toContain('0 errors, 2 warnings in 1 of 2 files');
    expect(runHub(['validate', '--strict', '--dir', hub]).status).toBe(1);
  });

  it('lets the export through without --force, each link going to the start of its paper', async () => {
    const run = runHub(['export', '--dir', hub, '--format', 'html,pdf', '--out', join(hub, 'out/pack')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning  HUB205  link to "#method"');
    expect(run.stderr).not.toContain('--force');
    const html = readFileSync(join(hub, 'out/pack.html'), 'utf8');
    expect(html).toContain('See <a href="#first">our method</a> and <a href="#second">their aims</a>.');
    const pdf = await readPdf(readFileSync(join(hub, 'out/pack.pdf')));
    const targets = pdf.links.flat().map((link) => link.dest).filter((dest) => typeof dest === 'string');
    expect(targets).toEqual(expect.arrayContaining(['first', 'second']));
  });

  it('to a paper that does not exist stays an error', () => {
    const broken = makeHub({ 'publications/a.md': paper({}, 'See [gone](gone.md#x).\n') });
    const run = runHub(['validate', '--dir', broken]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error  HUB204  link to "gone.md#x": no such paper');
  });
});
