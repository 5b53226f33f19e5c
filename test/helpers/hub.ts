// Run the real bin/hub as a subprocess, and make throwaway hubs to run it on.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HUB_BIN = join(PROJECT, 'bin', 'hub');

/** Listing caches of this test run stay out of the user's ~/.cache. */
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'hub-cache-'));

export interface HubRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `bin/hub args…` with no terminal attached and colour off unless asked. */
export function runHub(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): HubRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, HUB_DIR: undefined, HUB_CACHE_DIR: CACHE_DIR, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [HUB_BIN, ...args], { cwd: options.cwd ?? PROJECT, env: env as NodeJS.ProcessEnv, input: options.input ?? '', encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A minimal valid paper's front matter, with overrides; `null` drops a field. */
export function paper(fields: Record<string, string | null> = {}, body = '## Introduction\n\nText.\n'): string {
  const defaults: Record<string, string | null> = {
    title: 'A Paper',
    type: 'paper',
    authors: '[Siân Llewellyn]',
    date: '2009-03-14',
    status: 'published',
    summary: 'A short summary.',
  };
  const lines = Object.entries({ ...defaults, ...fields }).filter(([, value]) => value !== null).map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}`;
}

/** Make a hub in a temporary folder: `files` maps paths (relative to the hub root) to contents. */
export function makeHub(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'hub-test-'));
  mkdirSync(join(root, 'publications'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
