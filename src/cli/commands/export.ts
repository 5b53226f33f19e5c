// hub export: plan (from metadata) → check the chosen papers → build the pack → render and write each format.

import { extname, join, resolve } from 'node:path';
import { slugify } from '../../slug.js';
import { colourFor } from '../colour.js';
import { displayPath, manifestNames, PACKS_DIR, readPaperBody } from '../../load/load.js';
import { isFolder } from '../../io/files.js';
import { suggest } from '../../check/schema.js';
import { loadManifest } from '../../check/manifest.js';
import { loadPublications } from '../../check/paper.js';
import { FORMATS, type Diagnostic, type Format, type Hub, type Pack, type PackedPublication, type PaperSize, type RenderResult } from '../../model.js';
import { buildPack } from '../../pack/assemble.js';
import { planPack } from '../../pack/plan.js';
import { RENDERERS } from '../../render/registry.js';
import { countBySeverity, formatDiagnostic, heldBackNote } from '../report.js';
import { manifestDiagnostics, validateSome } from '../../check/validate.js';
import { openRenderCache } from '../../io/cache.js';
import { threadsFor } from '../../parallel.js';
import { hubVersion } from '../../io/version.js';
import { writeAtomic } from '../../io/write.js';
import { boundHeapFor, compactHeap } from '../../heap.js';
import { hubFrom, queryFrom, UsageError, type FilterOptions, type HubOptions } from '../options.js';

export interface ExportOptions extends HubOptions, FilterOptions {
  pack?: string;
  includeDrafts?: boolean;
  format?: string[];
  out?: string;
  title?: string;
  paper?: string;
  force?: boolean;
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

/** The default file name (no extension): a selection never takes the whole pack's name, so it never replaces that file. */
function defaultName(pack: Pack, slugs: readonly string[], options: FilterOptions): string {
  if (slugs.length === 1) return slugs[0]!;
  if (slugs.length > 1) return `${slugs[0]}-and-${slugs.length - 1}-more`;
  const filters = [options.type, options.status, options.tag, options.author, options.year].flatMap((values) => values ?? []);
  return filters.length === 0 ? pack.slug : `${pack.slug}-${slugify(filters.join(' '))}`.slice(0, 100).replace(/-+$/, '');
}

/**
 * Where each format goes: `exports/<name>.<format>` by default; `--out DIR/` (or an existing
 * folder) puts the default name there; with several formats `--out` is a base name.
 */
function outputPaths(options: ExportOptions, hub: Hub, formats: readonly Format[]): (name: string, format: Format) => string {
  const out = options.out;
  if (!out) return (name, format) => join(hub.root, 'exports', `${name}.${format}`);
  if (/[/\\]$/.test(out) || isFolder(out)) return (name, format) => join(resolve(out), `${name}.${format}`);
  const extension = extname(out).slice(1).toLowerCase();
  if (formats.length === 1) {
    if (FORMATS.includes(extension as Format) && extension !== formats[0]) {
      throw new UsageError(`--out ${out} ends in .${extension}, but --format is ${formats[0]}: name a .${formats[0]} file.`);
    }
    return () => resolve(out);
  }
  // One --out for several formats: a base name, one extension each.
  const base = FORMATS.includes(extension as Format) ? out.slice(0, -extension.length - 1) : out;
  return (_name, format) => `${resolve(base)}.${format}`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * A piece's body, read again from its file when a renderer reaches it. Made out here, not in
 * checkedPack: a closure there would keep everything checkedPack read alive for the whole render.
 */
const bodyFromFile = (publication: PackedPublication): string => readPaperBody(publication.path);

/** A pack that may be written, with the errors --force let through; or the exit code of a refusal. */
type Checked = { pack: Pack; errors: number } | { refused: number };

/**
 * Plan the pack from metadata, check the chosen papers, print what checking found, and build
 * the pack. Everything read on the way is let go when this returns: only the pack is kept
 * while rendering.
 */
async function checkedPack(hub: Hub, slugs: string[], options: ExportOptions, say: (message: string) => void): Promise<Checked> {
  say('Reading papers…');
  const listed = await loadPublications(hub, 'metadata');
  const slugsInHub = [...new Set(listed.map((publication) => publication.slug))];
  for (const slug of slugs) {
    if (!slugsInHub.includes(slug)) {
      const near = suggest(slug, slugsInHub);
      throw new UsageError(`No paper has the slug ${JSON.stringify(slug)}${near ? `; did you mean ${near}?` : '.'}`);
    }
  }
  // Problems outside the papers (config, manifest) are counted apart: never blamed on the papers.
  const setup: Diagnostic[] = [...hub.configDiagnostics];
  let manifest;
  if (options.pack) {
    const packs = manifestNames(hub);
    if (!packs.includes(options.pack)) {
      const near = suggest(options.pack, packs);
      const known = packs.length > 0 ? ` Packs: ${packs.join(', ')}.` : ` This hub has no packs (publications/${PACKS_DIR}/NAME.yaml).`;
      throw new UsageError(`There is no pack named ${JSON.stringify(options.pack)}${near ? `; did you mean ${near}?` : '.'}${known}`);
    }
    const loaded = await loadManifest(hub, options.pack);
    setup.push(...loaded.diagnostics, ...manifestDiagnostics(loaded, slugsInHub));
    manifest = loaded.manifest;
  }
  const includeDrafts = options.includeDrafts ?? hub.config.pack.includeDrafts;
  const { chosen, held } = planPack(listed, queryFrom(options, slugs, hub.config.pack.sort, hub, listed), includeDrafts, manifest);
  boundHeapFor(chosen.length);

  say(`Checking ${chosen.length} papers…`);
  const checked = await validateSome(hub, chosen.map((publication) => publication.path), listed);
  const colour = await colourFor(process.stderr);
  say('');
  const gate = [...setup, ...checked.diagnostics];
  // With --force every error is shown as a warning; the pack degrades each one visibly (a broken
  // anchor links to its piece's start, a missing paper's link is text with a note, a bad image
  // shows its alt text, unusable metadata has already fallen back to safe values).
  const shown = options.force ? gate.map((diagnostic) => (diagnostic.severity === 'error' ? { ...diagnostic, severity: 'warning' as const } : diagnostic)) : gate;
  // Notes (what hub left to the pack's own styles) are for hub validate; an export shows problems.
  for (const diagnostic of shown) if (diagnostic.severity !== 'info') process.stderr.write(`${formatDiagnostic(diagnostic, colour)}\n`);
  // Config and manifest errors are counted against their own file, never blamed on the papers.
  const errorsIn = new Map<string, number>();
  for (const diagnostic of setup) if (diagnostic.severity === 'error') errorsIn.set(diagnostic.file, (errorsIn.get(diagnostic.file) ?? 0) + 1);
  const paperErrors = countBySeverity(checked.diagnostics).errors;
  if (paperErrors > 0) errorsIn.set("the pack's papers", paperErrors);
  const errors = [...errorsIn.values()].reduce((sum, count) => sum + count, 0);
  if (errors > 0 && !options.force) {
    const counts = [...errorsIn].map(([where, count]) => `${count} error${count === 1 ? '' : 's'} in ${where}`).join(', ');
    process.stderr.write(colour.red(`Export stopped: ${counts}. Fix them (\`hub validate\` lists them) and export again, or add --force to write the pack anyway with each error shown as a warning.\n`));
    return { refused: 1 };
  }
  if (held.length > 0) {
    process.stderr.write(colour.dim(`${heldBackNote(held, 'piece', 'include them')}\n`));
  }
  if (chosen.length === 0) {
    process.stderr.write(colour.red(listed.length === 0 ? 'The hub has no papers yet: nothing to export. Start one with `hub new "A title"`.\n' : `No ${held.length > 0 ? 'published ' : ''}papers match: nothing to export.\n`));
    return { refused: 1 };
  }

  const titleOf = (path: string): string | undefined => checked.collection.byPath.get(path)?.publication.metadata.title;
  const pack = buildPack(hub, {
    papers: checked.papers,
    titleOf,
    bodyOf: bodyFromFile,
    generator: `hub ${hubVersion()}`,
    ...(manifest ? { manifest } : {}),
    ...(options.title ? { title: options.title } : {}),
    ...(process.env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: process.env.SOURCE_DATE_EPOCH } : {}),
  });
  return { pack, errors };
}

export async function exportPack(slugs: string[], options: ExportOptions): Promise<number> {
  const started = performance.now();
  const say = progress();
  const hub = await hubFrom(options);
  const formats = formatsFrom(options, hub);
  const paper = (options.paper ?? hub.config.pack.paper) as PaperSize;
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper ${JSON.stringify(paper)} is not one of: a4, letter.`);
  if (options.pack && slugs.length > 0) throw new UsageError('Name papers or a --pack, not both.');
  if (options.title !== undefined && options.title.trim() === '') throw new UsageError('--title is blank: give the pack a title, or leave --title out.');
  const outputPath = outputPaths(options, hub, formats);

  const checked = await checkedPack(hub, slugs, options, say);
  if ('refused' in checked) return checked.refused;
  const { pack, errors } = checked;
  // What checking read is garbage now: render from a heap that holds the pack and little else.
  compactHeap();
  const colour = await colourFor(process.stderr);
  const warn = (diagnostic: Diagnostic): void => {
    const shownAs = options.force && diagnostic.severity === 'error' ? { ...diagnostic, severity: 'warning' as const } : diagnostic;
    process.stderr.write(`${formatDiagnostic(shownAs, colour)}\n`);
  };

  for (const format of formats) {
    const out = outputPath(defaultName(pack, slugs, options), format);
    const formatStarted = performance.now();
    say(`Rendering ${format.toUpperCase()}…`);
    const renderer = await RENDERERS[format]();
    let result: RenderResult = {};
    const { bytes } = await writeAtomic(out, async (stream) => {
      result = await renderer.render(pack, { paper, warn, cache: openRenderCache(), threads: threadsFor(pack.pieces.length) }, stream);
    });
    say('');
    const seconds = ((performance.now() - (formats.length === 1 ? started : formatStarted)) / 1000).toFixed(1);
    const { pages } = result;
    const pageCount = pages === undefined ? '' : `, ${pages} page${pages === 1 ? '' : 's'}`;
    process.stdout.write(`Wrote ${displayPath(out)} (${size(bytes)}, ${pack.pieces.length} piece${pack.pieces.length === 1 ? '' : 's'}${pageCount}) in ${seconds} s\n`);
  }
  if (errors > 0) process.stderr.write(colour.yellow(`Exported with --force despite ${errors} error${errors === 1 ? "" : "s"}, shown above as warnings; \`hub validate\` lists them to fix.\n`));
  return 0;
}

