// Front matter: split the `---` block from the body, then read its YAML.
//
// Two readers, one result. `readYamlExact` uses the `yaml` package (failsafe
// schema: every scalar stays a string) and reports every problem at the node
// where it sits. `readYamlFast` reads only the plain subset that hub itself
// writes and papers nearly always use (`key: value`, `key: [a, b]`, `- item`
// lists, `>-` summaries), in a single pass over the lines; on anything outside
// that subset it returns undefined and the caller falls back to the exact
// reader. `hub list` pays for the `yaml` package only on unusual files;
// tests check that both readers agree wherever the fast one answers.

import type { FieldPositions, FileProblem, Position } from '../model.js';
import type { Code } from '../codes.js';

export const LOAD_CODES = {
  emptyFile: 'HUB001',
  noFrontMatter: 'HUB002',
  unterminated: 'HUB003',
  yamlSyntax: 'HUB004',
  tabIndent: 'HUB005',
  duplicateKey: 'HUB006',
  alias: 'HUB007',
  customTag: 'HUB008',
  notUtf8: 'HUB009',
  nulByte: 'HUB010',
  notMapping: 'HUB011',
  unreadable: 'HUB012',
} as const satisfies Record<string, Code>;

/** A YAML-level problem, positioned in the file (1-based). */
export type YamlProblem = FileProblem;

export interface YamlResult {
  data: Record<string, unknown>;
  positions: Map<string, Position>;
  problems: YamlProblem[];
}

export type Split =
  | { ok: true; yaml: string; yamlLine: number; body: string; bodyLine: number }
  | { ok: false; problem: YamlProblem };

const FENCE = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/** Split `---` front matter from the body. `text` has no BOM and `\n` line ends. */
export function splitFrontMatter(text: string): Split {
  if (text.trim() === '') {
    return { ok: false, problem: { code: LOAD_CODES.emptyFile, line: 1, column: 1, message: 'The file is empty.', hint: 'Start it with front matter between --- lines; `hub new` writes a valid skeleton.' } };
  }
  const firstEnd = text.indexOf('\n');
  const firstLine = firstEnd === -1 ? text : text.slice(0, firstEnd);
  if (!FENCE.test(firstLine)) {
    return { ok: false, problem: { code: LOAD_CODES.noFrontMatter, line: 1, column: 1, message: 'The file has no front matter: its first line is not ---.', hint: 'Put the metadata first, between two lines of ---.' } };
  }
  let start = firstEnd + 1;
  let line = 2;
  while (firstEnd !== -1 && start <= text.length) {
    const end = text.indexOf('\n', start);
    const current = end === -1 ? text.slice(start) : text.slice(start, end);
    if (CLOSE.test(current)) {
      const bodyStart = end === -1 ? text.length : end + 1;
      return { ok: true, yaml: text.slice(firstEnd + 1, start), yamlLine: 2, body: text.slice(bodyStart), bodyLine: line + 1 };
    }
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return { ok: false, problem: { code: LOAD_CODES.unterminated, line: 1, column: 1, message: 'The front matter is never closed: no second --- line.', hint: 'Add a line of --- after the last metadata field.' } };
}

// ---------------------------------------------------------------- fast reader

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?$/;
const ITEM_LINE = /^([ ]*)- (.*)$/;
const PLAIN_START_FORBIDDEN = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

/** A scalar in the plain subset, or undefined when it needs the full reader. */
function fastScalar(raw: string): string | undefined {
  const text = raw.trimEnd();
  if (text === '') return undefined;
  const first = text[0]!;
  if (first === '"') {
    if (text.length < 2 || !text.endsWith('"')) return undefined;
    const inner = text.slice(1, -1);
    return inner.includes('"') || inner.includes('\\') ? undefined : inner;
  }
  if (first === "'") {
    if (text.length < 2 || !text.endsWith("'")) return undefined;
    const inner = text.slice(1, -1);
    return inner.replaceAll("''", '').includes("'") ? undefined : inner.replaceAll("''", "'");
  }
  if (PLAIN_START_FORBIDDEN.has(first)) return undefined;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return undefined;
  return text;
}

/** `[a, b]` as items with their offsets in `raw`, or undefined when not plain. */
function fastFlowList(raw: string): { value: string; offset: number }[] | undefined {
  const text = raw.trimEnd();
  if (!text.endsWith(']')) return undefined;
  if (text.slice(1, -1).trim() === '') return [];
  const items: { value: string; offset: number }[] = [];
  let offset = 1;
  for (const part of text.slice(1, -1).split(',')) {
    const item = part.trim();
    if (item === '' || /[[\]{}"'#:]/.test(item)) return undefined;
    const value = fastScalar(item);
    if (value === undefined) return undefined;
    items.push({ value, offset: offset + part.indexOf(item) });
    offset += part.length + 1;
  }
  return items;
}

/**
 * Read the plain YAML subset in one pass; undefined means "not plain: use readYamlExact".
 * `firstLine` is the file line of the first YAML line.
 */
/** Field names as positions name them, one string each however many papers use it. */
const FIELD_NAMES = new Map<string, string>();

/**
 * A paper's positions as a validation run keeps them, two per paper (as listed, as checked),
 * for every paper of the hub: the names shared, the numbers in one array. A Map of Position
 * objects, each paper with its own copy of every name, took about 2 KB a paper.
 */
class PackedPositions implements FieldPositions {
  private readonly fields: string[] = [];
  /** Line and column of each field, in turn. */
  private readonly numbers: number[] = [];

  constructor(pairs: Iterable<readonly [string, Position]>) {
    for (const [field, { line, column }] of pairs) {
      let name = FIELD_NAMES.get(field);
      if (name === undefined) FIELD_NAMES.set(field, (name = field));
      this.fields.push(name);
      this.numbers.push(line, column);
    }
  }

  get(field: string): Position | undefined {
    const index = this.fields.indexOf(field);
    return index === -1 ? undefined : this.at(index);
  }

  *[Symbol.iterator](): Iterator<[string, Position]> {
    for (const [index, field] of this.fields.entries()) yield [field, this.at(index)];
  }

  private at(index: number): Position {
    return { line: this.numbers[2 * index]!, column: this.numbers[2 * index + 1]! };
  }
}

/** `pairs` name each field once, as a Map's entries do. */
export function packPositions(pairs: Iterable<readonly [string, Position]>): FieldPositions {
  return new PackedPositions(pairs);
}

/** Where a field's key (not its value) sits is kept under this name in a reader's positions. */
export function keyPosition(path: string): string {
  return `${path}:key`;
}

export function readYamlFast(yaml: string, firstLine: number): YamlResult | undefined {
  if (yaml.includes('\t')) return undefined;
  const lines = yaml.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const data: Record<string, unknown> = {};
  const positions = new Map<string, Position>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1]!;
    if (Object.hasOwn(data, key)) return undefined;
    const rest = match[2] ?? '';
    const lineNumber = firstLine + i;
    const valueColumn = rest === '' ? key.length + 2 : line.length - rest.length + 1;
    positions.set(key, { line: lineNumber, column: valueColumn });
    positions.set(keyPosition(key), { line: lineNumber, column: 1 });
    if (rest.trim() === '') {
      // A block list, or an empty value.
      const items: string[] = [];
      while (i + 1 < lines.length) {
        const item = ITEM_LINE.exec(lines[i + 1]!);
        if (!item) break;
        const value = fastScalar(item[2]!);
        if (value === undefined) return undefined;
        const indent = item[1]!.length;
        // The list sits at its first dash; each item at its text.
        if (items.length === 0) positions.set(key, { line: firstLine + i + 1, column: indent + 1 });
        positions.set(`${key}.${items.length}`, { line: firstLine + i + 1, column: indent + 3 });
        items.push(value);
        i++;
      }
      data[key] = items.length > 0 ? items : '';
      continue;
    }
    const indicator = rest.trimEnd();
    if (indicator === '>-' || indicator === '>' || indicator === '|' || indicator === '|-') {
      const block: string[] = [];
      let indent = -1;
      while (i + 1 < lines.length && (lines[i + 1]!.startsWith(' ') || lines[i + 1]!.trim() === '')) {
        const next = lines[i + 1]!;
        if (next.trim() === '') {
          // Blank lines inside a block scalar have folding rules: leave them to the exact reader.
          if (lines.slice(i + 2).some((later) => later.startsWith(' '))) return undefined;
          i++;
          continue;
        }
        const nextIndent = next.length - next.trimStart().length;
        if (indent === -1) indent = nextIndent;
        if (nextIndent !== indent) return undefined;
        block.push(next.slice(indent).trimEnd());
        i++;
      }
      if (block.length === 0) return undefined;
      const joined = block.join(indicator.startsWith('>') ? ' ' : '\n');
      data[key] = indicator.endsWith('-') ? joined : `${joined}\n`;
      continue;
    }
    if (rest.startsWith('[')) {
      const items = fastFlowList(rest);
      if (items === undefined) return undefined;
      items.forEach((item, index) => positions.set(`${key}.${index}`, { line: lineNumber, column: valueColumn + item.offset }));
      data[key] = items.map((item) => item.value);
      continue;
    }
    const value = fastScalar(rest);
    if (value === undefined) return undefined;
    data[key] = value;
  }
  return { data, positions, problems: [] };
}

// --------------------------------------------------------------- exact reader

/** Read YAML with the `yaml` package, positioning every value and every problem. */
export async function readYamlExact(yaml: string, firstLine: number): Promise<YamlResult> {
  const { parseDocument, LineCounter, isMap, isSeq, isScalar, isAlias, isPair } = await import('yaml');
  type YamlNode = import('yaml').Node;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { schema: 'failsafe', uniqueKeys: true, lineCounter, prettyErrors: false, strict: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  const problems: YamlProblem[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const position = at(error.pos[0]);
    const firstSentence = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (error.code === 'DUPLICATE_KEY') {
      const key = /^\s*([^:#]+?)\s*:/.exec(yaml.slice(error.pos[0]))?.[1];
      problems.push({ code: LOAD_CODES.duplicateKey, ...position, ...(key ? { field: key } : {}), message: `The field ${key ?? ''} appears twice in the front matter.`.replace('  ', ' '), hint: 'Keep one of the two; YAML would silently use the last.' });
    } else if (error.code === 'TAB_AS_INDENT') {
      problems.push({ code: LOAD_CODES.tabIndent, ...position, message: 'A tab is used for indentation; YAML allows only spaces.', hint: 'Replace the tab with spaces.' });
    } else if (error.code === 'TAG_RESOLVE_FAILED') {
      problems.push({ code: LOAD_CODES.customTag, ...position, message: 'A custom YAML tag is used; hub reads plain data only.', hint: 'Remove the !tag before the value.' });
    } else {
      problems.push({ code: LOAD_CODES.yamlSyntax, ...position, message: `YAML syntax error: ${firstSentence}.`, hint: 'Check quotes, colons and indentation on this line; quote values that contain ": " or start with a special character.' });
    }
  }
  const data: Record<string, unknown> = {};
  const positions = new Map<string, Position>();
  if (problems.length > 0) return { data, positions, problems };
  if (doc.contents === null) return { data, positions, problems };
  if (!isMap(doc.contents)) {
    const range = doc.contents.range ?? [0, 0, 0];
    problems.push({ code: LOAD_CODES.notMapping, ...at(range[0]), message: 'The front matter is not a set of `field: value` lines.', hint: 'Write one field per line, e.g. `title: The Hub Strategy`.' });
    return { data, positions, problems };
  }

  // Convert node by node (never doc.toJS): aliases are refused before they can expand.
  const toValue = (node: unknown, path: string): unknown => {
    if (isAlias(node)) {
      problems.push({ code: LOAD_CODES.alias, ...at(node.range?.[0] ?? 0), field: path, message: 'A YAML alias (*name) is used; hub does not expand aliases.', hint: 'Write the value out in full.' });
      return undefined;
    }
    const yamlNode = node as YamlNode | null;
    if (yamlNode && 'anchor' in yamlNode && yamlNode.anchor) {
      problems.push({ code: LOAD_CODES.alias, ...at(yamlNode.range?.[0] ?? 0), field: path, message: 'A YAML anchor (&name) is used; hub does not expand aliases.', hint: 'Remove the &anchor.' });
    }
    if (yamlNode && yamlNode.tag && !yamlNode.tag.startsWith('tag:yaml.org,2002:')) {
      problems.push({ code: LOAD_CODES.customTag, ...at(yamlNode.range?.[0] ?? 0), field: path, message: 'A custom YAML tag is used; hub reads plain data only.', hint: 'Remove the !tag before the value.' });
    }
    if (isScalar(node)) return node.value === null ? '' : String(node.value);
    if (isSeq(node)) {
      return node.items.map((item, index) => {
        const itemPath = `${path}.${index}`;
        const range = (item as YamlNode | null)?.range;
        if (range) positions.set(itemPath, at(range[0]));
        return toValue(item, itemPath);
      });
    }
    if (isMap(node)) return toRecord(node.items, path);
    return '';
  };
  const toRecord = (pairs: readonly unknown[], prefix: string): Record<string, unknown> => {
    const record: Record<string, unknown> = {};
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = prefix ? `${prefix}.${key}` : key;
      const valueNode = pair.value as YamlNode | null;
      const keyNode = pair.key as YamlNode | null;
      const range = valueNode?.range ?? keyNode?.range;
      if (range) positions.set(path, at(range[0]));
      if (keyNode?.range) positions.set(keyPosition(path), at(keyNode.range[0]));
      record[key] = valueNode === null ? '' : toValue(valueNode, path);
    }
    return record;
  };
  Object.assign(data, toRecord(doc.contents.items, ''));
  return { data, positions, problems };
}
