// The HTML pack through the Nu Html Checker (npm vnu-jar, run with the system Java).
// Skipped with a notice when Java is missing, unless HUB_REQUIRE_BROWSER=1.

import { describe, expect, it, vi } from 'vitest';
import { checkWithNu, javaAvailable, shouldRun } from '../helpers/browser.js';
import { exportSamplePack, writeFixturePack } from './sample-pack.js';

// vnu's advisory CSP check neither computes style hashes nor honours `img-src data:`, so it
// flags the pack's (intended) inline stylesheet and data: images. Chromium enforces the real
// policy, and test/browser/html-pack.test.ts proves both load there without a CSP report.
const CSP_ADVISORY = /violates Content Security Policy \(meta tag\): (blocked by “style-src”|image “data:image\/)/;

describe.skipIf(!shouldRun('Java (for the Nu Html Checker)', javaAvailable))('HTML pack in the Nu Html Checker', () => {
  it.each([
    ['the sample pack exported by `hub export`', exportSamplePack],
    ['the fixture pack with the attack paper', writeFixturePack],
  ])('%s has no errors and no warnings', (_, make) => {
    const messages = checkWithNu(make().file);
    const errors = messages.filter((message) => message.type !== 'info');
    const warnings = messages.filter((message) => message.type === 'info' && !CSP_ADVISORY.test(message.message));
    expect(errors.map((message) => `${message.lastLine}: ${message.message}`)).toEqual([]);
    expect(warnings.map((message) => `${message.lastLine}: ${message.message}`)).toEqual([]);
  }, 120_000);
});

describe('the skip rule for missing tools', () => {
  it('skips with a visible notice, or runs (and so fails) when HUB_REQUIRE_BROWSER=1', () => {
    const saved = process.env.HUB_REQUIRE_BROWSER;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      delete process.env.HUB_REQUIRE_BROWSER;
      expect(shouldRun('Tool', true)).toBe(true);
      expect(shouldRun('Tool', false)).toBe(false);
      expect(warn).toHaveBeenCalledExactlyOnceWith(expect.stringContaining('NOTICE: Tool not found — these tests are SKIPPED'));
      process.env.HUB_REQUIRE_BROWSER = '1';
      expect(shouldRun('Tool', false)).toBe(true);
    } finally {
      warn.mockRestore();
      if (saved === undefined) delete process.env.HUB_REQUIRE_BROWSER;
      else process.env.HUB_REQUIRE_BROWSER = saved;
    }
  });
});
