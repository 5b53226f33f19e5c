// How packs word a paper's metadata, the same in every format: dates as people in the UK
// write them ("31 March 2010", or ISO 8601 when the hub's config says `date-format: iso`),
// type and status names, lists of authors.

import type { DateFormat, Status } from '../model.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A `YYYY-MM-DD` date for readers; anything else is shown as written. */
export function formatDate(iso: string, format: DateFormat): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (format === 'iso' || !match) return iso;
  const month = MONTHS[Number(match[2]) - 1];
  const day = Number(match[3]);
  return month && day >= 1 && day <= 31 ? `${day} ${month} ${match[1]}` : iso;
}

/** `case-study` → `Case study`. */
export function typeName(type: string): string {
  const words = type.replace(/-+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const STATUS_NAMES: Record<Status, string> = { draft: 'Draft', review: 'In review', published: 'Published' };

export function statusName(status: Status): string {
  return STATUS_NAMES[status];
}

/** `A`, `A and B`, `A, B and C`. */
export function authorList(authors: readonly string[]): string {
  if (authors.length <= 1) return authors.join('');
  return `${authors.slice(0, -1).join(', ')} and ${authors.at(-1)}`;
}
