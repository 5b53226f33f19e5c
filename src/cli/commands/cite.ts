// hub cite: references for papers, in the house style or for reference managers.
// Everything comes from metadata (the listing path); bodies are never read.

import { loadPublications } from '../../check/paper.js';
import { toBibtex } from '../../cite/bibtex.js';
import { toCslJson } from '../../cite/csl.js';
import { citationKeys, referenceOf } from '../../cite/reference.js';
import { toRis } from '../../cite/ris.js';
import { citationText } from '../../cite/text.js';
import { planPack } from '../../pack/plan.js';
import { colourFor } from '../colour.js';
import { countBySeverity, formatDiagnostic, heldBackNote } from '../report.js';
import { hubFrom, queryFrom, UsageError, type FilterOptions, type HubOptions } from '../options.js';

export const CITE_FORMATS = ['text', 'bibtex', 'ris', 'csl-json'] as const;
type CiteFormat = (typeof CITE_FORMATS)[number];

export interface CiteOptions extends HubOptions, FilterOptions {
  format?: string;
  includeDrafts?: boolean;
}

export async function cite(slugs: string[], options: CiteOptions): Promise<number> {
  const format = (options.format ?? 'text') as CiteFormat;
  if (!CITE_FORMATS.includes(format)) throw new UsageError(`--format ${JSON.stringify(options.format)} is not one of: ${CITE_FORMATS.join(', ')}.`);
  const hub = await hubFrom(options);
  const listed = await loadPublications(hub, 'metadata');
  for (const slug of slugs) {
    if (!listed.some((publication) => publication.slug === slug)) throw new UsageError(`No paper has the slug ${JSON.stringify(slug)}.`);
  }
  const { chosen, held } = planPack(listed, queryFrom(options, slugs, hub.config.pack.sort, hub, listed), options.includeDrafts ?? hub.config.pack.includeDrafts);

  const colour = await colourFor(process.stderr);
  const gate = [...hub.configDiagnostics, ...chosen.flatMap((publication) => publication.diagnostics)];
  const { errors } = countBySeverity(gate);
  for (const diagnostic of gate) process.stderr.write(`${formatDiagnostic(diagnostic, colour)}\n`);
  if (errors > 0) {
    process.stderr.write(colour.red(`No references written: ${errors} error${errors === 1 ? '' : 's'} in the papers' metadata. Fix them (hub validate lists them) and cite again.\n`));
    return 1;
  }
  if (held.length > 0) {
    process.stderr.write(colour.dim(`${heldBackNote(held, 'paper', 'cite them')}\n`));
  }
  if (chosen.length === 0) {
    process.stderr.write(colour.red(`No ${held.length > 0 ? 'published ' : ''}papers match: nothing to cite.\n`));
    return 1;
  }

  // Keys are given across the whole hub, so a paper's key is the same whatever is cited with it.
  const keys = citationKeys(listed);
  const references = chosen.map((publication) => referenceOf(publication.metadata, hub.config.imprint, keys.get(publication.slug)));
  if (format === 'text') {
    const out = await colourFor(process.stdout);
    process.stdout.write(references.map((reference) => `${citationText(reference, out.italic)}\n`).join(''));
  } else {
    process.stdout.write(format === 'bibtex' ? toBibtex(references) : format === 'ris' ? toRis(references) : toCslJson(references));
  }
  return 0;
}
