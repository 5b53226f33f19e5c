// CSL-JSON, the input format of citeproc (Zotero, Mendeley, Pandoc, Quarto): an array of
// items as the citation-style-language schema (csl-data.json) defines them.

import type { Reference, ReferenceKind } from './reference.js';

const CSL_TYPE: Readonly<Record<ReferenceKind, string>> = { report: 'report', essay: 'article', other: 'document' };

export type CslItem = Record<string, unknown>;

export function cslItem(reference: Reference): CslItem {
  const item: CslItem = {
    id: reference.key,
    type: CSL_TYPE[reference.kind],
    genre: reference.genre,
    title: reference.subtitle ? `${reference.title}: ${reference.subtitle}` : reference.title,
    author: reference.authors.map((name) =>
      name.organisation
        ? { literal: name.family }
        : {
            family: name.family,
            ...(name.given ? { given: name.given } : {}),
            ...(name.particle ? { 'non-dropping-particle': name.particle } : {}),
          },
    ),
    issued: { 'date-parts': [reference.date.split('-').map(Number)] },
    publisher: reference.publisher,
  };
  const optional: [string, string | undefined][] = [
    ['publisher-place', reference.place], ['collection-title', reference.series], ['number', reference.number],
    ['ISBN', reference.isbn], ['DOI', reference.doi], ['URL', reference.url], ['abstract', reference.summary],
    ['keyword', reference.tags.length > 0 ? reference.tags.join(', ') : undefined], ['language', reference.lang],
  ];
  for (const [name, value] of optional) if (value) item[name] = value;
  return item;
}

export function toCslJson(references: readonly Reference[]): string {
  return `${JSON.stringify(references.map(cslItem), null, 2)}\n`;
}
