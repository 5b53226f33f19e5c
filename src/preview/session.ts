// The preview's build, kept in memory and redone in part. A change re-reads and re-lexes
// only the files that changed; the collection rules run again over every paper's
// plain-data index (no file is read and nothing lexed for that); a piece is rendered
// again only when its own file changed, or when a paper it links to entered or left the
// pack (or, outside the pack, changed its title: the link's text names it), or an image
// it shows changed. Everything else is reused as rendered. The page follows by a
// PagePatch; problems never stop a build: what cannot be read is shown as a placeholder.

import { basename, extname, join, relative, sep } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { checkContext, openHub } from '../check/hub.js';
import { loadManifest, type LoadedManifest } from '../check/manifest.js';
import { checkPaper } from '../check/paper.js';
import { COLLECTION_RULES, PAPER_RULES, type IndexedPaper } from '../check/rules.js';
import { indexPaper } from '../check/index-paper.js';
import { collect, manifestDiagnostics, sortDiagnostics } from '../check/validate.js';
import { CONFIG_FILE, manifestPath, PACKS_DIR, paperFiles, readPaperFile } from '../load/load.js';
import { imageTarget, linkTarget, paperRoots } from '../markdown/links.js';
import type { Diagnostic, Hub, Metadata, Pack, PaperSize, Publication, Query } from '../model.js';
import { buildPack } from '../pack/assemble.js';
import { planPack } from '../pack/plan.js';
import {
  contentsEntry, coverHtml, documentTitle, fragmentWarnings, htmlChunks, problemPanel, renderPiece,
  partSettings, type PanelProblem, type RenderedPiece,
} from '../render/html/index.js';
import { escapeMarkdownText } from '../render/html/sanitize.js';
import { RENDERERS } from '../render/registry.js';
import { CLIENT_SCRIPT } from './client.js';

/** What to preview: the export's choices, and how a diagnostic reads on the terminal. */
export interface PreviewRequest {
  query: Query;
  includeDrafts: boolean;
  packName?: string;
  title?: string;
  paper: PaperSize;
  generator: string;
  sourceDateEpoch?: string;
  /** The text the terminal prints for a diagnostic: the problem panel shows the same. */
  describe: (diagnostic: Diagnostic) => string;
}

/** What the open page must replace to show a new build (see client.ts). */
export interface PagePatch {
  /** The build this patch applies to: a page showing any other reloads instead. */
  from: number;
  build: number;
  /** The config or the pack's manifest changed: reload the whole page (keeping the place). */
  reload: boolean;
  title: string;
  /** The cover and the problem panel, when they changed. */
  cover?: string;
  problems?: string;
  /** Piece ids in reading order. */
  order: string[];
  /** HTML of the pieces that changed or joined, by id. */
  pieces: Record<string, string>;
  /** Contents entries that changed or joined, by piece id. */
  entries: Record<string, string>;
}

export interface BuildReport {
  patch: PagePatch;
  /** Every problem of this build, in the order the panel lists them. */
  diagnostics: Diagnostic[];
  pieces: number;
  /** Papers read from disk and lexed in this build. */
  reread: number;
  /** Pieces rendered in this build (the rest were reused). */
  rendered: number;
}

/** A piece as last rendered. */
interface RenderedRecord {
  part: RenderedPiece;
  entry: string;
}

/** A paper as last read: indexed, whether its front matter could be read at all, and what it points at. */
interface ReadPaper {
  paper: IndexedPaper;
  unreadable: boolean;
  /** Its Markdown body, kept: a rebuild renders from memory what it did not read again. */
  body: string;
  /** Papers it links to, and local images it shows (absolute paths). */
  links: ReadonlySet<string>;
  images: ReadonlySet<string>;
  /** What the per-paper rules last said of it. */
  problems: Diagnostic[];
}

function pointsAt(paper: IndexedPaper, hub: Hub): { links: Set<string>; images: Set<string> } {
  const { publication, index } = paper;
  const roots = paperRoots(hub);
  const links = new Set(index.links.flatMap((link) => {
    const target = linkTarget(link.href, publication.path, roots);
    return target.kind === 'paper' ? [target.path] : [];
  }));
  // An image anywhere in the hub: one outside publications/ (an error) is watched too, to see it moved in.
  const images = new Set(index.images.flatMap((image) => {
    const target = imageTarget(image.href, publication.path, roots);
    return target.kind === 'local' || (target.kind === 'outside' && target.path.startsWith(hub.root + sep)) ? [target.path] : [];
  }));
  return { links, images };
}

/** The Markdown shown in place of a paper whose file or front matter cannot be read. */
function placeholderBody(publication: Publication, describe: (diagnostic: Diagnostic) => string): string {
  const problems = publication.diagnostics.map((diagnostic) => `> - ${escapeMarkdownText(describe(diagnostic)).replace(/\n\s*/g, ' ')}`);
  return [
    '> **This paper could not be read**, so the preview shows this in its place. Fix the file and save it: the page follows.',
    '>',
    ...problems,
    '',
  ].join('\n');
}

/** Whether two renderings of a piece define the same ids and make the same `#` links. */
function sameTargets(a: RenderedPiece, b: RenderedPiece): boolean {
  return (
    a.ids.length === b.ids.length &&
    a.ids.every((id, index) => id === b.ids[index]) &&
    a.fragmentLinks.length === b.fragmentLinks.length &&
    a.fragmentLinks.every((link, index) => link.target === b.fragmentLinks[index]!.target && link.where.line === b.fragmentLinks[index]!.where.line)
  );
}

function collectBuffer(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

export class PreviewSession {
  /** Builds made so far; the page carries the number of the one it shows. */
  build = 0;
  private hub: Hub;
  private readonly request: PreviewRequest;
  private readonly papers = new Map<string, ReadPaper>();
  /** The last metadata read from each paper, to keep an unreadable paper in its place. */
  private readonly lastGood = new Map<string, Metadata>();
  private readonly rendered = new Map<string, RenderedRecord>();
  private manifest: LoadedManifest | undefined;
  private pack: Pack | undefined;
  private problems: PanelProblem[] = [];
  private fragmentProblems: Diagnostic[] = [];
  private cover = '';
  private panel = '';
  private page: Buffer | undefined;
  private pdf: Promise<Buffer> | undefined;

  private constructor(hub: Hub, request: PreviewRequest) {
    this.hub = hub;
    this.request = request;
  }

  static async open(hub: Hub, request: PreviewRequest): Promise<{ session: PreviewSession; report: BuildReport }> {
    const session = new PreviewSession(hub, request);
    return { session, report: await session.rebuild(new Set([join(hub.root, CONFIG_FILE)])) };
  }

  /** The files that matter to the pack, to watch: the hub config and everything under publications/. */
  static watchedPaths(hub: Hub): { root: string; config: string; publications: string } {
    return { root: hub.root, config: join(hub.root, CONFIG_FILE), publications: hub.publicationsDir };
  }

  /** Rebuild after `changed` (absolute paths). The config file stands for "everything". */
  async rebuild(changed: ReadonlySet<string>): Promise<BuildReport> {
    const { request } = this;
    const everything = changed.has(join(this.hub.root, CONFIG_FILE));
    const manifestChanged = request.packName !== undefined && changed.has(manifestPath(this.hub, request.packName));
    if (everything) {
      this.hub = await openHub(this.hub.root);
      this.rendered.clear();
    }
    if (everything || manifestChanged || (request.packName !== undefined && !this.manifest)) {
      this.manifest = request.packName === undefined ? undefined : await loadManifest(this.hub, request.packName);
    }

    // Papers: the one listing rule (paperFiles) says which files are papers now.
    const files = paperFiles(this.hub);
    const current = new Set(files);
    const context = checkContext(this.hub);
    // Papers whose title a link's text may show: those read again, and those gone.
    const retitled = new Set<string>();
    for (const path of [...this.papers.keys()]) {
      if (current.has(path)) continue;
      this.papers.delete(path);
      retitled.add(path);
    }
    const reread = new Set<string>();
    for (const path of files) {
      const before = this.papers.get(path);
      if (!everything && before && !changed.has(path)) continue;
      const read = await readPaperFile(path, 'full');
      const publication = checkPaper(path, read, context);
      const unreadable = read.problems.length > 0;
      if (!unreadable) this.lastGood.set(path, publication.metadata);
      const paper = indexPaper(publication, this.hub.config.markdown);
      this.papers.set(path, { paper, unreadable, body: publication.body, ...pointsAt(paper, this.hub), problems: [] });
      if (before?.paper.publication.metadata.title !== publication.metadata.title) retitled.add(path);
      reread.add(path);
    }
    const changedImages = new Set([...changed].filter((path) => extname(path) !== '.md' && !relative(this.hub.publicationsDir, path).startsWith(`${PACKS_DIR}${sep}`)));

    // Check, from memory: the papers against one another, then each paper read again and
    // each one that points at what changed (links, related slugs, images) on its own.
    const collection = collect(this.hub, files.map((path) => this.papers.get(path)!.paper));
    const moved = new Set([...reread, ...retitled]);
    const movedSlugs = new Set([...moved].map((path) => basename(path, '.md')));
    const recheck = [...this.papers.values()].filter((read) =>
      everything ||
      reread.has(read.paper.publication.path) ||
      [...read.links].some((target) => moved.has(target)) ||
      read.paper.publication.metadata.related.some((slug) => movedSlugs.has(slug)) ||
      (changedImages.size > 0 && [...read.images].some((image) => changedImages.has(image))));
    const rechecked = PAPER_RULES.flatMap((rule) => rule({ ...collection, papers: recheck.map((read) => read.paper) }));
    for (const read of recheck) read.problems = [];
    for (const diagnostic of rechecked) this.papers.get(diagnostic.path!)!.problems.push(diagnostic);
    const ruleDiagnostics = [...COLLECTION_RULES.flatMap((rule) => rule(collection)), ...[...this.papers.values()].flatMap((read) => read.problems)];

    // Plan and pack: an unreadable paper keeps the place its last readable metadata gave it.
    const listed = files.map((path) => {
      const { paper, unreadable } = this.papers.get(path)!;
      const last = this.lastGood.get(path);
      return unreadable && last ? { ...paper.publication, metadata: last } : paper.publication;
    });
    const { chosen } = planPack(listed, request.query, request.includeDrafts, this.manifest?.manifest);
    const placeholders = new Map<string, string>();
    const packPapers = chosen.map((publication): IndexedPaper => {
      const { paper, unreadable } = this.papers.get(publication.path)!;
      if (!unreadable) return paper;
      placeholders.set(publication.path, placeholderBody(paper.publication, request.describe));
      return { publication: { ...publication, bodyLine: 1 }, index: { links: [], images: [], headings: [], anchors: [], notes: [], firstLine: 1 } };
    });
    const previousPieces = new Set(this.pack?.pieces.map((piece) => piece.publication.path) ?? []);
    const pack = buildPack(this.hub, {
      papers: packPapers,
      titleOf: (path) => collection.byPath.get(path)?.publication.metadata.title,
      bodyOf: (publication) => placeholders.get(publication.path) ?? this.papers.get(publication.path)?.body ?? '',
      generator: request.generator,
      ...(this.manifest?.manifest ? { manifest: this.manifest.manifest } : {}),
      ...(request.title ? { title: request.title } : {}),
      ...(request.sourceDateEpoch ? { sourceDateEpoch: request.sourceDateEpoch } : {}),
    });
    const inPack = new Set(pack.pieces.map((piece) => piece.publication.path));
    const joinedOrLeft = new Set([...inPack, ...previousPieces].filter((path) => inPack.has(path) !== previousPieces.has(path)));
    // A link to these now renders differently: its target joined or left, or is outside and renamed.
    const relinked = new Set([...joinedOrLeft, ...[...retitled].filter((path) => !inPack.has(path))]);

    // Render what is stale; reuse the rest.
    // A pack of one paper has no contents: the page changes shape when it gains or loses one.
    const contentsCameOrWent = this.pack !== undefined && (previousPieces.size > 1) !== (pack.pieces.length > 1);
    const patch: PagePatch = { from: this.build, build: this.build + 1, reload: everything || manifestChanged || contentsCameOrWent, title: documentTitle(pack), order: [], pieces: {}, entries: {} };
    let rendered = 0;
    // Images are read afresh for the pieces rendered now (an image's problems belong to each build).
    const settings = partSettings(pack);
    let targetsMoved = everything || joinedOrLeft.size > 0;
    for (const piece of pack.pieces) {
      const path = piece.publication.path;
      const record = this.rendered.get(path);
      const read = this.papers.get(path)!;
      const stale =
        !record ||
        reread.has(path) ||
        (relinked.size > 0 && [...read.links].some((target) => relinked.has(target))) ||
        (changedImages.size > 0 && [...read.images].some((image) => changedImages.has(image)));
      // A contents entry shows the paper's metadata and headings: only a paper read again has new ones.
      const entry = !record || reread.has(path) ? contentsEntry(piece, pack.dateFormat) : record.entry;
      if (stale) {
        const part = renderPiece(piece, settings);
        rendered++;
        if (!record || record.part.html !== part.html) patch.pieces[piece.id] = part.html;
        if (!record || !sameTargets(record.part, part)) targetsMoved = true;
        this.rendered.set(path, { part, entry });
      }
      if (!previousPieces.has(path)) patch.pieces[piece.id] ??= this.rendered.get(path)!.part.html;
      if (!record || record.entry !== entry || !previousPieces.has(path)) patch.entries[piece.id] = entry;
      this.rendered.get(path)!.entry = entry;
      patch.order.push(piece.id);
    }
    for (const path of [...this.rendered.keys()]) if (!inPack.has(path)) this.rendered.delete(path);
    // `#` links are checked against every id of the page again only when some id or link moved.
    const parts = pack.pieces.map((piece) => this.rendered.get(piece.publication.path)!.part);
    if (targetsMoved) this.fragmentProblems = fragmentWarnings(parts);

    // Problems of this pack: the config, the manifest, the pieces' own, the rules', the renderer's.
    const diagnostics = [
      ...this.hub.configDiagnostics,
      ...(this.manifest ? [...this.manifest.diagnostics, ...manifestDiagnostics(this.manifest, [...collection.bySlug.keys()])] : []),
      ...sortDiagnostics([
        ...chosen.flatMap((publication) => this.papers.get(publication.path)!.paper.publication.diagnostics),
        ...ruleDiagnostics.filter((diagnostic) => diagnostic.path !== undefined && inPack.has(diagnostic.path)),
      ]),
      ...parts.flatMap((part) => part.warnings),
      ...this.fragmentProblems,
    ];
    this.problems = diagnostics.map((diagnostic) => ({ severity: diagnostic.severity, text: request.describe(diagnostic) }));
    const cover = coverHtml(pack);
    const panel = problemPanel(this.problems);
    if (cover !== this.cover) patch.cover = this.cover = cover;
    if (panel !== this.panel) patch.problems = this.panel = panel;

    this.pack = pack;
    this.build = patch.build;
    this.page = undefined;
    this.pdf = undefined;
    return { patch, diagnostics, pieces: pack.pieces.length, reread: reread.size, rendered };
  }

  /** The page of the current build: the HTML pack as exported, made live, from the pieces as rendered. */
  pageBytes(): Buffer {
    if (!this.page) {
      const pack = this.pack!;
      const live = { script: CLIENT_SCRIPT, build: this.build, problems: this.problems, rendered: (piece: Pack['pieces'][number]) => this.rendered.get(piece.publication.path)?.part };
      // Warnings were gathered by the build: the page itself adds none.
      this.page = Buffer.from([...htmlChunks(pack, { paper: this.request.paper, warn: () => {} }, live)].join(''));
    }
    return this.page;
  }

  /** The PDF pack of the current build, made on first request and kept until the next build. */
  pdfBytes(): Promise<Buffer> {
    if (!this.pdf) {
      const pack = this.pack!;
      this.pdf = (async () => {
        const renderer = await RENDERERS.pdf();
        const { out, bytes } = collectBuffer();
        await renderer.render(pack, { paper: this.request.paper, warn: () => {} }, out);
        if (!out.writableEnded) out.end();
        await finished(out);
        return bytes();
      })();
      // A failed build is not kept: the next request tries again.
      this.pdf.catch(() => (this.pdf = undefined));
    }
    return this.pdf;
  }
}
