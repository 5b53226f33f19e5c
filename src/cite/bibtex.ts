// BibTeX: @techreport for papers, reports and briefings (the hub is the institution),
// @misc for essays and other types. UTF-8 is written as it is (biber, pandoc and
// BibTeX 0.99d with inputenc read it); TeX's special characters are escaped, and
// titles and series are braced so styles keep their capitals.

import { familyWithParticle, type PersonName } from './names.js';
import type { Reference } from './reference.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '&': '\\&', '%': '\\%', '$': '\\$', '#': '\\#', '_': '\\_',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
};

/** Text for a braced BibTeX field value. */
export function escapeBibtex(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\{}&%$#_~^]/g, (char) => SPECIAL[char]!);
}

/** "Ó Briain, Tomás", "de la Cruz, María"; a family name BibTeX would misread is braced. */
function bibtexName(name: PersonName): string {
  const family = escapeBibtex(name.family);
  // A family word starting lower case would be taken for a particle ("von" part).
  const guarded = !name.particle && /(^|\s)\p{Ll}/u.test(name.family) ? `{${family}}` : family;
  const full = name.particle ? `${escapeBibtex(name.particle)} ${guarded}` : guarded;
  return name.given ? `${full}, ${escapeBibtex(name.given)}` : `{${familyWithParticle(name)}}`;
}

export function bibtexEntry(reference: Reference): string {
  const type = reference.kind === 'report' ? 'techreport' : 'misc';
  const title = reference.subtitle ? `${reference.title}: ${reference.subtitle}` : reference.title;
  const [year, month, day] = reference.date.split('-');
  const fields: [string, string | undefined][] = [
    ['author', reference.authors.map(bibtexName).join(' and ')],
    ['title', `{${escapeBibtex(title)}}`],
    [type === 'techreport' ? 'institution' : 'publisher', escapeBibtex(reference.publisher)],
    ['address', reference.place && escapeBibtex(reference.place)],
    ['year', year],
    ['month', undefined],
    ['day', day && String(Number(day))],
    ['type', escapeBibtex(reference.genre)],
    ['number', reference.number && escapeBibtex(reference.number)],
    ['series', reference.series && `{${escapeBibtex(reference.series)}}`],
    ['isbn', reference.isbn],
    ['doi', reference.doi && escapeBibtex(reference.doi)],
    ['url', reference.url],
    ['abstract', reference.summary && escapeBibtex(reference.summary)],
    ['keywords', reference.tags.length > 0 ? escapeBibtex(reference.tags.join(', ')) : undefined],
    ['langid', reference.lang],
  ];
  const lines = [`@${type}{${reference.key},`];
  for (const [name, value] of fields) {
    if (name === 'month' && month) lines.push(`  month = ${MONTHS[Number(month) - 1]},`);
    else if (value) lines.push(`  ${name} = {${value}},`);
  }
  lines.push('}');
  return lines.join('\n');
}

export function toBibtex(references: readonly Reference[]): string {
  return references.map((reference) => `${bibtexEntry(reference)}\n`).join('\n');
}
