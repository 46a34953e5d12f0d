import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import englishCatalogue from '../../functions/core/messages/en.json' with { type: 'json' };
import { createFeedbridgeApp } from '../../lib/feedbridge-app.ts';
import type { FunctionName } from '../../lib/stateless-stack.ts';

/** Per handler bundle (minified ESM, AWS SDK included): 0.45 MB (status) to 1.1 MB (ingest) today. */
const BUNDLE_BUDGET_BYTES = 3 * 1024 * 1024;

/** A sentence only en.json holds (the channel's own LINK_REQUIRED message is worded otherwise). */
const ENGLISH_CATALOGUE_SENTENCE = englishCatalogue.LINK_REQUIRED;

const outdir = mkdtempSync(join(tmpdir(), 'feedbridge-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('bundling (local esbuild, no Docker)', () => {
  it('bundles every handler into one ESM file under the size budget, loadable by Node', () => {
    const started = Date.now();
    // Default context: every stack bundled, exactly like `cdk synth`.
    const { stateless } = createFeedbridgeApp({ outdir });
    const template = Template.fromStack(stateless).toJSON();
    const synthMs = Date.now() - started;

    const sizes: Record<string, number> = {};
    for (const [name, fn] of Object.entries(stateless.functions) as [
      FunctionName,
      (typeof stateless.functions)[FunctionName],
    ][]) {
      const logicalId = stateless.getLogicalId(fn.function.node.defaultChild as CfnElement);
      const key: unknown = template.Resources[logicalId]?.Properties?.Code?.S3Key;
      expect(typeof key).toBe('string');
      const assetDir = join(outdir, `asset.${String(key).replace(/\.zip$/, '')}`);
      const bundle = join(assetDir, 'index.mjs');
      expect(existsSync(bundle), bundle).toBe(true);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      const size = statSync(bundle).size;
      sizes[name] = size;
      expect(size, `${name} bundle size`).toBeLessThan(BUNDLE_BUDGET_BYTES);
      // The banner that gives bundled CommonJS code a `require` in ESM.
      const text = readFileSync(bundle, 'utf8');
      expect(text.slice(0, 200)).toContain('createRequire');
      // The SDK is bundled, not left to the runtime's copy (docs/benchmarks.md: it initialises faster).
      expect(text, `${name} imports no SDK package at run time`).not.toMatch(/from\s*["']@aws-sdk\//);
      // Each handler builds only what it uses: the status API carries no SQS client.
      // The credential chain is Lambda's environment only (lib/constructs/feedbridge-function.ts,
      // LAMBDA_ALIASES): no STS or SSO client, no shared-ini profiles.
      expect(
        /AssumeRoleWithWebIdentity|GetRoleCredentials/.test(text),
        `${name} carries no STS/SSO client`,
      ).toBe(false);
      // semver is the one function the X-Ray SDK calls (functions/adapters/semver-gte.ts), not the package.
      expect(text.includes('SEMVER_SPEC_VERSION'), `${name} carries no semver package`).toBe(false);
      // English answers keep the code's own message: no handler carries English's catalogue.
      expect(text.includes(ENGLISH_CATALOGUE_SENTENCE), `${name} carries no en.json`).toBe(false);
      if (name === 'syncStatus') {
        expect(text, 'sync-status carries no SQS client').not.toContain('AmazonSQS');
        // It reads records and its configuration only: zod/mini for the configuration, no classic
        // zod (whose schema classes are named "ZodString" and so on; zod/mini's "ZodMiniString").
        expect(/["']ZodString["']/.test(text), 'sync-status carries no classic zod').toBe(false);
        // It reads stored reports and writes no object: no multipart upload helper (lib-storage).
        expect(text, 'sync-status carries no lib-storage').not.toContain('Upload requires a AWS client');
        // It signs its S3 GETs and download URLs with the DynamoDB client's credentials and reads
        // with fetch (functions/adapters/s3-signed-reader.ts): no S3 client at all.
        expect(text, 'sync-status carries no S3 client').not.toContain('AmazonS3');
      }

      // Loads and initialises (configuration, clients, channels) the way a cold start does.
      const loaded = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler, process.moduleLoadList.some((name) => name.includes('undici')) ? 'undici' : 'no undici');`,
        ],
        {
          env: {
            PATH: process.env.PATH ?? '',
            AWS_REGION: 'eu-west-1',
            TABLE_NAME: 'feedbridge',
            SYNC_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/feedbridge-sync',
            BUCKET_NAME: 'feedbridge-objects',
          },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      // ...without undici: node:http is read as CommonJS (its ESM facade loads undici on Node 24).
      expect(loaded.trim(), `${name} exports a handler, loads no undici at init`).toBe('function no undici');
    }
    console.info(`bundled synth ${synthMs} ms; bundle bytes ${JSON.stringify(sizes)}`);
  }, 240_000);
});
