import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The integration files mostly wait (child processes, the scheduled-sync staleness, queue drains):
    // two at once on a 2-core runner cut the suite from ~300 s to ~200 s (vitest's default here is 1).
    maxWorkers: 2,
    // Builds the CLI the tests spawn; starts DynamoDB Local only when FEEDBRIDGE_DYNAMODB=dynamodb-local
    // (the conformance run).
    globalSetup: ['test/support/cli-build-setup.ts', 'test/support/dynamodb-local-setup.ts'],
  },
});
