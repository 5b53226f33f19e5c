// Diagnostics as text for a terminal, or as data.

import type { Colour } from './colour.js';
import type { Diagnostic } from '../model.js';
import { visible } from '../text.js';

/** `path:line:column  error  HUB105  date  message`, then the hint indented on its own line. */
export function formatDiagnostic(diagnostic: Diagnostic, colour: Colour): string {
  const severity = diagnostic.severity === 'error' ? colour.red('error') : diagnostic.severity === 'warning' ? colour.yellow('warning') : colour.dim('info');
  const where = colour.bold(`${visible(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`);
  const field = diagnostic.field ? `  ${colour.cyan(visible(diagnostic.field))}` : '';
  const line = `${where}  ${severity}  ${colour.dim(diagnostic.code)}${field}  ${visible(diagnostic.message)}`;
  return diagnostic.hint ? `${line}\n    ${colour.dim(`hint: ${visible(diagnostic.hint)}`)}` : line;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const { severity } of diagnostics) counts[severity === 'error' ? 'errors' : severity === 'warning' ? 'warnings' : 'infos']++;
  return counts;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `3 errors, 1 warning in 2 of 7 files` or `7 files checked: no problems`. */
export function summaryLine(diagnostics: readonly Diagnostic[], filesChecked: number, colour: Colour): string {
  const { errors, warnings, infos } = countBySeverity(diagnostics);
  const notes = infos > 0 ? colour.dim(` (and ${plural(infos, 'note')})`) : '';
  if (errors === 0 && warnings === 0) return colour.green(`${plural(filesChecked, 'file')} checked: no problems`) + notes;
  const files = new Set(diagnostics.filter((diagnostic) => diagnostic.severity !== 'info').map((diagnostic) => diagnostic.file)).size;
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return `${errors > 0 ? colour.red(counts) : colour.yellow(counts)} in ${files} of ${plural(filesChecked, 'file')}${notes}`;
}

/** With `strict`, warnings count as errors (notes stay notes). */
export function applyStrict(diagnostics: Diagnostic[], strict: boolean): Diagnostic[] {
  return strict ? diagnostics.map((diagnostic) => (diagnostic.severity === 'warning' ? { ...diagnostic, severity: 'error' } : diagnostic)) : diagnostics;
}

/** A note names at most this many papers; the rest are counted, so a migrated site of hundreds of drafts gets one line. */
const NAMED_PAPERS = 5;

/** "a, b, c", or "a, b, c, d, e and 136 more". */
export function slugList(slugs: readonly string[]): string {
  const more = slugs.length - NAMED_PAPERS;
  return more > 0 ? `${slugs.slice(0, NAMED_PAPERS).join(', ')} and ${more} more` : slugs.join(', ');
}

/** The note on the drafts and reviews a command left out: "Left out 2 draft or review pieces (a, b); add --include-drafts to include them." */
export function heldBackNote(held: readonly { slug: string }[], noun: 'paper' | 'piece', toUse: string): string {
  return `Left out ${held.length} draft or review ${noun}${held.length === 1 ? '' : 's'} (${slugList(held.map((publication) => publication.slug))}); add --include-drafts to ${toUse}.`;
}

