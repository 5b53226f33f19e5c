// `hub init` through the real bin/hub: a fresh hub that validates and takes `hub new` at once,
// refusals that change nothing, no waiting without a terminal, and Ctrl-C at the real prompt.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, filesUnder, hub } from './fixtures/new/helpers.js';
import { CTRL_C, CTRL_U, ENTER, Terminal } from './helpers/terminal.js';

const HUB_FILES = [
  '.gitignore',
  'hub.config.yaml',
  'publications/_templates/briefing.md',
  'publications/_templates/essay.md',
  'publications/_templates/paper.md',
  'publications/_templates/report.md',
];

function emptyFolder(): string {
  return mkdtempSync(join(tmpdir(), 'hub-init-'));
}

/** A git identity for `hub new --yes` to take as the default author, and nothing else of the machine's. */
function gitIdentity(): NodeJS.ProcessEnv {
  const config = join(emptyFolder(), 'gitconfig');
  writeFileSync(config, '[user]\n\tname = Aoife Ní Mhurchú\n');
  return cleanEnv({ GIT_CONFIG_GLOBAL: config });
}

describe('hub init', () => {
  it('makes a hub that validates, drafts with hub new at once and says there is nothing to export yet', async () => {
    const parent = emptyFolder();
    const env = gitIdentity();
    const made = await hub(['init', 'policy-lab', '--yes'], { cwd: parent, env });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('Made a hub in policy-lab');
    const root = join(parent, 'policy-lab');
    expect(filesUnder(root)).toEqual(HUB_FILES);

    const configText = readFileSync(join(root, 'hub.config.yaml'), 'utf8');
    expect(parse(configText)).toEqual({
      name: 'Policy Lab', types: ['paper', 'essay', 'report', 'briefing'], 'default-author': 'Aoife Ní Mhurchú', lang: 'en-GB', publisher: 'Policy Lab', licence: 'OGL-UK-3.0',
    });
    // Every key of the schema is there, set or commented out, each under its description.
    for (const key of ['tags', 'format', 'place', 'logo', 'logo-alt', 'copyright', 'contact', 'accessibility-statement']) expect(configText).toMatch(new RegExp(`^# ${key}: `, 'm'));
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^exports\/$/m);

    const validated = await hub(['validate', '--dir', root, '--strict'], { env });
    expect(validated.code).toBe(0);

    const exported = await hub(['export', '--dir', root], { env });
    expect(exported.code).toBe(1);
    expect(exported.stderr.trim().split('\n')).toEqual(['The hub has no papers yet: nothing to export. Start one with `hub new "A title"`.']);

    const drafted = await hub(['new', '--yes', '--dir', root, '--type', 'briefing', 'A title'], { env });
    expect(drafted.stderr).toBe('');
    expect(drafted.code).toBe(0);
    const paper = readFileSync(join(root, 'publications/a-title.md'), 'utf8');
    expect(paper).toContain('  - Aoife Ní Mhurchú');
    // The template speaks of this hub, not the sample's.
    expect(paper).toContain('Aoife Ní Mhurchú, Policy Lab.');
    expect(paper).not.toContain('Whitehall');
    expect((await hub(['validate', '--dir', root], { env })).code).toBe(0);
  });

  it('takes --name, and without a terminal or --yes takes the defaults without waiting', async () => {
    const named = emptyFolder();
    expect((await hub(['init', '--name', 'Welsh Policy Lab'], { cwd: named, env: cleanEnv() })).code).toBe(0);
    expect(parse(readFileSync(join(named, 'hub.config.yaml'), 'utf8'))).toMatchObject({ name: 'Welsh Policy Lab', publisher: 'Welsh Policy Lab' });

    // hub() keeps stdin open and never writes to it: a prompt would hang the test.
    const parent = emptyFolder();
    mkdirSync(join(parent, 'the_innovation-unit'));
    const run = await hub(['init', join(parent, 'the_innovation-unit')], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(parse(readFileSync(join(parent, 'the_innovation-unit', 'hub.config.yaml'), 'utf8'))).toMatchObject({ name: 'The Innovation Unit' });

    const bad = emptyFolder();
    const refused = await hub(['init', bad, '--name', 'Bad\u001b[31m'], { env: cleanEnv() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('control characters');
    expect(filesUnder(bad)).toEqual([]);
  });

  it('changes nothing in a folder that is already a hub', async () => {
    const root = emptyFolder();
    mkdirSync(join(root, 'publications'));
    writeFileSync(join(root, 'publications', 'a-paper.md'), 'mine\n');
    const run = await hub(['init', root, '--yes'], { env: cleanEnv() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is already a hub (it has publications); nothing was changed.');
    expect(filesUnder(root)).toEqual(['publications/a-paper.md']);
    expect(readFileSync(join(root, 'publications', 'a-paper.md'), 'utf8')).toBe('mine\n');

    const configured = emptyFolder();
    writeFileSync(join(configured, 'hub.config.yaml'), 'name: Mine\n');
    expect((await hub(['init', configured, '--yes'], { env: cleanEnv() })).code).toBe(1);
    expect(filesUnder(configured)).toEqual(['hub.config.yaml']);
  });

  it('changes nothing when any file it would write exists', async () => {
    const root = emptyFolder();
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n');
    const run = await hub(['init', root, '--yes'], { env: cleanEnv() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\.gitignore already exists; nothing was changed\./);
    expect(filesUnder(root)).toEqual(['.gitignore']);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toBe('node_modules/\n');
  });

  it('asks for the name at a terminal, suggesting one from the folder, and writes nothing on Ctrl-C', async () => {
    const parent = emptyFolder();
    const root = join(parent, 'cabinet-office-lab');
    mkdirSync(root);
    const terminal = new Terminal(['init'], root);
    await terminal.waitFor("? The hub's name (shown on every pack's cover) (Cabinet Office Lab)");
    terminal.type(CTRL_C);
    expect(await terminal.exited).toBe(130);
    expect(terminal.text).toContain('Cancelled; nothing was written');
    expect(filesUnder(root)).toEqual([]);

    const answered = new Terminal(['init'], root);
    await answered.waitFor("? The hub's name");
    answered.type(`${CTRL_U}Whitehall Futures Unit${ENTER}`);
    await answered.waitFor('Made a hub');
    expect(await answered.exited).toBe(0);
    expect(parse(readFileSync(join(root, 'hub.config.yaml'), 'utf8'))).toMatchObject({ name: 'Whitehall Futures Unit' });
    expect(filesUnder(root)).toEqual(HUB_FILES);
  });
});
