// Planning an export: which papers go in, in what order, from their metadata alone
// (the listing path). Nothing is lexed here; only the chosen papers are checked next.

import type { PackManifest, Publication, Query } from '../model.js';
import { select } from './select.js';

export interface PackPlan {
  /** The pieces, in reading order. */
  chosen: Publication[];
  /** Draft and review papers the selection matched but an export of published papers leaves out. */
  held: Publication[];
}

/**
 * Choose the pieces: a curated manifest's in its order (narrowed by the filters),
 * else every paper the query selects; unpublished ones are held back unless asked for.
 */
export function planPack(listed: readonly Publication[], query: Query, includeDrafts: boolean, manifest?: PackManifest): PackPlan {
  let matched: Publication[];
  if (manifest) {
    const bySlug = new Map<string, Publication>();
    for (const publication of listed) if (!bySlug.has(publication.slug)) bySlug.set(publication.slug, publication);
    const inManifest = manifest.slugs.flatMap((slug) => bySlug.get(slug) ?? []);
    const filtered = new Set(select(inManifest, query));
    matched = inManifest.filter((publication) => filtered.has(publication));
  } else {
    matched = select(listed, query);
  }
  const held = includeDrafts ? [] : matched.filter((publication) => publication.metadata.status !== 'published');
  return { chosen: matched.filter((publication) => !held.includes(publication)), held };
}
