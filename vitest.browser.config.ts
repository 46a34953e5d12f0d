import { defineConfig } from 'vitest/config';

/**
 * The browser suite (test/e2e): Debian's Chromium through playwright-core, against a stub API and
 * against a real `feedbridge serve`. Kept out of `npm test` (it needs /usr/bin/chromium);
 * `npm run test:browser` runs it, and .ci/run installs Chromium for it.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
