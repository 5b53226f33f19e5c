// The nouns of hub. Types only: every stage of the pipeline
// (load → check → plan/pack → render → write) speaks in these.

import type { Writable } from 'node:stream';
import type { Token, Tokens } from 'marked';
import type { Code } from './codes.js';

export type Severity = 'error' | 'warning';

/** A problem found in a paper, a manifest or the hub config. A value, never thrown. */
export interface Diagnostic {
  /** Permanent identifier, e.g. `HUB012`, from the one registry in codes.ts. */
  code: Code;
  severity: Severity;
  /** Path as shown to the user: relative to the working directory when inside it. */
  file: string;
  /** Absolute path of the paper it belongs to, when it belongs to one: what code matches on. */
  path?: string;
  /** 1-based; the opening `---` of the front matter is line 1. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted field name (`authors.1`), when the problem belongs to one. */
  field?: string;
  /** What happened, in one sentence. Never contains raw control characters. */
  message: string;
  /** What to do about it. */
  hint?: string;
}

export const STATUSES = ['draft', 'review', 'published'] as const;
export type Status = (typeof STATUSES)[number];

/** Checked metadata. Optional fields are absent rather than empty. */
export interface Metadata {
  title: string;
  subtitle?: string;
  type: string;
  authors: string[];
  /** `YYYY-MM-DD`, exactly as written in the file. */
  date: string;
  status: Status;
  summary?: string;
  tags: string[];
  series?: string;
  isbn?: string;
  doi?: string;
  lang?: string;
  updated?: string;
  related: string[];
}

/** Where a front-matter value sits in its file (1-based), for diagnostics. */
export interface Position {
  line: number;
  column: number;
}

/** One paper as read from disk: never fails, whatever the bytes. */
export interface Publication {
  /** File name without `.md`; the paper's identity in the hub. */
  slug: string;
  /** Absolute path. */
  path: string;
  /** Path as shown to the user. */
  displayPath: string;
  /** Best-effort metadata: fields that failed their check fall back to safe defaults. */
  metadata: Metadata;
  /** The front matter as parsed, before checking (unknown fields included). */
  data: Record<string, unknown>;
  /** Position of each top-level field's value (and of list items as `field.N`). */
  positions: Map<string, Position>;
  /** Markdown after the front matter. Empty when read in `fast` mode, which only lists papers. */
  body: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
  /** Words in the body. */
  words: number;
  /** Problems found while loading and checking this one paper. */
  diagnostics: Diagnostic[];
}

/** What reading one paper's file gives, before any check against the schema. Plain data: the listing cache stores it. */
export interface PaperRead {
  data: Record<string, unknown>;
  positions: [string, Position][];
  /** Problems reading the file itself (bytes, fences, YAML), positioned in it. */
  problems: FileProblem[];
  body: string;
  bodyLine: number;
  words: number;
}

/** Read one paper's file. Never throws: an unreadable file is a problem in the result. */
/** A problem reading a file (bytes, fences, YAML), positioned in it (1-based). */
export interface FileProblem {
  code: Code;
  line: number;
  column: number;
  field?: string;
  message: string;
  hint?: string;
}

export interface PackDefaults {
  format: Format[];
  includeDrafts: boolean;
  sort: SortKey;
  paper: PaperSize;
}

/** `hub.config.yaml`, checked, with defaults filled in. */
export interface HubConfig {
  name: string;
  types: string[];
  /** Allowed tags; empty means any kebab-case tag. */
  tags: string[];
  defaultAuthor?: string;
  lang: string;
  pack: PackDefaults;
}

/** A hub on disk: its root folder, its config, where its papers live. */
export interface Hub {
  root: string;
  publicationsDir: string;
  config: HubConfig;
  /** Problems in `hub.config.yaml` itself. */
  configDiagnostics: Diagnostic[];
}

export const SORT_KEYS = ['date', 'title', 'type', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What the user asked for on the command line: filters and order. */
export interface Query {
  slugs: string[];
  types: string[];
  statuses: Status[];
  tags: string[];
  authors: string[];
  years: number[];
  sort: SortKey;
  reverse: boolean;
}

export const FORMATS = ['html', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];
export type PaperSize = 'a4' | 'letter';

/** A curated pack, as written in `publications/packs/NAME.yaml`, checked. */
export interface PackManifest {
  name: string;
  path: string;
  title: string;
  subtitle?: string;
  introduction?: string;
  slugs: string[];
}

/** A heading in a piece, with its pack-wide unique anchor id. */
export interface PackHeading {
  depth: number;
  text: string;
  id: string;
}

/** A heading token after the pack layer has given it its anchor id. */
export type PackHeadingToken = Tokens.Heading & { id: string };

/**
 * Markdown the pack holds but has not lexed: a renderer calls `source()` when it
 * reaches it and lets the tokens go when done, so a pack holds one piece's tokens at a time.
 */
export interface PackSource {
  /**
   * Fresh marked tokens, after the pack's passes:
   * - links to other pieces have `href` = `#<anchor id>`;
   * - links to papers outside the pack are replaced by their text plus a reference;
   * - local images have `href` = an absolute file path inside the hub;
   *   remote images keep their `http(s)` URL (renderers must not fetch them);
   * - heading tokens are `PackHeadingToken`s: they carry their pack-wide anchor id.
   */
  source(): Token[];
}

/** One paper inside a pack. */
export interface PackPiece extends PackSource {
  publication: Publication;
  /** Anchor id of the piece itself (its slug). */
  id: string;
  headings: PackHeading[];
  /** Pack-wide ids of its other link targets (`id`/`name` attributes in raw HTML). */
  anchors: string[];
}

/** Everything a renderer needs, and nothing it must look up elsewhere. */
export interface Pack {
  slug: string;
  title: string;
  subtitle?: string;
  /** `YYYY-MM-DD`: SOURCE_DATE_EPOCH, else the newest piece's date. Shown as written. */
  date: string;
  /** The same moment as a Date (midnight UTC of `date`, or SOURCE_DATE_EPOCH exactly), for file metadata. */
  created: Date;
  hubName: string;
  lang: string;
  /** Markdown introduction of a curated pack. */
  introduction?: PackSource;
  pieces: PackPiece[];
  /** The version of hub that made the pack (for PDF Creator, HTML generator). */
  generator: string;
}

export interface RenderOptions {
  paper: PaperSize;
  /** Called with warnings found while rendering (missing glyphs, raw HTML kept as text...). */
  warn: (diagnostic: Diagnostic) => void;
}

export interface RenderResult {
  /** Pages, for paged formats. */
  pages?: number;
}

/**
 * A format: a pack in, bytes out, written to `out` as they are made (respecting
 * back-pressure), never held whole. Registered per format in src/render/registry.ts.
 */
export interface Renderer {
  render(pack: Pack, options: RenderOptions, out: Writable): Promise<RenderResult>;
}
