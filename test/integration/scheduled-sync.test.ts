import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { invokeHttp, routes } from '../../local/invoke-http.ts';
import { createLambdaContext } from '../../local/lambda-context.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';
import { catalogueJson } from '../support/catalogue-builder.ts';

/* The scheduled sync on the embedded stack, run the way EventBridge Scheduler runs it. */

let stack: EmbeddedStack;
let functions: LocalFunctions;
let objectDir: string;

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-scheduled-'));
  stack = await startEmbeddedStack({ objectDir });
  functions = await loadLocalFunctions(stack, { staleAfterSeconds: 1 });
});

afterAll(async () => {
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

const context = () => createLambdaContext({ functionName: 'scheduled-sync' });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled sync, idempotency', () => {
  it('runs a tick once however often it is delivered, and every new tick again', async () => {
    const answer = await invokeHttp(functions.ingestCatalogue, {
      ...routes.upload('huye-coop', catalogueJson([{ sku: 'A' }]), 'application/json'),
      claims: { [PRODUCER_CLAIM]: 'huye-coop' },
    });
    expect(answer.statusCode).toBe(202);
    const feed = join(objectDir, 'feeds', 'tmall-global', 'huye-coop.json');
    const tick = new Date('2026-11-29T08:15:00Z');
    const first = await functions.scheduledSync(context(), tick);
    const written = await readFile(feed, 'utf8');
    // A second run would stamp the feed with a later generatedAt.
    await pause(1_100);
    expect(await functions.scheduledSync(context(), tick)).toEqual(first);
    expect(await readFile(feed, 'utf8')).toBe(written);
    await functions.scheduledSync(context());
    expect(await readFile(feed, 'utf8')).not.toBe(written);
  });
});
