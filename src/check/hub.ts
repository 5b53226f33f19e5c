// The hub's own settings: hub.config.yaml read by the loader, judged here against the
// config fields, with defaults for whatever it leaves out.

import { basename, join, resolve } from 'node:path';
import type { Code } from '../codes.js';
import { exists, isFile } from '../io/files.js';
import { LICENCES } from '../licences.js';
import { imageTarget, safeUrl } from '../markdown/links.js';
import { CONFIG_FILE, displayPath, PUBLICATIONS_DIR, readYamlFile, TOP } from '../load/load.js';
import type { DateFormat, Diagnostic, Format, Hub, HubConfig, Imprint, MarkdownDialect, PaperSize, SortKey } from '../model.js';
import { checkFields, diagnosticAt, type RecordSource } from './fields.js';
import { CONFIG_FIELDS, DEFAULT_LANG, DEFAULT_TYPES, type PaperContext } from './schema.js';

/** Problems in hub.config.yaml beyond single fields (issue 15: publishing furniture). */
export const HUB_CODES = {
  logoMissing: 'HUB510',
  logoOutside: 'HUB511',
  logoType: 'HUB512',
  logoWithoutAlt: 'HUB513',
} as const satisfies Record<string, Code>;

/** A hub with no name in its config is called after its folder: `northshire-policy-lab` → "Northshire Policy Lab". */
export function nameFromFolder(root: string): string {
  const words = basename(root).split(/[-_.\s]+/).filter(Boolean);
  return words.map((word) => word.charAt(0).toLocaleUpperCase('en-GB') + word.slice(1)).join(' ') || 'Policy Hub';
}

export const DEFAULT_CONFIG: Omit<HubConfig, 'name' | 'nameFrom' | 'imprint'> = {
  types: [...DEFAULT_TYPES],
  tags: [],
  lang: DEFAULT_LANG,
  dateFormat: 'long',
  markdown: 'commonmark',
  pack: { format: ['html'], includeDrafts: false, sort: 'date', paper: 'a4' },
};

/** The settings of a hub without hub.config.yaml: its name, from the folder, is also its publisher. */
function defaultConfig(name: string): HubConfig {
  return { ...DEFAULT_CONFIG, name, nameFrom: 'folder', imprint: { publisher: name } };
}

/** Open the hub at `root`: read and check `hub.config.yaml` when there is one. */
export async function openHub(root: string): Promise<Hub> {
  const absoluteRoot = resolve(root);
  const hub: Hub = { root: absoluteRoot, publicationsDir: join(absoluteRoot, PUBLICATIONS_DIR), config: defaultConfig(nameFromFolder(absoluteRoot)), configDiagnostics: [] };
  const configPath = join(absoluteRoot, CONFIG_FILE);
  if (!exists(configPath)) return hub;
  const { result, diagnostics } = await readYamlFile(configPath);
  hub.configDiagnostics = diagnostics;
  if (!result || result.problems.length > 0) return hub;
  const source: RecordSource = { file: displayPath(configPath), positions: result.positions, fallback: TOP };
  const check = checkFields(CONFIG_FIELDS, result.data, { types: [], tags: [] }, source, () => false);
  hub.configDiagnostics.push(...check.diagnostics);
  const text = (key: string): string | undefined => check.values.get(key) as string | undefined;
  const list = (key: string): string[] | undefined => check.values.get(key) as string[] | undefined;
  const name = text('name') ?? hub.config.name;
  const logo = checkLogo(text('logo'), text('logo-alt'), name, absoluteRoot, source);
  hub.configDiagnostics.push(...logo.diagnostics);
  const imprint: Imprint = { publisher: text('publisher') ?? name };
  const licence = text('licence');
  const statement = text('accessibility-statement');
  const extras: Partial<Imprint> = {
    place: text('place'),
    logo: logo.logo,
    licence: licence ? LICENCES[licence] : undefined,
    copyright: text('copyright'),
    contact: text('contact'),
    accessibilityStatement: statement === undefined ? undefined : { text: statement, ...(isWebAddress(statement) ? { url: statement } : {}) },
  };
  for (const [key, value] of Object.entries(extras)) if (value !== undefined) (imprint as unknown as Record<string, unknown>)[key] = value;
  hub.config = {
    name,
    nameFrom: text('name') ? 'config' : 'folder',
    types: list('types') ?? DEFAULT_CONFIG.types,
    tags: list('tags') ?? [],
    ...(text('default-author') ? { defaultAuthor: text('default-author')! } : {}),
    ...(text('a11y:certifiedBy') ? { accessibilityCertifiedBy: text('a11y:certifiedBy')! } : {}),
    lang: text('lang') ?? DEFAULT_CONFIG.lang,
    dateFormat: (text('date-format') as DateFormat | undefined) ?? DEFAULT_CONFIG.dateFormat,
    markdown: (text('markdown') as MarkdownDialect | undefined) ?? DEFAULT_CONFIG.markdown,
    ...(text('site-root') !== undefined ? { siteRoot: text('site-root')!.replace(/\/?$/, '/') } : {}),
    pack: {
      format: (list('format') as Format[] | undefined) ?? DEFAULT_CONFIG.pack.format,
      sort: (text('sort') as SortKey | undefined) ?? DEFAULT_CONFIG.pack.sort,
      includeDrafts: text('include-drafts') === 'true',
      paper: (text('paper') as PaperSize | undefined) ?? DEFAULT_CONFIG.pack.paper,
    },
    imprint,
  };
  return hub;
}

/** The logo file types a cover can show. */
const LOGO_TYPES = /\.(png|jpe?g|svg)$/i;

/** The logo must be an image file under the hub, of a type both packs draw, with alt text. */
function checkLogo(path: string | undefined, alt: string | undefined, hubName: string, root: string, source: RecordSource): { logo?: Imprint['logo']; diagnostics: Diagnostic[] } {
  if (path === undefined) return { diagnostics: [] };
  const fail = (code: Code, message: string, hint: string): { diagnostics: Diagnostic[] } => ({ diagnostics: [diagnosticAt(source, 'logo', 'error', { code, message, hint })] });
  // The logo is named from the hub's root, as if by a file there.
  const target = imageTarget(path, join(root, CONFIG_FILE), { publicationsDir: root });
  if (target.kind !== 'local') return fail(HUB_CODES.logoOutside, `the logo ${JSON.stringify(path)} is not a file inside the hub`, 'Put the logo in the hub (e.g. publications/images/logo.png) and give its path from the hub folder.');
  if (!LOGO_TYPES.test(target.path)) return fail(HUB_CODES.logoType, `the logo ${JSON.stringify(path)} is not a PNG, JPEG or SVG file`, 'Save the logo as PNG or SVG.');
  if (!isFile(target.path)) return fail(HUB_CODES.logoMissing, `the logo ${JSON.stringify(path)} does not exist`, 'Check the path: it is read from the hub folder, e.g. publications/images/logo.png.');
  if (alt === undefined) return fail(HUB_CODES.logoWithoutAlt, 'the logo has no alt text', `Add \`logo-alt: ${hubName}\` (what the logo says, for people who cannot see it).`);
  return { logo: { path: target.path, alt }, diagnostics: [] };
}

function isWebAddress(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text) && safeUrl(text) !== undefined;
}

export function checkContext(hub: Hub): PaperContext {
  return { types: hub.config.types, tags: hub.config.tags, publicationsDir: hub.publicationsDir };
}

