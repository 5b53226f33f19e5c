// Packs for renderer tests, built by the pack layer's own buildPack (never a copy of its
// rules), from Publications made by hand: so a change in heading ids, link rewriting or
// image resolution shows up in every renderer test.

import { dirname } from 'node:path';
import { indexPaper } from '../../src/check/index-paper.js';
import type { Hub, Pack, Publication } from '../../src/model.js';
import { buildPack } from '../../src/pack/assemble.js';

export interface PackExtras extends Partial<Omit<Pack, 'introduction' | 'pieces'>> {
  /** Markdown of a curated pack's introduction. */
  introduction?: string;
}

/** A hub whose root holds the papers' folder, with the sample's name and language. */
export function hubAround(publications: readonly Publication[]): Hub {
  const folder = publications[0] ? dirname(publications[0].path) : '/hub/publications';
  return {
    root: dirname(folder),
    publicationsDir: folder,
    config: { name: 'Whitehall Innovation Hub', nameFrom: 'config', types: ['paper', 'essay', 'report', 'briefing'], tags: [], lang: 'en-GB', dateFormat: 'long', markdown: 'commonmark', pack: { format: ['html'], includeDrafts: false, sort: 'date', paper: 'a4' }, imprint: { publisher: 'Whitehall Innovation Hub' } },
    configDiagnostics: [],
  };
}

/** The papers as one pack, in the order given; `extras` override the pack's own fields. */
export function packFrom(publications: readonly Publication[], extras: PackExtras = {}): Pack {
  const { introduction, ...overrides } = extras;
  const hub = hubAround(publications);
  const titles = new Map(publications.map((publication) => [publication.path, publication.metadata.title]));
  const bodies = new Map(publications.map((publication) => [publication.path, publication.body]));
  const pack = buildPack(hub, {
    papers: publications.map((publication) => indexPaper(publication, hub.config.markdown)),
    titleOf: (path) => titles.get(path),
    bodyOf: (publication) => bodies.get(publication.path) ?? '',
    generator: 'hub 0.1.0',
    sourceDateEpoch: String(Date.UTC(2010, 2, 31) / 1000),
    ...(introduction ? { manifest: { name: 'test-pack', path: '', title: 'Test pack', slugs: publications.map((publication) => publication.slug), introduction } } : {}),
  });
  return { ...pack, slug: 'test-pack', title: 'Test pack', ...overrides };
}
