import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Many tests run bin/hub or Chromium as real subprocesses.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
