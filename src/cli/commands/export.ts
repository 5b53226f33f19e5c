// hub export: plan (from metadata) → check the chosen papers → build the pack → render and write each format.

import { basename, extname, join, resolve } from 'node:path';
import { colourFor } from '../colour.js';
import { displayPath, readPaperBody } from '../../load/load.js';
import { loadManifest } from '../../check/manifest.js';
import { loadPublications } from '../../check/paper.js';
import { FORMATS, type Diagnostic, type Format, type Hub, type Pack, type PaperSize, type RenderResult } from '../../model.js';
import { buildPack } from '../../pack/assemble.js';
import { planPack } from '../../pack/plan.js';
import { RENDERERS } from '../../render/registry.js';
import { countBySeverity, formatDiagnostic } from '../report.js';
import { manifestDiagnostics, validateSome } from '../../check/validate.js';
import { openRenderCache } from '../../io/cache.js';
import { hubVersion } from '../../io/version.js';
import { writeAtomic } from '../../io/write.js';
import { hubFrom, queryFrom, UsageError, type FilterOptions, type HubOptions } from '../options.js';

export interface ExportOptions extends HubOptions, FilterOptions {
  pack?: string;
  includeDrafts?: boolean;
  format?: string[];
  out?: string;
  title?: string;
  paper?: string;
}

/** Progress for people watching a terminal; silent when stderr is a pipe or a file. */
function progress(): (message: string) => void {
  if (!process.stderr.isTTY) return () => {};
  return (message) => process.stderr.write(`\r\x1b[2K${message}`);
}

function formatsFrom(options: ExportOptions, hub: Hub): Format[] {
  const formats = options.format && options.format.length > 0 ? options.format : hub.config.pack.format;
  for (const format of formats) {
    if (!FORMATS.includes(format as Format)) throw new UsageError(`--format ${JSON.stringify(format)} is not one of: ${FORMATS.join(', ')}.`);
  }
  return [...new Set(formats as Format[])];
}

function outputPath(options: ExportOptions, hub: Hub, pack: Pack, format: Format, formats: Format[]): string {
  if (!options.out) return join(hub.root, 'exports', `${pack.slug}.${format}`);
  const out = resolve(options.out);
  if (formats.length === 1) return out;
  // One --out for several formats: same name, one extension each.
  return join(resolve(out, '..'), `${basename(out, extname(out))}.${format}`);
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function exportPack(slugs: string[], options: ExportOptions): Promise<number> {
  const started = performance.now();
  const say = progress();
  const hub = await hubFrom(options);
  const formats = formatsFrom(options, hub);
  const paper = (options.paper ?? hub.config.pack.paper) as PaperSize;
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper ${JSON.stringify(paper)} is not one of: a4, letter.`);
  if (options.pack && slugs.length > 0) throw new UsageError('Name papers or a --pack, not both.');

  say('Reading papers…');
  const listed = await loadPublications(hub, 'metadata');
  const slugsInHub = [...new Set(listed.map((publication) => publication.slug))];
  for (const slug of slugs) {
    if (!slugsInHub.includes(slug)) throw new UsageError(`No paper has the slug ${JSON.stringify(slug)}.`);
  }
  const gate: Diagnostic[] = [...hub.configDiagnostics];
  let manifest;
  if (options.pack) {
    const loaded = await loadManifest(hub, options.pack);
    gate.push(...loaded.diagnostics, ...manifestDiagnostics(loaded, slugsInHub));
    manifest = loaded.manifest;
  }
  const includeDrafts = options.includeDrafts ?? hub.config.pack.includeDrafts;
  const { chosen, held } = planPack(listed, queryFrom(options, slugs, hub.config.pack.sort), includeDrafts, manifest);

  say(`Checking ${chosen.length} papers…`);
  const checked = await validateSome(hub, chosen.map((publication) => publication.path), listed);
  gate.push(...checked.diagnostics);
  const colour = await colourFor(process.stderr);
  say('');
  const { errors } = countBySeverity(gate);
  // Notes (what hub left to the pack's own styles) are for hub validate; an export shows problems.
  for (const diagnostic of gate) if (diagnostic.severity !== 'info') process.stderr.write(`${formatDiagnostic(diagnostic, colour)}\n`);
  if (errors > 0) {
    process.stderr.write(colour.red(`Export stopped: ${errors} error${errors === 1 ? '' : 's'} in the pack's papers. Fix them (hub validate lists them) and export again.\n`));
    return 1;
  }
  if (held.length > 0) {
    process.stderr.write(colour.dim(`Left out ${held.length} draft or review piece${held.length === 1 ? '' : 's'} (${held.map((publication) => publication.slug).join(', ')}); add --include-drafts to include them.\n`));
  }
  if (chosen.length === 0) {
    process.stderr.write(colour.red(listed.length === 0 ? 'The hub has no papers yet: nothing to export. Start one with `hub new "A title"`.\n' : 'No papers match: nothing to export.\n'));
    return 1;
  }

  const titleOf = (path: string): string | undefined => checked.collection.byPath.get(path)?.publication.metadata.title;
  const pack = buildPack(hub, {
    papers: checked.papers,
    titleOf,
    bodyOf: (publication) => readPaperBody(publication.path),
    generator: `hub ${hubVersion()}`,
    ...(manifest ? { manifest } : {}),
    ...(options.title ? { title: options.title } : {}),
    ...(process.env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: process.env.SOURCE_DATE_EPOCH } : {}),
  });
  const warn = (diagnostic: Diagnostic): void => {
    process.stderr.write(`${formatDiagnostic(diagnostic, colour)}\n`);
  };

  for (const format of formats) {
    const out = outputPath(options, hub, pack, format, formats);
    const formatStarted = performance.now();
    say(`Rendering ${format.toUpperCase()}…`);
    const renderer = await RENDERERS[format]();
    let result: RenderResult = {};
    const { bytes } = await writeAtomic(out, async (stream) => {
      result = await renderer.render(pack, { paper, warn, cache: openRenderCache() }, stream);
    });
    say('');
    const seconds = ((performance.now() - (formats.length === 1 ? started : formatStarted)) / 1000).toFixed(1);
    const { pages } = result;
    const pageCount = pages === undefined ? '' : `, ${pages} page${pages === 1 ? '' : 's'}`;
    process.stdout.write(`Wrote ${displayPath(out)} (${size(bytes)}, ${pack.pieces.length} piece${pack.pieces.length === 1 ? '' : 's'}${pageCount}) in ${seconds} s\n`);
  }
  return 0;
}

