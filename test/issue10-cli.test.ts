// Issue 10: international metadata and the bugs a new user meets first, through the real bin/hub.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUB_BIN, makeHub, paper, PROJECT, runHub } from './helpers/hub.js';

/** A hub in a folder with a chosen name (the name matters when there is no hub.config.yaml). */
function namedHub(name: string, files: Record<string, string>): string {
  const root = join(makeHub({}), name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(join(root, 'publications'), { recursive: true });
  return root;
}

describe('5. tags in any script', () => {
  it('accepts lower-case letters and digits of any script joined by single hyphens, in papers and the vocabulary', () => {
    const tags = '[dŵr, gwasanaethau-cyhoeddus, 多言語, ñandú, 2010-plan]';
    const root = makeHub({
      'hub.config.yaml': `name: Test Hub\ntags: ${tags}\n`,
      'publications/cymraeg.md': paper({ tags }),
    });
    const run = runHub(['validate', '--dir', root]);
    expect(run.stdout).not.toMatch(/HUB107|HUB108/);
    expect(run.status).toBe(0);
  });

  it.each(['Total Place', 'total_place', '-x', 'Dŵr'])('still rejects %j with the same hint', (tag) => {
    const root = makeHub({ 'publications/bad.md': paper({ tags: `[${JSON.stringify(tag)}]` }) });
    const run = runHub(['validate', '--dir', root]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error +HUB107 +tags\.0 /);
    expect(run.stdout).toMatch(/hint: Use lower-case letters, digits and hyphens/);
  });
});

describe('6. file names that are not kebab-case', () => {
  const spaced = '49 Case Study WITH Spaces.md';

  it('are accepted with a rename hint; the slug is derived and links to the file resolve', () => {
    const root = makeHub({
      [`publications/${spaced}`]: paper({ title: 'Case Study' }),
      'publications/linker.md': paper({ title: 'Linker', date: '2009-04-01' }, 'See [one](49%20Case%20Study%20WITH%20Spaces.md) and [two](<49 Case Study WITH Spaces.md#introduction>).\n'),
    });
    const run = runHub(['validate', '--dir', root]);
    expect(run.stdout).toMatch(/49 Case Study WITH Spaces\.md:1:1 +warning +HUB116 .*49-case-study-with-spaces/);
    expect(run.stdout).toMatch(/hint: Rename it to 49-case-study-with-spaces\.md/);
    expect(run.stdout).not.toMatch(/ error /);
    expect(run.status).toBe(0);
    const json = JSON.parse(runHub(['list', '--dir', root, '--json']).stdout) as { slug: string }[];
    expect(json.map((row) => row.slug)).toContain('49-case-study-with-spaces');
    const exported = runHub(['export', '--dir', root, '--out', join(root, 'pack.html')]);
    expect(exported.status).toBe(0);
    const html = readFileSync(join(root, 'pack.html'), 'utf8');
    expect(html).toContain('id="49-case-study-with-spaces"');
    expect(html).toContain('href="#49-case-study-with-spaces"');
    expect(html).toContain('href="#49-case-study-with-spaces--introduction"');
  });

  it('two files whose derived slugs collide are an error naming both', () => {
    const root = makeHub({ 'publications/Case Study.md': paper({ title: 'One' }), 'publications/case-study.md': paper({ title: 'Two' }) });
    const run = runHub(['validate', '--dir', root]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error +HUB\d{3} .*case-study.*Case Study\.md|error +HUB\d{3} .*Case Study\.md.*case-study\.md/);
  });
});

describe('7. export write errors', () => {
  it.each([
    ['/proc/x.html', () => '/proc/x.html'],
    ['a path under a file', (root: string) => join(root, 'hub.config.yaml', 'x.html')],
  ])('--out %s prints one line, exits 1 and leaves nothing behind', (_name, out) => {
    const root = makeHub({ 'hub.config.yaml': 'name: Test Hub\n', 'publications/a.md': paper() });
    const target = out(root);
    const run = runHub(['export', '--dir', root, '--out', target]);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/Unhandled|    at /);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^hub: Could not write .*x\.html/)]);
    expect(readdirSync(root).sort()).toEqual(['hub.config.yaml', 'publications']);
  });
});

describe('8. the hub name', () => {
  it('without a config comes from the folder name, and validate says once how to set it', () => {
    const root = namedHub('northshire-policy-lab', { 'publications/a.md': paper(), 'publications/b.md': paper({ title: 'B' }) });
    const exported = runHub(['export', '--dir', root, '--out', join(root, 'pack.html')]);
    expect(exported.status).toBe(0);
    const html = readFileSync(join(root, 'pack.html'), 'utf8');
    expect(html).toContain('Northshire Policy Lab');
    expect(html).not.toContain('Whitehall');
    const run = runHub(['validate', '--dir', root]);
    expect(run.status).toBe(0);
    const said = (run.stdout + run.stderr).match(/name: /g) ?? [];
    expect(said).toHaveLength(1);
    expect(run.stdout + run.stderr).toMatch(/hub\.config\.yaml/);
  });

  it('the bundled sample keeps its name through its own config', () => {
    expect(existsSync(join(PROJECT, 'hub.config.yaml'))).toBe(true);
    expect(readFileSync(join(PROJECT, 'hub.config.yaml'), 'utf8')).toMatch(/^name: Whitehall Innovation Hub$/m);
  });
});

describe('9. a selection export gets its own file name', () => {
  it('a single slug writes <slug>.html, a filter the pack name plus the filter; never the default pack file', () => {
    const root = namedHub('northshire-policy-lab', {
      'publications/a-paper.md': paper({ title: 'A Paper' }),
      'publications/an-essay.md': paper({ title: 'An Essay', type: 'essay' }),
    });
    expect(runHub(['export', '--dir', root, 'a-paper']).stdout).toContain('exports/a-paper.html');
    expect(runHub(['export', '--dir', root, '--type', 'essay']).status).toBe(0);
    const files = readdirSync(join(root, 'exports')).sort();
    expect(files).toEqual(['a-paper.html', 'northshire-policy-lab-reader-pack-essay.html']);
  });
});

describe('10. list and validate agree on errors, or list says it checks metadata only', () => {
  it('says plainly that it checks metadata only and points to validate', () => {
    const root = makeHub({ 'publications/broken.md': paper({}, 'See [missing](nowhere.md) and ![](missing.png).\n') });
    expect(runHub(['validate', '--dir', root]).status).toBe(1);
    const run = runHub(['list', '--dir', root]);
    expect(run.stdout).toMatch(/metadata only.*hub validate/);
  });
});

describe('11. --pack with a name that does not exist', () => {
  it('says so, suggests the nearest, lists the packs and exits 2', () => {
    const run = runHub(['export', '--pack', 'innovatoin-in-government', '--out', join(makeHub({}), 'x.html')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no pack named "innovatoin-in-government"/i);
    expect(run.stderr).toContain('did you mean innovation-in-government?');
    expect(run.stderr).not.toMatch(/ENOENT|pack's papers/);
  });

  it('config errors are never blamed on the pack\'s papers', () => {
    const root = makeHub({ 'hub.config.yaml': 'name: Test Hub\ntypes: 5\n', 'publications/a.md': paper() });
    const run = runHub(['export', '--dir', root, '--out', join(root, 'x.html')]);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain("pack's papers");
    expect(run.stderr).toMatch(/Export stopped: 1 error in \S*hub\.config\.yaml\./);
  });
});

describe('12. a blank --title', () => {
  it('is a usage error', () => {
    const root = makeHub({ 'publications/a.md': paper() });
    const run = runHub(['export', '--dir', root, '--title', '   ', '--out', join(root, 'x.html')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--title/);
    expect(existsSync(join(root, 'x.html'))).toBe(false);
  });
});

describe('14. CSV formula neutralising', () => {
  it('prefixes cells starting with =, +, -, @ with an apostrophe', () => {
    const root = makeHub({
      'publications/a.md': paper({ title: '"=1+2 sums"', subtitle: '"+cmd"', summary: '"-2 below"', series: '"@SUM(A1)"' }),
    });
    const csv = runHub(['list', '--dir', root, '--csv']).stdout.split('\n')[1]!;
    for (const cell of ["'=1+2 sums", "'+cmd", "'-2 below", "'@SUM(A1)"]) expect(csv).toContain(`,${cell},`);
    expect(csv).not.toMatch(/,[=+\-@]/);
  });
});

describe('15. display width in the table', () => {
  it('aligns columns after emoji and CJK titles', () => {
    const root = makeHub({
      'publications/a.md': paper({ title: 'Rocket 🚀 launch', date: '2009-01-01' }),
      'publications/b.md': paper({ title: '東京 plan', date: '2009-01-02' }),
      'publications/c.md': paper({ title: 'Plain title here', date: '2009-01-03' }),
    });
    const lines = runHub(['list', '--dir', root]).stdout.split('\n').slice(1, 4);
    // Display columns: 🚀 and each CJK ideograph take two.
    const column = (line: string): number => {
      const before = line.slice(0, line.indexOf('paper'));
      return [...before].reduce((width, char) => width + (/[\u{1F300}-\u{1FAFF}\u4E00-\u9FFF]/u.test(char) ? 2 : 1), 0);
    };
    expect(new Set(lines.map(column)).size).toBe(1);
  });
});

describe('17. a cache folder that cannot be made', () => {
  it('is skipped with one warning', () => {
    const root = makeHub({ 'publications/a.md': paper() });
    // An old file is worth caching (a just-written one is not kept: its time stamp may not move).
    utimesSync(join(root, 'publications/a.md'), new Date('2020-01-01'), new Date('2020-01-01'));
    const result = spawnSync(process.execPath, [HUB_BIN, 'list', '--dir', root], { env: { ...process.env, NO_COLOR: '1', HUB_CACHE_DIR: '/proc/x' }, encoding: 'utf8', timeout: 20_000 });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('A Paper');
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^hub: .*cache.*\/proc\/x/i)]);
  });
});

describe('18. run from inside a hub', () => {
  it('finds the hub root upward from a subfolder', () => {
    const root = makeHub({ 'publications/a.md': paper({ title: 'Found From Below' }), 'publications/deeper/b.md': paper({ title: 'B' }) });
    expect(runHub(['list'], { cwd: join(root, 'publications') }).stdout).toContain('Found From Below');
    expect(runHub(['list'], { cwd: join(root, 'publications', 'deeper') }).stdout).toContain('Found From Below');
  });
});

describe('19. unknown filter values', () => {
  it.each([
    [['--type', 'memo'], /--type "memo" is not one of: paper, essay, report, briefing/],
    [['--type', 'Paper'], /did you mean paper\?/],
    [['--tag', 'nosuchtag'], /--tag "nosuchtag"/],
    [['--tag', 'inovation'], /did you mean innovation\?/],
  ])('list and export %j say so and exit 2', (args, message) => {
    for (const verb of ['list', 'export']) {
      const run = runHub([verb, ...args, ...(verb === 'export' ? ['--out', join(makeHub({}), 'x.html')] : [])]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('20. validate names', () => {
  it('accepts a slug', () => {
    const run = runHub(['validate', 'the-hub-strategy']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 file checked');
  });

  it('says a named file does not exist', () => {
    const run = runHub(['validate', 'publications/missing.md']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/publications\/missing\.md does not exist/);
  });
});

describe('21. --out', () => {
  it('DIR/ writes the default file name into that folder', () => {
    const root = makeHub({ 'hub.config.yaml': 'name: Test Hub\n', 'publications/a.md': paper() });
    const out = join(root, 'outbox');
    mkdirSync(out);
    expect(runHub(['export', '--dir', root, '--out', `${out}/`]).status).toBe(0);
    expect(readdirSync(out)).toEqual(['test-hub-reader-pack.html']);
  });

  it('an extension that contradicts --format is a usage error', () => {
    const root = makeHub({ 'publications/a.md': paper() });
    const run = runHub(['export', '--dir', root, '--format', 'pdf', '--out', join(root, 'x.html')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--out/);
  });

  it('with two formats takes a base name', () => {
    const root = makeHub({ 'publications/a.md': paper() });
    expect(runHub(['export', '--dir', root, '--format', 'html,pdf', '--out', join(root, 'both')]).status).toBe(0);
    expect(readdirSync(root).filter((name) => name.startsWith('both')).sort()).toEqual(['both.html', 'both.pdf']);
  });
});

describe('22. hints quote the user\'s own hub', () => {
  it('suggests an author and a slug from this hub, not the bundled sample', () => {
    const root = makeHub({
      'publications/ada.md': paper({ authors: '[Ada Lovelace]' }),
      'publications/no-authors.md': paper({ title: 'No Authors', authors: null, related: '[Not A Slug]' }, 'See [x](nowhere.md).\n'),
    });
    const run = runHub(['validate', '--dir', root]);
    expect(run.stdout).toContain('Add `authors: [Ada Lovelace]`');
    expect(run.stdout).not.toMatch(/Siân|leading-innovation|the-hub-strategy/);
    expect(run.stdout).toMatch(/e\.g\. ada(\.md)?\b/);
  });
});

describe('23. an unknown field', () => {
  it('is located at its key, not at its value\'s first item', () => {
    const root = makeHub({ 'publications/a.md': paper({ auther: '\n  - Someone' }) });
    const run = runHub(['validate', '--dir', root]);
    expect(run.stdout).toMatch(/publications\/a\.md:8:1 +warning +HUB113 +auther /);
  });
});

describe('24. --json errors', () => {
  it.each([
    [['validate', '--json', '--dir', '/nonexistent-hub'], 2],
    [['list', '--json', '--status', 'nope'], 2],
    [['list', '--json', '--bogus'], 2],
  ])('%j prints the error as JSON on stderr with the same exit code', (args, code) => {
    const run = runHub(args as string[]);
    expect(run.status).toBe(code);
    const error = JSON.parse(run.stderr) as { error: { message: string; exit: number } };
    expect(error.error.exit).toBe(code);
    expect(error.error.message.length).toBeGreaterThan(5);
  });
});

describe('25. --dir before the verb', () => {
  it('hub --dir X list works as hub list --dir X', () => {
    const root = makeHub({ 'publications/a.md': paper({ title: 'Dir First' }) });
    const run = runHub(['--dir', root, 'list']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Dir First');
  });
});
