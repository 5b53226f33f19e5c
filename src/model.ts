// The nouns of hub. Types only: every stage of the pipeline
// (load → check → plan/pack → render → write) speaks in these.

import type { Writable } from 'node:stream';
import type { Token, Tokens } from 'marked';
import type { Code } from './codes.js';

/** `info` says what hub did with something it does not show (kramdown's classes); it never fails a run. */
export type Severity = 'error' | 'warning' | 'info';

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
  publisher?: string;
  url?: string;
  /** SPDX id, one of LICENCES. */
  licence?: string;
  copyright?: string;
  commandPaper?: string;
  hcNumber?: string;
  session?: string;
  lang?: string;
  updated?: string;
  related: string[];
}

/** Where a front-matter value sits in its file (1-based), for diagnostics. */
export interface Position {
  line: number;
  column: number;
}

/** Where each field's value (`title`, list items as `related.2`) and key (`title:key`) sit in a file. A Map is one. */
export interface FieldPositions extends Iterable<[string, Position]> {
  get(field: string): Position | undefined;
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
  /** Position of each top-level field's value (and of list items as `field.N`). */
  positions: FieldPositions;
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

/** How papers' Markdown is read: CommonMark with GFM (the default), or as a Jekyll/kramdown site wrote it. */
export const MARKDOWN_DIALECTS = ['commonmark', 'kramdown'] as const;
export type MarkdownDialect = (typeof MARKDOWN_DIALECTS)[number];

/** `hub.config.yaml`, checked, with defaults filled in. */
export interface HubConfig {
  name: string;
  /** `folder` when hub.config.yaml sets no name and the folder's name stands in. */
  nameFrom: 'config' | 'folder';
  types: string[];
  /** Allowed tags; empty means any kebab-case tag. */
  tags: string[];
  defaultAuthor?: string;
  lang: string;
  /** How packs show dates. */
  dateFormat: DateFormat;
  markdown: MarkdownDialect;
  /** `site-root`: the address a web site served publications/ at (`/service-manual/`), for links and images written as the site wrote them. */
  siteRoot?: string;
  pack: PackDefaults;
  /** `a11y:certifiedBy`: who evaluated the packs' accessibility; without it no pack claims conformance. */
  accessibilityCertifiedBy?: string;
  imprint: Imprint;
}

/** A licence hub knows (src/licences.ts), by its SPDX id. */
export interface Licence {
  id: string;
  name: string;
  url: string;
  /** The standard wording for the publication's own imprint. */
  statement: string;
}

/** Publishing furniture from `hub.config.yaml`: who publishes the papers and on what terms. */
export interface Imprint {
  /** Default: the hub's name. */
  publisher: string;
  place?: string;
  /** The logo, an image file under the hub (absolute path), with its alt text. */
  logo?: { path: string; alt: string };
  licence?: Licence;
  copyright?: string;
  contact?: string;
  /** Text, or a web address (`url`), telling readers how to get another format. */
  accessibilityStatement?: { text: string; url?: string };
}

export const DATE_FORMATS = ['long', 'iso'] as const;
/** `long`: "31 March 2010"; `iso`: "2010-03-31". */
export type DateFormat = (typeof DATE_FORMATS)[number];

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

export const FORMATS = ['html', 'pdf', 'epub'] as const;
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

/** A block token the pack gave an anchor id: a heading, or a block with a kramdown attribute list's id. */
export type PackAnchored = { id?: string };

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
   * - heading tokens are `PackHeadingToken`s: they carry their pack-wide anchor id; so do other
   *   blocks with an id of their own (`PackAnchored`, from a kramdown attribute list).
   */
  source(): Token[];
}

/**
 * What making a piece's source again needs, as plain data: a worker thread given this and a
 * piece's path makes the same tokens as `source()` (pack/assemble.ts `pieceSourcer`).
 */
/**
 * Where a hub's links and images are read from: `publications/`, and the address a web site
 * served that folder at (hub.config.yaml's `site-root`), for papers moved in from the site.
 */
export interface PaperRoots {
  publicationsDir: string;
  /** Starts and ends with `/`: a target starting with it is a page or file of publications/. */
  siteRoot?: string;
}

export interface PieceSourcing {
  dialect: MarkdownDialect;
  roots: PaperRoots;
  /** Each piece by absolute path: its id (see pieceIdsOf), the anchors links may name in it, and the slug of its title heading when left out. */
  pieces: Record<string, { id: string; anchors: string[]; titleHeading?: string }>;
  /** Titles of the papers outside the pack that pieces (or the introduction) link to, by absolute path. */
  outside: Record<string, string>;
}

/** The front-matter fields a renderer lays out as text, and so may report a problem in (a character no font draws). */
export type ShownField = 'title' | 'subtitle' | 'summary';

/** A paper as a pack holds it: what renderers show and where its shown fields are; not its raw front matter, body or problems. */
export type PackedPublication = Omit<Publication, 'diagnostics' | 'body' | 'positions'> & {
  /** Where each shown field's value sits: a pack keeps no other positions (the check stage had them all). */
  positions: ReadonlyMap<ShownField, Position>;
};

/** One paper inside a pack. */
export interface PackPiece extends PackSource {
  publication: PackedPublication;
  /** Anchor id of the piece itself (its slug). */
  id: string;
  headings: PackHeading[];
  /** Pack-wide ids of the piece's other blocks that links may target (kramdown attribute lists). */
  blockIds: string[];
  citation: PieceCitation;
}

/** A run of a formatted reference: the title is emphasised, DOIs and URLs are links. */
export interface CiteSegment {
  text: string;
  emphasis?: true;
  href?: string;
}

/** How a piece is identified and cited, resolved against the hub's imprint: every renderer shows the same. */
export interface PieceCitation {
  /** The heading over the reference: "How to cite this paper" (or essay, report…). */
  heading: string;
  /** The reference, in the house style (Harvard). */
  reference: CiteSegment[];
  /** Identifiers as printed: "ISBN 978-…", "Cm 7894", "HC 312 2009-10". */
  numbers: string[];
  /** Just the command paper and HC paper numbers ("Cm 7894", "HC 312 2009-10"). */
  parliamentary: string[];
  doi?: string;
  url?: string;
  publisher: string;
  /** The paper's own licence and copyright, else the hub's. */
  licence?: Licence;
  copyright?: string;
  /** "© Crown copyright 2008. Published under the Open Government Licence v3.0." (the licence a link); empty without either. */
  licenceLine: CiteSegment[];
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
  /** How the pack shows dates (the hub's `date-format`). */
  dateFormat: DateFormat;
  hubName: string;
  lang: string;
  /** Markdown introduction of a curated pack. */
  introduction?: PackSource;
  pieces: PackPiece[];
  /** How the pieces' sources are made, for renderers that make them on worker threads. */
  sourcing: PieceSourcing;
  /** The version of hub that made the pack (for PDF Creator, HTML generator). */
  generator: string;
  /** Who evaluated the hub's packs for accessibility (`a11y:certifiedBy`): only then may a pack claim conformance. */
  accessibilityCertifiedBy?: string;
  imprint: Imprint;
}

export interface RenderOptions {
  paper: PaperSize;
  /** Called with warnings found while rendering (missing glyphs, raw HTML kept as text...). */
  warn: (diagnostic: Diagnostic) => void;
  /** Where a renderer may keep work between runs (never output); none: start from nothing. */
  cache?: RenderCache;
  /**
   * Worker threads a renderer may make pieces on (1 or none: on this thread). Such pieces read
   * their bodies from the papers' files, as `hub export` does, not through the pack's bodyOf.
   */
  threads?: number;
}

/** Plain data kept between runs under a key (src/io/cache.ts). */
export interface RenderCache {
  read(key: string): unknown;
  write(key: string, value: unknown): Promise<void>;
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
