// Hand-built packs for the HTML renderer's tests: papers read from Markdown files (or strings)
// and turned into PackPieces the way the pack layer promises to — heading ids from `headingId`,
// links to pieces as `#id`, local images as absolute paths — without depending on src/pack.ts.

import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Token, Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { headingsOf, lexMarkdown, plainText } from '../../src/markdown/lex.js';
import { headingId } from '../../src/pack/assemble.js';
import type { Diagnostic, Metadata, Pack, PackHeadingToken, PackPiece, Publication, RenderOptions, Status } from '../../src/model.js';

export interface PaperSource {
  slug: string;
  /** The whole file: front matter and body. */
  text: string;
  /** Folder that relative image paths are resolved against. */
  folder: string;
}

export function paperFile(path: string): PaperSource {
  return { slug: basename(path, '.md'), text: readFileSync(path, 'utf8'), folder: dirname(path) };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export function publicationOf(source: PaperSource): Publication {
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(source.text);
  if (!match) throw new Error(`${source.slug}: no front matter`);
  const data = (parseYaml(match[1]!, { schema: 'failsafe' }) ?? {}) as Record<string, unknown>;
  const body = source.text.slice(match[0].length);
  const metadata: Metadata = {
    title: String(data.title ?? source.slug),
    type: String(data.type ?? 'paper'),
    authors: stringList(data.authors),
    date: String(data.date ?? '2009-01-01'),
    status: (data.status ?? 'published') as Status,
    tags: stringList(data.tags),
    related: stringList(data.related),
  };
  for (const key of ['subtitle', 'summary', 'series', 'isbn', 'doi', 'lang', 'updated'] as const) {
    const value = optionalString(data[key]);
    if (value !== undefined) metadata[key] = value;
  }
  return {
    slug: source.slug,
    path: resolve(source.folder, `${source.slug}.md`),
    displayPath: `publications/${source.slug}.md`,
    metadata,
    data,
    positions: new Map(),
    body,
    bodyLine: match[0].split('\n').length,
    words: body.split(/\s+/).filter(Boolean).length,
    diagnostics: [],
  };
}

/** Every token below `tokens`, including list items, table cells and footnote contents. */
function forEachToken(tokens: readonly Token[], visit: (token: Token) => void): void {
  for (const token of tokens) {
    visit(token);
    const children: Token[][] = [];
    if ('tokens' in token && Array.isArray(token.tokens)) children.push(token.tokens);
    if (token.type === 'list') children.push((token as Tokens.List).items);
    if (token.type === 'table') {
      const table = token as Tokens.Table;
      for (const cell of [...table.header, ...table.rows.flat()]) children.push(cell.tokens);
    }
    if (token.type === 'footnote') children.push((token as unknown as { content: Token[] }).content);
    for (const list of children) forEachToken(list, visit);
  }
}

/** Body tokens rewritten as the pack layer does it. */
export function pieceOf(publication: Publication, packSlugs: ReadonlySet<string>, folder: string): PackPiece {
  const tokens = lexMarkdown(publication.body);
  const headings = headingsOf(tokens).map(({ token, slug }) => {
    const id = headingId(publication.slug, slug);
    (token as PackHeadingToken).id = id;
    return { depth: token.depth, text: plainText(token.tokens), id };
  });
  forEachToken(tokens, (token) => {
    if (token.type === 'link') {
      const link = token as Tokens.Link;
      const local = /^([a-z0-9-]+)\.md(?:#(.*))?$/.exec(link.href);
      if (local && packSlugs.has(local[1]!)) link.href = local[2] ? `#${headingId(local[1]!, local[2])}` : `#${local[1]}`;
      else if (link.href.startsWith('#')) link.href = `#${headingId(publication.slug, link.href.slice(1))}`;
    } else if (token.type === 'image') {
      const image = token as Tokens.Image;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(image.href)) image.href = resolve(folder, image.href);
    }
  });
  return { publication, id: publication.slug, tokens, headings };
}

export function packOf(sources: readonly PaperSource[], overrides: Partial<Pack> = {}): Pack {
  const slugs = new Set(sources.map((source) => source.slug));
  const pieces = sources.map((source) => pieceOf(publicationOf(source), slugs, source.folder));
  return {
    slug: 'test-pack',
    title: 'Test pack',
    date: '2010-03-31',
    hubName: 'Whitehall Innovation Hub',
    lang: 'en-GB',
    pieces,
    generator: 'hub 0.1.0',
    ...overrides,
  };
}

/** Render options that collect warnings. */
export function collectingOptions(): RenderOptions & { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return { paper: 'a4', warn: (diagnostic) => diagnostics.push(diagnostic), diagnostics };
}

/** A paper from a Markdown string, for small focused tests. */
export function paper(slug: string, body: string, frontMatter = 'title: A paper\ndate: 2009-05-01'): PaperSource {
  return { slug, text: `---\n${frontMatter}\n---\n${body}`, folder: '/nonexistent' };
}
