// `bin/hub preview` as a real subprocess, as an author runs it: started, read line by line,
// stopped with Ctrl-C (SIGINT). Also what the preview tests check around it: raw HTTP
// requests (paths sent exactly as written, any Host header) and a fingerprint of a hub's files.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, lstatSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { basename, dirname, join, relative } from 'node:path';
import { HUB_BIN, PROJECT } from './hub.js';

export interface RunningPreview {
  url: string;
  port: number;
  /** stdout lines so far. */
  lines: string[];
  stderr(): string;
  /** Resolves with the first stdout line (already printed or to come) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Send SIGINT (Ctrl-C) and resolve with the exit code. */
  interrupt(): Promise<number | null>;
  exited: Promise<number | null>;
  child: ChildProcess;
}

/** Start `hub preview --dir root args…` with stdin not a terminal; resolves once it prints its URL. */
export async function startPreview(root: string, args: string[] = ['--port', '0'], timeoutMs = 120_000): Promise<RunningPreview> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.HUB_DIR;
  const child = spawn(process.execPath, [HUB_BIN, 'preview', '--dir', root, ...args], { cwd: PROJECT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const line of complete) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const waitForLine = (pattern: RegExp, timeout = 30_000): Promise<string> => {
    const seen = lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeout} ms; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`)), timeout);
      waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void exited.then((code) => reject(new Error(`hub preview exited (${code}) before printing ${pattern}; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`)));
    });
  };
  const first = await waitForLine(/http:\/\/\S+/, timeoutMs);
  const url = /http:\/\/\S+/.exec(first)![0];
  return {
    url,
    port: Number(new URL(url).port),
    lines,
    stderr: () => stderr,
    waitForLine,
    interrupt: () => {
      child.kill('SIGINT');
      return exited;
    },
    exited,
    child,
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET `path` exactly as given (no URL normalisation), with any Host header. */
export function rawGet(port: number, path: string, host = `127.0.0.1:${port}`): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Every file and link under `root` with a hash of its bytes (or its link target): to prove nothing was written. */
export function fingerprint(root: string): Map<string, string> {
  const prints = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      const key = relative(root, path);
      if (stat.isSymbolicLink()) prints.set(key, `link → ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        prints.set(`${key}/`, 'folder');
        walk(path);
      } else prints.set(key, `${stat.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(root);
  return prints;
}

/** Save `file` as editors do: write a temporary file beside it, then rename it over the original. */
export function atomicSave(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
