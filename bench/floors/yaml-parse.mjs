// Parsing floor: read every paper and parse its front matter with the `yaml` package.
// usage: node bench/floors/yaml-parse.mjs ROOT
import { parse } from 'yaml';
import { readPapers, rootArgument } from './papers.mjs';

const papers = readPapers(rootArgument('yaml-parse.mjs ROOT'));
let fields = 0;
for (const paper of papers) fields += Object.keys(parse(paper.frontMatter) ?? {}).length;
console.log(`${papers.length} papers, ${fields} fields`);
