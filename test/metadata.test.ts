// Publication metadata and publishing furniture: each rule with a fixture, through the real
// `hub validate --json` (positions included), and the same fields in `hub schema`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHub, paper, PROJECT, runHub } from './helpers/hub.js';

interface Reported {
  code: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  field?: string;
  message: string;
  hint?: string;
}

function validate(files: Record<string, string | Buffer>): Reported[] {
  const run = runHub(['validate', '--json', '--dir', makeHub(files)]);
  return (JSON.parse(run.stdout) as { diagnostics: Reported[] }).diagnostics;
}

function paperProblems(fields: Record<string, string>): Reported[] {
  return validate({ 'publications/a-paper.md': paper(fields) });
}

// The sample hub's own logo: a real PNG, as a hub would keep one.
const PNG_LOGO = readFileSync(join(PROJECT, 'publications/images/hub-logo.png'));

describe('paper metadata', () => {
  it.each(['CP 123', 'Cm 7894', 'Cm. 7894', 'Cmnd. 9703', 'Cmd. 6404', 'Cd. 4499', 'C. 1234', 'Cm 5860-II'])('accepts the command paper number %j', (number) => {
    expect(paperProblems({ 'command-paper': JSON.stringify(number) })).toEqual([]);
  });

  it.each(['7894', 'Command 7894', 'CM 7894', 'Cm', 'HC 312'])('rejects the command paper number %j, naming the prefixes', (number) => {
    const [problem, ...rest] = paperProblems({ 'command-paper': JSON.stringify(number) });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'HUB126', severity: 'error', field: 'command-paper', line: 8, column: 16 });
    expect(problem!.hint).toContain('CP, Cm, Cmnd., Cmd., Cd. or C.');
  });

  it('takes an HC number with its session', () => {
    expect(paperProblems({ 'hc-number': '"312"', session: '2009-10' })).toEqual([]);
    expect(paperProblems({ 'hc-number': '"312-II"', session: '1999-00' })).toEqual([]);
  });

  it('refuses an HC number without a session, with a hint', () => {
    expect(paperProblems({ 'hc-number': '"312"' })).toEqual([expect.objectContaining({
      code: 'HUB129', severity: 'error', field: 'hc-number', line: 8, hint: 'Add `session: 2009-10` (the session printed on the cover, YYYY-YY).',
    })]);
  });

  it.each(['2009-11', '2009/10', '2009-2010', '09-10', '2009-09'])('refuses the session %j: two consecutive years, YYYY-YY', (session) => {
    const problems = paperProblems({ 'hc-number': '"312"', session });
    expect(problems.map((problem) => problem.code)).toEqual(['HUB128']);
    expect(problems[0]).toMatchObject({ field: 'session', line: 9 });
    expect(problems[0]!.hint).toContain('2009-10');
  });

  it('refuses a bad HC number, and warns of a session with no HC number', () => {
    expect(paperProblems({ 'hc-number': 'HC312', session: '2009-10' }).map((problem) => problem.code)).toEqual(['HUB127']);
    expect(paperProblems({ session: '2009-10' })).toEqual([expect.objectContaining({ code: 'HUB130', severity: 'warning', field: 'session' })]);
  });

  it('takes http(s) addresses for url and nothing else', () => {
    expect(paperProblems({ url: 'https://www.gov.uk/government/publications/the-hub-strategy' })).toEqual([]);
    for (const url of ['ftp://example.org/x', 'www.gov.uk/x', '"javascript:alert(1)"', '"https://exa mple.org"']) {
      expect(paperProblems({ url }).map((problem) => [problem.code, problem.field])).toEqual([['HUB125', 'url']]);
    }
  });

  it('takes a licence hub knows, suggesting the nearest for a typo', () => {
    expect(paperProblems({ licence: 'CC-BY-4.0', copyright: '"© Crown copyright 2009"', publisher: 'Cabinet Office' })).toEqual([]);
    const [problem] = paperProblems({ licence: 'OGL-UK-3' });
    expect(problem).toMatchObject({ code: 'HUB104', field: 'licence', hint: 'Did you mean OGL-UK-3.0?' });
  });
});

describe('hub config: publishing furniture', () => {
  const config = (text: string, extra: Record<string, string | Buffer> = {}): Reported[] =>
    validate({ 'hub.config.yaml': text, 'publications/a-paper.md': paper(), ...extra });

  it('takes a full imprint', () => {
    const text = [
      'publisher: Whitehall Innovation Hub', 'place: London', 'logo: publications/images/logo.png', 'logo-alt: Whitehall Innovation Hub',
      'licence: OGL-UK-3.0', 'copyright: © Crown copyright 2010', 'contact: hub@example.gov.uk', 'accessibility-statement: https://example.gov.uk/accessibility',
    ].join('\n');
    expect(config(`${text}\n`, { 'publications/images/logo.png': PNG_LOGO })).toEqual([]);
  });

  it('refuses a logo that is missing, outside the hub, of another type or without alt text', () => {
    expect(config('logo: images/none.png\nlogo-alt: Hub\n')).toEqual([expect.objectContaining({ code: 'HUB510', file: expect.stringMatching(/hub\.config\.yaml$/), line: 1, column: 7, field: 'logo' })]);
    expect(config('logo: ../logo.png\nlogo-alt: Hub\n').map((problem) => problem.code)).toEqual(['HUB511']);
    expect(config('logo: logo.gif\nlogo-alt: Hub\n', { 'logo.gif': 'GIF89a' }).map((problem) => problem.code)).toEqual(['HUB512']);
    expect(config('logo: logo.png\n', { 'logo.png': PNG_LOGO })).toEqual([expect.objectContaining({ code: 'HUB513', hint: expect.stringContaining('logo-alt:') })]);
  });

  it('refuses a licence hub does not know', () => {
    expect(config('licence: Crown Copyright\n').map((problem) => [problem.code, problem.field])).toEqual([['HUB104', 'licence']]);
  });
});

describe('hub schema', () => {
  it('describes the new fields, with the licences as a closed list', () => {
    const schema = JSON.parse(runHub(['schema']).stdout) as { properties: Record<string, { enum?: string[]; description: string }> };
    for (const field of ['publisher', 'url', 'licence', 'copyright', 'command-paper', 'hc-number', 'session']) expect(schema.properties[field]).toBeDefined();
    expect(schema.properties.licence!.enum).toContain('OGL-UK-3.0');
  });
});
