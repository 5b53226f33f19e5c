// The EPUB's stylesheet. A reading system owns the page: its reader picks the font, the size
// and the colours (night mode, sepia), so this sets no colour on text or background, sizes
// only in em and %, and embeds no font. It styles the classes the HTML body renderer writes.

export const STYLESHEET = `@namespace epub "http://www.idpf.org/2007/ops";
body { margin: 0 2%; line-height: 1.5; overflow-wrap: break-word; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; font-weight: bold; margin: 1.4em 0 .6em; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.7em; margin-top: .4em; }
h2 { font-size: 1.35em; }
h3 { font-size: 1.15em; }
h4, h5, h6 { font-size: 1em; }
p, ul, ol, dl, pre, blockquote, figure, table, .table-wrap { margin-top: 0; margin-bottom: .9em; }
ul, ol { padding-left: 1.5em; }
li { margin-bottom: .25em; }
ul.tasks { list-style: none; padding-left: 0; }
.task-mark { display: inline-block; width: 1.4em; }
blockquote { margin-left: 0; margin-right: 0; padding-left: 1em; border-left: .25em solid; }
hr { border: 0; border-top: 1px solid; margin: 1.5em 0; }
code, pre { font-family: monospace; font-size: .9em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; padding-left: .75em; border-left: .2em solid; }
pre code { font-size: 1em; }
sup, sub { line-height: 0; }
table { border-collapse: collapse; font-size: .95em; }
th, td { text-align: left; vertical-align: top; padding: .3em .8em .3em 0; border-bottom: 1px solid; }
thead th { border-bottom-width: 2px; }
.align-right { text-align: right; }
.align-center { text-align: center; }
.table-wrap { overflow-x: auto; }
figure { margin-left: 0; margin-right: 0; page-break-inside: avoid; break-inside: avoid; }
img { max-width: 100%; height: auto; }
figcaption { font-size: .9em; font-style: italic; margin-top: .4em; }
.missing-image { font-style: italic; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; white-space: nowrap; }
.skip-link { display: none; }

/* Cover */
.band p { font-weight: bold; letter-spacing: .02em; margin: 0 0 .4em; padding-bottom: .4em; border-bottom: .3em solid; }
.cover { margin-top: 15%; }
.cover h1 { font-size: 2.1em; margin: .6em 0 .5em; }
.subtitle { font-size: 1.15em; margin: 0 0 1.2em; }
.facts dt, .meta dt { font-weight: bold; }
.facts dd, .meta dd { margin: 0 0 .4em; }

/* Pieces */
.caption { font-size: .9em; letter-spacing: .04em; text-transform: uppercase; margin: 0; }
.badge { font-weight: bold; border: 1px solid; padding: 0 .3em; }
.meta { font-size: .95em; padding: .4em 0; border-top: 1px solid; border-bottom: 1px solid; }
.meta div { display: block; }
.meta dt { display: inline; }
.meta dt::after { content: ": "; }
.meta dd { display: inline; }
.meta div::after { content: ""; display: block; }
.tags { display: inline; list-style: none; padding: 0; margin: 0; }
.tags li { display: inline; }
.tags li + li::before { content: ", "; }
.summary { font-size: 1.05em; font-style: italic; }
.notes { margin-top: 2em; border-top: 1px solid; font-size: .9em; }
aside[epub|type~="footnote"] { margin: 0 0 .6em; }
.note-number { font-weight: bold; }
.note-ref a, .note-back { text-decoration: none; }

/* Contents */
nav[epub|type~="toc"] ol { list-style: none; padding-left: 0; }
nav[epub|type~="toc"] ol ol { padding-left: 1.2em; }
nav[epub|type~="toc"] > ol > li > a { font-weight: bold; }
/* Room around each entry: a short link keeps a 24px target to itself (WCAG 2.5.8). */
nav[epub|type~="toc"] li { margin: .4em 0; }
nav[epub|type~="toc"] > ol > li { margin-bottom: .8em; }
.colophon { font-size: .9em; margin-top: 2em; }
`;
