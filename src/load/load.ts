// The only reader of the hub from disk: its config, its papers, its pack manifests.
// Every read returns values and diagnostics; a bad file never stops the others.

import { isUtf8 } from 'node:buffer';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { checkFields, diagnosticAt, type RecordSource } from '../check/fields.js';
import { LOAD_CODES, readYamlExact, readYamlFast, splitFrontMatter, type YamlProblem, type YamlResult } from './frontmatter.js';
import type { Diagnostic, Format, Hub, HubConfig, Metadata, PackManifest, PaperSize, Position, Publication, SortKey, Status } from '../model.js';
import { openListingCache } from '../io/cache.js';
import {
  CODES, CONFIG_FIELDS, DEFAULT_HUB_NAME, DEFAULT_LANG, DEFAULT_TYPES, MANIFEST_FIELDS, PAPER_FIELDS,
  countWords, countWordsInBytes, isKebabCase, type CheckContext,
} from '../check/schema.js';

export const CONFIG_FILE = 'hub.config.yaml';
export const PUBLICATIONS_DIR = 'publications';
export const PACKS_DIR = 'packs';
export const TEMPLATES_DIR = '_templates';

/**
 * How much of a paper to read: `metadata` (front matter and a word count; the body is
 * never decoded, for listing) or `full` (the body too, for validating and exporting).
 */
export type ReadMode = 'metadata' | 'full';

const TOP: Position = { line: 1, column: 1 };

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
    bytes = readFileSync(path);
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
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

function toDiagnostic(file: string, problem: YamlProblem): Diagnostic {
  return { code: problem.code, severity: 'error', file, line: problem.line, column: problem.column, ...(problem.field ? { field: problem.field } : {}), message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}) };
}

/** The fast reader where it answers (tests hold it to the exact reader's values and positions), else the exact one. */
async function readYaml(yaml: string, firstLine: number): Promise<YamlResult> {
  return readYamlFast(yaml, firstLine) ?? readYamlExact(yaml, firstLine);
}

/** Read a whole YAML file (config, manifest). A missing file is not an error here. */
async function readYamlFile(path: string): Promise<{ result?: YamlResult; diagnostics: Diagnostic[] }> {
  const file = displayPath(path);
  const decoded = readText(path);
  if (!decoded.ok) return { diagnostics: [toDiagnostic(file, decoded.problem)] };
  const result = await readYaml(decoded.text, 1);
  return { result, diagnostics: result.problems.map((problem) => toDiagnostic(file, problem)) };
}

// -------------------------------------------------------------------- the hub

export const DEFAULT_CONFIG: HubConfig = {
  name: DEFAULT_HUB_NAME,
  types: [...DEFAULT_TYPES],
  tags: [],
  lang: DEFAULT_LANG,
  pack: { format: ['html'], includeDrafts: false, sort: 'date', paper: 'a4' },
};

/** Open the hub at `root`: read and check `hub.config.yaml` when there is one. */
export async function openHub(root: string): Promise<Hub> {
  const absoluteRoot = resolve(root);
  const hub: Hub = { root: absoluteRoot, publicationsDir: join(absoluteRoot, PUBLICATIONS_DIR), config: DEFAULT_CONFIG, configDiagnostics: [] };
  const configPath = join(absoluteRoot, CONFIG_FILE);
  if (!existsSync(configPath)) return hub;
  const { result, diagnostics } = await readYamlFile(configPath);
  hub.configDiagnostics = diagnostics;
  if (!result || result.problems.length > 0) return hub;
  const source: RecordSource = { file: displayPath(configPath), positions: result.positions, fallback: TOP };
  const check = checkFields(CONFIG_FIELDS, result.data, { types: [], tags: [] }, source, () => false);
  hub.configDiagnostics.push(...check.diagnostics);
  const text = (key: string): string | undefined => check.values.get(key) as string | undefined;
  const list = (key: string): string[] | undefined => check.values.get(key) as string[] | undefined;
  hub.config = {
    name: text('name') ?? DEFAULT_CONFIG.name,
    types: list('types') ?? DEFAULT_CONFIG.types,
    tags: list('tags') ?? [],
    ...(text('default-author') ? { defaultAuthor: text('default-author')! } : {}),
    lang: text('lang') ?? DEFAULT_CONFIG.lang,
    pack: {
      format: (list('format') as Format[] | undefined) ?? DEFAULT_CONFIG.pack.format,
      sort: (text('sort') as SortKey | undefined) ?? DEFAULT_CONFIG.pack.sort,
      includeDrafts: text('include-drafts') === 'true',
      paper: (text('paper') as PaperSize | undefined) ?? DEFAULT_CONFIG.pack.paper,
    },
  };
  return hub;
}

// ------------------------------------------------------------------ the papers

/** Every paper file under `publications/`, sorted; folders starting with `_` or `.`, and `packs/`, are not papers. */
export function paperFiles(hub: Hub): string[] {
  const found: string[] = [];
  const walk = (dir: string, top: boolean): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw new Error(`Cannot read the publications folder ${displayPath(dir)}`, { cause: error });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!(top && entry.name === PACKS_DIR)) walk(path, false);
      } else if (entry.name.endsWith('.md')) {
        found.push(path);
      }
    }
  };
  walk(hub.publicationsDir, true);
  return found.sort();
}

export function checkContext(hub: Hub): CheckContext {
  return { types: hub.config.types, tags: hub.config.tags };
}

/** Best-effort metadata: what passed its check, safe fallbacks for the rest. */
function toMetadata(values: Map<string, string | string[]>, slug: string): Metadata {
  const text = (key: string): string | undefined => values.get(key) as string | undefined;
  const list = (key: string): string[] => (values.get(key) as string[] | undefined) ?? [];
  const metadata: Metadata = {
    title: text('title') ?? slug,
    type: text('type') ?? 'unknown',
    authors: list('authors'),
    date: text('date') ?? '',
    // A paper whose status cannot be read is treated as a draft: never published by accident.
    status: (text('status') as Status | undefined) ?? 'draft',
    tags: list('tags'),
    related: list('related'),
  };
  for (const key of ['subtitle', 'summary', 'series', 'isbn', 'doi', 'lang', 'updated'] as const) {
    const value = text(key);
    if (value !== undefined) metadata[key] = value;
  }
  return metadata;
}

/** What reading one paper's file gives, before any check against the schema. Plain data: the listing cache stores it. */
export interface PaperRead {
  data: Record<string, unknown>;
  positions: [string, Position][];
  /** Problems reading the file itself (bytes, fences, YAML), positioned in it. */
  problems: YamlProblem[];
  body: string;
  bodyLine: number;
  words: number;
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
  read.data = yaml.data;
  read.positions = [...yaml.positions];
  read.problems.push(...yaml.problems);
  return read;
}

/** Check what was read against the schema and the hub's vocabularies: a Publication with its diagnostics. */
export function checkPaper(path: string, read: PaperRead, context: CheckContext): Publication {
  const slug = basename(path, '.md');
  const file = displayPath(path);
  const positions = new Map(read.positions);
  const publication: Publication = {
    slug, path, displayPath: file, metadata: toMetadata(new Map(), slug), data: read.data, positions, body: read.body, bodyLine: read.bodyLine, words: read.words,
    diagnostics: read.problems.map((problem) => toDiagnostic(file, problem)),
  };
  if (!isKebabCase(slug)) {
    publication.diagnostics.unshift({ code: CODES.badSlug, severity: 'error', file, ...TOP, message: `the file name ${JSON.stringify(basename(path))} is not a kebab-case slug`, hint: `Rename it to lower-case words joined by hyphens, e.g. ${slug.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'my-paper'}.md.` });
  }
  if (read.problems.length > 0) return publication;

  const source: RecordSource = { file, positions, fallback: TOP };
  const published = read.data.status === 'published';
  const check = checkFields(PAPER_FIELDS, read.data, context, source, (spec) => spec.required === 'always' || (spec.required === 'when-published' && published));
  publication.diagnostics.push(...check.diagnostics);
  publication.metadata = toMetadata(check.values, slug);
  const { date, updated } = publication.metadata;
  if (date && updated && updated < date) {
    publication.diagnostics.push(diagnosticAt(source, 'updated', 'error', { code: CODES.updatedBeforeDate, message: `"${updated}" is before the paper's date "${date}"`, hint: 'updated is the date of the last revision: it cannot come before date.' }));
  }
  return publication;
}

/** Read and check one paper. Never throws: every problem becomes a diagnostic on the paper. */
export async function readPublication(path: string, context: CheckContext, mode: ReadMode): Promise<Publication> {
  return checkPaper(path, await readPaperFile(path, mode), context);
}

/**
 * Read every paper (or just `paths`). Listing goes through the listing cache:
 * files whose size, modification time and inode are unchanged are not read again.
 */
export async function loadPublications(hub: Hub, mode: ReadMode, paths: string[] = paperFiles(hub)): Promise<Publication[]> {
  const context = checkContext(hub);
  const publications: Publication[] = [];
  const cache = mode === 'metadata' ? openListingCache(hub.root) : undefined;
  for (const path of paths) {
    const read = cache ? await cache.read(path, () => readPaperFile(path, mode)) : await readPaperFile(path, mode);
    publications.push(checkPaper(path, read, context));
  }
  await cache?.save();
  return publications;
}

// ------------------------------------------------------------------ manifests

export function manifestPath(hub: Hub, name: string): string {
  return join(hub.publicationsDir, PACKS_DIR, `${name}.yaml`);
}

export function manifestNames(hub: Hub): string[] {
  const dir = join(hub.publicationsDir, PACKS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length)).sort();
}

export interface LoadedManifest {
  manifest?: PackManifest;
  /** Position of each listed slug, for "unknown slug" diagnostics. */
  positions: ReadonlyMap<string, Position>;
  diagnostics: Diagnostic[];
}

/** Read and check a pack manifest (its slugs are checked against the papers by validate). */
export async function loadManifest(hub: Hub, name: string): Promise<LoadedManifest> {
  const path = manifestPath(hub, name);
  const { result, diagnostics } = await readYamlFile(path);
  if (!result || result.problems.length > 0) return { positions: new Map(), diagnostics };
  const source: RecordSource = { file: displayPath(path), positions: result.positions, fallback: TOP };
  const check = checkFields(MANIFEST_FIELDS, result.data, { types: [], tags: [] }, source, (spec) => spec.required === 'always');
  diagnostics.push(...check.diagnostics);
  const title = check.values.get('title') as string | undefined;
  const slugs = check.values.get('pieces') as string[] | undefined;
  if (title === undefined || slugs === undefined) return { positions: result.positions, diagnostics };
  const subtitle = check.values.get('subtitle') as string | undefined;
  const introduction = check.values.get('introduction') as string | undefined;
  const manifest: PackManifest = { name, path, title, slugs, ...(subtitle ? { subtitle } : {}), ...(introduction ? { introduction } : {}) };
  return { manifest, positions: result.positions, diagnostics };
}
