// Packs for the HTML renderer's tests: papers read from Markdown files (or strings), packed by
// the pack layer itself (test/helpers/packs.ts).

import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packFrom, type PackExtras } from './packs.js';
import type { Diagnostic, Metadata, Pack, Publication, RenderOptions, Status } from '../../src/model.js';

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
    positions: new Map(),
    body,
    bodyLine: match[0].split('\n').length,
    words: body.split(/\s+/).filter(Boolean).length,
    diagnostics: [],
  };
}

export function packOf(sources: readonly PaperSource[], extras: PackExtras = {}): Pack {
  return packFrom(sources.map(publicationOf), extras);
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
