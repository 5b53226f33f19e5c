// The house citation style: Harvard as Cite Them Right sets it out (the version most UK
// universities and public bodies follow), as segments so a terminal, the HTML pack and the
// PDF pack each show the title in italics and the DOI and URL as links in their own way.
//   Llewellyn, S. and Ó Briain, T. (2008) The Hub Strategy. London: Whitehall Innovation Hub
//   (Hub Papers). ISBN 978-1-84775-123-2, Cm 7894. Available at: https://doi.org/10.1000/182.

import type { CiteSegment } from '../model.js';
import { familyWithParticle, initials, type PersonName } from './names.js';
import type { Reference } from './reference.js';

/** At most three authors are named; four or more are the first "et al.". */
const MAX_NAMED = 3;

function inverted(name: PersonName): string {
  const family = familyWithParticle(name);
  return name.given ? `${family}, ${initials(name.given)}` : family;
}

export function authorsText(authors: readonly PersonName[]): string {
  if (authors.length > MAX_NAMED) return `${inverted(authors[0]!)} et al.`;
  const names = authors.map(inverted);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A sentence ends with one full stop, even after an initial or "et al.". */
function stop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function citationSegments(reference: Reference): CiteSegment[] {
  const segments: CiteSegment[] = [];
  // Plain runs are joined once, not built with +=: every pack keeps each piece's reference, and
  // a string built piece by piece is a tree of parts (five times the memory of its text).
  let run: string[] = [];
  const plain = (text: string): void => void run.push(text);
  const endRun = (): void => {
    if (run.length > 0) segments.push({ text: run.join('') });
    run = [];
  };
  const styled = (segment: CiteSegment): void => {
    endRun();
    segments.push(segment);
  };
  // Cite Them Right: a work without an author is cited by its title, one without a date as "(no date)".
  const year = `(${reference.date.slice(0, 4) || 'no date'})`;
  const authors = authorsText(reference.authors);
  const title = reference.subtitle ? `${reference.title}: ${reference.subtitle}` : reference.title;
  if (authors) {
    plain(`${authors} ${year} `);
    styled({ text: title, emphasis: true });
    plain(/[.!?]$/.test(title) ? ' ' : '. ');
  } else {
    styled({ text: title, emphasis: true });
    plain(` ${year} `);
  }
  const publisher = reference.place ? `${reference.place}: ${reference.publisher}` : reference.publisher;
  plain(reference.series ? `${publisher} (${reference.series}).` : stop(publisher));
  // No-break spaces keep "ISBN", "Cm" and "HC" on the line of their numbers.
  const numbers = [reference.isbn ? `ISBN ${reference.isbn}` : '', reference.number ?? ''].filter(Boolean).map((number) => number.replace(/ /g, '\u00a0'));
  if (numbers.length > 0) plain(` ${numbers.join(', ')}.`);
  const link = reference.doi ? `https://doi.org/${reference.doi}` : reference.url;
  if (link) {
    plain(' Available at: ');
    styled({ text: link, href: link });
    plain('.');
  }
  endRun();
  return segments;
}

/** The reference as one line of text; `emphasis` marks the title (italics on a terminal). */
export function citationText(reference: Reference, emphasis: (text: string) => string = String): string {
  return citationSegments(reference).map((segment) => (segment.emphasis ? emphasis(segment.text) : segment.text)).join('');
}
