// hub's own version, from package.json (shown by --version, written into packs as their
// generator). Kept apart from the build stamp so that `hub --version` loads nothing else.

import { readFileSync } from 'node:fs';

export function hubVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
