// Checks a parsed YAML record against a list of FieldSpecs (papers, the hub
// config and pack manifests all use this), turning every problem into a
// positioned Diagnostic. Never throws.

import type { Diagnostic, FieldPositions, Position, Severity } from '../model.js';
import { keyPosition } from '../load/frontmatter.js';
import { CODES, exampleOf, suggest, unknownFieldHint, type CheckContext, type FieldSpec, type Problem } from './schema.js';
import { quote } from '../text.js';

/** Where the record came from, for positioning diagnostics. */
export interface RecordSource {
  file: string;
  positions: FieldPositions;
  /** Position used when a field is missing altogether (the front matter's opening line). */
  fallback: Position;
}

export interface FieldCheck {
  /** Values that passed their checks: text fields as strings, lists as string arrays. */
  values: Map<string, string | string[]>;
  diagnostics: Diagnostic[];
}

// Bidi overrides and C0/C1 controls (tab and newline are allowed in long text).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function diagnosticAt(source: RecordSource, field: string | undefined, severity: Severity, problem: Problem): Diagnostic {
  const position = (field !== undefined && (source.positions.get(field) ?? source.positions.get(field.split('.')[0]!))) || source.fallback;
  return { code: problem.code, severity, file: source.file, line: position.line, column: position.column, ...(field !== undefined ? { field } : {}), message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}) };
}

/** Check one text value against its spec; undefined when it passes. */
export function checkText(spec: FieldSpec, value: string, context: CheckContext): Problem | undefined {
  if (value.trim() === '') return { code: CODES.emptyText, message: 'is empty', hint: `Give it a value, e.g. ${exampleOf(spec, context)}.` };
  if (CONTROL.test(value)) return { code: CODES.controlCharacters, message: `${quote(value)} contains control characters`, hint: 'Remove the invisible control characters (they can disguise text in terminals and documents).' };
  const choices = spec.choices?.(context);
  if (choices && !choices.includes(value)) {
    const near = suggest(value, choices);
    return { code: CODES.notAllowed, message: `${quote(value)} is not one of: ${choices.join(', ')}`, hint: near ? `Did you mean ${near}?` : `Use one of: ${choices.join(', ')}.` };
  }
  const problem = spec.check?.(value, context);
  return problem ? { ...problem, message: `${quote(value)} ${problem.message}` } : undefined;
}

export function checkFields(
  specs: readonly FieldSpec[],
  data: Record<string, unknown>,
  context: CheckContext,
  source: RecordSource,
  requiredNow: (spec: FieldSpec) => boolean,
): FieldCheck {
  const values = new Map<string, string | string[]>();
  const diagnostics: Diagnostic[] = [];
  const known = specs.map((spec) => spec.name);
  const fail = (field: string, problem: Problem): void => {
    diagnostics.push(diagnosticAt(source, field, 'error', problem));
  };

  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue;
    // At the key: the mistake is its name, and a list's first item may be lines below it.
    diagnostics.push({
      ...diagnosticAt(source, key, 'warning', { code: CODES.unknownField, message: `unknown field ${quote(key)}`, hint: unknownFieldHint(key, specs) }),
      ...source.positions.get(keyPosition(key)),
    });
  }

  for (const spec of specs) {
    const raw = data[spec.name];
    // An optional field left empty is as good as absent; a required one gets "is empty" below.
    const absent = raw === undefined || ((raw === '' || (Array.isArray(raw) && raw.length === 0)) && spec.required !== 'always');
    if (absent) {
      if (requiredNow(spec)) {
        fail(spec.name, { code: CODES.required, message: `required field ${spec.name} is missing`, hint: `Add \`${spec.name}: ${exampleOf(spec, context)}\` (${spec.description.replace(/\.$/, '')}).` });
      }
      continue;
    }
    if (spec.kind === 'list') {
      if (!Array.isArray(raw)) {
        fail(spec.name, { code: CODES.wrongKind, message: `${spec.name} must be a list`, hint: `Write it as a list, e.g. \`${spec.name}: ${exampleOf(spec, context)}\`.` });
        continue;
      }
      if (raw.length === 0) {
        fail(spec.name, { code: CODES.emptyList, message: `${spec.name} is an empty list`, hint: `Give at least one, e.g. \`${spec.name}: ${exampleOf(spec, context)}\`.` });
        continue;
      }
      const items: string[] = [];
      raw.forEach((item, index) => {
        const field = `${spec.name}.${index}`;
        if (typeof item !== 'string') {
          fail(field, { code: CODES.wrongKind, message: `each item of ${spec.name} must be text`, hint: 'Write one plain value per item.' });
          return;
        }
        const problem = checkText(spec, item, context);
        if (problem) fail(field, problem);
        else items.push(item);
      });
      if (items.length === raw.length) values.set(spec.name, items);
      continue;
    }
    if (typeof raw !== 'string') {
      fail(spec.name, { code: CODES.wrongKind, message: `${spec.name} must be ${spec.kind === 'date' ? 'a date' : 'text'}, not a ${Array.isArray(raw) ? 'list' : 'set of fields'}`, hint: `Write it on one line, e.g. \`${spec.name}: ${exampleOf(spec, context)}\`.` });
      continue;
    }
    const problem = checkText(spec, raw, context);
    if (problem) fail(spec.name, problem);
    else values.set(spec.name, raw);
  }
  return { values, diagnostics };
}

