// The packs the browser and Nu checker tests open:
// - the hub's sample pack, exported through the real CLI (`hub export`, from dist/: `npm test` builds it);
// - a fixture pack: the sample papers plus the renderer's showcase and attack papers, rendered by
//   renderHtml from hand-built pieces, so that hostile content meets a real browser.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderHtml } from '../../src/render/html/index.js';
import { collectingOptions, packOf, paperFile } from '../helpers/html-pack.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface SamplePack {
  name: string;
  file: string;
  /** True when the pack holds test/fixtures/html/attacks.md. */
  hostile: boolean;
  /** What the renderer (or the CLI) reported while making it. */
  warnings: string;
}

function outputFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'hub-html-')), 'pack.html');
}

export function exportSamplePack(): SamplePack {
  const file = outputFile();
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/hub'), 'export', '--format', 'html', '--include-drafts', '--out', file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0) throw new Error(`hub export failed (is dist/ built? \`npm test\` builds it): ${result.stderr}${result.error?.message ?? ''}`);
  return { name: 'exported sample pack (hub export)', file, hostile: false, warnings: result.stderr };
}

export function writeFixturePack(): SamplePack {
  const publications = join(ROOT, 'publications');
  const papers = readdirSync(publications)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => paperFile(join(publications, name)));
  const fixtures = ['showcase.md', 'attacks.md'].map((name) => paperFile(join(ROOT, 'test/fixtures/html', name)));
  const pack = packOf([...papers, ...fixtures], {
    title: 'Finding, testing and spreading better ways of working',
    subtitle: 'Papers of the Whitehall Innovation Hub, 2008–2010',
  });
  const file = outputFile();
  const options = collectingOptions();
  writeFileSync(file, renderHtml(pack, options));
  return { name: 'fixture pack (renderHtml, with attacks)', file, hostile: true, warnings: options.diagnostics.map((diagnostic) => diagnostic.code).join(' ') };
}
