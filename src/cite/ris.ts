// RIS (the RefMan tagged format every reference manager imports): RPRT for papers,
// reports and briefings, GEN otherwise. One `TAG  - value` per line, records ended by ER.

import { familyWithParticle } from './names.js';
import type { Reference } from './reference.js';

function line(tag: string, value: string | undefined): string {
  return value ? `${tag}  - ${value.replace(/\s+/g, ' ').trim()}\r\n` : '';
}

export function risRecord(reference: Reference): string {
  const [year, month, day] = reference.date.split('-');
  let record = line('TY', reference.kind === 'report' ? 'RPRT' : 'GEN');
  for (const name of reference.authors) record += line('AU', name.given ? `${familyWithParticle(name)}, ${name.given}` : familyWithParticle(name));
  record += line('PY', year);
  record += line('DA', `${year}/${month}/${day}/`);
  record += line('TI', reference.subtitle ? `${reference.title}: ${reference.subtitle}` : reference.title);
  record += line('T3', reference.series);
  record += line('PB', reference.publisher);
  record += line('CY', reference.place);
  record += line('M3', reference.genre);
  record += line('SN', reference.isbn);
  // Command and HC paper numbers: RIS has no field of their own; M1 is its "miscellaneous number".
  record += line('M1', reference.number);
  record += line('DO', reference.doi);
  record += line('UR', reference.url);
  record += line('AB', reference.summary);
  for (const tag of reference.tags) record += line('KW', tag);
  record += line('LA', reference.lang);
  record += line('ID', reference.key);
  return `${record}ER  - \r\n`;
}

export function toRis(references: readonly Reference[]): string {
  return references.map(risRecord).join('\r\n');
}
