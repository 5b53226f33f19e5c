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
