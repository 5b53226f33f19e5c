import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Many tests run bin/hub or Chromium as real subprocesses.
    testTimeout: 60_000,
    // Listing caches made by tests go to a throwaway folder, never the user's ~/.cache.
    env: { HUB_CACHE_DIR: join(tmpdir(), `hub-test-cache-${process.pid}`) },
    hookTimeout: 60_000,
  },
});
