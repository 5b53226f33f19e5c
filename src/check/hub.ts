// The hub's own settings: hub.config.yaml read by the loader, judged here against the
// config fields, with defaults for whatever it leaves out.

import { join, resolve } from 'node:path';
import { exists } from '../io/files.js';
import { CONFIG_FILE, displayPath, PUBLICATIONS_DIR, readYamlFile, TOP } from '../load/load.js';
import type { DateFormat, Format, Hub, HubConfig, MarkdownDialect, PaperSize, SortKey } from '../model.js';
import { checkFields, type RecordSource } from './fields.js';
import { CONFIG_FIELDS, DEFAULT_HUB_NAME, DEFAULT_LANG, DEFAULT_TYPES, type CheckContext } from './schema.js';

export const DEFAULT_CONFIG: HubConfig = {
  name: DEFAULT_HUB_NAME,
  types: [...DEFAULT_TYPES],
  tags: [],
  lang: DEFAULT_LANG,
  dateFormat: 'long',
  markdown: 'commonmark',
  pack: { format: ['html'], includeDrafts: false, sort: 'date', paper: 'a4' },
};

/** Open the hub at `root`: read and check `hub.config.yaml` when there is one. */
export async function openHub(root: string): Promise<Hub> {
  const absoluteRoot = resolve(root);
  const hub: Hub = { root: absoluteRoot, publicationsDir: join(absoluteRoot, PUBLICATIONS_DIR), config: DEFAULT_CONFIG, configDiagnostics: [] };
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
  hub.config = {
    name: text('name') ?? DEFAULT_CONFIG.name,
    types: list('types') ?? DEFAULT_CONFIG.types,
    tags: list('tags') ?? [],
    ...(text('default-author') ? { defaultAuthor: text('default-author')! } : {}),
    ...(text('a11y:certifiedBy') ? { accessibilityCertifiedBy: text('a11y:certifiedBy')! } : {}),
    lang: text('lang') ?? DEFAULT_CONFIG.lang,
    dateFormat: (text('date-format') as DateFormat | undefined) ?? DEFAULT_CONFIG.dateFormat,
    markdown: (text('markdown') as MarkdownDialect | undefined) ?? DEFAULT_CONFIG.markdown,
    pack: {
      format: (list('format') as Format[] | undefined) ?? DEFAULT_CONFIG.pack.format,
      sort: (text('sort') as SortKey | undefined) ?? DEFAULT_CONFIG.pack.sort,
      includeDrafts: text('include-drafts') === 'true',
      paper: (text('paper') as PaperSize | undefined) ?? DEFAULT_CONFIG.pack.paper,
    },
  };
  return hub;
}

export function checkContext(hub: Hub): CheckContext {
  return { types: hub.config.types, tags: hub.config.tags };
}

