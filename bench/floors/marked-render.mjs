// Rendering floor: every body through marked (GFM and footnotes, as hub lexes them) into
// one HTML file, built in memory the naive way. No sanitising, no embedding, no contents.
// usage: node bench/floors/marked-render.mjs ROOT OUT.html
import { writeFileSync } from 'node:fs';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import { readPapers, rootArgument } from './papers.mjs';

const root = rootArgument('marked-render.mjs ROOT OUT.html');
const markdown = new Marked({ gfm: true }).use(markedFootnote());
const sections = readPapers(root).map((paper) => `<section id="${paper.slug}">\n${markdown.parse(paper.body)}</section>\n`);
writeFileSync(process.argv[3], `<!doctype html>\n<html lang="en-GB"><meta charset="utf-8"><title>Pack</title>\n<body>\n${sections.join('')}</body></html>\n`);
console.log(`${sections.length} papers`);
