// Pack manifests judged: a manifest the loader read, checked against the manifest fields.
// (Its slugs are checked against the papers by validate.)

import { displayPath, manifestPath, readYamlFile, TOP } from '../load/load.js';
import type { Diagnostic, Hub, PackManifest, Position } from '../model.js';
import { checkFields, type RecordSource } from './fields.js';
import { MANIFEST_FIELDS } from './schema.js';

export interface LoadedManifest {
  manifest?: PackManifest;
  /** Position of each listed slug, for "unknown slug" diagnostics. */
  positions: ReadonlyMap<string, Position>;
  diagnostics: Diagnostic[];
}

/** Read and check a pack manifest (its slugs are checked against the papers by validate). */
export async function loadManifest(hub: Hub, name: string): Promise<LoadedManifest> {
  const path = manifestPath(hub, name);
  const { result, diagnostics } = await readYamlFile(path);
  if (!result || result.problems.length > 0) return { positions: new Map(), diagnostics };
  const source: RecordSource = { file: displayPath(path), positions: result.positions, fallback: TOP };
  const check = checkFields(MANIFEST_FIELDS, result.data, { types: [], tags: [] }, source, (spec) => spec.required === 'always');
  diagnostics.push(...check.diagnostics);
  const title = check.values.get('title') as string | undefined;
  const slugs = check.values.get('pieces') as string[] | undefined;
  if (title === undefined || slugs === undefined) return { positions: result.positions, diagnostics };
  const subtitle = check.values.get('subtitle') as string | undefined;
  const introduction = check.values.get('introduction') as string | undefined;
  const manifest: PackManifest = { name, path, title, slugs, ...(subtitle ? { subtitle } : {}), ...(introduction ? { introduction } : {}) };
  return { manifest, positions: result.positions, diagnostics };
}

