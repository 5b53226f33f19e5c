// hub validate: every problem in the papers, manifests and config, one line each.

import { resolve } from 'node:path';
import { exists } from '../../io/files.js';
import { suggest } from '../../check/schema.js';
import { colourFor } from '../colour.js';
import { CONFIG_FILE, paperFiles, slugOf } from '../../load/load.js';
import { applyStrict, countBySeverity, formatDiagnostic, summaryLine } from '../report.js';
import { validate as validateHub, validateSome } from '../../check/validate.js';
import { hubFrom, UsageError, type HubOptions } from '../options.js';

export interface ValidateOptions extends HubOptions {
  strict?: boolean;
  json?: boolean;
}

/** A paper given by path, or by slug as export takes them. */
function paperNamed(name: string, all: readonly string[], publicationsDir: string): string {
  const path = resolve(name);
  if (all.includes(path)) return path;
  const bySlug = all.find((file) => slugOf(file, publicationsDir) === name);
  if (bySlug) return bySlug;
  if (!exists(path)) {
    const near = suggest(name, all.map((file) => slugOf(file, publicationsDir)));
    throw new UsageError(`${name} does not exist${near ? `; did you mean ${near}?` : '.'} Name papers by path or by slug.`);
  }
  throw new UsageError(`${name} is not a paper of this hub (papers are .md files under publications/).`);
}

export async function validate(files: string[], options: ValidateOptions): Promise<number> {
  const hub = await hubFrom(options);
  const all = paperFiles(hub);
  const named = files.map((file) => paperNamed(file, all, hub.publicationsDir));
  // Named papers are checked against the whole hub, which is read only as far as their links need.
  const found = named.length > 0 ? (await validateSome(hub, named)).diagnostics : (await validateHub(hub, true)).diagnostics;
  const diagnostics = applyStrict(found, options.strict === true);
  const checked = named.length === 0 ? all.length : named.length;
  const { errors, warnings } = countBySeverity(diagnostics);
  if (options.json) {
    // The documented shape: where a problem is, as the user sees the path; not hub's own absolute paths.
    const shown = diagnostics.map(({ path: _path, ...shownFields }) => shownFields);
    process.stdout.write(`${JSON.stringify({ files: checked, errors, warnings, diagnostics: shown }, null, 2)}\n`);
  } else {
    const colour = await colourFor(process.stdout);
    for (const diagnostic of diagnostics) process.stdout.write(`${formatDiagnostic(diagnostic, colour)}\n`);
    process.stdout.write(`${summaryLine(diagnostics, checked, colour)}\n`);
  }
  if (hub.config.nameFrom === 'folder') {
    process.stderr.write(`note: packs call this hub "${hub.config.name}", after its folder; to name it, put \`name: ${hub.config.name}\` in ${CONFIG_FILE}.\n`);
  }
  return errors > 0 ? 1 : 0;
}
