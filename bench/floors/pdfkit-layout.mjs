// PDF floor: a bare pdfkit layout of the marked tokens of every body, one embedded font
// family, figures included; no tagging, no contents, no outline, no links, no hyphenation.
// usage: node bench/floors/pdfkit-layout.mjs ROOT OUT.pdf
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import PDFDocument from 'pdfkit';
import { readPapers, rootArgument } from './papers.mjs';

const root = rootArgument('pdfkit-layout.mjs ROOT OUT.pdf');
const require = createRequire(import.meta.url);
const sans = join(dirname(require.resolve('source-sans/package.json')), 'TTF');
const mono = join(dirname(require.resolve('source-code-pro/package.json')), 'TTF');
const markdown = new Marked({ gfm: true }).use(markedFootnote());

/** Text of inline tokens, formatting dropped. */
const textOf = (tokens) => (tokens ?? []).map((token) => (token.tokens ? textOf(token.tokens) : (token.text ?? ''))).join('');

const doc = new PDFDocument({ size: 'A4', margin: 64, autoFirstPage: false });
doc.registerFont('body', join(sans, 'SourceSans3-Regular.ttf'));
doc.registerFont('bold', join(sans, 'SourceSans3-Bold.ttf'));
doc.registerFont('italic', join(sans, 'SourceSans3-It.ttf'));
doc.registerFont('code', join(mono, 'SourceCodePro-Regular.ttf'));
let pages = 0;
doc.on('pageAdded', () => pages++);
const finished = new Promise((resolve, reject) => {
  const out = createWriteStream(process.argv[3]);
  out.on('finish', resolve).on('error', reject);
  doc.pipe(out);
});

function block(token, imagesDir) {
  switch (token.type) {
    case 'heading':
      doc.moveDown(0.5).font('bold').fontSize(18 - token.depth * 2).text(textOf(token.tokens));
      break;
    case 'paragraph': {
      const image = token.tokens?.length === 1 && token.tokens[0].type === 'image' ? token.tokens[0] : undefined;
      if (image) doc.image(join(imagesDir, image.href), { width: 240 }).moveDown(0.5);
      else doc.font('body').fontSize(11).text(textOf(token.tokens), { align: 'justify' }).moveDown(0.5);
      break;
    }
    case 'list':
      token.items.forEach((item, i) => {
        const marker = token.ordered ? `${i + 1}.` : item.task ? (item.checked ? '☑' : '☐') : '•';
        doc.font('body').fontSize(11).text(`${marker} ${textOf(item.tokens)}`, { indent: 12 });
      });
      doc.moveDown(0.5);
      break;
    case 'blockquote':
      doc.font('italic').fontSize(11).text(textOf(token.tokens), { indent: 24 }).moveDown(0.5);
      break;
    case 'code':
      doc.font('code').fontSize(9).text(token.text).moveDown(0.5);
      break;
    case 'table':
      for (const row of [token.header, ...token.rows]) doc.font('body').fontSize(10).text(row.map((cell) => textOf(cell.tokens)).join('   |   '));
      doc.moveDown(0.5);
      break;
    case 'footnotes':
      for (const item of token.items) doc.font('body').fontSize(9).text(`${item.label}. ${textOf(item.content.flatMap((part) => part.tokens ?? []))}`);
      break;
    default:
  }
}

const imagesDir = join(root, 'publications');
for (const paper of readPapers(root)) {
  doc.addPage();
  doc.font('bold').fontSize(22).text(paper.slug).moveDown();
  const tokens = markdown.lexer(paper.body);
  // marked-footnote resets its per-document state only in walkTokens, which lexer() skips;
  // running it also moves a non-empty footnotes block to the end, where notes belong.
  markdown.walkTokens(tokens, markdown.defaults.walkTokens);
  for (const token of tokens) block(token, imagesDir);
}
doc.end();
await finished;
console.log(`${pages} pages`);
