// Reading the hub's files into plain data: text decoded (or why not), front matter split
// and parsed, positions kept. Nothing here judges the data: the check stage does that.
// The bytes themselves come from src/io/.

import { isUtf8 } from 'node:buffer';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { slugify } from '../slug.js';
import { readBytes, readBytesIfReadable, markdownFiles, namesWithExtension } from '../io/files.js';
import { LOAD_CODES, readYamlExact, readYamlFast, splitFrontMatter, type YamlProblem, type YamlResult } from './frontmatter.js';
import type { Diagnostic, Hub, PaperRead, Position } from '../model.js';
import { countWords, countWordsInBytes } from './words.js';

export const CONFIG_FILE = 'hub.config.yaml';

/**
 * What a paper's slug is made from: its file name without `.md`, or, for a folder's
 * `index.md`, the folder's name, as a site serves `agile/index.md` at `/agile/` (the
 * publications folder's own `index.md` is `index`).
 */
export function slugSource(path: string, publicationsDir: string): string {
  const name = basename(path, '.md');
  const folder = dirname(path);
  return name === 'index' && resolve(folder) !== resolve(publicationsDir) ? basename(folder) : name;
}

/**
 * A paper's slug: its slug source made kebab-case when it is not
 * (`49 Case Study WITH Spaces.md` → `49-case-study-with-spaces`), so a file saved
 * from a file manager still has an address in the pack.
 */
export function slugOf(path: string, publicationsDir: string): string {
  const name = slugSource(path, publicationsDir);
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name) ? name : slugify(name, { decamelize: false }) || 'untitled';
}
export const PUBLICATIONS_DIR = 'publications';
export const PACKS_DIR = 'packs';
export const TEMPLATES_DIR = '_templates';

/**
 * How much of a paper to read: `metadata` (front matter and a word count; the body is
 * never decoded, for listing) or `full` (the body too, for validating and exporting).
 */
export type ReadMode = 'metadata' | 'full';

export const TOP: Position = { line: 1, column: 1 };

/** A path as the user should see it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  // The common case, a path under the working directory, without path.relative's normalising.
  const here = process.cwd() + sep;
  if (path.startsWith(here)) return path.slice(here.length);
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : path;
}

type Decoded = { ok: true; text: string } | { ok: false; problem: YamlProblem };

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Read a file as UTF-8 text with `\n` line ends and no BOM, or say why not. */
function readText(path: string): Decoded {
  let bytes: Buffer;
  try {
    bytes = readBytes(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { code: LOAD_CODES.unreadable, ...TOP, message: `The file cannot be read: ${reason}.`, hint: 'Check that it exists and that you may read it.' } };
  }
  let text = bytes.toString('utf8');
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    return { ok: false, problem: { code: LOAD_CODES.nulByte, line: lineOfOffset(text, nul), column: 1, message: 'The file contains a NUL byte: it looks binary, not Markdown.', hint: 'Re-save it as plain UTF-8 text.' } };
  }
  const replacement = text.indexOf('\ufffd');
  if (replacement !== -1 && !isValidUtf8(bytes)) {
    return { ok: false, problem: { code: LOAD_CODES.notUtf8, line: lineOfOffset(text, replacement), column: 1, message: 'The file is not valid UTF-8 text.', hint: 'Re-save it as UTF-8 (it may be Windows-1252 or Latin-1).' } };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return { ok: true, text };
}

const OPENING_FENCE = Buffer.from('---\n');
const CLOSING_FENCE = Buffer.from('\n---\n');

/**
 * The listing path: decode only the front matter and count the body's words on
 * its bytes, never building the body string. Undefined for anything unusual
 * (BOM, CRLF, other fences, bad bytes): the careful path then reads the file and says why.
 */
function splitBytesFast(path: string): { yaml: string; bodyLine: number; words: number } | undefined {
  const bytes = readBytesIfReadable(path);
  if (bytes === undefined) return undefined;
  if (!bytes.subarray(0, 4).equals(OPENING_FENCE) || bytes.indexOf(0) !== -1 || !isUtf8(bytes)) return undefined;
  const close = bytes.indexOf(CLOSING_FENCE, 3);
  if (close === -1) return undefined;
  const yaml = bytes.toString('utf8', 4, close + 1);
  if (yaml.includes('\r')) return undefined;
  let fenceLine = 2;
  for (let i = yaml.indexOf('\n'); i !== -1; i = yaml.indexOf('\n', i + 1)) fenceLine++;
  return { yaml, bodyLine: fenceLine + 1, words: countWordsInBytes(bytes, close + CLOSING_FENCE.length) };
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function toDiagnostic(file: string, problem: YamlProblem): Diagnostic {
  return { code: problem.code, severity: 'error', file, line: problem.line, column: problem.column, ...(problem.field ? { field: problem.field } : {}), message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}) };
}

/** The fast reader where it answers (tests hold it to the exact reader's values and positions), else the exact one. */
async function readYaml(yaml: string, firstLine: number): Promise<YamlResult> {
  return readYamlFast(yaml, firstLine) ?? readYamlExact(yaml, firstLine);
}

/** Read a whole YAML file (config, manifest). A missing file is not an error here. */
export async function readYamlFile(path: string): Promise<{ result?: YamlResult; diagnostics: Diagnostic[] }> {
  const file = displayPath(path);
  const decoded = readText(path);
  if (!decoded.ok) return { diagnostics: [toDiagnostic(file, decoded.problem)] };
  const result = await readYaml(decoded.text, 1);
  return { result, diagnostics: result.problems.map((problem) => toDiagnostic(file, problem)) };
}

// ------------------------------------------------------------------ the papers

/** Every paper file under `publications/`, sorted; folders starting with `_` or `.`, and `packs/`, are not papers. */
export function paperFiles(hub: Hub): string[] {
  return markdownFiles(hub.publicationsDir, [PACKS_DIR], displayPath);
}

/**
 * A paper's body again, for a renderer that has reached it (packs hold no bodies).
 * Throws, naming the file, if it can no longer be read as it was when checked.
 */
export function readPaperBody(path: string): string {
  const decoded = readText(path);
  const split = decoded.ok ? splitFrontMatter(decoded.text) : undefined;
  if (!split?.ok) throw new Error(`Could not read ${displayPath(path)} again: it changed while the pack was being made`);
  return split.body;
}

/** Read one paper's file. Never throws: an unreadable file is a problem in the result. */
export async function readPaperFile(path: string, mode: ReadMode): Promise<PaperRead> {
  const read: PaperRead = { data: {}, positions: [], problems: [], body: '', bodyLine: 1, words: 0 };
  const quick = mode === 'metadata' ? splitBytesFast(path) : undefined;
  let yamlText: string;
  if (quick) {
    yamlText = quick.yaml;
    read.bodyLine = quick.bodyLine;
    read.words = quick.words;
  } else {
    const decoded = readText(path);
    if (!decoded.ok) {
      read.problems.push(decoded.problem);
      return read;
    }
    const split = splitFrontMatter(decoded.text);
    if (!split.ok) {
      read.problems.push(split.problem);
      read.body = decoded.text;
      read.words = countWords(decoded.text);
      return read;
    }
    yamlText = split.yaml;
    read.body = split.body;
    read.bodyLine = split.bodyLine;
    read.words = countWords(split.body);
  }
  const yaml = await readYaml(yamlText, 2);
  // Values are slices of the text they were read from, and a slice keeps all of it alive: after a
  // full read that is the whole paper, held for as long as its title is (a pack holds every title).
  read.data = quick ? yaml.data : structuredClone(yaml.data);
  read.positions = [...yaml.positions];
  read.problems.push(...yaml.problems);
  return read;
}

// ------------------------------------------------------------------ manifests

export function manifestPath(hub: Hub, name: string): string {
  return join(hub.publicationsDir, PACKS_DIR, `${name}.yaml`);
}

export function manifestNames(hub: Hub): string[] {
  return namesWithExtension(join(hub.publicationsDir, PACKS_DIR), '.yaml');
}

