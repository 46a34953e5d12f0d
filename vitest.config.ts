import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Minutes-long runs at real sizes (a 50 MB upload): their own suite, `npm run test:slow`, run by .ci/run.
    exclude: ['test/slow/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // A CDK synth with bundling in a beforeAll once took over a minute while the runner was loaded.
    hookTimeout: 180_000,
    pool: 'forks',
    // The integration files mostly wait (child processes, the scheduled-sync staleness, queue drains):
    // two at once on a 2-core runner cut the suite from ~300 s to ~200 s (vitest's default here is 1).
    maxWorkers: 2,
    // Builds the CLI the tests spawn; starts DynamoDB Local only when FEEDBRIDGE_DYNAMODB=dynamodb-local
    // (the conformance run).
    globalSetup: ['test/support/cli-build-setup.ts', 'test/support/dynamodb-local-setup.ts'],
  },
});
