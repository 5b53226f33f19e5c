// What the verbs share: finding the hub, reading filters into a Query.

import { exists } from '../io/files.js';
import { PUBLICATIONS_DIR } from '../load/load.js';
import { openHub } from '../check/hub.js';
import { dirname, join, resolve } from 'node:path';
import { suggest } from '../check/schema.js';
import { SORT_KEYS, STATUSES, type Hub, type Publication, type Query, type SortKey, type Status } from '../model.js';
import { emptyQuery } from '../pack/select.js';
import { UsageError } from './errors.js';

export { UsageError } from './errors.js';

export interface HubOptions {
  dir?: string;
}

export interface FilterOptions {
  type?: string[];
  status?: string[];
  tag?: string[];
  author?: string[];
  year?: string[];
  sort?: string;
  reverse?: boolean;
}

/** The hub holding `folder`: the folder itself or the nearest parent with a publications/ folder, as git finds its root. */
function hubRootAbove(folder: string): string | undefined {
  for (let at = resolve(folder); ; at = dirname(at)) {
    if (exists(join(at, PUBLICATIONS_DIR))) return at;
    if (dirname(at) === at) return undefined;
  }
}

export async function hubFrom(options: HubOptions): Promise<Hub> {
  const given = options.dir ?? process.env.HUB_DIR;
  const root = given ?? hubRootAbove(process.cwd()) ?? process.cwd();
  if (!exists(root)) throw new UsageError(`${root} does not exist. Point --dir (or HUB_DIR) at a hub folder.`);
  const hub = await openHub(root);
  if (!exists(hub.publicationsDir)) {
    throw new UsageError(`No hub at ${hub.root}: it has no ${PUBLICATIONS_DIR}/ folder. Run hub in a hub folder, or pass --dir PATH (or set HUB_DIR).`);
  }
  return hub;
}

/** Values a filter can match; anything else is a mistake, never a silent empty result. */
function oneOf<T extends string>(values: string[], allowed: readonly T[], option: string, shown = `one of: ${allowed.join(', ')}`): T[] {
  for (const value of values) {
    if (allowed.includes(value as T)) continue;
    const near = suggest(value, allowed);
    throw new UsageError(`${option} ${JSON.stringify(value)} is not ${shown}${near ? `; did you mean ${near}?` : '.'}`);
  }
  return values as T[];
}

/** The tags a --tag filter may name: the hub's vocabulary, else every tag its papers use. */
function knownTags(hub: Hub, publications: readonly Publication[]): string[] {
  if (hub.config.tags.length > 0) return hub.config.tags;
  return [...new Set(publications.flatMap((publication) => publication.metadata.tags))].sort();
}

export function queryFrom(options: FilterOptions, slugs: string[], defaultSort: SortKey, hub: Hub, publications: readonly Publication[]): Query {
  const query = emptyQuery(defaultSort);
  query.slugs = slugs;
  query.types = oneOf(options.type ?? [], hub.config.types, '--type');
  query.statuses = oneOf<Status>(options.status ?? [], STATUSES, '--status');
  const tags = knownTags(hub, publications);
  const shownTags = tags.length > 12 ? `${tags.slice(0, 12).join(', ')}, …` : tags.join(', ');
  query.tags = oneOf(options.tag ?? [], tags, '--tag', tags.length > 0 ? `a tag of this hub (${shownTags})` : 'a tag of this hub (its papers have none)');
  query.authors = options.author ?? [];
  query.years = (options.year ?? []).map((year) => {
    if (!/^\d{4}$/.test(year)) throw new UsageError(`--year ${JSON.stringify(year)} is not a four-digit year.`);
    return Number(year);
  });
  if (options.sort !== undefined) query.sort = oneOf<SortKey>([options.sort], SORT_KEYS, '--sort')[0]!;
  query.reverse = options.reverse === true;
  return query;
}
