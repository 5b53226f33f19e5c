// The only module that talks to pdfkit. It owns the document, the pages, the structure tree,
// links, destinations and the outline, and draws placed items exactly where layout put them
// (every text call uses lineBreak:false: pdfkit never wraps or breaks pages by itself).

import PDFDocument from 'pdfkit';
import { createHash } from 'node:crypto';
import { constants as zlibConstants, deflateSync, inflateSync } from 'node:zlib';
import type { RenderCache } from '../../model.js';
import type { FontSet } from './fonts.js';
import type { Face, Theme } from './theme.js';
import { FACES } from './theme.js';
import type { Item, LineItem, Mark, Rect, Role, RowItem, StructNode } from './layout.js';
import type { Placed } from './paginate.js';
import { encodeTrueTypeSubset, type SubsetGlyphs } from './subset.js';

/** svg-to-pdfkit, loaded with the first flow that has an SVG figure (most packs have none). */
type SvgDrawer = (typeof import('svg-to-pdfkit'))['default'];

/** Document information, as given to pdfkit's constructor (pdfkit derives the file /ID from it). */
export interface DocumentInfo {
  Title: string;
  Author: string;
  Subject: string;
  Keywords?: string;
  Creator: string;
  CreationDate: Date;
  ModDate: Date;
}

export interface DocumentOptions {
  info: DocumentInfo;
  lang: string;
  page: { width: number; height: number };
}

// ---- pdfkit adapter ---------------------------------------------------------------------------
// @types/pdfkit lags pdfkit 0.20 (struct options, annotation structParent, outline destinations),
// so the calls the renderer makes are typed here, once, and checked against node_modules/pdfkit.

interface StructElement {
  add(child: StructElement | StructContent): StructElement;
  end(): void;
  /** The element's dictionary, for entries pdfkit's options do not cover (attributes, ID). */
  readonly dictionary: PdfReference;
}
interface PdfReference {
  readonly id: number;
  readonly data: Record<string, unknown>;
}
type StructContent = { readonly refs: unknown[] };

interface OutlineItem {
  addItem(title: string, options: { top: number; left: number; zoom: number; fit: false; expanded: boolean }): OutlineItem;
  children: OutlineItem[];
  /** The item's dictionary entries, written when the document ends. */
  readonly outlineData: Record<string, unknown>;
  readonly dictionary: PdfReference;
  /** Write the item and what it holds (pdfkit links each child to its siblings first). */
  endOutline(): void;
}

/** An image as pdfkit holds it: `embed` writes its objects, at once (JPEG) or once decoded (PNG, via `finalize`). */
interface PdfImage {
  embed(doc: PdfDoc): void;
  finalize?: () => void;
}

interface AnnotationOptions {
  structParent: StructElement;
  /** The annotation's description (PDF/UA): a PDF string (see `literal`). */
  Contents: PdfReference;
}

interface PdfDoc extends NodeJS.ReadableStream {
  readonly readableLength: number;
  info: Record<string, unknown>;
  outline: OutlineItem;
  registerFont(name: string, src: unknown): PdfDoc;
  addPage(options: { size: [number, number]; margin: number }): PdfDoc;
  font(name: string): PdfDoc;
  fontSize(size: number): PdfDoc;
  fillColor(colour: string): PdfDoc;
  addContent(data: string): PdfDoc;
  rect(x: number, y: number, w: number, h: number): PdfDoc;
  fill(): PdfDoc;
  /** `textWidth` and `wordCount` spare pdfkit from measuring the text again (it only uses them for decorations). */
  text(text: string, x: number, y: number, options: { lineBreak: false; baseline: 'alphabetic'; textWidth: number; wordCount: number }): PdfDoc;
  image(src: string, x: number, y: number, options: { width: number; height: number; ignoreOrientation: true }): PdfDoc;
  markContent(tag: 'Artifact', options: { type: 'Pagination' | 'Layout' }): PdfDoc;
  markStructureContent(tag: Role): StructContent;
  endMarkedContent(): PdfDoc;
  struct(type: Role, options?: { alt?: string; scope?: string; lang?: string; expanded?: string; bbox?: number[]; title?: string }): StructElement;
  addStructure(element: StructElement): PdfDoc;
  annotate(x: number, y: number, w: number, h: number, options: AnnotationOptions & { Subtype: 'Link'; A: PdfReference }): PdfDoc;
  ref(data: unknown): PdfReference & { end(): void };
  openImage(src: string): PdfImage;
  getStructTreeRoot(): PdfReference;
  save(): PdfDoc;
  restore(): PdfDoc;
  end(): void;
}

/** pdfkit's document internals the adapter below works around, and nothing else may touch. */
interface PdfInternals {
  /** 1 under PDF/UA: pdfkit then writes a CIDSet (a PDF/A-1 rule) into every font descriptor. */
  subset: number | undefined;
  /** Fonts in use; `finalize` embeds one (once). */
  _fontFamilies: Record<string, { finalize(): void; subset?: SubsetGlyphs & { encode(): Uint8Array } }>;
}

/** The pdfkit objects the document subclass below reaches into to let go of written objects. */
interface PdfkitRef {
  readonly id: number;
  /** Where the object starts in the file, once written. */
  readonly offset: number;
  data: unknown;
  end(): void;
}
/** A content stream being written (pdfkit's PDFReference): strings get a newline each. */
interface PdfkitStream extends PdfkitRef {
  write(chunk: string | Uint8Array): void;
}
/** What pdfkit's drawing reads of the current page (svg-to-pdfkit swaps in stand-ins of its own for groups). */
interface PdfkitPage {
  readonly width: number;
  readonly height: number;
  write(chunk: string | Uint8Array): void;
}
/** A page as pdfkit makes it (lib/page.js). */
interface PdfkitRealPage extends PdfkitPage {
  readonly dictionary: { readonly data: Record<string, unknown> };
  readonly content: PdfkitStream;
  end(): void;
}
interface PdfkitObjects {
  _refEnd(ref: PdfkitRef): void;
  /** An entry per object made so far (its offset once written), and how many are not written yet. */
  _offsets: OffsetTable;
  _waiting: number;
  /** Set by end() while objects are still to be written: the last one written finishes the file. */
  _ended: boolean;
  /** Write the cross-reference table and the trailer. */
  _finalize(): void;

  _write(data: string | Uint8Array): void;
  _offset: number;
  push(chunk: Uint8Array | null): boolean;
  ref(data?: unknown): PdfkitStream;
  page: PdfkitPage;
  _pageBuffer: PdfkitRealPage[];
  addPage(options: object): unknown;
  addContent(data: string): unknown;
  flushPages(): void;
  endPageMarkings(page: PdfkitPage): unknown;
  readonly _root: {
    readonly data: {
      readonly Names: { readonly data: { Dests: PdfkitTree } };
      readonly StructTreeRoot?: { readonly data: { ParentTree: PdfkitNumberTree; readonly ParentTreeNextKey: number } };
      readonly Pages: { readonly data: { readonly Kids: unknown[] } };
    };
  };
}

const NO_ENTRIES: Record<string, unknown> = Object.freeze({});
/** The collator localeCompare uses, made once (pdfkit's name trees sort with localeCompare: the same order). */
const DEFAULT_COLLATOR = new Intl.Collator();
/** A number as pdfkit writes it (PDFObject.number). */
const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;

/** The class of PDF strings written as pdfkit would (see `literal`), made from pdfkit's base class of references. */
let Literal: (new (text: string) => PdfReference) | undefined;

const STRING_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\', '(': '\\(', ')': '\\)' };

/**
 * `text` as pdfkit writes a String object (PDFObject.convert): one byte per char code (latin1),
 * after FE FF and each char code as two bytes when any is past ASCII; escaped, in parentheses.
 */
function pdfString(text: string): string {
  const binary = /[^\x00-\x7f]/.test(text) ? `\xfe\xff${Buffer.from(text, 'utf16le').swap16().toString('latin1')}` : text;
  return `(${binary.replace(/[\n\r\t\b\f()\\]/g, (char) => STRING_ESCAPES[char]!)})`;
}

function literalClass(AbstractReference: new () => object): new (text: string) => PdfReference {
  return class extends AbstractReference {
    private readonly written: string;
    constructor(text: string) {
      super();
      this.written = pdfString(text);
    }
    get id(): number {
      return 0;
    }
    get data(): Record<string, unknown> {
      return NO_ENTRIES;
    }
    override toString(): string {
      return this.written;
    }
  } as unknown as new (text: string) => PdfReference;
}

/** A name tree as pdfkit writes one (PDFTree.toString): the class PDFObject.convert writes by its toString(). */
interface PdfkitTree {
  toString(): string;
}

/**
 * The named destinations, each held as its name and its value written already
 * (`[N 0 R /XYZ null top null]`), and written at the end as pdfkit's PDFNameTree writes its
 * items: sorted by name (localeCompare's order), with Limits when there are two or more. pdfkit's
 * own tree holds each value as an array with a page reference: several times the memory, for
 * the hundred thousand headings and blocks of a long pack.
 */
function destinationTreeClass(Tree: new () => PdfkitTree): new () => PdfkitTree & { add(name: string, written: string): void } {
  return class extends Tree {
    private readonly written = new Map<string, string>();
    add(name: string, written: string): void {
      this.written.set(name, written);
    }
    override toString(): string {
      const names = [...this.written.keys()].sort(DEFAULT_COLLATOR.compare);
      const out = ['<<'];
      if (names.length > 1) out.push(`  /Limits [${pdfString(names[0]!)} ${pdfString(names[names.length - 1]!)}]`);
      out.push('  /Names [');
      for (const name of names) out.push(`    ${pdfString(name)} ${this.written.get(name)!}`);
      out.push(']', '>>');
      return out.join('\n');
    }
  };
}

/** pdfkit's ParentTree (a PDFNumberTree) as its structure code uses it. */
interface PdfkitNumberTree extends PdfkitTree {
  add(key: number, value: unknown): unknown;
  get(key: number): unknown;
}

type ParentTree = PdfkitNumberTree & {
  /** Write out the entries below `next` with `write`, keeping the object number it gives each. */
  release(next: number, write: (entry: unknown) => number): void;
};

/**
 * The ParentTree, holding each entry written out already as its object number alone, and
 * written at the end as pdfkit's PDFNumberTree writes its items (in key order, with Limits
 * when there are two or more). pdfkit's holds an object per entry, one for every page and
 * every link: 340,000 of them, 14 MB, on 10,000 papers.
 */
function parentTreeClass(Tree: new () => PdfkitNumberTree): new () => ParentTree {
  return class extends Tree {
    /** Entries not written out yet, by key. */
    private readonly open = new Map<number, unknown>();
    /** The object number of each entry written out, by key: the keys below `written.length`. */
    private readonly written: number[] = [];
    override add(key: number, value: unknown): unknown {
      this.open.set(key, value);
      return value;
    }
    override get(key: number): unknown {
      if (key < this.written.length) throw new Error(`PDF structure: the ParentTree entry ${key} was asked for after it was written out`);
      return this.open.get(key);
    }
    release(next: number, write: (entry: unknown) => number): void {
      for (let key = this.written.length; key < next; key++) {
        if (!this.open.has(key)) throw new Error(`PDF structure: the ParentTree has no entry ${key}`);
        this.written.push(write(this.open.get(key)));
        this.open.delete(key);
      }
    }
    override toString(): string {
      if (this.open.size > 0) throw new Error(`PDF structure: ${this.open.size} ParentTree entries were not written out before the end`);
      const count = this.written.length;
      const out = ['<<'];
      if (count > 1) out.push(`  /Limits [0 ${count - 1}]`);
      out.push('  /Nums [');
      for (let key = 0; key < count; key++) out.push(`    ${key} ${this.written[key]} 0 R`);
      out.push(']', '>>');
      return out.join('\n');
    }
  };
}

/** pdfkit's PDFReference as far as `fittedReferenceClass` reads it: what it will write, and whether it deflates it. */
interface PdfkitReferenceState {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

/** pdfkit's PDFReference, and its PDFAbstractReference (the class every reference extends, written by its toString()). */
let PdfkitReference: (new (document: object, id: number, data?: unknown) => PdfkitReferenceState) | undefined;
function abstractReferenceClass(): new () => object {
  if (!PdfkitReference) throw new Error('abstractReferenceClass: no document has been made yet');
  return Object.getPrototypeOf(PdfkitReference) as new () => object;
}

/** The class of references that deflate their streams into an output buffer their size (see `ref`). */
let FittedReference: (new (document: object, id: number, data?: unknown) => PdfkitStream) | undefined;

/**
 * pdfkit's PDFReference, deflating a stream as it does (zlib's default level, the same bytes)
 * but into an output buffer no larger than the stream: zlib's default is 16 KB, and the
 * thousands of small streams of a long pack (each page's footer) made that much garbage each.
 */
function fittedReferenceClass(Reference: new (document: object, id: number, data?: unknown) => PdfkitReferenceState): typeof FittedReference {
  return class extends Reference {
    override finalize(): void {
      if (this.compress && this.buffer.length > 0) {
        const stream = Buffer.concat(this.buffer);
        // The bound zlib allows for what deflating may add to incompressible bytes.
        const chunkSize = Math.min(zlibConstants.Z_DEFAULT_CHUNK, Math.max(zlibConstants.Z_MIN_CHUNK, stream.length + 64));
        this.buffer = [deflateSync(stream, { chunkSize })];
        this.compress = false; // deflated already: pdfkit writes it as it is (its Filter is set)
      }
      super.finalize();
    }
  } as unknown as typeof FittedReference;
}

/** The class of references by number alone (see `numbered`), made from pdfkit's base class of references. */
let ObjectNumber: (new (id: number) => PdfReference) | undefined;

function objectNumberClass(AbstractReference: new () => object): new (id: number) => PdfReference {
  return class extends AbstractReference {
    constructor(readonly id: number) {
      super();
    }
    get data(): Record<string, unknown> {
      return NO_ENTRIES;
    }
    override toString(): string {
      return `${this.id} 0 R`;
    }
  } as unknown as new (id: number) => PdfReference;
}

/** A reference to object `id` by its number alone (pdfkit writes any PDFAbstractReference by its toString()). */
function objectNumber(id: number): PdfReference {
  ObjectNumber ??= objectNumberClass(abstractReferenceClass());
  return new ObjectNumber(id);
}

/** A page made in its place in the page tree but drawn later (see `holdPage`). */
export type HeldPage = { readonly held: unique symbol };
/** A page's second content stream, written once what it shows is known (see `lateContent`): its object number. */
export type LateContent = number & { readonly late: unique symbol };

interface ReleasingDoc extends PdfDoc {
  /**
   * Add a page that pdfkit's flushing leaves open until `drawHeld`: it takes its place in the
   * page tree (and outline entries and destinations can point at it) before what it shows is known.
   */
  holdPage(options: { size: [number, number]; margin: number }): HeldPage;
  /** Draw a held page (`draw` writes to it as the current page), then write it out. */
  drawHeld(page: HeldPage, draw: () => void): void;
  /**
   * A second content stream for the current page, drawn later by `drawLate` (it follows the
   * page's own in the file). Only its object number is taken now: a long pack has one per page.
   */
  lateContent(): LateContent;
  /** Draw into a late content stream (`draw` writes to it as to its page, which is written out already), then end it. */
  drawLate(late: LateContent, draw: () => void): void;
  /**
   * Show `glyphs` (a TJ array) in `font` (its resource name) at `size`, with the baseline at
   * (x, baseline): in the text object still open from the run before, when there is one.
   */
  addText(x: number, baseline: number, font: string, size: number, glyphs: string): void;
  /**
   * Write out the ParentTree entries made so far (each page's array of the structure elements
   * that own its marked-content sequences; each link's element), keeping only the object number
   * of each: after a flow, when no earlier page will get content again.
   */
  releaseStructParents(): void;
  /**
   * A reference to `ref` by its number alone, for what refers to an object long after it is
   * written (the page tree, destinations, the outline): it writes the same `N 0 R`, but holds
   * nothing of the object, which its owner still writes.
   */
  numbered(ref: PdfReference): PdfReference;
  /**
   * `text` as a PDF string, written as pdfkit writes a String object (PDFObject.convert: UTF-16BE
   * with its mark when any character is past ASCII, escaped), but made once, with Buffer's codecs.
   */
  literal(text: string): PdfReference;
  /** Write out what has been written of the page tree's entries as numbers alone (see `numbered`). */
  releasePageTree(): void;
  /** A named destination at `top` on the current page, as addNamedDestination('XYZ') makes, pointing at the page by number. */
  addDestination(name: string, top: number): void;
}

/** What pdfkit's `ref` and `_finalize` use of its table of object offsets: an array, or `ObjectOffsets`. */
interface OffsetTable extends Iterable<number | null> {
  readonly length: number;
  push(offset: null): unknown;
}

/** Offsets held per block of `ObjectOffsets`: 512 KB. */
const OFFSETS_BLOCK = 1 << 16;

/**
 * Where each object starts in the file, by object number, for the cross-reference table, in
 * blocks of numbers. pdfkit keeps a JavaScript array, copied each time it grows: 4.4 million
 * objects, 35 MB, on 10,000 papers, and half as much again while it is copied.
 */
class ObjectOffsets implements OffsetTable {
  private readonly blocks: Float64Array[] = [];
  length = 0;

  constructor(made: Iterable<number | null>) {
    for (const offset of made) {
      this.push(null);
      if (offset !== null) this.set(this.length, offset);
    }
  }

  push(_unwritten: null): number {
    if (this.length % OFFSETS_BLOCK === 0) this.blocks.push(new Float64Array(OFFSETS_BLOCK));
    return ++this.length;
  }

  set(id: number, offset: number): void {
    this.blocks[Math.floor((id - 1) / OFFSETS_BLOCK)]![(id - 1) % OFFSETS_BLOCK] = offset;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let index = 0; index < this.length; index++) yield this.blocks[Math.floor(index / OFFSETS_BLOCK)]![index % OFFSETS_BLOCK]!;
  }
}

/** Bytes of pdfkit's written lines and small streams joined into one pushed block. */
const OUTPUT_BLOCK = 1 << 16;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * pdfkit writes the Info dictionary first, then interpolates the same `info` values unescaped
 * into the XMP metadata (lib/mixins/metadata.js), so a title with `&` or `<` gives invalid XMP.
 * By the time `endMetadata` runs the Info dictionary is written, so escaping here fixes only XMP.
 */
function createDocument(options: DocumentOptions & { fontFile: (name: string) => Uint8Array | undefined }): ReleasingDoc {
  const Base = PDFDocument as unknown as new (options: object) => PdfDoc & PdfInternals & PdfkitObjects & { endMetadata(): void };
  class Document extends Base {
    /** Page tree entries below this are references by number alone. */
    private releasedPages = 0;
    private finishing = false;

    /**
     * pdfkit's CIDSet lists the glyphs it drew but not the components of composite glyphs
     * that the subset also holds, so it is incomplete (ISO 14289-1 7.21.4.2). PDF/UA-1 allows
     * no CIDSet at all: fonts are embedded before `end` with the flag that asks for one unset.
     */
    override end(): void {
      this.finishing = true; // end() reads back what it writes (the catalog's page tree): nothing is let go from here
      const subset = this.subset;
      this.subset = undefined;
      try {
        for (const [name, font] of Object.entries(this._fontFamilies)) {
          const file = options.fontFile(name);
          const { subset } = font;
          // The same bytes as fontkit's encode, without decoding and encoding every table it copies.
          if (subset && file) {
            const encode = subset.encode.bind(subset);
            subset.encode = () => encodeTrueTypeSubset(file, subset) ?? encode();
          }
          font.finalize();
        }
      } finally {
        this.subset = subset;
      }
      super.end();
    }

    /** The named destinations (see `destinationTreeClass`), in place of pdfkit's tree. */
    private readonly destinations: PdfkitTree & { add(name: string, written: string): void };

    constructor(options: object) {
      super(options);
      // Before any object is written (pdfkit's constructor only makes some): see `_refEnd`.
      this._offsets = new ObjectOffsets(this._offsets);
      const names = this._root.data.Names.data;
      this.destinations = new (destinationTreeClass(names.Dests.constructor as new () => PdfkitTree))();
      names.Dests = this.destinations;
    }

    override endMetadata(): void {
      for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) {
        const value = this.info[key];
        if (typeof value === 'string') this.info[key] = value.replace(/[&<>]/g, (c) => XML_ESCAPES[c]!);
      }
      super.endMetadata();
    }

    /** As pdfkit's own `ref`, with a reference that deflates into a buffer its size (see `fittedReferenceClass`). */
    override ref(data?: unknown): PdfReference & PdfkitStream {
      if (!FittedReference) {
        // The first reference (made by pdfkit's constructor, before anything is drawn) gives its class.
        const first = super.ref(data) as PdfReference & PdfkitStream;
        PdfkitReference = first.constructor as new (document: object, id: number, data?: unknown) => PdfkitReferenceState;
        FittedReference = fittedReferenceClass(PdfkitReference);
        return first;
      }
      return new FittedReference(this, this.reserveObject(), data) as PdfReference & PdfkitStream;
    }

    /** The next object number, taken as pdfkit's `ref` takes it (pdfkit waits for each object before it ends the file). */
    private reserveObject(): number {
      this._offsets.push(null);
      this._waiting++;
      return this._offsets.length;
    }

    /**
     * pdfkit keeps every object it has written reachable until end(): pages through the page
     * tree, annotations through their pages, structure elements through the ParentTree. Once
     * written, an object is only ever referred to (`N 0 R`), so its contents are let go here.
     * A structure element's parent link stays: pdfkit reads it to decide when the parent is
     * complete (PDFStructureElement._isFlushable).
     */
    override _refEnd(ref: PdfkitRef): void {
      // pdfkit's own _refEnd, with the offset kept in the ObjectOffsets that replace its array.
      (this._offsets as ObjectOffsets).set(ref.id, ref.offset);
      if (--this._waiting === 0 && this._ended) {
        this._finalize();
        this._ended = false;
      }
      if (this.finishing) return;
      const parent = (ref.data as { P?: unknown } | null)?.P;
      ref.data = parent === undefined ? {} : { P: parent };
    }

    /**
     * pdfkit pushes every line it writes as a Buffer of its own (end() alone writes some hundred
     * thousand: an xref line per object, the trees), and every stream as zlib gave it: a stream
     * of a few bytes keeps zlib's 16 KB output buffer until the file has it and it is collected.
     * Both are copied here into blocks of OUTPUT_BLOCK bytes, each pushed when full.
     */
    // `declare`: the base constructor writes the header before field initialisers would run.
    declare private block: Buffer | undefined;
    declare private blockUsed: number | undefined;
    override _write(data: string | Uint8Array): void {
      if (typeof data === 'string') {
        // As pdfkit's fromBinaryString: one byte per char code (latin1 keeps the low byte).
        const length = data.length + 1;
        const block = this.reserve(length);
        const at = this.blockUsed ?? 0;
        block.write(data, at, 'latin1');
        block[at + data.length] = 0x0a;
        this.blockUsed = at + length;
        this._offset += length;
        return;
      }
      if (data.length >= OUTPUT_BLOCK / 2) {
        this.flushBlock();
        super.push(data);
      } else {
        const block = this.reserve(data.length);
        block.set(data, this.blockUsed ?? 0);
        this.blockUsed = (this.blockUsed ?? 0) + data.length;
      }
      this._offset += data.length;
    }

    /** The current block, with room for `length` more bytes. */
    private reserve(length: number): Buffer {
      if (this.block && (this.blockUsed ?? 0) + length <= this.block.length) return this.block;
      this.flushBlock();
      this.blockUsed = 0;
      return (this.block = Buffer.allocUnsafe(Math.max(OUTPUT_BLOCK, length)));
    }

    private flushBlock(): void {
      const { block, blockUsed } = this;
      if (!block || !blockUsed) return;
      this.block = undefined;
      this.blockUsed = 0;
      super.push(block.subarray(0, blockUsed));
    }

    override push(chunk: Uint8Array | null): boolean {
      if (chunk === null) this.flushBlock(); // the end of the document
      return super.push(chunk);
    }

    /**
     * pdfkit turns every content operator it is given into a Uint8Array of its own (a hundred or
     * so per line of text); the current page's operators are joined here and written to it in
     * one piece, before anything else writes to the page or the page changes. Same bytes.
     */
    declare private pendingContent: string | undefined;
    declare private bufferedPage: PdfkitPage | undefined;
    override addContent(data: string): this {
      if (this.page !== this.bufferedPage) {
        // A stand-in page (an SVG group's form XObject, a late content stream) is written straight through.
        this.flushContent();
        this.page.write(data);
        return this;
      }
      this.endText();
      this.pendingContent = (this.pendingContent ?? '') + data + '\n';
      return this;
    }

    /**
     * The text object (BT) that runs of text continue while nothing else is drawn: any other
     * operator, a new page or a page's end closes it first. Its font and size, once set.
     */
    declare private textFont: string | undefined;

    addText(x: number, baseline: number, font: string, size: number, glyphs: string): void {
      // The page's space has y growing down (pdfkit's flipped CTM): a text matrix flipped back keeps glyphs upright.
      const place = `1 0 0 -1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm\n`;
      const setFont = `/${font} ${pdfNumber(size)} Tf\n`;
      if (this.page !== this.bufferedPage) {
        this.flushContent();
        this.page.write(`BT\n${place}${setFont}${glyphs} TJ\nET`);
        return;
      }
      let ops = this.textFont === undefined ? 'BT\n' : '';
      ops += place;
      if (this.textFont !== setFont) ops += setFont;
      this.pendingContent = (this.pendingContent ?? '') + ops + glyphs + ' TJ\n';
      this.textFont = setFont;
    }

    private endText(): void {
      if (this.textFont === undefined) return;
      this.pendingContent += 'ET\n';
      this.textFont = undefined;
    }

    override addPage(options: object): this {
      this.flushContent();
      super.addPage(options);
      this.bufferedPage = this.page;
      return this;
    }

    override endPageMarkings(page: PdfkitPage): unknown {
      this.flushContent();
      return super.endPageMarkings(page);
    }

    override flushPages(): void {
      this.flushContent();
      const buffered = this._pageBuffer;
      const held = buffered.filter((page) => this.heldPages.has(page));
      if (held.length > 0) this._pageBuffer = buffered.filter((page) => !this.heldPages.has(page));
      super.flushPages();
      if (held.length > 0) this._pageBuffer = held;
    }

    private readonly heldPages = new Set<PdfkitPage>();

    holdPage(options: object): HeldPage {
      this.addPage(options);
      this.heldPages.add(this.page);
      return this.page as unknown as HeldPage;
    }

    drawHeld(held: HeldPage, draw: () => void): void {
      const page = held as unknown as PdfkitRealPage;
      if (!this.heldPages.delete(page)) throw new Error('drawHeld: the page is not held, or was drawn already');
      this.flushContent();
      const current = this.page;
      this.page = this.bufferedPage = page;
      try {
        draw();
      } finally {
        this.flushContent();
        this._pageBuffer = this._pageBuffer.filter((buffered) => buffered !== page);
        this.endPageMarkings(page);
        page.end();
        this.page = this.bufferedPage = current;
      }
    }

    lateContent(): LateContent {
      const page = this.page as PdfkitRealPage;
      const id = this.reserveObject();
      page.dictionary.data['Contents'] = [page.content, objectNumber(id)];
      return id as LateContent;
    }

    drawLate(id: LateContent, draw: () => void): void {
      if (!FittedReference) throw new Error('drawLate: no reference has been made yet');
      const late = new FittedReference(this, id);
      this.flushContent();
      const current = this.page;
      // Written straight through (addContent): a stand-in page with what drawing reads of one.
      this.page = { width: current.width, height: current.height, write: (chunk) => late.write(chunk), fonts: {}, xobjects: {}, ext_gstates: {}, patterns: {}, markings: [] } as PdfkitPage;
      try {
        draw();
      } finally {
        this.page = current;
      }
      late.end();
    }

    private flushContent(): void {
      this.endText();
      const content = this.pendingContent;
      if (!content || !this.bufferedPage) return;
      this.pendingContent = '';
      this.bufferedPage.write(Buffer.from(content, 'latin1'));
    }

    releaseStructParents(): void {
      const root = this._root.data.StructTreeRoot;
      if (!root) return;
      (root.data.ParentTree as ParentTree).release(root.data.ParentTreeNextKey, (marked) => {
        if (!Array.isArray(marked)) return (marked as PdfReference).id; // an annotation's parent element
        // A page's marked-content parents: written out as an array object of its own.
        const written = this.ref(marked) as unknown as PdfReference & PdfkitRef;
        written.end();
        return written.id;
      });
    }

    /** pdfkit's structure tree root, with the ParentTree of `parentTreeClass` in place of its own. */
    override getStructTreeRoot(): PdfReference {
      const made = this._root.data.StructTreeRoot === undefined;
      const root = super.getStructTreeRoot();
      const data = this._root.data.StructTreeRoot!.data;
      if (made) data.ParentTree = new (parentTreeClass(data.ParentTree.constructor as new () => PdfkitNumberTree))();
      return root;
    }

    literal(text: string): PdfReference {
      Literal ??= literalClass(abstractReferenceClass());
      return new Literal(text);
    }

    numbered(ref: PdfReference): PdfReference {
      return objectNumber(ref.id);
    }

    releasePageTree(): void {
      const kids = this._root.data.Pages.data.Kids;
      for (let index = this.releasedPages; index < kids.length; index++) kids[index] = this.numbered(kids[index] as PdfReference);
      this.releasedPages = kids.length;
    }

    addDestination(name: string, top: number): void {
      const page = this.page as PdfkitRealPage;
      // As PDFObject.convert writes [page, 'XYZ', null, y, null].
      this.destinations.add(name, `[${(page.dictionary as unknown as PdfReference).id} 0 R /XYZ null ${pdfNumber(page.height - top)} null]`);
    }
  }
  return new Document({
    pdfVersion: '1.7',
    tagged: true,
    subset: 'PDF/UA',
    displayTitle: true,
    lang: options.lang,
    compress: true,
    autoFirstPage: false,
    font: null, // no standard-14 default font: every face is embedded
    fontLayoutCache: false, // unbounded in pdfkit; PreparedText keeps a bounded cache of its own
    info: options.info,
    size: [options.page.width, options.page.height],
  });
}

// ---- the writer ---------------------------------------------------------------------------------

export interface RunningHead {
  /** Left of the header line, e.g. "Pack title · Piece title". */
  text: string;
  /** A status mark shown at the header's right (DRAFT, IN REVIEW), and its colour. */
  flag?: string;
  flagColour?: string;
}

/** Geometry the writer needs besides the theme. */
export interface PageSpec {
  width: number;
  height: number;
}

const OUTPUT_HIGH_WATER = 1 << 20;
/** Folios are drawn this many at a time between waits for the output (a few hundred bytes each). */
const FOLIOS_BETWEEN_DRAINS = 500;
/** The face of "Page N of M". */
const FOLIO_FACE: Face = 'regular';

/** A flow whose pages are made but not yet drawn (see `PdfWriter.holdFlow`). */
export interface HeldFlow {
  readonly section: StructNode;
  readonly element: StructElement;
  readonly pages: readonly HeldPage[];
}

export class PdfWriter {
  private readonly doc: ReleasingDoc;
  private readonly root: StructElement;
  private readonly elements = new Map<StructNode, StructElement>();
  private openContent: StructNode | undefined;
  private outlineStack: { level: number; item: OutlineItem }[] = [];
  /** Top-level outline entries made in the flow being drawn. */
  private readonly flowOutline: OutlineItem[] = [];
  /** Entries whose children are written out already, with the entries each shows when open. */
  private readonly outlineShown = new Map<OutlineItem, number>();
  private style: { face?: Face; size?: number; colour?: string } = {};
  private readonly done: Promise<void>;
  private failure: unknown;
  /** Element identifiers given so far (notes), for the structure tree's IDTree, and each one's element by object number. */
  private readonly ids: string[] = [];
  private readonly idElements: number[] = [];
  private readonly embedded = new Set<string>();
  private svgDrawer: SvgDrawer | undefined;
  /** Rasters whose data would not decode: drawn as an empty frame, never handed to pdfkit. */
  private readonly undecodable = new Set<string>();
  private readonly text: PreparedText;
  /** Pages whose footer waits for the page count, and the late content stream of each (two arrays of numbers: one entry a page). */
  private readonly folioPages: number[] = [];
  private readonly folioContents: LateContent[] = [];
  /** Whether drawing sets items' marks (not when drawing held pages: they were set when held). */
  private marking = true;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly theme: Theme,
    private readonly page: PageSpec,
    private readonly fonts: FontSet,
    options: DocumentOptions,
    /** Called when pdfkit cannot decode an image that looked fine to layout. */
    private readonly warnImage: (path: string) => void,
    /** Where decoded PNG figures with transparency are kept between runs (see `embedImages`). */
    private readonly cache?: RenderCache,
  ) {
    this.doc = createDocument({ ...options, fontFile: (name) => (FACES.includes(name as Face) ? fonts.file(name as Face) : undefined) });
    for (const face of FACES) this.doc.registerFont(face, fonts.pdfkitFont(face));
    this.text = new PreparedText(this.doc, fonts);
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.done = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
      this.doc.on('error', reject);
    });
    this.done.catch((error: unknown) => {
      this.failure = error;
    });
    this.doc.pipe(out);
  }

  /**
   * Start a page. Its running header is drawn at once; its footer ("Page N of M") waits in a
   * content stream of its own until `finish` knows M. Both are pagination artifacts.
   */
  beginPage(head: RunningHead | undefined, pageNumber: number): void {
    this.closeContent();
    this.doc.addPage(this.pageOptions());
    this.furniture(head, pageNumber);
  }

  private pageOptions(): { size: [number, number]; margin: number } {
    return { size: [this.page.width, this.page.height], margin: 0 };
  }

  private furniture(head: RunningHead | undefined, pageNumber: number): void {
    this.style = {};
    if (!head) return;
    const { theme, fonts } = this;
    const left = theme.margins.left;
    const right = this.page.width - theme.margins.right;
    const size = theme.size.small;
    const headerY = theme.headerBaseline;
    this.doc.markContent('Artifact', { type: 'Pagination' });
    let room = right - left;
    if (head.flag) {
      const width = fonts.width('bold', head.flag, size);
      this.drawText(head.flag, right - width, headerY, 'bold', size, head.flagColour ?? theme.colour.text, width);
      room -= width + 12;
    }
    const title = fitText(fonts, head.text, 'regular', size, room);
    this.drawText(title, left, headerY, 'regular', size, theme.colour.muted, fonts.width('regular', title, size));
    this.fillRect(left, headerY + 6, right - left, 0.5, theme.colour.rule);
    this.doc.endMarkedContent();
    this.useFace(FOLIO_FACE);
    this.text.addFontToPage(); // the footer's font, named in the page's resources (written before the footer)
    this.folioPages.push(pageNumber);
    this.folioContents.push(this.doc.lateContent());
  }

  /** Every page's footer ("Page N of M"), now that M is known; written out as they are drawn. */
  private async drawFolios(pageCount: number): Promise<void> {
    const { theme, fonts } = this;
    const size = theme.size.small;
    const right = this.page.width - theme.margins.right;
    for (const [index, pageNumber] of this.folioPages.entries()) {
      if (index % FOLIOS_BETWEEN_DRAINS === 0) await this.drain();
      this.doc.drawLate(this.folioContents[index]!, () => {
        this.style = {};
        this.doc.markContent('Artifact', { type: 'Pagination' });
        const folio = `Page ${pageNumber} of ${pageCount}`;
        const width = fonts.width(FOLIO_FACE, folio, size);
        this.drawText(folio, right - width, this.page.height - theme.footerBaseline, FOLIO_FACE, size, theme.colour.muted, width);
        this.doc.endMarkedContent();
      });
    }
    this.folioPages.length = 0;
    this.folioContents.length = 0;
  }

  /**
   * Make a flow's pages now, in their place, and draw them at the end, once what they show is
   * known (the contents: page numbers). Their outline entries and destinations are set now, and
   * their structure element takes its place in the tree, so both keep the reading order.
   */
  holdFlow(section: StructNode, pages: readonly (readonly Placed[])[]): HeldFlow {
    this.closeContent();
    const element = this.element(section);
    const held = pages.map((placed) => {
      const page = this.doc.holdPage(this.pageOptions());
      for (const { item, y, artifact } of placed) if (item.marks && !artifact) this.mark(item.marks, y);
      return page;
    });
    this.elements.clear();
    return { section, element, pages: held };
  }

  /** Draw page `index` of a held flow, laid out again now that it can be complete; `endFlow` ends the flow. */
  drawHeld(held: HeldFlow, index: number, head: RunningHead | undefined, placed: readonly Placed[], pageNumber: number): void {
    const page = held.pages[index];
    if (!page) throw new Error(`PDF layout is not repeatable: ${held.pages.length} pages were held, page ${index + 1} is drawn`);
    this.closeContent();
    this.elements.set(held.section, held.element);
    this.marking = false; // set when the pages were held
    try {
      this.doc.drawHeld(page, () => {
        this.furniture(head, pageNumber);
        this.drawPage(placed);
        this.closeContent();
      });
    } finally {
      this.marking = true;
    }
  }

  /**
   * End the elements of a held flow that nothing drawn from here on draws into: all but the
   * flow's own and those in `upcoming` or above one. pdfkit writes each out once ended and
   * complete, and lets go of its children; held open to the end of the flow, the contents of
   * a long pack kept every entry's elements until its last page (0.8 KB an entry).
   */
  endElementsOutside(held: HeldFlow, upcoming: readonly StructNode[]): void {
    this.closeContent();
    const open = new Set<StructNode>([held.section]);
    for (const node of upcoming) for (let at: StructNode | null = node; at && !open.has(at); at = at.parent) open.add(at);
    for (const [node, element] of this.elements) {
      if (open.has(node)) continue;
      // Ending the outermost finished element ends those within it.
      if (node.parent === null || open.has(node.parent)) endStructure(element);
      this.elements.delete(node);
    }
  }

  /** Draw one page's placed items: layout decorations first (under the text), then content in reading order. */
  drawPage(placed: readonly Placed[]): void {
    const left = this.theme.margins.left;
    const rects: { rect: Rect; top: number; height: number }[] = [];
    for (const { item, y } of placed) {
      for (const rect of item.decorations) rects.push({ rect, top: y, height: item.height });
    }
    if (rects.length > 0) {
      this.closeContent();
      this.doc.markContent('Artifact', { type: 'Layout' });
      for (const { rect, top, height } of rects) {
        const h = rect.height === 'full' ? height : rect.height;
        const y = rect.y === 'bottom' ? top + height - h : top + rect.y;
        this.fillRect(left + rect.x, y, rect.width, h, rect.color);
      }
      this.doc.endMarkedContent();
    }
    for (const { item, y, artifact } of placed) {
      if (artifact) {
        this.closeContent();
        this.doc.markContent('Artifact', { type: 'Pagination' });
        this.drawItem(item, y, true);
        this.doc.endMarkedContent();
      } else {
        this.drawItem(item, y, false);
      }
    }
  }

  private drawItem(item: Item, top: number, artifact: boolean): void {
    if (item.marks && !artifact && this.marking) this.mark(item.marks, top);
    switch (item.kind) {
      case 'gap':
        return;
      case 'line':
        this.drawLine(item, top, artifact);
        return;
      case 'row':
        this.drawRow(item, top, artifact);
        return;
      case 'image':
        this.drawImage(item, top);
        return;
      default: {
        const unreachable: never = item;
        throw new Error(`Unhandled item ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private drawRow(row: RowItem, top: number, artifact: boolean): void {
    for (const cell of row.cells) {
      if (!artifact && cell.lines.length === 0) this.element(cell.node); // empty cells are still cells
      let y = top + row.padding;
      for (const line of cell.lines) {
        this.drawLine(line, y, artifact);
        y += line.height;
      }
    }
  }

  private drawLine(line: LineItem, top: number, artifact: boolean): void {
    const left = this.theme.margins.left;
    const baseline = top + line.baseline;
    for (const run of line.runs) {
      const { style } = run;
      const x = left + run.x;
      if (run.artifact && !artifact) {
        this.closeContent();
        this.doc.markContent('Artifact', { type: 'Layout' });
        this.drawText(run.text, x, baseline - style.rise, style.face, style.size, style.color, run.width);
        this.doc.endMarkedContent();
        continue;
      }
      if (!artifact) this.useContent(style.node);
      this.drawText(run.text, x, baseline - style.rise, style.face, style.size, style.color, run.width);
      if (style.underline) this.fillRect(x, baseline + style.size * 0.12, run.width, Math.max(0.5, style.size * 0.06), style.color);
      if (style.strike) this.fillRect(x, baseline - style.size * 0.27, run.width, Math.max(0.5, style.size * 0.06), style.color);
      if (style.link && !artifact) {
        const element = this.element(style.link.node);
        // As pdfkit's link() and goTo() make them, with their strings written by `literal`.
        const target = style.link.target;
        const action = this.doc.ref(target.kind === 'uri' ? { S: 'URI', URI: this.doc.literal(target.uri) } : { S: 'GoTo', D: this.doc.literal(target.name) });
        action.end();
        this.doc.annotate(x, top, run.width, line.height, { structParent: element, Contents: this.doc.literal(style.link.label), Subtype: 'Link', A: action });
        // Ended once its text is drawn, so pdfkit records its annotations against this page.
        if (run.endsLink) {
          this.closeContent();
          element.end();
        }
      }
    }
  }

  private drawImage(item: Extract<Item, { kind: 'image' }>, top: number): void {
    const x = this.theme.margins.left + item.x;
    this.closeContent();
    if (item.node) this.element(item.node, [x, top, x + item.width, top + item.height]).add(this.doc.markStructureContent('Figure'));
    else this.doc.markContent('Artifact', { type: 'Layout' });
    try {
      if (item.svg) this.drawSvg(item.svg, x, top, item.width, item.height);
      else if (this.undecodable.has(item.path)) throw new Error(`${item.path} cannot be decoded`);
      else this.doc.image(item.path, x, top, { width: item.width, height: item.height, ignoreOrientation: true });
    } catch {
      this.warnImage(item.path);
      this.fillRect(x, top, item.width, item.height, this.theme.colour.codeBackground);
    }
    this.doc.endMarkedContent();
  }

  /** An SVG figure as vectors; its text in the embedded faces, anything outside the SVG refused. */
  private drawSvg(svg: string, x: number, y: number, width: number, height: number): void {
    if (!this.svgDrawer) throw new Error('embedImages() loads the SVG drawer before a flow with SVG figures is drawn');
    this.doc.save();
    this.svgDrawer(this.doc, svg, x, y, {
      width,
      height,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: svgFace,
      imageCallback: (link: string) => (/^data:image\/(?:png|jpeg);base64,/i.test(link) ? link : ''),
      warningCallback: () => undefined, // what cannot be drawn is left out; the figure keeps its alt text
    });
    this.doc.restore();
    this.style = {}; // the SVG set its own fonts and colours
  }

  /**
   * Load what a flow's figures need (the SVG drawer), and write its rasters before drawing it,
   * one at a time in flow order: pdfkit decodes some PNGs asynchronously and writes each when
   * done, so figures embedded while drawing would land in the file in whatever order their
   * decoding finished.
   */
  async embedImages(items: readonly Item[]): Promise<void> {
    for (const item of items) {
      if (item.kind === 'image' && item.svg) this.svgDrawer ??= (await import('svg-to-pdfkit')).default;
      if (item.kind !== 'image' || item.svg || this.embedded.has(item.path)) continue;
      this.embedded.add(item.path);
      let image: PdfImage;
      let kept: KeptPng | undefined;
      try {
        image = this.doc.openImage(item.path);
        kept = this.keptPng(image);
        if (!kept?.split) decodePngWithZlib(image);
      } catch {
        this.undecodable.add(item.path);
        continue; // drawImage warns and draws a frame
      }
      await new Promise<void>((resolve) => {
        const finalize = image.finalize?.bind(image);
        if (finalize) {
          image.finalize = () => {
            if (kept && !kept.split) kept.split = splitOf(image);
            finalize();
            resolve();
          };
        }
        try {
          image.embed(this.doc);
        } catch {
          resolve();
        }
        if (!finalize) resolve();
      });
      if (kept?.fresh && kept.split) await this.cache!.write(kept.key, storedPng(kept.split));
    }
  }

  /**
   * What the cache keeps of a PNG with an alpha channel, which pdfkit decodes and splits into a
   * colour image and a soft mask, each deflated: the two, by the file's content. With them, pdfkit
   * is given the split at once (the same bytes it would make). Undefined for other images.
   */
  private keptPng(image: PdfImage): KeptPng | undefined {
    const png = (image as { image?: Partial<PngJs> & { data?: Uint8Array } }).image;
    if (!this.cache || !png?.hasAlphaChannel || !(png.data instanceof Uint8Array)) return undefined;
    const key = `pdf-png-${createHash('sha256').update(png.data).digest('hex').slice(0, 32)}`;
    const split = splitFrom(this.cache.read(key));
    if (split) {
      const target = image as unknown as { imgData: Uint8Array; alphaChannel: Uint8Array; splitAlphaChannel(): void; finalize(): void };
      target.splitAlphaChannel = () => {
        target.imgData = split.colour;
        target.alphaChannel = split.alpha;
        target.finalize();
      };
    }
    return { key, fresh: !split, ...(split ? { split } : {}) };
  }

  private mark(marks: readonly Mark[], top: number): void {
    for (const mark of marks) {
      if (mark.kind === 'dest') {
        this.doc.addDestination(detached(mark.name), top);
      } else if (mark.kind === 'outline') {
        while (this.outlineStack.length > 0 && this.outlineStack[this.outlineStack.length - 1]!.level >= mark.level) this.outlineStack.pop();
        const parent = this.outlineStack[this.outlineStack.length - 1]?.item ?? this.doc.outline;
        // pdfkit mirrors `left` (pageWidth - left): passing the page width gives an XYZ left of 0.
        const item = parent.addItem(detached(mark.title), { top, left: this.page.width, zoom: 0, fit: false, expanded: false });
        const dest = item.outlineData['Dest'] as unknown[];
        dest[0] = this.doc.numbered(dest[0] as PdfReference);
        this.outlineStack.push({ level: mark.level, item });
        if (parent === this.doc.outline) this.flowOutline.push(item);
      }
    }
  }

  /**
   * End a flow (the cover, the contents, a piece): its structure elements are written out and
   * forgotten, and so is its part of the outline below its own entry (no later flow adds to it).
   */
  endFlow(section: StructNode): void {
    this.closeContent();
    const element = this.elements.get(section);
    if (element) endStructure(element);
    this.elements.clear();
    this.doc.releaseStructParents();
    this.doc.releasePageTree();
    for (const item of this.flowOutline) this.writeOutlineBelow(item);
    this.flowOutline.length = 0;
    this.outlineStack = [];
  }

  /**
   * Write out what an outline entry holds, as pdfkit's endOutline would when the document ends,
   * keeping only the entry itself (its siblings are not all known yet) and how many entries it shows.
   */
  private writeOutlineBelow(item: OutlineItem): void {
    const { children } = item;
    if (children.length === 0) return;
    this.outlineShown.set(item, setOutlineCounts(item, OPEN_OUTLINE_DEPTH, this.outlineShown));
    children.forEach((child, index) => {
      if (index > 0) child.outlineData['Prev'] = children[index - 1]!.dictionary;
      if (index < children.length - 1) child.outlineData['Next'] = children[index + 1]!.dictionary;
      child.endOutline();
    });
    item.outlineData['First'] = this.doc.numbered(children[0]!.dictionary);
    item.outlineData['Last'] = this.doc.numbered(children[children.length - 1]!.dictionary);
    item.children = [];
  }

  /**
   * Let the output stream take what has been written so far, so written bytes do not pile up
   * in memory: pdfkit pushes data without regard to back-pressure.
   */
  async drain(): Promise<void> {
    while (this.failure === undefined && this.doc.readableLength + this.outputBacklog() > OUTPUT_HIGH_WATER) {
      // Wait for the file to take what it has (never spin): once it drains, the pipe moves the
      // document's buffered data along on the next tick.
      await (this.outputNeedsDrain() ? this.nextDrain() : new Promise((resolve) => setImmediate(resolve)));
    }
    if (this.failure !== undefined) throw new Error('Writing the PDF failed', { cause: this.failure });
  }

  private outputBacklog(): number {
    const { writableLength } = this.out as { writableLength?: number };
    return writableLength ?? 0;
  }

  private outputNeedsDrain(): boolean {
    return (this.out as { writableNeedDrain?: boolean }).writableNeedDrain === true;
  }

  private nextDrain(): Promise<void> {
    return new Promise((resolve) => {
      this.out.once('drain', resolve);
      this.done.then(resolve, resolve); // an output error ends the wait too
    });
  }

  /** Finish the document of `pageCount` pages; resolves when the output stream has everything. */
  async finish(pageCount: number): Promise<void> {
    this.closeContent();
    await this.drawFolios(pageCount);
    endStructure(this.root);
    setOutlineCounts(this.doc.outline, 0, this.outlineShown);
    if (this.ids.length > 0) this.doc.getStructTreeRoot().data['IDTree'] = idTree(this.ids, this.idElements);
    this.doc.end();
    await this.done;
  }

  // ---- structure ------------------------------------------------------------------------------

  /** The pdfkit element for a node, created (and attached to its parent, in reading order) on first use. */
  private element(node: StructNode, bbox?: number[]): StructElement {
    let element = this.elements.get(node);
    if (element) return element;
    const parent = node.parent ? this.element(node.parent) : this.root;
    element = this.doc.struct(node.role, {
      ...(node.alt !== undefined ? { alt: node.alt } : {}),
      ...(node.scope ? { scope: node.scope } : {}),
      ...(node.lang ? { lang: node.lang } : {}),
      ...(node.expanded ? { expanded: node.expanded } : {}),
      ...(bbox ? { bbox } : {}),
    });
    setStructEntries(element, node);
    if (node.id) {
      this.ids.push(detached(node.id));
      this.idElements.push(element.dictionary.id);
    }
    parent.add(element);
    this.elements.set(node, element);
    return element;
  }

  /** Make `node` the element that receives what is drawn next (one marked-content sequence per stretch). */
  private useContent(node: StructNode): void {
    if (this.openContent === node) return;
    this.closeContent();
    const element = this.element(node);
    element.add(this.doc.markStructureContent(node.role));
    this.openContent = node;
  }

  private closeContent(): void {
    if (this.openContent === undefined) return;
    this.doc.endMarkedContent();
    this.openContent = undefined;
  }

  // ---- drawing --------------------------------------------------------------------------------

  private useColour(colour: string): void {
    if (this.style.colour === colour) return;
    const ops = fillColourOps(colour);
    if (ops) this.doc.addContent(ops);
    else this.doc.fillColor(colour);
    this.style.colour = colour;
  }

  private useFace(face: Face): void {
    if (this.style.face === face) return;
    this.doc.font(face);
    this.style.face = face;
  }

  private drawText(text: string, x: number, baseline: number, face: Face, size: number, colour: string, width: number): void {
    this.useFace(face);
    if (this.style.size !== size) {
      this.doc.fontSize(size);
      this.style.size = size;
    }
    this.useColour(colour);
    if (this.text.draw(text, x, baseline, face, size)) return;
    this.doc.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', textWidth: width, wordCount: 1 });
  }

  private fillRect(x: number, y: number, width: number, height: number, colour: string): void {
    this.useColour(colour);
    this.doc.rect(x, y, width, height).fill();
  }
}

// ---- PNG pixels ----------------------------------------------------------------------------------

/** A PNG's colour image and soft mask as pdfkit embeds them (each deflated). */
interface PngSplit {
  colour: Uint8Array;
  alpha: Uint8Array;
}

interface KeptPng {
  key: string;
  /** Whether the split is made in this run, to be kept. */
  fresh: boolean;
  split?: PngSplit;
}

/** Bump when PngSplit or how it is kept changes meaning. */
const PNG_FORMAT = 1;

/** The split pdfkit made, just before it writes it. */
function splitOf(image: PdfImage): PngSplit | undefined {
  const { imgData, alphaChannel } = image as { imgData?: unknown; alphaChannel?: unknown };
  return imgData instanceof Uint8Array && alphaChannel instanceof Uint8Array ? { colour: imgData, alpha: alphaChannel } : undefined;
}

function storedPng(split: PngSplit): unknown {
  const colour = Buffer.from(split.colour).toString('base64');
  const alpha = Buffer.from(split.alpha).toString('base64');
  return { format: PNG_FORMAT, sum: createHash('sha256').update(`${colour} ${alpha}`).digest('hex'), colour, alpha };
}

/** A kept split, if it is whole (its checksum holds). */
function splitFrom(stored: unknown): PngSplit | undefined {
  const { format, sum, colour, alpha } = (stored ?? {}) as { format?: unknown; sum?: unknown; colour?: unknown; alpha?: unknown };
  if (format !== PNG_FORMAT || typeof colour !== 'string' || typeof alpha !== 'string') return undefined;
  if (sum !== createHash('sha256').update(`${colour} ${alpha}`).digest('hex')) return undefined;
  return { colour: Buffer.from(colour, 'base64'), alpha: Buffer.from(alpha, 'base64') };
}
// pdfkit hands a PNG with an alpha channel (or a palette with transparency) to png-js, which
// inflates it asynchronously and undoes the row filters in JavaScript, byte by byte, before
// pdfkit splits off the alpha. The same pixels come here from node:zlib and one typed loop.

/** The parts of png-js's decoder (pdfkit's PNGImage.image) that decoding pixels reads. */
interface PngJs {
  readonly width: number;
  readonly height: number;
  readonly pixelBitlength: number;
  readonly interlaceMethod: number;
  readonly imgData: Uint8Array;
  readonly hasAlphaChannel: boolean;
  readonly transparency: { readonly indexed?: readonly number[] };
  decodePixels(done: (pixels: Uint8Array) => void): void;
}

/**
 * Give the decoder of a PNG pdfkit will decode (one with an alpha channel or a transparent
 * palette) pixels decoded here, at once, so errors surface now; pdfkit embeds other PNGs' data
 * as it is, and other images are left as they are.
 */
function decodePngWithZlib(image: PdfImage): void {
  const png = (image as { image?: Partial<PngJs> }).image;
  if (typeof png?.decodePixels !== 'function' || !(png.imgData instanceof Uint8Array)) return;
  const decoder = png as PngJs;
  if (!decoder.hasAlphaChannel && !decoder.transparency.indexed) return;
  // Interlaced and sub-byte images are rare: png-js keeps them.
  if (decoder.interlaceMethod !== 0 || decoder.pixelBitlength % 8 !== 0) return;
  const pixels = unfilterPng(inflateSync(decoder.imgData), decoder.width, decoder.height, decoder.pixelBitlength / 8);
  decoder.decodePixels = (done) => done(pixels);
}

/**
 * Undo PNG's per-row filters (ISO 15948, 9), as png-js does: rows past the end of the data stay
 * zero, and so does the rest of a row the data stops in.
 */
function unfilterPng(data: Uint8Array, width: number, height: number, bytesPerPixel: number): Uint8Array {
  const stride = width * bytesPerPixel;
  const pixels = new Uint8Array(stride * height);
  let pos = 0;
  for (let row = 0; row < height && pos < data.length; row++) {
    const filter = data[pos++]!;
    const at = row * stride;
    const end = Math.min(stride, data.length - pos);
    // One loop per filter, each simple enough to be compiled at once (the first rows run cold).
    if (filter === 0) {
      pixels.set(data.subarray(pos, pos + end), at);
    } else if (filter === 1) {
      for (let i = 0; i < end; i++) pixels[at + i] = data[pos + i]! + (i < bytesPerPixel ? 0 : pixels[at + i - bytesPerPixel]!);
    } else if (filter === 2) {
      if (row === 0) pixels.set(data.subarray(pos, pos + end), at);
      else for (let i = 0; i < end; i++) pixels[at + i] = data[pos + i]! + pixels[at - stride + i]!;
    } else if (filter === 3) {
      for (let i = 0; i < end; i++) {
        const left = i < bytesPerPixel ? 0 : pixels[at + i - bytesPerPixel]!;
        const up = row === 0 ? 0 : pixels[at - stride + i]!;
        pixels[at + i] = data[pos + i]! + ((left + up) >> 1);
      }
    } else if (filter === 4) {
      for (let i = 0; i < end; i++) {
        const left = i < bytesPerPixel ? 0 : pixels[at + i - bytesPerPixel]!;
        const up = row === 0 ? 0 : pixels[at - stride + i]!;
        const upLeft = row === 0 || i < bytesPerPixel ? 0 : pixels[at - stride + i - bytesPerPixel]!;
        const toLeft = Math.abs(up - upLeft); // |estimate - left|, estimate = left + up - upLeft
        const toUp = Math.abs(left - upLeft);
        const toUpLeft = Math.abs(left + up - 2 * upLeft);
        pixels[at + i] = data[pos + i]! + (toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft);
      }
    } else {
      throw new Error(`PNG row filter ${filter} does not exist`);
    }
    pos += stride;
  }
  return pixels;
}

/**
 * A copy of `text` that refers to no longer string: V8 keeps the whole of a string a slice was
 * cut from (a heading's text, from its paper's Markdown), and pdfkit keeps outline titles,
 * destination names and element identifiers until the end. Copied through latin1 when every
 * char code fits a byte (most text: one byte a character), else UTF-16; both give back the string.
 */
export function detached(text: string): string {
  return /^[\x00-\xff]*$/.test(text) ? Buffer.from(text, 'latin1').toString('latin1') : Buffer.from(text, 'utf16le').toString('utf16le');
}

/**
 * End a structure element and everything under it, children first, in the order pdfkit's own
 * recursive end() takes (so the same bytes), but without recursion: pdfkit spends several stack
 * frames a level, and a list nested the thousand levels hub reads would overflow the stack.
 */
function endStructure(root: StructElement): void {
  const isElement = (child: unknown): child is StructElement => child instanceof root.constructor;
  const childrenOf = (element: StructElement): StructElement[] => (element as unknown as { _children: unknown[] })._children.filter(isElement);
  const stack: { element: StructElement; children: StructElement[]; next: number }[] = [{ element: root, children: childrenOf(root), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const child = top.children[top.next++];
    // An element already ended (a link, when its text was drawn) is left alone, as pdfkit leaves it.
    if (child) {
      if (!(child as unknown as { _ended: boolean })._ended) stack.push({ element: child, children: childrenOf(child), next: 0 });
    }
    else {
      // Every child has ended: pdfkit's end() finds nothing left to recurse into.
      top.element.end();
      stack.pop();
    }
  }
}

const FILL_COLOUR_OPS = new Map<string, string>();

/**
 * The operators pdfkit's fillColor('#rrggbb') writes (its colour space, then the components as
 * fractions of 255), made once per colour: pdfkit parses the colour again on every call.
 */
function fillColourOps(colour: string): string | undefined {
  let ops = FILL_COLOUR_OPS.get(colour);
  if (ops === undefined && /^#[0-9a-f]{6}$/i.test(colour)) {
    const hex = parseInt(colour.slice(1), 16);
    ops = `/DeviceRGB cs\n${[hex >> 16, (hex >> 8) & 0xff, hex & 0xff].map((part) => part / 255).join(' ')} scn`;
    FILL_COLOUR_OPS.set(colour, ops);
  }
  return ops;
}

/** The outline opens at the pieces, with their headings folded (ISO 32000-1, table 153: /Count). */
const OPEN_OUTLINE_DEPTH = 1;

/**
 * Give every outline item with children its /Count: the descendants visible when it is open,
 * negated when it is closed; the root counts every item visible at first. Returns the items
 * `item` shows when open. pdfkit writes a count only for items created `expanded`, and then
 * only of their children.
 */
function setOutlineCounts(item: OutlineItem, depth: number, written: ReadonlyMap<OutlineItem, number>): number {
  const shown = written.get(item);
  if (shown !== undefined) return shown;
  let visible = 0;
  for (const child of item.children) visible += 1 + Math.max(0, setOutlineCounts(child, depth + 1, written));
  if (item.children.length === 0) return 0;
  const open = depth <= OPEN_OUTLINE_DEPTH;
  item.outlineData['Count'] = open ? visible : -visible;
  return open ? visible : 0;
}

/** Entries of a structure element that pdfkit's options do not cover. */
function setStructEntries(element: StructElement, node: StructNode): void {
  if (node.listNumbering) element.dictionary.data['A'] = { O: 'List', ListNumbering: node.listNumbering };
  if (node.id) element.dictionary.data['ID'] = new String(node.id);
}

/** The structure tree's IDTree: a name tree of element identifiers, in key order. */
function idTree(ids: readonly string[], elements: readonly number[]): { Names: unknown[] } {
  const order = ids.map((_, index) => index).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  return { Names: order.flatMap((index) => [new String(ids[index]), objectNumber(elements[index]!)]) };
}

/** The embedded face for an SVG text's font: monospace families get the code face. */
function svgFace(family: string, bold: boolean, italic: boolean): Face {
  if (/mono|courier|consol/i.test(family)) return bold ? 'monoBold' : 'mono';
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/** `text` shortened with an ellipsis to fit `width`. */
function fitText(fonts: FontSet, text: string, face: Face, size: number, width: number): string {
  const safe = fonts.drawable(face, text, () => undefined);
  if (fonts.width(face, safe, size) <= width) return safe;
  const chars = [...safe];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fonts.width(face, `${chars.slice(0, mid).join('').trimEnd()}\u2026`, size) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}\u2026`;
}

// ---- prepared text --------------------------------------------------------------------------------
// pdfkit's text() does for every call what layout has already done: it copies and checks its
// options, measures the string twice more, encodes it glyph by glyph, and writes a text object
// of its own (q, cm, BT, Tm, Tf, TJ, ET, Q) for every call, each operator a buffer of its own.
// Runs here are shaped and placed already, so PreparedText shows each run's glyph strings
// (encoded once per chunk and kept, as pdfkit's EmbeddedFont.encode would) in the text object
// the run before left open: a line, or a paragraph in one style, is one text object.
// An upstream equivalent: a public `doc.glyphs(run, x, y)` taking a shaped fontkit run that
// continues the current text object, and a page.write that takes several operators at once.

/** The parts of pdfkit's embedded font (lib/font/embedded.js) that encoding a glyph touches. */
interface EmbeddedFont {
  readonly id: string;
  readonly scale: number;
  readonly subset: { includeGlyph(glyph: number): number };
  readonly widths: (number | undefined)[];
  readonly unicode: (readonly number[] | undefined)[];
  ref(): unknown;
}

interface PdfkitInternals {
  /** The current font, as set by font(). */
  readonly _font: EmbeddedFont;
  readonly page: { readonly fonts: Record<string, unknown> };
}

/**
 * A chunk (a word and its trailing space: pdfkit's unit of shaping) in TJ form: `closed` are
 * segments ending in a kerned glyph, with their adjustment; `open` the glyphs after the last.
 * Glyphs are two bytes each (their subset ids, big-endian), one char code a byte, escaped for
 * a literal string: half the bytes of pdfkit's hex strings, so less to write and to deflate.
 */
interface EncodedChunk {
  readonly closed: readonly (readonly [glyphs: string, adjustment: string])[];
  readonly open: string;
}

/** Bytes a literal string must escape: its delimiters, the escape, and line ends (readers would rewrite a CR). */
const GLYPH_ESCAPES: Record<number, string> = { 0x0a: '\\n', 0x0d: '\\r', 0x28: '\\(', 0x29: '\\)', 0x5c: '\\\\' };

/** One byte of a glyph id in a literal string. */
function glyphByte(byte: number): string {
  return GLYPH_ESCAPES[byte] ?? String.fromCharCode(byte);
}

/** Kept per face and dropped wholesale when full: a runaway vocabulary costs time, never memory. */
const ENCODED_CHUNK_LIMIT = 20_000;

class PreparedText {
  private readonly chunks = new Map<Face, Map<string, EncodedChunk | null>>();
  private readonly pdf: PdfkitInternals;

  constructor(
    private readonly doc: ReleasingDoc,
    private readonly fonts: FontSet,
  ) {
    this.pdf = doc as unknown as PdfkitInternals;
  }

  /**
   * Draw `text` with its baseline at (x, baseline) in the current font, as pdfkit's
   * `text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic' })` would. False when
   * a glyph is positioned off its advance (marks placed by GPOS): pdfkit then draws the run.
   */
  draw(text: string, x: number, baseline: number, face: Face, size: number): boolean {
    if (text.includes('\n')) text = text.replace(/\n/g, '');
    if (text.length === 0) return true;
    const font = this.pdf._font;
    const tabs = text.includes('\t');
    let glyphs = '';
    let pending = '';
    // Chunks as pdfkit splits text: each word with the space or tab after it, then the rest.
    for (let last = 0; last < text.length; ) {
      let end = text.indexOf(' ', last);
      if (tabs) {
        const tab = text.indexOf('\t', last);
        if (tab !== -1 && (end === -1 || tab < end)) end = tab;
      }
      end = end === -1 ? text.length : end + 1;
      const chunk = this.encoded(face, font, text.slice(last, end));
      if (!chunk) return false;
      for (const [bytes, adjustment] of chunk.closed) {
        glyphs += `${glyphs ? ' ' : ''}(${pending}${bytes}) ${adjustment}`;
        pending = '';
      }
      pending += chunk.open;
      last = end;
    }
    if (pending) glyphs += `${glyphs ? ' ' : ''}(${pending}) 0`;
    this.addFontToPage();
    this.doc.addText(x, baseline, font.id, size, `[${glyphs}]`);
    return true;
  }

  /** Name the current font in the current page's resources, as drawing with it would. */
  addFontToPage(): void {
    const font = this.pdf._font;
    this.pdf.page.fonts[font.id] ??= font.ref();
  }

  /** `chunk` encoded for the current font; null when it needs pdfkit's positioning of offset glyphs. */
  private encoded(face: Face, font: EmbeddedFont, chunk: string): EncodedChunk | null {
    let cache = this.chunks.get(face);
    if (!cache) this.chunks.set(face, (cache = new Map()));
    const known = cache.get(chunk);
    if (known !== undefined) return known;
    const { glyphs } = this.fonts.chunk(face, chunk);
    let encoded: EncodedChunk | null = null;
    if (glyphs) {
      // As pdfkit's EmbeddedFont.encode: glyphs join the subset in drawing order, with their widths
      // and characters for the ToUnicode map, and each kerned glyph ends a TJ segment.
      const closed: [string, string][] = [];
      let open = '';
      for (const glyph of glyphs) {
        const gid = font.subset.includeGlyph(glyph.id);
        open += glyphByte(gid >> 8) + glyphByte(gid & 0xff);
        font.widths[gid] ??= glyph.advanceWidth * font.scale;
        font.unicode[gid] ??= glyph.codePoints;
        const advance = glyph.xAdvance * font.scale - glyph.advanceWidth * font.scale;
        if (advance !== 0) {
          closed.push([open, String(Math.round(-advance * 1e6) / 1e6)]);
          open = '';
        }
      }
      encoded = { closed, open };
    }
    if (cache.size >= ENCODED_CHUNK_LIMIT) cache.clear();
    cache.set(chunk, encoded);
    return encoded;
  }
}
