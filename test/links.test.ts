import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageTarget, indexBody, linkTarget } from '../src/markdown/links.js';
import { lexMarkdown } from '../src/markdown/lex.js';

/** A hub at /hub with no site root: links and images are read from the paper's folder. */
const ROOTS = { publicationsDir: '/hub/publications' };

describe('indexBody', () => {
  it('finds links, images and headings at their line and column, however deeply nested', () => {
    const body = [
      '## First',                                  // 10
      '',
      '- item with [a list link](a.md)',           // 12
      '  - nested ![an image](i.png)',             // 13
      '',
      '> quoted [b](b.md)',                        // 15
      '> > deeper [c](c.md)',                      // 16
      '',
      '| col |',                                   // 18
      '| --- |',
      '| [d](d.md) |',                             // 20
      '',
      'Text.[^1] [a list link](a.md) again.',     // 22
      '',
      '[^1]: A note with [e](e.md).',              // 24
      '',
      '### Second',                                // 26
    ].join('\n');
    const index = indexBody(lexMarkdown(body, 'commonmark'), body, 10, 'commonmark');
    const at = (list: { href?: string; text?: string; line: number; column: number }[]) => list.map((found) => `${found.href ?? found.text}@${found.line}:${found.column}`);
    expect(at(index.links)).toEqual(['a.md@12:13', 'b.md@15:10', 'c.md@16:12', 'd.md@20:3', 'a.md@22:11', 'e.md@24:19']);
    expect(at(index.images)).toEqual(['i.png@13:12']);
    expect(at(index.headings)).toEqual(['First@10:1', 'Second@26:1']);
    expect(index.headings.map((heading) => heading.slug)).toEqual(['first', 'second']);
  });
});

describe('link and image targets', () => {
  it('tells papers, fragments, external links and other files apart', () => {
    expect(linkTarget('https://www.gov.uk/', '/hub/publications/a.md', ROOTS)).toEqual({ kind: 'external', url: 'https://www.gov.uk/' });
    expect(linkTarget('mailto:hub@example.org', '/hub/publications/a.md', ROOTS)).toEqual({ kind: 'external', url: 'mailto:hub@example.org' });
    for (const refused of ['javascript:alert(1)', 'javascript&#58;alert(1)', '&#x6A;avascript:x', 'data:text/html,x', 'file:///etc/passwd', '//evil.example/x']) {
      expect(linkTarget(refused, '/hub/publications/a.md', ROOTS), refused).toEqual({ kind: 'refused' });
    }
    expect(linkTarget('#aims', '/hub/publications/a.md', ROOTS)).toEqual({ kind: 'fragment', fragment: 'aims' });
    expect(linkTarget('b.md#our%20aims', '/hub/publications/a.md', ROOTS)).toEqual({ kind: 'paper', path: '/hub/publications/b.md', fragment: 'our aims' });
    expect(linkTarget('../data/x.csv', '/hub/publications/a.md', ROOTS)).toEqual({ kind: 'file', path: '/hub/data/x.csv' });
  });

  it('keeps images inside the hub folder', () => {
    expect(imageTarget('images/x.png', '/hub/publications/a.md', { publicationsDir: '/hub' })).toEqual({ kind: 'local', path: '/hub/publications/images/x.png' });
    expect(imageTarget('../../etc/passwd.png', '/hub/publications/a.md', { publicationsDir: '/hub' })).toEqual({ kind: 'outside', path: '/etc/passwd.png' });
    expect(imageTarget('/etc/x.png', '/hub/publications/a.md', { publicationsDir: '/hub' })).toEqual({ kind: 'outside', path: '/etc/x.png' });
    expect(imageTarget('https://example.org/x.png', '/hub/publications/a.md', { publicationsDir: '/hub' })).toEqual({ kind: 'remote' });
    expect(imageTarget('data:image/png;base64,AAAA', '/hub/publications/a.md', { publicationsDir: '/hub' })).toEqual({ kind: 'unsupported' });
  });

  it('reads a link or image from a site root (site-root) as a page or file of publications/', () => {
    const hub = mkdtempSync(join(tmpdir(), 'hub-site-root-'));
    const publications = join(hub, 'publications');
    mkdirSync(join(publications, 'agile'), { recursive: true });
    writeFileSync(join(publications, 'agile', 'index.md'), '');
    writeFileSync(join(publications, 'phases.md'), '');
    const site = { publicationsDir: publications, siteRoot: '/service-manual/' };
    const from = join(publications, 'agile', 'a.md');
    expect(linkTarget('/service-manual/agile/writing-user-stories.html#method', from, site)).toEqual({ kind: 'paper', path: join(publications, 'agile/writing-user-stories.md'), fragment: 'method' });
    expect(linkTarget('/service-manual/agile/', from, site)).toEqual({ kind: 'paper', path: join(publications, 'agile/index.md') });
    // A page without an extension: its paper, or its folder's index when only that is there.
    expect(linkTarget('/service-manual/agile', from, site)).toEqual({ kind: 'paper', path: join(publications, 'agile/index.md') });
    expect(linkTarget('/service-manual/phases', from, site)).toEqual({ kind: 'paper', path: join(publications, 'phases.md') });
    expect(linkTarget('/service-manual', from, site)).toEqual({ kind: 'paper', path: join(publications, 'index.md') });
    expect(linkTarget('/service-manual/assets/form.pdf', from, site)).toEqual({ kind: 'file', path: join(publications, 'assets/form.pdf') });
    // Outside the site root, or with no site root: a path on the disk, as before.
    expect(linkTarget('/government/publications/x', from, site)).toEqual({ kind: 'file', path: '/government/publications/x' });
    expect(linkTarget('/service-manual/agile/', from, { publicationsDir: publications })).toEqual({ kind: 'file', path: '/service-manual/agile' });
    expect(imageTarget('/service-manual/assets/images/retro.jpg', from, site)).toEqual({ kind: 'local', path: join(realpathSync(publications), 'assets/images/retro.jpg') });
    expect(imageTarget('/service-manual/../../x.png', from, site).kind).toBe('outside');
    expect(imageTarget('/service-manual/assets/images/retro.jpg', from, { publicationsDir: publications }).kind).toBe('outside');
  });
});
