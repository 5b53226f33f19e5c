// I/O floor: read every paper and split off its front matter, nothing more.
// usage: node bench/floors/read-split.mjs ROOT
import { readPapers, rootArgument } from './papers.mjs';

const papers = readPapers(rootArgument('read-split.mjs ROOT'));
const bytes = papers.reduce((sum, paper) => sum + paper.frontMatter.length + paper.body.length, 0);
console.log(`${papers.length} papers, ${bytes} characters`);
