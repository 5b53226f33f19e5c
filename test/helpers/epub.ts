// EPUB packs for tests: rendered by the real renderer into memory, read back with the test's
// own ZIP reader (never the writer's library), checked with EPUBCheck (Debian's epubcheck).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { epubRenderer } from '../../src/render/epub/index.js';
import type { Pack, RenderOptions } from '../../src/model.js';
import { javaAvailable } from './browser.js';
import { readZip, type ZipArchive } from './zip-reader.js';

export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';
export const epubcheckAvailable = javaAvailable && existsSync(EPUBCHECK_JAR);

/** Render a pack to EPUB bytes, through the same streaming path the CLI uses. */
export async function renderEpub(pack: Pack, options: RenderOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await epubRenderer.render(pack, options, out);
  await finished(out);
  return Buffer.concat(chunks);
}

/** The package's files, by path inside the archive. */
export async function renderEpubArchive(pack: Pack, options: RenderOptions): Promise<ZipArchive> {
  return readZip(await renderEpub(pack, options));
}

/** Unpack every file of an EPUB under `folder` (to open its documents in a browser). */
export function unpack(archive: ZipArchive, folder: string): string[] {
  return archive.entries.map((entry) => {
    const path = join(folder, entry.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, archive.read(entry.name));
    return path;
  });
}

export interface EpubcheckReport {
  errors: number;
  warnings: number;
  /** Every message line, for the failure output. */
  messages: string[];
}

/** Run EPUBCheck on a file. */
export function epubcheck(file: string): EpubcheckReport {
  if (!epubcheckAvailable) throw new Error(`EPUBCheck is required (HUB_REQUIRE_BROWSER=1) but ${EPUBCHECK_JAR} or Java is missing; install the Debian package "epubcheck".`);
  const result = spawnSync('java', ['-jar', EPUBCHECK_JAR, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout}\n${result.stderr}`;
  const summary = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output);
  if (!summary) throw new Error(`epubcheck gave no summary: ${output}`);
  const messages = output.split('\n').filter((line) => /^(FATAL|ERROR|WARNING)/.test(line));
  return { errors: Number(summary[1]) + Number(summary[2]), warnings: Number(summary[3]), messages };
}
