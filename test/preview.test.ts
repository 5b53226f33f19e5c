// `hub preview` as a server, driven over raw HTTP: what it serves, what it refuses, its
// ports, Ctrl-C, and that it never writes anything. The page itself is tested in Chromium
// (test/browser/preview.test.ts).

import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, paper, PROJECT, runHub } from './helpers/hub.js';
import { atomicSave, fingerprint, rawGet, startPreview, type RunningPreview } from './helpers/preview.js';

/** A copy of the bundled hub. */
function bundledCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'hub-preview-'));
  cpSync(join(PROJECT, 'publications'), join(root, 'publications'), { recursive: true });
  if (existsSync(join(PROJECT, 'hub.config.yaml'))) cpSync(join(PROJECT, 'hub.config.yaml'), join(root, 'hub.config.yaml'));
  return root;
}

function occupy(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

describe('hub preview: what the server answers', () => {
  let root: string;
  let before: Map<string, string>;
  let preview: RunningPreview;

  beforeAll(async () => {
    root = bundledCopy();
    symlinkSync('/etc/passwd', join(root, 'publications', 'images', 'passwd'));
    symlinkSync(join(root, 'hub.config.yaml'), join(root, 'publications', 'images', 'config.png'));
    before = fingerprint(root);
    preview = await startPreview(root);
  }, 120_000);

  afterAll(async () => {
    if (preview && preview.child.exitCode === null) await preview.interrupt();
  });

  it('prints the URL on 127.0.0.1 first, then one line for the build', async () => {
    expect(preview.lines[0]).toMatch(/^Previewing .* at http:\/\/127\.0\.0\.1:\d+\/ /);
    expect(await preview.waitForLine(/^Built /)).toMatch(/^Built 7 pieces in \d+ ms; \d+ problems?$/);
  });

  it('serves the pack at / with the export CSP plus one hashed script and connect-src self', async () => {
    const response = await rawGet(preview.port, '/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.body.toString('utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; img-src data:; base-uri 'none'; form-action 'none'; script-src 'sha256-[^']+'; connect-src 'self'$/);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    // The script's hash is the one the policy allows.
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const { createHash } = await import('node:crypto');
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html.match(/<article class="piece"/g)).toHaveLength(7); // drafts included by default
  });

  it('serves /pack.pdf as a PDF of the same pieces', async () => {
    const response = await rawGet(preview.port, '/pack.pdf');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pdfPageTexts } = await import('./helpers/browser.js');
    const text = (await pdfPageTexts(new Uint8Array(response.body))).join(' ');
    expect(text).toContain('What Place-Based Innovation Asks of Whitehall'); // a draft
    // Cached: the same bytes until something changes.
    expect((await rawGet(preview.port, '/pack.pdf')).body.equals(response.body)).toBe(true);
  }, 60_000);

  it.each([
    '/../hub.config.yaml',
    '/%2e%2e/hub.config.yaml',
    '/%2e%2e%2fhub.config.yaml',
    '/..%2fhub.config.yaml',
    '/pack.pdf/../hub.config.yaml',
    '/publications/the-hub-strategy.md',
    '/publications/images/innovation-cycle.png',
    '/publications/images/config.png',
    '/publications/images/passwd',
    '/images/passwd',
    '/images/config.png',
    '/etc/passwd',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    'http://127.0.0.1/etc/passwd',
    '/index.html',
    '/hub.config.yaml',
    '/?../../etc/passwd',
  ])('refuses %s with 404 and shows no file', async (path) => {
    const response = await rawGet(preview.port, path);
    if (path.startsWith('/?')) {
      // A query string on / is still the pack, never a file.
      expect(response.status).toBe(200);
      expect(response.body.toString('utf8')).not.toContain('root:x:0');
      return;
    }
    expect(response.status).toBe(404);
    const body = response.body.toString('utf8');
    expect(body).toBe('Not found\n');
  });

  it('refuses a foreign Host header (DNS rebinding) on every route', async () => {
    for (const path of ['/', '/pack.pdf', '/__hub/events']) {
      const response = await rawGet(preview.port, path, `evil.example:${preview.port}`);
      expect(response.status).toBe(403);
      expect(response.body.toString('utf8')).not.toContain('<html');
    }
    expect((await rawGet(preview.port, '/', `localhost:${preview.port}`)).status).toBe(200);
    expect((await rawGet(preview.port, '/', `127.0.0.1:${preview.port + 1}`)).status).toBe(403);
  });

  it('writes nothing under the hub and no exports/, and Ctrl-C exits 130 and frees the port', async () => {
    expect(await preview.interrupt()).toBe(130);
    expect(fingerprint(root)).toEqual(before);
    expect(existsSync(join(root, 'exports'))).toBe(false);
    const again = await occupy(preview.port);
    expect(again).toBeDefined();
    await close(again);
  });
});

describe('hub preview: ports, hosts and bad input', () => {
  it('takes the first free port from 4000', async () => {
    const held = await occupy(4000);
    const root = makeHub({ 'publications/a.md': paper() });
    const preview = await startPreview(root, []);
    try {
      expect(preview.port).toBeGreaterThan(4000);
      for (let port = 4000; port < preview.port; port++) {
        const probe = await occupy(port);
        expect(probe, `port ${port} is free, yet preview took ${preview.port}`).toBeUndefined();
      }
    } finally {
      expect(await preview.interrupt()).toBe(130);
      await close(held);
    }
  });

  it('exits 2 when the port given is in use', async () => {
    const held = await occupy(0);
    const address = held!.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const root = makeHub({ 'publications/a.md': paper() });
    const run = runHub(['preview', '--dir', root, '--port', String(port)]);
    await close(held);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`hub: port ${port} on 127.0.0.1 is in use`);
  });

  it('exits 2 on a bad port', () => {
    const root = makeHub({ 'publications/a.md': paper() });
    for (const port of ['http', '70000', '-1']) {
      const run = runHub(['preview', '--dir', root, '--port', port]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--port');
    }
  });

  it('warns when --host opens it beyond this machine', async () => {
    const root = makeHub({ 'publications/a.md': paper() });
    const preview = await startPreview(root, ['--port', '0', '--host', '0.0.0.0']);
    expect(await preview.interrupt()).toBe(130);
    expect(preview.stderr()).toMatch(/warning: .*0\.0\.0\.0.*other machines/i);
  });

  it('keeps serving when a paper has errors, and says so on the terminal', async () => {
    const root = makeHub({ 'publications/good.md': paper({ title: 'Good Paper' }), 'publications/bad.md': paper({ title: 'Bad Paper', date: '2010-02-30' }) });
    const preview = await startPreview(root);
    try {
      expect(await preview.waitForLine(/^Built /)).toMatch(/^Built 2 pieces in \d+ ms; 1 problem$/);
      expect(preview.stderr()).toContain('bad.md:5:7  error  HUB105  date');
      const html = (await rawGet(preview.port, '/')).body.toString('utf8');
      expect(html).toContain('Good Paper');
      expect(html).toContain('Bad Paper');
      expect(html).toContain('HUB105');
    } finally {
      expect(await preview.interrupt()).toBe(130);
    }
  });

  it('makes one rebuild of an editor\'s save, however many files it touches, and ignores its scratch files', async () => {
    const root = makeHub({ 'publications/a.md': paper({ title: 'First' }) });
    const preview = await startPreview(root);
    try {
      await preview.waitForLine(/^Built /);
      const file = join(root, 'publications', 'a.md');
      // Vim: a swap file, a test file 4913 made and removed, a backup, then the new text renamed into place.
      writeFileSync(join(root, 'publications', '.a.md.swp'), 'swap');
      writeFileSync(join(root, 'publications', '4913'), '');
      rmSync(join(root, 'publications', '4913'));
      writeFileSync(join(root, 'publications', 'a.md~'), paper({ title: 'First' }));
      atomicSave(file, paper({ title: 'Second' }));
      await preview.waitForLine(/^Rebuilt after a change to .*a\.md: read 1 paper, rendered 1 piece/);
      const rebuilds = (): number => preview.lines.filter((line) => line.startsWith('Rebuilt')).length;
      await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a second, which must not come
      expect(rebuilds()).toBe(1);
      // A burst of saves is coalesced: fewer rebuilds than saves, the last one showing the last text.
      const saves = ['Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth'];
      for (const title of saves) atomicSave(file, paper({ title }));
      const showsLast = async (): Promise<boolean> => (await rawGet(preview.port, '/')).body.toString('utf8').includes('<h2 id="a.title">Eighth</h2>');
      for (let waited = 0; !(await showsLast()) && waited < 30_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(rebuilds() - 1).toBeGreaterThan(0);
      expect(rebuilds() - 1).toBeLessThan(saves.length);
      expect(await showsLast()).toBe(true);
    } finally {
      expect(await preview.interrupt()).toBe(130);
    }
  });

  it('refuses a hub that is not there, and unknown slugs, with exit 2', () => {
    expect(runHub(['preview', '--dir', join(tmpdir(), 'no-such-hub-here')]).status).toBe(2);
    const root = makeHub({ 'publications/a.md': paper() });
    const run = runHub(['preview', '--dir', root, 'nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nope');
  });
});
