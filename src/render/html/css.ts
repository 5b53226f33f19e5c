// The pack's one stylesheet: a constant string, so rendering never builds CSS.
// System fonts only (a pack must not fetch anything), GOV.UK-like colours and rhythm,
// light and dark schemes, and a print stylesheet that starts each piece on a new page.

import { createHash } from 'node:crypto';
import type { PaperSize } from '../../model.js';

const STYLESHEET = `
:root {
  color-scheme: light dark;
  --text: #0b0c0c;
  --muted: #505a5f;
  --background: #ffffff;
  --panel: #f3f2f1;
  --border: #b1b4b6;
  --rule: #1d70b8;
  --link: #1d70b8;
  --link-hover: #003078;
  --link-visited: #4c2c92;
  --focus: #ffdd00;
  --focus-text: #0b0c0c;
  --band: #0b0c0c;
  --band-text: #ffffff;
  --badge: #6f3c00;
  --badge-background: #fcd6c3;
  --scroll-shadow: rgb(0 0 0 / .25);
  --sans: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --text: #f3f2f1;
    --muted: #bfc1c3;
    --background: #111314;
    --panel: #1f2326;
    --border: #6f777b;
    --rule: #5694ca;
    --link: #8cc4f5;
    --link-hover: #c2e1ff;
    --link-visited: #cdb8ff;
    --band: #000000;
    --band-text: #ffffff;
    --badge: #ffd7c2;
    --badge-background: #5a2a00;
    --scroll-shadow: rgb(255 255 255 / .3);
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--background);
  color: var(--text);
  font-family: var(--sans);
  font-size: 1.0625rem;
  line-height: 1.55;
  overflow-wrap: break-word;
  font-kerning: normal;
}
@media (min-width: 40.0625em) { body { font-size: 1.1875rem; } }
.page { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
@media (min-width: 40.0625em) { .page { padding: 0 2rem; } }

a { color: var(--link); text-decoration-thickness: max(1px, .0625rem); text-underline-offset: .15em; }
a:visited { color: var(--link-visited); }
a:hover { color: var(--link-hover); text-decoration-thickness: max(3px, .1875rem); }
a:focus-visible {
  outline: 3px solid transparent;
  color: var(--focus-text);
  background-color: var(--focus);
  box-shadow: 0 -2px var(--focus), 0 4px var(--focus-text);
  text-decoration: none;
}
:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: inset 0 0 0 2px var(--focus-text); }
a:focus-visible { outline-offset: 0; }

.visually-hidden {
  position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important;
  padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important;
  clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important;
}
.skip-link {
  position: absolute; left: 0; top: 0; z-index: 10; padding: .5rem 1rem;
  transform: translateY(-120%);
}
.skip-link:focus-visible { transform: none; }

/* Cover */
.band { background: var(--band); color: var(--band-text); border-bottom: .625rem solid var(--rule); }
.band p { margin: 0; padding: .75rem 0; font-weight: 700; font-size: 1.125rem; letter-spacing: .01em; }
.cover { padding: 3rem 0 2.5rem; border-bottom: 1px solid var(--border); }
.cover h1 { font-size: 2.25rem; line-height: 1.1; margin: 0 0 1rem; font-weight: 700; letter-spacing: -.01em; }
@media (min-width: 40.0625em) { .cover h1 { font-size: 3rem; } }
.cover .subtitle { font-size: 1.3125rem; line-height: 1.35; color: var(--muted); margin: 0 0 2rem; max-width: 36rem; }
.facts { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; margin: 0; }
.facts div { min-width: 8rem; }
.facts dt { font-size: .875rem; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; }
.facts dd { margin: 0; font-size: 1.25rem; font-weight: 700; }

/* Headings and text */
h1, h2, h3, h4, h5, h6 { line-height: 1.25; font-weight: 700; margin: 2rem 0 1rem; }
h2 { font-size: 1.75rem; }
h3 { font-size: 1.5rem; }
h4 { font-size: 1.25rem; }
h5, h6 { font-size: 1.0625rem; }
@media (min-width: 40.0625em) { h2 { font-size: 2.25rem; } h3 { font-size: 1.6rem; } h4 { font-size: 1.3rem; } h5, h6 { font-size: 1.1875rem; } }
p, ul, ol, dl, pre, blockquote, figure, .table-wrap { margin-top: 0; margin-bottom: 1.25rem; }
ul, ol { padding-left: 1.5rem; }
li { margin-bottom: .35rem; }
li > ul, li > ol { margin: .35rem 0 0; }
/* Definition lists from papers (the pack's own carry a class). */
dl:not([class]) dt { font-weight: 700; }
dl:not([class]) dd { margin: 0 0 .5rem 1.5rem; }
ul.tasks { list-style: none; padding-left: 0; }
ul.tasks ul.tasks { padding-left: 1.5rem; }
.task-mark { display: inline-block; width: 1.4em; }
blockquote { margin-left: 0; margin-right: 0; padding: .25rem 0 .25rem 1rem; border-left: .625rem solid var(--border); }
blockquote > :last-child { margin-bottom: 0; }
hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }
code, pre { font-family: var(--mono); font-size: .875em; }
code { background: var(--panel); padding: .05em .25em; }
pre { background: var(--panel); padding: 1rem; white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid var(--border); }
pre code { background: none; padding: 0; font-size: 1em; }
mark { background: var(--focus); color: var(--focus-text); }
sup, sub { line-height: 0; }
details { margin-bottom: 1.25rem; }
summary { color: var(--link); cursor: pointer; text-decoration: underline; }

/* Tables */
/* Shadows at the edges show that a wide table scrolls sideways (they scroll away at the ends). */
.table-wrap {
  overflow-x: auto;
  background:
    linear-gradient(to right, var(--background) 30%, transparent) left / 2rem 100%,
    linear-gradient(to left, var(--background) 30%, transparent) right / 2rem 100%,
    radial-gradient(farthest-side at 0 50%, var(--scroll-shadow), transparent) left / .75rem 100%,
    radial-gradient(farthest-side at 100% 50%, var(--scroll-shadow), transparent) right / .75rem 100%;
  background-repeat: no-repeat;
  background-attachment: local, local, scroll, scroll;
}
table { border-collapse: collapse; border-spacing: 0; min-width: 100%; font-size: 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 700; margin-bottom: .5rem; }
th, td { text-align: left; vertical-align: top; padding: .6rem 1.25rem .6rem 0; border-bottom: 1px solid var(--border); }
th:last-child, td:last-child { padding-right: 0; }
@media (max-width: 40em) { table { font-size: .9375rem; } th, td { padding-right: .75rem; } }
thead th { border-bottom: 2px solid var(--text); }
.align-right { text-align: right; }
.align-center { text-align: center; }

/* Figures */
figure { margin-left: 0; margin-right: 0; }
img { max-width: 100%; height: auto; }
figure img { display: block; background: #ffffff; padding: .5rem; border: 1px solid var(--border); }
figcaption { margin-top: .5rem; color: var(--muted); font-size: 1rem; }
.missing-image { color: var(--muted); font-style: italic; }

/* Contents and introduction */
.introduction { padding-bottom: 1rem; border-bottom: 1px solid var(--border); }
.toc { padding-bottom: 1.5rem; border-bottom: 1px solid var(--border); }
.toc > ol { padding-left: 0; list-style: none; counter-reset: piece; }
.toc > ol > li { counter-increment: piece; margin-bottom: 1rem; padding-left: 2.25rem; position: relative; }
.toc > ol > li::before { content: counter(piece) "."; position: absolute; left: 0; font-weight: 700; }
.toc.numbers-3 > ol > li { padding-left: 3rem; }
.toc.numbers-4 > ol > li { padding-left: 3.75rem; }
.toc.numbers-5 > ol > li { padding-left: 4.5rem; }
.toc > ol > li > a { font-weight: 700; font-size: 1.125em; }
.toc-meta { display: block; color: var(--muted); font-size: 1rem; }
.toc ul { list-style: none; padding-left: 0; margin: .35rem 0 0; font-size: 1rem; }
.toc ul { padding-left: 1rem; border-left: 2px solid var(--border); }
.toc ul li { margin-bottom: .2rem; }

/* Pieces */
.piece { border-top: .625rem solid var(--rule); margin-top: 3rem; padding-top: 1.5rem; }
.piece-header h2 { margin: .25rem 0 .75rem; }
.caption { color: var(--muted); font-size: 1.125rem; margin: 0; display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; }
.badge { display: inline-block; padding: .1rem .5rem; font-size: .875rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: var(--badge); background: var(--badge-background); }
.piece-header .subtitle { font-size: 1.25rem; line-height: 1.4; color: var(--muted); margin: 0 0 1.5rem; }
.meta { margin: 0 0 1.5rem; border-top: 1px solid var(--border); font-size: 1rem; }
.meta div { display: flex; flex-wrap: wrap; gap: 0 1rem; padding: .5rem 0; border-bottom: 1px solid var(--border); }
.meta dt { flex: 0 0 100%; font-weight: 700; }
.meta dd { margin: 0; flex: 1 1 14rem; }
@media (min-width: 40.0625em) { .meta dt { flex-basis: 7rem; } }
.tags { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .35rem; }
.tags li { margin: 0; padding: 0 .5rem; background: var(--panel); border: 1px solid var(--border); font-size: .9375rem; }
.summary { font-size: 1.1875rem; line-height: 1.5; padding: 1rem 1.25rem; background: var(--panel); border-left: .3125rem solid var(--rule); }
@media (min-width: 40.0625em) { .summary { font-size: 1.3125rem; } }
.notes { margin-top: 2.5rem; border-top: 1px solid var(--border); font-size: 1rem; }
.notes h3, .notes h4 { font-size: 1.25rem; }
.notes li { margin-bottom: .75rem; }
.note-ref a { padding: 0 .1em; text-decoration: none; font-weight: 700; }
.note-back { text-decoration: none; }

.colophon { margin-top: 4rem; padding: 1.5rem 0 3rem; border-top: 1px solid var(--border); color: var(--muted); font-size: 1rem; }
.colophon p { margin: 0 0 .5rem; max-width: 44rem; }
.cite { margin-top: 2.5rem; padding: 1rem 1.25rem; background: var(--panel); border-left: .3125rem solid var(--border); font-size: 1rem; }
.cite h3 { font-size: 1.25rem; margin-top: 0; }
.cite p { margin: 0 0 .5rem; }
.cite .licence { color: var(--muted); margin: 0; }
.logo { margin: 0 0 2rem; }
.logo img { display: block; height: 4rem; width: auto; padding: .5rem; background: #ffffff; border-radius: .25rem; }

@media print {
  :root {
    --text: #000000; --muted: #333333; --background: #ffffff; --panel: #f3f2f1; --border: #8a8a8a;
    --link: #000000; --link-visited: #000000; --rule: #000000; --band: #ffffff; --band-text: #000000;
  }
  html { font-size: 10pt; }
  body { font-size: 11pt; line-height: 1.45; }
  .table-wrap { background: none; }
  .page { max-width: none; padding: 0; }
  .skip-link { display: none; }
  .band { border-bottom-width: 3pt; }
  .band p { padding: 0 0 6pt; }
  .cover { padding-top: 22vh; border-bottom: 0; break-after: page; }
  .cover h1 { font-size: 3.2rem; }
  .introduction, .toc { border-bottom: 0; break-after: page; }
  .piece { break-before: page; margin-top: 0; border-top-width: 3pt; }
  h2, h3, h4, h5, h6 { break-after: avoid; }
  figure, pre, blockquote, tr, img, .meta div { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9.5pt; width: 100%; }
  thead { display: table-header-group; }
  a { text-decoration: underline; }
  a[href^="http"]::after, a[href^="mailto:"]::after {
    content: " (" attr(href) ")"; font-size: 85%; overflow-wrap: anywhere; word-break: break-all;
  }
  .toc a::after { content: ""; }
  .notes { break-before: avoid; }
}
`;

const PAGE_SIZES: Record<PaperSize, string> = { a4: 'A4', letter: 'letter' };

/** The stylesheet for a paper size, with its CSP hash (the pack's CSP allows this exact style only). */
export interface Stylesheet {
  css: string;
  hash: string;
}

/**
 * What a live page (hub preview) adds: the problem panel, and pieces off screen left
 * unlaid-out until scrolled to, so a page of 1,000 papers opens and updates in time.
 */
const LIVE_STYLESHEET = `
.problems { background: #fff7bf; color: #0b0c0c; border-bottom: 4px solid #d4351c; padding: 12px 0; }
.problems[hidden] { display: none; }
.problems h2 { margin: 0 0 8px; font-size: 1.25rem; }
.problems ul { list-style: none; margin: 0; padding: 0; }
.problems li { border-left: 4px solid #d4351c; padding-left: 8px; margin: 6px 0; }
.problems li.warning { border-left-color: #f47738; }
.problems pre { margin: 0; background: none; color: inherit; border: 0; padding: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9rem; }
article.piece, nav.toc { content-visibility: auto; contain-intrinsic-size: auto 3000px; }
@media print { .problems { display: none; } }
`;

function build(paper: PaperSize, live: boolean): Stylesheet {
  const css = `${STYLESHEET}@page { size: ${PAGE_SIZES[paper]}; margin: 18mm 16mm 20mm; }\n${live ? LIVE_STYLESHEET : ''}`;
  return { css, hash: `'sha256-${createHash('sha256').update(css).digest('base64')}'` };
}

const STYLESHEETS: Record<PaperSize, Stylesheet> = { a4: build('a4', false), letter: build('letter', false) };
const LIVE_STYLESHEETS: Record<PaperSize, Stylesheet> = { a4: build('a4', true), letter: build('letter', true) };

/** The stylesheet of a pack, or of a live page (`live`) showing it. */
export function stylesheet(paper: PaperSize, live = false): Stylesheet {
  return (live ? LIVE_STYLESHEETS : STYLESHEETS)[paper];
}
