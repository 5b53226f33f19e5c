// Writing a file atomically (src/io/write.ts): a refusal of the disk is the user's to act on and
// says so; anything else thrown while the file is made is hub's bug, and is not called a write
// failure. Either way nothing is left behind.

import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteError, writeAtomic } from '../src/io/write.js';

describe('writeAtomic', () => {
  it('calls a refusal of the disk a write error, in a sentence naming the file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hub-write-'));
    writeFileSync(join(folder, 'file'), 'a file, not a folder');
    const failed = await writeAtomic(join(folder, 'file', 'pack.html'), async (out) => void out.end('x')).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(WriteError);
    expect((failed as Error).message).toBe(`Could not write ${join(folder, 'file', 'pack.html')}: part of the path is a file, not a folder.`);
  });

  it('passes a bug in what makes the file on as one, with the file named and the error as its cause, leaving nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hub-write-'));
    const path = join(folder, 'out', 'pack.pdf');
    const bug = new RangeError('Maximum call stack size exceeded');
    const failed = await writeAtomic(path, async (out) => {
      out.write('half a pack');
      throw bug;
    }).catch((error: unknown) => error);
    expect(failed).not.toBeInstanceOf(WriteError);
    expect((failed as Error).message).toBe(`hub failed while making ${path}`);
    expect((failed as Error).cause).toBe(bug);
    expect(readdirSync(folder)).toEqual([]); // no temporary file, and the folder it made is gone
  });
});
