// Selection: which papers a command works on, in what order. Pure functions.

import type { Publication, Query, SortKey, Status } from '../model.js';

export function emptyQuery(sort: SortKey = 'date'): Query {
  return { slugs: [], types: [], statuses: [], tags: [], authors: [], years: [], sort, reverse: false };
}

const STATUS_ORDER: Record<Status, number> = { draft: 0, review: 1, published: 2 };

function compare(key: SortKey, a: Publication, b: Publication): number {
  const x = a.metadata;
  const y = b.metadata;
  switch (key) {
    case 'date':
      return x.date < y.date ? -1 : x.date > y.date ? 1 : 0;
    case 'title':
      return x.title.localeCompare(y.title, 'en-GB', { sensitivity: 'base' });
    case 'type':
      return x.type < y.type ? -1 : x.type > y.type ? 1 : 0;
    case 'status':
      return STATUS_ORDER[x.status] - STATUS_ORDER[y.status];
  }
}

function matches(publication: Publication, query: Query): boolean {
  const { metadata } = publication;
  const lower = (list: readonly string[]): string[] => list.map((item) => item.toLowerCase());
  if (query.slugs.length > 0 && !query.slugs.includes(publication.slug)) return false;
  if (query.types.length > 0 && !query.types.includes(metadata.type)) return false;
  if (query.statuses.length > 0 && !query.statuses.includes(metadata.status)) return false;
  if (query.tags.length > 0 && !query.tags.some((tag) => metadata.tags.includes(tag))) return false;
  if (query.authors.length > 0) {
    // Match on any part of a name, ignoring case and accents' absence: "sian" finds "Siân".
    const authors = lower(metadata.authors.map(fold));
    if (!lower(query.authors.map(fold)).some((wanted) => authors.some((author) => author.includes(wanted)))) return false;
  }
  if (query.years.length > 0 && !query.years.includes(Number(metadata.date.slice(0, 4)))) return false;
  return true;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** Filter and order papers; ties keep slug order so output is stable. */
export function select(publications: readonly Publication[], query: Query): Publication[] {
  const chosen = publications.filter((publication) => matches(publication, query));
  chosen.sort((a, b) => compare(query.sort, a, b) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  if (query.reverse) chosen.reverse();
  return chosen;
}
