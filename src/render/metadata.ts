// How packs word a paper's metadata, the same in every format: dates as people in the UK
// write them ("31 March 2010", or ISO 8601 when the hub's config says `date-format: iso`),
// type and status names, lists of authors.

import { typeName } from '../cite/reference.js';
import type { DateFormat, Licence, Metadata, Pack, Status } from '../model.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A `YYYY-MM-DD` date for readers; anything else is shown as written. */
export function formatDate(iso: string, format: DateFormat): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (format === 'iso' || !match) return iso;
  const month = MONTHS[Number(match[2]) - 1];
  const day = Number(match[3]);
  return month && day >= 1 && day <= 31 ? `${day} ${month} ${match[1]}` : iso;
}

/** The caption over a piece's title: its type and series ("Paper", "Hub Papers"), leaving out what the paper does not give. */
export function captionParts(metadata: Pick<Metadata, 'type' | 'series'>): string[] {
  return [typeName(metadata.type), metadata.series ?? ''].filter(Boolean);
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

/** Whose the pack is and on what terms: a one-paper pack's own copyright and licence, else the hub's. */
export function packRights(pack: Pack): { copyright?: string; licence?: Licence } {
  const single = pack.pieces.length === 1 ? pack.pieces[0]!.citation : undefined;
  const copyright = single?.copyright ?? pack.imprint.copyright;
  const licence = single?.licence ?? pack.imprint.licence;
  return { ...(copyright ? { copyright } : {}), ...(licence ? { licence } : {}) };
}
