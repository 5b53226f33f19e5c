// Every diagnostic code hub gives, in one registry. Codes are permanent: a code is
// never reused for another problem, and a retired one stays here, marked retired.
// `hub schema --codes` prints this registry as the README's code table (a test keeps them in step).

/** What each code means, in a few words, as the README's table shows it. */
export const CODE_REGISTRY = {
  // Reading a file (load)
  HUB001: 'the file is empty',
  HUB002: 'no front matter',
  HUB003: 'front matter never closed',
  HUB004: 'YAML syntax error',
  HUB005: 'tab indentation',
  HUB006: 'duplicate key',
  HUB007: 'YAML alias or anchor',
  HUB008: 'YAML custom tag',
  HUB009: 'not UTF-8',
  HUB010: 'NUL byte',
  HUB011: 'front matter is not a mapping',
  HUB012: 'file cannot be read',
  // Fields (check)
  HUB101: 'required field missing',
  HUB102: 'wrong kind of value',
  HUB103: 'empty text',
  HUB104: 'not an allowed value',
  HUB105: 'not a real date',
  HUB106: 'summary too long',
  HUB107: 'tag not kebab-case',
  HUB108: 'tag not in the vocabulary',
  HUB109: 'bad ISBN',
  HUB110: 'bad DOI',
  HUB111: 'bad language tag',
  HUB112: 'updated before date',
  HUB113: 'unknown field (warning)',
  HUB114: 'control characters',
  HUB115: 'empty list',
  HUB116: 'bad slug',
  // Publication metadata (issue 15)
  HUB125: 'url not an http(s) address',
  HUB126: 'bad command paper number',
  HUB127: 'bad House of Commons paper number',
  HUB128: 'session not YYYY-YY with consecutive years',
  HUB129: 'HC number without a session',
  HUB130: 'session without an HC number (warning)',
  HUB131: 'site-root not an address from the site root',
  // The collection (check)
  HUB201: 'duplicate slug',
  HUB202: 'duplicate title (warning)',
  HUB203: 'related paper missing',
  HUB204: 'link to a missing paper',
  HUB205: 'link to a missing heading (warning: packs link to the start of the paper)',
  HUB206: 'image missing',
  HUB207: 'image without alt text',
  HUB208: 'image outside publications/ (symbolic links followed)',
  HUB209: 'image type not supported',
  HUB210: 'heading skips a level (warning)',
  HUB211: 'remote image (warning)',
  // issue 10: hostile structure
  HUB212: 'lists or blockquotes nested too deep (warning; capped, text kept)',
  HUB213: 'PDF: nesting deeper than the page can indent (warning; text kept)',
  HUB214: 'PDF: table too wide or too tall, set as stacked records (warning)',
  // issue 11: raw HTML as structure, extra table cells
  HUB220: 'raw HTML kept as plain text (warning)',
  HUB221: 'raw HTML cleaned by the allowlist (warning)',
  HUB222: 'table row with more cells than its header: kept, table widened (warning)',
  HUB223: 'raw <img> with no alt attribute: shown as decorative (warning)',
  // Jekyll and kramdown syntax (check; issue 11)
  HUB230: 'Liquid template tags, left out of packs (warning, once per paper)',
  HUB231: 'kramdown heading without a space in a CommonMark hub (warning)',
  HUB232: 'kramdown attribute list in a CommonMark hub (warning)',
  HUB233: 'kramdown abbreviation definition in a CommonMark hub (warning)',
  HUB234: "kramdown classes and table-of-contents markers left to the pack's own styles (info, once per paper)",
  HUB235: 'kramdown attribute list with no block, or an id on a span (warning)',
  HUB236: 'kramdown extension hub does not read, left out (warning)',
  HUB240: 'link a pack can keep only as text: a refused scheme or a file that is not a paper (warning)',
  // Pack manifests (check)
  HUB401: 'manifest: unknown slug',
  HUB402: 'manifest: slug listed twice',
  // The hub config: publishing furniture (issue 15)
  HUB510: 'logo file missing',
  HUB511: 'logo outside the hub',
  HUB512: 'logo not PNG, JPEG or SVG',
  HUB513: 'logo without logo-alt',
  // The HTML pack (render)
  HTML001: 'remote image not fetched',
  HTML002: 'link target not allowed',
  HTML003: 'raw HTML cleaned (retired: validate reports it as HUB221)',
  HTML004: 'image unreadable (error)',
  HTML005: 'image type unsupported',
  HTML006: 'in-pack link to nothing',
  HTML007: 'image without alt text',
  HTML008: 'unsupported Markdown extension (text kept)',
  // The PDF pack (render)
  PDF001: 'characters the fonts lack (shown as □)',
  PDF002: 'right-to-left text',
  PDF003: 'image unreadable or not drawable',
  PDF004: 'remote image not fetched',
  PDF005: 'raw HTML kept as text',
  PDF006: 'link with no target in the pack',
  PDF007: 'unsupported Markdown extension (text kept)',
  PDF008: 'image inside a link or emphasis',
} as const;

export type Code = keyof typeof CODE_REGISTRY;

const STAGES: readonly { prefix: RegExp; title: string }[] = [
  { prefix: /^HUB0/, title: 'reading the file' },
  { prefix: /^HUB1/, title: 'fields' },
  { prefix: /^HUB2/, title: 'the collection' },
  { prefix: /^HUB4/, title: 'pack manifests' },
  { prefix: /^HUB5/, title: 'the hub' },
  { prefix: /^HTML/, title: 'HTML pack' },
  { prefix: /^PDF/, title: 'PDF pack' },
  { prefix: /^EPUB/, title: 'EPUB pack' },
  { prefix: /^PRV/, title: 'preview' },
];

/** The README's code table: one row per code, with the stage that gives it. */
export function codesMarkdownTable(): string {
  const rows = ['| code | stage | problem |', '| --- | --- | --- |'];
  for (const [code, meaning] of Object.entries(CODE_REGISTRY)) {
    const stage = STAGES.find(({ prefix }) => prefix.test(code))?.title ?? '';
    rows.push(`| \`${code}\` | ${stage} | ${meaning} |`);
  }
  return rows.join('\n');
}
