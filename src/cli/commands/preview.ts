// hub preview: build the HTML pack in memory, serve it on this machine, and follow the
// author's edits: watch → rebuild what changed → patch the open page. Never writes a file.

import { basename } from 'node:path';
import { exists } from '../../io/files.js';
import { hubVersion } from '../../io/version.js';
import { displayPath, manifestPath, paperFiles } from '../../load/load.js';
import type { Diagnostic, PaperSize } from '../../model.js';
import { PortInUseError, startServer } from '../../preview/server.js';
import { PreviewSession, type BuildReport } from '../../preview/session.js';
import { watchHub } from '../../preview/watch.js';
import { colourFor, plain } from '../colour.js';
import { onInterrupt } from '../interrupt.js';
import { hubFrom, queryFrom, UsageError, type FilterOptions, type HubOptions } from '../options.js';
import { countBySeverity, formatDiagnostic } from '../report.js';
import { loadPublications } from '../../check/paper.js';

export interface PreviewOptions extends HubOptions, FilterOptions {
  pack?: string;
  publishedOnly?: boolean;
  title?: string;
  paper?: string;
  port?: string;
  host?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function portFrom(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port ${JSON.stringify(value)} is not a port number (0–65535).`);
  return port;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `0 problems`, `1 problem`, `3 problems (2 errors, 1 warning)`. */
function problemCount(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  if (errors === 0 || warnings === 0) return plural(diagnostics.length, 'problem');
  return `${plural(diagnostics.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
}

function changeList(changed: ReadonlySet<string>): string {
  const shown = [...changed].map(displayPath).sort();
  if (shown.length === 1) return `a change to ${shown[0]}`;
  return `changes to ${shown.length} files (${shown.slice(0, 3).join(', ')}${shown.length > 3 ? ', …' : ''})`;
}

export async function preview(slugs: string[], options: PreviewOptions): Promise<number> {
  const hub = await hubFrom(options);
  if (options.pack && slugs.length > 0) throw new UsageError('Name papers or a --pack, not both.');
  const port = portFrom(options.port);
  const host = options.host ?? '127.0.0.1';
  const paper = (options.paper ?? hub.config.pack.paper) as PaperSize;
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper ${JSON.stringify(paper)} is not one of: a4, letter.`);
  const known = new Set(paperFiles(hub).map((path) => basename(path, '.md')));
  for (const slug of slugs) if (!known.has(slug)) throw new UsageError(`No paper has the slug ${JSON.stringify(slug)}.`);
  if (options.pack && !exists(manifestPath(hub, options.pack))) {
    throw new UsageError(`No pack manifest ${displayPath(manifestPath(hub, options.pack))}. Name one of publications/packs/*.yaml.`);
  }

  const colour = await colourFor(process.stderr);
  let session: PreviewSession | undefined;
  let ready: (value: PreviewSession) => void = () => {};
  const built = new Promise<PreviewSession>((resolve) => (ready = resolve));
  let server;
  try {
    server = await startServer(host, port, {
      page: async () => (await built).pageBytes(),
      pdf: async () => (await built).pdfBytes(),
      build: () => session?.build ?? 0,
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new UsageError(`port ${port} on ${host} is in use. Choose another with --port N, or leave --port out to take the first free one from 4000.`);
    }
    throw error;
  }
  const closers: (() => Promise<void>)[] = [() => server.close()];
  let stopped: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => (stopped = resolve));
  onInterrupt(async () => {
    for (const close of closers.reverse()) await close();
    stopped();
  });

  if (!LOOPBACK.has(host)) {
    process.stderr.write(colour.yellow(`warning: listening on ${host}: other machines that can reach this one can read the pack. Leave out --host to keep it on this machine.\n`));
  }
  process.stdout.write(`Previewing the pack at ${server.url} (Ctrl-C to stop)\n`);

  // The terminal shows each problem once, when it appears; the page's panel always shows them all.
  let shown = new Set<string>();
  const tell = (report: BuildReport): void => {
    const now = new Set<string>();
    for (const diagnostic of report.diagnostics) {
      const text = formatDiagnostic(diagnostic, colour);
      now.add(text);
      if (!shown.has(text)) process.stderr.write(`${text}\n`);
    }
    shown = now;
  };

  // One rebuild at a time; changes that arrive meanwhile make the next one.
  let pending = new Set<string>();
  let queue = Promise.resolve();
  const rebuild = async (): Promise<void> => {
    if (pending.size === 0) return;
    const changed = pending;
    pending = new Set();
    const began = performance.now();
    try {
      const report = await (await built).rebuild(changed);
      server.broadcast('patch', report.patch.build, JSON.stringify(report.patch));
      tell(report);
      const work = report.reread + report.rendered === 0 ? 'nothing in the pack changed' : `read ${plural(report.reread, 'paper')}, rendered ${plural(report.rendered, 'piece')}`;
      process.stdout.write(`Rebuilt after ${changeList(changed)}: ${work}, in ${Math.round(performance.now() - began)} ms; ${problemCount(report.diagnostics)}\n`);
    } catch (error) {
      // A failure of hub itself, not of the papers: say so and keep serving the last build.
      process.stderr.write(colour.red(`hub: the rebuild after ${changeList(changed)} failed: ${error instanceof Error ? error.message : String(error)}\n`));
    }
  };
  // Watching starts before the first build: an edit saved while it runs makes the next one.
  const watcher = await watchHub(PreviewSession.watchedPaths(hub), (changed) => {
    for (const path of changed) pending.add(path);
    queue = queue.then(rebuild);
  });
  closers.push(() => watcher.close());

  const started = performance.now();
  const opened = await PreviewSession.open(hub, {
    // Filter values are checked against the hub's own papers, as export checks them.
    query: queryFrom(options, slugs, hub.config.pack.sort, hub, await loadPublications(hub, 'metadata')),
    includeDrafts: options.publishedOnly !== true,
    ...(options.pack ? { packName: options.pack } : {}),
    ...(options.title ? { title: options.title } : {}),
    paper,
    generator: `hub ${hubVersion()}`,
    ...(process.env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: process.env.SOURCE_DATE_EPOCH } : {}),
    describe: (diagnostic) => formatDiagnostic(diagnostic, plain),
  });
  session = opened.session;
  ready(session);
  tell(opened.report);
  process.stdout.write(`Built ${plural(opened.report.pieces, 'piece')} in ${Math.round(performance.now() - started)} ms; ${problemCount(opened.report.diagnostics)}\n`);

  await interrupted;
  return 130;
}
