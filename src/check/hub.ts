// The hub's own settings: hub.config.yaml read by the loader, judged here against the
// config fields, with defaults for whatever it leaves out.

import { basename, join, resolve } from 'node:path';
import { exists } from '../io/files.js';
import { CONFIG_FILE, displayPath, PUBLICATIONS_DIR, readYamlFile, TOP } from '../load/load.js';
import type { Format, Hub, HubConfig, PaperSize, SortKey } from '../model.js';
import { checkFields, type RecordSource } from './fields.js';
import { CONFIG_FIELDS, DEFAULT_LANG, DEFAULT_TYPES, type CheckContext } from './schema.js';

/** A hub with no name in its config is called after its folder: `northshire-policy-lab` → "Northshire Policy Lab". */
export function nameFromFolder(root: string): string {
  const words = basename(root).split(/[-_.\s]+/).filter(Boolean);
  return words.map((word) => word.charAt(0).toLocaleUpperCase('en-GB') + word.slice(1)).join(' ') || 'Policy Hub';
}

export const DEFAULT_CONFIG: Omit<HubConfig, 'name' | 'nameFrom'> = {
  types: [...DEFAULT_TYPES],
  tags: [],
  lang: DEFAULT_LANG,
  pack: { format: ['html'], includeDrafts: false, sort: 'date', paper: 'a4' },
};

/** Open the hub at `root`: read and check `hub.config.yaml` when there is one. */
export async function openHub(root: string): Promise<Hub> {
  const absoluteRoot = resolve(root);
  const hub: Hub = { root: absoluteRoot, publicationsDir: join(absoluteRoot, PUBLICATIONS_DIR), config: { ...DEFAULT_CONFIG, name: nameFromFolder(absoluteRoot), nameFrom: 'folder' }, configDiagnostics: [] };
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
    ...(text('name') ? { name: text('name')!, nameFrom: 'config' as const } : { name: hub.config.name, nameFrom: 'folder' as const }),
    types: list('types') ?? DEFAULT_CONFIG.types,
    tags: list('tags') ?? [],
    ...(text('default-author') ? { defaultAuthor: text('default-author')! } : {}),
    lang: text('lang') ?? DEFAULT_CONFIG.lang,
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

