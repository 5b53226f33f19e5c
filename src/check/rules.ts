// Collection rules: small, named checks across all papers. Each returns
// Diagnostic values; none throws. Per-field checks live in schema.ts.

import { dirname, relative, sep } from 'node:path';
import { exists } from '../io/files.js';
import { type BodyIndex, IMAGE_TYPE_NAMES, imageMediaType, imageTarget, type IndexedLink, type IndexedNote, linkTarget, paperRoots, siteStylePaperPath, underSiteRoot } from '../markdown/links.js';
import { MAX_NESTING } from '../markdown/nesting.js';
import { displayPath } from '../load/load.js';
import type { Diagnostic, Hub, PaperRoots, Publication } from '../model.js';
import { suggest } from './schema.js';
import { quote } from '../text.js';
import type { Code } from '../codes.js';

export const RULE_CODES = {
  duplicateSlug: 'HUB201',
  duplicateTitle: 'HUB202',
  relatedMissing: 'HUB203',
  linkToMissingPaper: 'HUB204',
  linkToMissingHeading: 'HUB205',
  imageMissing: 'HUB206',
  imageWithoutAlt: 'HUB207',
  imageOutsideHub: 'HUB208',
  imageUnsupported: 'HUB209',
  headingSkipsLevel: 'HUB210',
  imageRemote: 'HUB211',
  nestingTooDeep: 'HUB212',
  liquid: 'HUB230',
  kramdownHeadingLookalike: 'HUB231',
  kramdownAttributesLookalike: 'HUB232',
  kramdownAbbreviationLookalike: 'HUB233',
  kramdownLayout: 'HUB234',
  kramdownAttributesUnused: 'HUB235',
  kramdownExtensionUnknown: 'HUB236',
  linkKeptAsText: 'HUB240',
  rawHtmlKeptAsText: 'HUB220',
  rawHtmlRemoved: 'HUB221',
  tableRowTooLong: 'HUB222',
  rawImageWithoutAlt: 'HUB223',
  manifestUnknownSlug: 'HUB401',
  manifestRepeatedSlug: 'HUB402',
} as const satisfies Record<string, Code>;

/** A paper with its body indexed (plain data, no tokens), ready for the rules and the pack. */
export interface IndexedPaper {
  publication: Publication;
  index: BodyIndex;
}

/** The anchors a link may name in a paper: its headings' slugs and its blocks' ids, in order. */
export function anchorSlugs(paper: IndexedPaper): string[] {
  return paper.index.anchors.map((anchor) => anchor.slug);
}

export interface Collection {
  hub: Hub;
  papers: IndexedPaper[];
  byPath: ReadonlyMap<string, IndexedPaper>;
  bySlug: ReadonlyMap<string, IndexedPaper[]>;
}

export type Rule = (collection: Collection) => Diagnostic[];

function at(publication: Publication, where: { line: number; column: number }, severity: Diagnostic['severity'], code: Code, message: string, hint?: string, field?: string): Diagnostic {
  return { code, severity, file: publication.displayPath, path: publication.path, line: where.line, column: where.column, ...(field ? { field } : {}), message, ...(hint ? { hint } : {}) };
}

const duplicateSlugs: Rule = ({ bySlug }) =>
  [...bySlug.values()].filter((papers) => papers.length > 1).flatMap((papers) =>
    papers.slice(1).map(({ publication }) =>
      at(publication, { line: 1, column: 1 }, 'error', RULE_CODES.duplicateSlug, `the slug ${quote(publication.slug)} is also used by ${papers[0]!.publication.displayPath}`, 'Slugs are file names and must be unique across the hub: rename one file.')));

const duplicateTitles: Rule = ({ papers }) => {
  const seen = new Map<string, Publication>();
  const found: Diagnostic[] = [];
  for (const { publication } of papers) {
    // A paper without a title of its own shows its slug: that is no title to repeat.
    if (!publication.positions.get('title')) continue;
    const key = publication.metadata.title.trim().toLowerCase();
    const first = seen.get(key);
    if (first) {
      found.push(at(publication, publication.positions.get('title') ?? { line: 1, column: 1 }, 'warning', RULE_CODES.duplicateTitle, `the title ${quote(publication.metadata.title)} is also used by ${first.displayPath}`, 'Readers tell papers apart by title: make this one distinct.', 'title'));
    } else {
      seen.set(key, publication);
    }
  }
  return found;
};

const relatedExist: Rule = ({ papers, bySlug }) =>
  papers.flatMap(({ publication }) =>
    publication.metadata.related.flatMap((slug, index) => {
      if (bySlug.has(slug)) return [];
      const near = suggest(slug, [...bySlug.keys()]);
      const field = `related.${index}`;
      return [at(publication, publication.positions.get(field) ?? { line: 1, column: 1 }, 'error', RULE_CODES.relatedMissing, `related paper ${quote(slug)} does not exist`, near ? `Did you mean ${near}?` : 'List slugs of papers in this hub (file names without .md).', field)];
    }));

/**
 * The site root under which a target written from a site's root (`/service-manual/agile/index.html`)
 * names something of the hub, as `named` finds it with that root; trying the target's folders
 * from the top. For the hints of links and images a site wrote.
 */
function siteRootFor(href: string, roots: PaperRoots, named: (roots: PaperRoots) => string | undefined): { root: string; names: string } | undefined {
  const folders = href.split(/[?#]/)[0]!.split('/').slice(1, -1);
  for (let depth = 0; depth <= folders.length; depth++) {
    const root = `/${folders.slice(0, depth).map((folder) => `${folder}/`).join('')}`;
    const names = named({ ...roots, siteRoot: root });
    if (names !== undefined) return { root, names };
  }
  return undefined;
}

/** The hint for a target written from a site's root, with the site root under which it names a file of the hub. */
function siteRootHint(siteRoot: { root: string; names: string }): string {
  return `Set \`site-root: ${siteRoot.root}\` in hub.config.yaml if the site served publications/ there: this then names ${siteRoot.names}.`;
}

/** The hint for an image outside publications/: the site root that puts it there, when a site wrote it from its root. */
function outsideImageHint(href: string, from: string, roots: PaperRoots): string {
  const siteRoot = href.startsWith('/')
    ? siteRootFor(href, roots, (site) => {
        const placed = imageTarget(href, from, site);
        return placed.kind === 'local' && exists(placed.path) ? displayPath(placed.path) : undefined;
      })
    : undefined;
  return siteRoot ? siteRootHint(siteRoot) : 'Keep images under publications/, e.g. publications/images/.';
}

/**
 * A link a pack keeps as text because it names no paper: a page of the site the paper came
 * from (`/government/…`, as Jekyll sites write them), a paper named the site's way
 * (`email-addresses`, `email-addresses.html`, `email-addresses/`), or another file.
 */
function fileLinkWarning({ publication }: IndexedPaper, link: IndexedLink, file: string, byPath: Collection['byPath'], roots: PaperRoots): Diagnostic {
  const shown = quote(link.href.slice(0, 80));
  if (link.href.startsWith('/') && !underSiteRoot(link.href, roots)) {
    const siteRoot = siteRootFor(link.href, roots, (site) => {
      const target = linkTarget(link.href, publication.path, site);
      return target.kind === 'paper' ? byPath.get(target.path)?.publication.displayPath : undefined;
    });
    const hint = siteRoot ? siteRootHint(siteRoot) : "Write the page's full address (https://…), or link to a paper by its file name.";
    return at(publication, link, 'warning', RULE_CODES.linkKeptAsText, `link to ${shown} is relative to a web site's root: packs keep only its text`, hint);
  }
  const path = siteStylePaperPath(file);
  if (byPath.has(path)) {
    const written = relative(dirname(publication.path), path).split(sep).join('/');
    return at(publication, link, 'warning', RULE_CODES.linkKeptAsText, `link to ${shown} names a paper the web site's way: packs keep only its text`, `Link to the paper by its file name: ${written}${link.href.includes('#') ? link.href.slice(link.href.indexOf('#')) : ''}.`);
  }
  return at(publication, link, 'warning', RULE_CODES.linkKeptAsText, `link to ${shown} is a file, not a paper: packs keep only its text`, "Link to the file's address on the web, or put what it holds in a paper.");
}

const linksResolve: Rule = ({ hub, papers, byPath, bySlug }) => {
  const roots = paperRoots(hub);
  return papers.flatMap((paper) =>
    paper.index.links.flatMap((link) => {
      const { publication } = paper;
      const target = linkTarget(link.href, publication.path, roots);
      if (target.kind === 'fragment') {
        const slugs = anchorSlugs(paper);
        if (target.fragment === '' || slugs.includes(target.fragment)) return [];
        const near = suggest(target.fragment, slugs);
        return [at(publication, link, 'warning', RULE_CODES.linkToMissingHeading, `link to ${quote('#' + target.fragment)}: this paper has no such heading; packs link to the start of this paper`, near ? `Did you mean #${near}?` : 'Link to a heading by its slug: lower case, spaces as hyphens.')];
      }
      if (target.kind === 'refused') {
        return [at(publication, link, 'warning', RULE_CODES.linkKeptAsText, `link to ${quote(link.href.slice(0, 80))} is not allowed in a pack: only its text is kept`, 'Packs link only to http, https and mailto addresses and to papers of the hub.')];
      }
      if (target.kind === 'file') return [fileLinkWarning(paper, link, target.path, byPath, roots)];
      if (target.kind !== 'paper') return [];
      const linked = byPath.get(target.path);
      if (!linked) {
        const hint = underSiteRoot(link.href, roots)
          ? `A page of the site that is not in the hub: move it in as ${displayPath(target.path)}, or write the page's full address (https://…).`
          : `Link to another paper by its file name, e.g. ${[...bySlug.keys()].find((slug) => slug !== publication.slug) ?? 'another-paper'}.md.`;
        return [at(publication, link, 'error', RULE_CODES.linkToMissingPaper, `link to ${quote(link.href)}: no such paper`, hint)];
      }
      const slugs = anchorSlugs(linked);
      if (target.fragment && !slugs.includes(target.fragment)) {
        const near = suggest(target.fragment, slugs);
        return [at(publication, link, 'warning', RULE_CODES.linkToMissingHeading, `link to ${quote(link.href)}: ${linked.publication.displayPath} has no heading ${quote('#' + target.fragment)}; packs link to the start of that paper`, near ? `Did you mean #${near}?` : `Headings there: ${slugs.slice(0, 6).join(', ') || 'none'}.`)];
      }
      return [];
    }));
};

const imagesResolve: Rule = ({ hub, papers }) => {
  const roots = paperRoots(hub);
  return papers.flatMap(({ publication, index }) =>
    index.images.flatMap((image) => {
      const found: Diagnostic[] = [];
      if (image.decorative === 'no-alt') {
        found.push(at(publication, image, 'warning', RULE_CODES.rawImageWithoutAlt, `raw image ${quote(image.href)} has no alt attribute: the packs mark it decorative, so screen readers skip it`, 'Add alt="…" saying what it shows, or alt="" if it only decorates.'));
      } else if (image.alt.trim() === '' && !image.decorative) {
        found.push(at(publication, image, 'error', RULE_CODES.imageWithoutAlt, `image ${quote(image.href)} has no alt text`, 'Describe what the image shows between the brackets: ![Bar chart of spend by area](chart.png).'));
      }
      const target = imageTarget(image.href, publication.path, roots);
      switch (target.kind) {
        case 'remote':
          found.push(at(publication, image, 'warning', RULE_CODES.imageRemote, `image ${quote(image.href)} is on the web: packs show it as a link, never fetch it`, 'Save the image under publications/ and link to the file.'));
          break;
        case 'outside':
          found.push(at(publication, image, 'error', RULE_CODES.imageOutsideHub, `image ${quote(image.href)} is outside the hub's publications/ folder`, outsideImageHint(image.href, publication.path, roots)));
          break;
        case 'unsupported':
          found.push(at(publication, image, 'error', RULE_CODES.imageUnsupported, `image ${quote(image.href)} is not a file path`, `Use a ${IMAGE_TYPE_NAMES} file under publications/.`));
          break;
        case 'local':
          if (!exists(target.path)) {
            found.push(at(publication, image, 'error', RULE_CODES.imageMissing, `image ${quote(image.href)} does not exist`, 'Check the path: it is relative to the paper.'));
          } else if (!imageMediaType(target.path)) {
            found.push(at(publication, image, 'error', RULE_CODES.imageUnsupported, `image ${quote(image.href)} is not ${IMAGE_TYPE_NAMES}`, 'Convert it to SVG or PNG (charts, diagrams) or JPEG (photographs).'));
          }
          break;
      }
      return found;
    }));
};

const headingLevels: Rule = ({ papers }) =>
  papers.flatMap(({ publication, index }) => {
    const found: Diagnostic[] = [];
    // The title is the paper's top heading, so the body starts at ##.
    let previous = 1;
    for (const heading of index.headings) {
      const depth = heading.depth;
      if (depth > previous + 1) {
        found.push(at(publication, heading, 'warning', RULE_CODES.headingSkipsLevel, `heading ${quote(heading.text)} jumps from level ${previous} to ${depth}`, `Use ${'#'.repeat(previous + 1)} here: screen-reader users navigate by heading level.`));
      }
      previous = depth;
    }
    return found;
  });

const nestingDepth: Rule = ({ papers }) =>
  papers.flatMap(({ publication, index }) =>
    index.nesting
      ? [at(publication, { line: index.nesting.line, column: 1 }, 'warning', RULE_CODES.nestingTooDeep, `nesting too deep: lists or blockquotes ${index.nesting.levels} levels deep; packs keep all the text but nest it only ${MAX_NESTING} levels`, 'Flatten the structure: use headings, or fewer levels of list and quotation.')]
      : []);

/** Raw HTML the packs keep only in part: once per paper, listing what. */
const rawHtmlKept: Rule = ({ papers }) =>
  papers.flatMap(({ publication, index }) => {
    const raw = index.rawHtml;
    if (!raw) return [];
    const found: Diagnostic[] = [];
    if (raw.textOnly.length > 0) {
      found.push(at(publication, raw, 'warning', RULE_CODES.rawHtmlKeptAsText, `raw HTML ${raw.textOnly.map((tag) => `<${tag}>`).join(', ')} is kept as plain text in the packs`, 'Write it in Markdown, or use headings, lists, tables, links, images, emphasis and code, which packs keep.'));
    }
    if (raw.removed.length > 0) {
      found.push(at(publication, raw, 'warning', RULE_CODES.rawHtmlRemoved, `raw HTML was cleaned for the packs: removed ${raw.removed.join(', ')}`, 'Write the content in Markdown; packs keep only simple, script-free HTML.'));
    }
    return found;
  });

const KRAMDOWN_HINT = 'Set `markdown: kramdown` in hub.config.yaml if the hub was written for kramdown (Jekyll), or fix the line.';

/** What reading the body noticed: kramdown written in a CommonMark hub, template tags, kramdown's layout hints. */
const syntaxNotes: Rule = ({ papers }) =>
  papers.flatMap(({ publication, index }) => {
    const found: Diagnostic[] = [];
    const layout: IndexedNote[] = [];
    for (const note of index.notes) {
      const text = quote(note.text);
      switch (note.kind) {
        case 'liquid': {
          const more = (note.count ?? 1) - 1;
          found.push(at(publication, note, 'warning', RULE_CODES.liquid, `template tags are not content: packs leave out ${text}${more > 0 ? ` and ${more} more in this paper` : ''}`, 'Jekyll ran these tags when it built the site: write out the text they made, or leave them out.'));
          break;
        }
        case 'kramdownHeadingLookalike':
          found.push(at(publication, note, 'warning', RULE_CODES.kramdownHeadingLookalike, `${text} is a kramdown heading; CommonMark needs a space after the #s, so it shows as text`, KRAMDOWN_HINT));
          break;
        case 'kramdownAttributesLookalike':
          found.push(at(publication, note, 'warning', RULE_CODES.kramdownAttributesLookalike, `${text} holds a kramdown attribute list; CommonMark shows it as text`, KRAMDOWN_HINT));
          break;
        case 'kramdownAbbreviationLookalike':
          found.push(at(publication, note, 'warning', RULE_CODES.kramdownAbbreviationLookalike, `${text} is a kramdown abbreviation; CommonMark shows it as text`, KRAMDOWN_HINT));
          break;
        case 'kramdownClasses':
        case 'kramdownTableOfContents':
          layout.push(note);
          break;
        case 'kramdownAttributesIgnored':
          found.push(at(publication, note, 'warning', RULE_CODES.kramdownAttributesUnused, `the attribute list ${text} belongs to no block (blank lines on both sides), so it does nothing`, 'Put it on the line just after the block it is for, or remove it.'));
          break;
        case 'kramdownSpanId':
          found.push(at(publication, note, 'warning', RULE_CODES.kramdownAttributesUnused, `the id in ${text} is on a span of text: packs keep ids of headings and blocks only`, 'Put the id on the heading or block (an attribute list on the line after it), and link there.'));
          break;
        case 'kramdownExtensionUnknown':
          found.push(at(publication, note, 'warning', RULE_CODES.kramdownExtensionUnknown, `hub does not read the kramdown extension ${text}: it and its content are left out of packs`, 'Packs read {::options}, {::comment} and {::nomarkdown}; write the content as Markdown.'));
          break;
      }
    }
    const first = layout[0];
    if (first) {
      const classes = layout.filter((note) => note.kind === 'kramdownClasses').length;
      const contents = layout.length - classes;
      const counts = [classes > 0 ? `${classes} attribute list${classes === 1 ? '' : 's'} with classes` : '', contents > 0 ? `${contents} {:toc} placeholder${contents === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
      found.push(at(publication, first, 'info', RULE_CODES.kramdownLayout, `${counts} (the first is ${quote(first.text)}): packs have their own styles and contents, so these are not shown`));
    }
    return found;
  });

const tableRowsFit: Rule = ({ papers }) =>
  papers.flatMap(({ publication, index }) =>
    (index.longRows ?? []).map((row) =>
      at(publication, row, 'warning', RULE_CODES.tableRowTooLong, `table row has ${row.cells} cells, the header has ${row.headerCells}`, `The packs widen the table with empty header cells; give the header ${row.cells} cells (| a | b | … |) and the delimiter row as many.`)));

/** Rules that judge the papers against one another: each needs every paper. */
export const COLLECTION_RULES: readonly Rule[] = [duplicateSlugs, duplicateTitles];
/**
 * Rules that judge each paper on its own (looking others up by path or slug): run over
 * some papers of a collection, they give exactly those papers' diagnostics.
 */
export const PAPER_RULES: readonly Rule[] = [relatedExist, linksResolve, imagesResolve, headingLevels, nestingDepth, syntaxNotes, rawHtmlKept, tableRowsFit];
export const RULES: readonly Rule[] = [...COLLECTION_RULES, ...PAPER_RULES];
