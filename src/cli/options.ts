// What the verbs share: finding the hub, reading filters into a Query.

import { exists } from '../io/files.js';
import { PUBLICATIONS_DIR } from '../load/load.js';
import { openHub } from '../check/hub.js';
import { SORT_KEYS, STATUSES, type Hub, type Query, type SortKey, type Status } from '../model.js';
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

export async function hubFrom(options: HubOptions): Promise<Hub> {
  const root = options.dir ?? process.env.HUB_DIR ?? process.cwd();
  if (!exists(root)) throw new UsageError(`${root} does not exist. Point --dir (or HUB_DIR) at a hub folder.`);
  const hub = await openHub(root);
  if (!exists(hub.publicationsDir)) {
    throw new UsageError(`No hub at ${hub.root}: it has no ${PUBLICATIONS_DIR}/ folder. Run hub in a hub folder, or pass --dir PATH (or set HUB_DIR).`);
  }
  return hub;
}

function oneOf<T extends string>(values: string[], allowed: readonly T[], option: string): T[] {
  for (const value of values) {
    if (!allowed.includes(value as T)) throw new UsageError(`${option} ${JSON.stringify(value)} is not one of: ${allowed.join(', ')}.`);
  }
  return values as T[];
}

export function queryFrom(options: FilterOptions, slugs: string[], defaultSort: SortKey): Query {
  const query = emptyQuery(defaultSort);
  query.slugs = slugs;
  query.types = options.type ?? [];
  query.statuses = oneOf<Status>(options.status ?? [], STATUSES, '--status');
  query.tags = options.tag ?? [];
  query.authors = options.author ?? [];
  query.years = (options.year ?? []).map((year) => {
    if (!/^\d{4}$/.test(year)) throw new UsageError(`--year ${JSON.stringify(year)} is not a four-digit year.`);
    return Number(year);
  });
  if (options.sort !== undefined) query.sort = oneOf<SortKey>([options.sort], SORT_KEYS, '--sort')[0]!;
  query.reverse = options.reverse === true;
  return query;
}
