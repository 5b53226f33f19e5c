// Shared by the floor scripts: the plainest way to read every paper and split its front matter.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** Every `publications/*.md` under `root`, in name order, as { slug, frontMatter, body }. */
export function readPapers(root) {
  const dir = join(root, 'publications');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const match = FRONT_MATTER.exec(text);
      return {
        slug: name.slice(0, -3),
        frontMatter: match ? match[1] : '',
        body: match ? text.slice(match[0].length) : text,
      };
    });
}

/** The root folder named on the command line, or a usage error. */
export function rootArgument(usage) {
  const root = process.argv[2];
  if (!root) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return root;
}
