// `hub new` at a real terminal: the real inquirer prompts, driven through a
// pseudo-terminal made by util-linux `script`. Each step waits for the prompt's
// text to appear before typing, as a person would. Run `npx tsc -p .` first.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPublication } from '../src/check/paper.js';
import { filesUnder, hub, makeHub } from './fixtures/new/helpers.js';
import { CTRL_C, CTRL_U, DOWN, ENTER, Terminal } from './helpers/terminal.js';

const CONFIG = 'default-author: Siân Llewellyn\ntags: [innovation, total-place, local-government]\n';
const VOCABULARY = ['innovation', 'total-place', 'local-government'];

describe('hub new at a terminal', () => {
  it('asks for each answer, asks again with the reason when one is wrong, and writes a valid paper', async () => {
    const root = makeHub(CONFIG);
    expect((await hub(['new', 'Leading Innovation', '--dir', root, '--type', 'paper', '--author', 'A'])).code).toBe(0);

    const terminal = new Terminal(['new'], root);
    await terminal.waitFor('? Title');
    terminal.type(`Leading innovation!${ENTER}`);
    await terminal.waitFor('publications/leading-innovation.md already exists: choose another title');
    terminal.type(`${CTRL_U}Łódź & Kraków: "Year Two" # notes${ENTER}`);
    await terminal.waitFor('? Type');
    terminal.type(DOWN);
    await terminal.waitFor('❯ essay');
    terminal.type(ENTER);
    await terminal.waitFor('? Authors (separate several with ;) (Siân Llewellyn)');
    terminal.type(ENTER);
    await terminal.waitFor('? Date (YYYY-MM-DD)');
    terminal.type(`2010-02-30${ENTER}`);
    await terminal.waitFor('date "2010-02-30" is not a real calendar date. Check the day and month');
    terminal.type(`${CTRL_U}2010-02-28${ENTER}`);
    await terminal.waitFor('? Summary (optional for a draft; Enter to skip)');
    terminal.type(ENTER);
    await terminal.waitFor('? Tags');
    terminal.type(' ');
    await terminal.waitFor('◉ innovation');
    terminal.type(DOWN);
    terminal.type(DOWN);
    await terminal.waitFor('❯◯ local-government');
    terminal.type(' ');
    await terminal.waitFor('◉ local-government');
    terminal.type(ENTER);
    await terminal.waitFor('Created');
    expect(await terminal.exited).toBe(0);

    const path = join(root, 'publications/lodz-and-krakow-year-two-notes.md');
    expect(terminal.text).toContain('Created publications/lodz-and-krakow-year-two-notes.md');
    const paper = await readPublication(path, { types: ['paper', 'essay', 'report', 'briefing'], tags: VOCABULARY, publicationsDir: join(root, 'publications') }, 'full');
    expect(paper.diagnostics).toEqual([]);
    expect(paper.metadata).toMatchObject({ title: 'Łódź & Kraków: "Year Two" # notes', type: 'essay', authors: ['Siân Llewellyn'], date: '2010-02-28', status: 'draft', tags: ['innovation', 'local-government'] });
    expect(paper.metadata.summary).toBeUndefined();
    expect((await hub(['validate', '--dir', root])).code).toBe(0);
  });

  it('asks only for what the flags did not give', async () => {
    const root = makeHub();
    const terminal = new Terminal(['new', 'Given Title', '--type', 'report', '--date', '2009-06-01', '--tag', 'innovation', '--status', 'published'], root);
    await terminal.waitFor('? Authors (separate several with ;)');
    terminal.type(`Siân Llewellyn; Tomás Ó Briain${ENTER}`);
    await terminal.waitFor('? Summary (required: the paper is published)');
    terminal.type(ENTER);
    await terminal.waitFor('summary is empty');
    terminal.type(`What the hub learned.${ENTER}`);
    await terminal.waitFor('Created');
    expect(await terminal.exited).toBe(0);
    expect(terminal.text).not.toMatch(/\? (Title|Type|Date|Tags)/);
    const paper = await readPublication(join(root, 'publications/given-title.md'), { types: ['report'], tags: [], publicationsDir: join(root, 'publications') }, 'full');
    expect(paper.diagnostics).toEqual([]);
    expect(paper.metadata).toMatchObject({ title: 'Given Title', type: 'report', authors: ['Siân Llewellyn', 'Tomás Ó Briain'], date: '2009-06-01', status: 'published', summary: 'What the hub learned.', tags: ['innovation'] });
  });

  it('Ctrl-C at a prompt prints one line, exits 130 and writes nothing', async () => {
    const root = makeHub();
    const terminal = new Terminal(['new'], root);
    await terminal.waitFor('? Title');
    terminal.type(`Never Written${ENTER}`);
    await terminal.waitFor('? Type');
    terminal.type(CTRL_C);
    expect(await terminal.exited).toBe(130);
    expect(terminal.text.match(/Cancelled; nothing was written/g)).toHaveLength(1);
    expect(filesUnder(root)).toEqual([]);
  });
});
