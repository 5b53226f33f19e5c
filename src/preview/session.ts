// The preview's build, kept in memory and redone in part. A change re-reads and re-lexes
// only the files that changed; the collection rules run again over every paper's
// plain-data index (no file is read and nothing lexed for that); a piece is rendered
// again only when its own file changed, or when a paper it links to entered or left the
// pack (or, outside the pack, changed its title: the link's text names it), or an image
// it shows changed. Everything else is reused as rendered. The page follows by a
// PagePatch; problems never stop a build: what cannot be read is shown as a placeholder.

import { extname, join, relative, sep } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { checkContext, openHub } from '../check/hub.js';
import { loadManifest, type LoadedManifest } from '../check/manifest.js';
import { checkPaper } from '../check/paper.js';
import { RULES, type IndexedPaper } from '../check/rules.js';
import { collect, indexPaper, manifestDiagnostics, sortDiagnostics } from '../check/validate.js';
import { CONFIG_FILE, manifestPath, PACKS_DIR, paperFiles, readPaperFile } from '../load/load.js';
import { imageTarget, linkTarget } from '../markdown/links.js';
import type { Diagnostic, Hub, Metadata, Pack, PaperSize, Publication, Query } from '../model.js';
import { buildPack } from '../pack/assemble.js';
import { planPack } from '../pack/plan.js';
import {
  contentsEntry, coverHtml, documentTitle, fragmentWarnings, htmlChunks, problemPanel, renderPiece,
  type ImageCache, type PanelProblem, type RenderedPiece,
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
  cover: string;
  problems: string;
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

/** A piece as last rendered, and what would make it stale. */
interface RenderedRecord {
  part: RenderedPiece;
  entry: string;
  /** Papers it links to, and local images it shows (absolute paths). */
  links: Set<string>;
  images: Set<string>;
}

/** A paper as last read: indexed, and whether its front matter could be read at all. */
interface ReadPaper {
  paper: IndexedPaper;
  unreadable: boolean;
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
  watchedPaths(): { root: string; config: string; publications: string } {
    return { root: this.hub.root, config: join(this.hub.root, CONFIG_FILE), publications: this.hub.publicationsDir };
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
    const titlesBefore = new Map([...this.papers].map(([path, read]) => [path, read.paper.publication.metadata.title]));
    let reread = 0;
    for (const path of [...this.papers.keys()]) if (!current.has(path)) this.papers.delete(path);
    for (const path of files) {
      if (!everything && this.papers.has(path) && !changed.has(path)) continue;
      const read = await readPaperFile(path, 'full');
      const publication = checkPaper(path, read, context);
      const unreadable = read.problems.length > 0;
      if (!unreadable) this.lastGood.set(path, publication.metadata);
      this.papers.set(path, { paper: indexPaper(publication), unreadable });
      reread++;
    }
    const changedImages = new Set([...changed].filter((path) => extname(path) !== '.md' && !relative(this.hub.publicationsDir, path).startsWith(`${PACKS_DIR}${sep}`)));

    // Check: the rules over every paper's index, from memory.
    const indexed = files.map((path) => this.papers.get(path)!.paper);
    const collection = collect(this.hub, indexed);
    const ruleDiagnostics = RULES.flatMap((rule) => rule(collection));

    // Plan and pack: an unreadable paper keeps the place its last readable metadata gave it.
    const listed = files.map((path) => {
      const { paper, unreadable } = this.papers.get(path)!;
      const last = this.lastGood.get(path);
      return unreadable && last ? { ...paper.publication, metadata: last } : paper.publication;
    });
    const { chosen } = planPack(listed, request.query, request.includeDrafts, this.manifest?.manifest);
    const packPapers = chosen.map((publication): IndexedPaper => {
      const { paper, unreadable } = this.papers.get(publication.path)!;
      if (!unreadable) return paper;
      return { publication: { ...publication, body: placeholderBody(paper.publication, request.describe), bodyLine: 1 }, index: { links: [], images: [], headings: [] } };
    });
    const previousPieces = new Set(this.pack?.pieces.map((piece) => piece.publication.path) ?? []);
    const pack = buildPack(this.hub, {
      papers: packPapers,
      titleOf: (path) => collection.byPath.get(path)?.publication.metadata.title,
      generator: request.generator,
      ...(this.manifest?.manifest ? { manifest: this.manifest.manifest } : {}),
      ...(request.title ? { title: request.title } : {}),
      ...(request.sourceDateEpoch ? { sourceDateEpoch: request.sourceDateEpoch } : {}),
    });
    const inPack = new Set(pack.pieces.map((piece) => piece.publication.path));
    const joinedOrLeft = new Set([...inPack, ...previousPieces].filter((path) => inPack.has(path) !== previousPieces.has(path)));
    const retitled = new Set([...this.papers.keys()].filter((path) => titlesBefore.get(path) !== this.papers.get(path)!.paper.publication.metadata.title));

    // Render what is stale; reuse the rest.
    const patch: PagePatch = { from: this.build, build: this.build + 1, reload: everything || manifestChanged, title: documentTitle(pack), cover: coverHtml(pack), problems: '', order: [], pieces: {}, entries: {} };
    let rendered = 0;
    // Images are read afresh for the pieces rendered now (an image's problems belong to each build).
    const imageCache: ImageCache = new Map();
    for (const [index, piece] of pack.pieces.entries()) {
      const path = piece.publication.path;
      const record = this.rendered.get(path);
      const stale =
        !record ||
        changed.has(path) ||
        [...record.links].some((target) => joinedOrLeft.has(target) || (retitled.has(target) && !inPack.has(target))) ||
        [...record.images].some((image) => changedImages.has(image));
      const entry = contentsEntry(piece);
      if (stale) {
        const part = renderPiece(piece, imageCache);
        rendered++;
        const { index: body } = packPapers[index]!;
        const links = new Set(body.links.flatMap((link) => {
          const target = linkTarget(link.href, path);
          return target.kind === 'paper' ? [target.path] : [];
        }));
        const images = new Set(body.images.flatMap((image) => {
          const target = imageTarget(image.href, path, this.hub.root);
          return target.kind === 'local' ? [target.path] : [];
        }));
        if (!record || record.part.html !== part.html) patch.pieces[piece.id] = part.html;
        this.rendered.set(path, { part, entry, links, images });
      }
      if (!record || record.entry !== entry || !previousPieces.has(path)) patch.entries[piece.id] = entry;
      if (!previousPieces.has(path) && !(piece.id in patch.pieces)) patch.pieces[piece.id] = this.rendered.get(path)!.part.html;
      this.rendered.get(path)!.entry = entry;
      patch.order.push(piece.id);
    }
    for (const path of [...this.rendered.keys()]) if (!inPack.has(path)) this.rendered.delete(path);

    // Problems of this pack: the config, the manifest, the pieces' own, the rules', the renderer's.
    const parts = pack.pieces.map((piece) => this.rendered.get(piece.publication.path)!.part);
    const diagnostics = [
      ...this.hub.configDiagnostics,
      ...(this.manifest ? [...this.manifest.diagnostics, ...manifestDiagnostics(this.manifest, [...collection.bySlug.keys()])] : []),
      ...sortDiagnostics([
        ...chosen.flatMap((publication) => this.papers.get(publication.path)!.paper.publication.diagnostics),
        ...ruleDiagnostics.filter((diagnostic) => diagnostic.path !== undefined && inPack.has(diagnostic.path)),
      ]),
      ...parts.flatMap((part) => part.warnings),
      ...fragmentWarnings(parts),
    ];
    this.problems = diagnostics.map((diagnostic) => ({ severity: diagnostic.severity, text: request.describe(diagnostic) }));
    patch.problems = problemPanel(this.problems);

    this.pack = pack;
    this.build = patch.build;
    this.page = undefined;
    this.pdf = undefined;
    return { patch, diagnostics, pieces: pack.pieces.length, reread, rendered };
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
