import { defineConfig } from 'vitest/config';

/**
 * The browser suite (test/e2e): Debian's Chromium through playwright-core. Kept out of `npm test`
 * until it runs against `feedbridge serve` (phase B); `npm run test:browser` runs it.
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
