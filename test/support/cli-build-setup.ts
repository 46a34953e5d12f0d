import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: builds the CLI (scripts/build-cli.mjs) before any test runs, so the tests
 * that spawn bin/feedbridge-cli.js run the built JavaScript users run, not the sources through
 * tsx (which the shim falls back to when a source is newer than the build).
 */
export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/build-cli.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`CLI build failed: ${result.stderr}`);
}
