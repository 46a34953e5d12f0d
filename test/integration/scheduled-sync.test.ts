import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productItem, syncStateItem } from '../../functions/adapters/dynamodb-sync-store.ts';
import { contentHash } from '../../functions/core/sync/content-hash.ts';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { invokeHttp, routes } from '../../local/invoke-http.ts';
import { createLambdaContext } from '../../local/lambda-context.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';
import { createSyncQueuePoller } from '../../local/sync-queue-poller.ts';
import { canonicalProduct, catalogueJson } from '../support/catalogue-builder.ts';
import { receiveNow } from '../support/queue-messages.ts';

/* The scheduled sync on the embedded stack, run the way EventBridge Scheduler runs it. */

let stack: EmbeddedStack;
let functions: LocalFunctions;
let objectDir: string;

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-scheduled-'));
  // Two receives before the DLQ, stuck after 1 s, three re-queues before parking: settles in seconds.
  stack = await startEmbeddedStack({ objectDir, maxReceiveCount: 2 });
  functions = await loadLocalFunctions(stack, {
    staleAfterSeconds: 1,
    extraEnv: { MAX_REQUEUES: '3' },
    logLevel: 'CRITICAL',
  });
});

afterAll(async () => {
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

const context = () => createLambdaContext({ functionName: 'scheduled-sync' });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const claimsOf = (producerId: string) => ({ [PRODUCER_CLAIM]: producerId });

async function upload(producerId: string, skus: string[]) {
  const answer = await invokeHttp(functions.ingestCatalogue, {
    ...routes.upload(producerId, catalogueJson(skus.map((sku) => ({ sku }))), 'application/json'),
    claims: claimsOf(producerId),
  });
  expect(answer.statusCode).toBe(202);
}

/** Takes every queued message out, as a lost queue would: returns the SKUs they were for. */
async function loseQueuedMessages(): Promise<string[]> {
  const skus: string[] = [];
  for (let batch = await receiveNow(stack.clients.sqs, stack.queueUrls.sync); batch.length > 0; ) {
    for (const message of batch) {
      skus.push(String(JSON.parse(message.Body ?? '{}').sku));
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrls.sync, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    batch = await receiveNow(stack.clients.sqs, stack.queueUrls.sync);
  }
  return skus;
}

async function stateOf(producerId: string, channel: string, sku: string) {
  const { Item } = await stack.clients.documentClient.send(
    new GetCommand({
      TableName: stack.tableName,
      Key: { pk: `PRODUCER#${producerId}`, sk: `SYNC#${channel}#${sku}` },
    }),
  );
  return Item;
}

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

describe('scheduled sync on the embedded stack, re-queue and parking', () => {
  it('re-sends a stale PENDING item once per backoff period, not on every run, then parks it', async () => {
    await upload('lost-coop', ['LOST-1']);
    await loseQueuedMessages();
    const sentAt: number[] = [];
    const started = Date.now();
    let requeues = 0;
    let sent = 0;
    // A run every 250 ms until the item is parked (about 8 s; at most 30 s on a loaded runner, where a
    // fixed 10 s once ended before the parking run), every message it queues lost again.
    let parked = false;
    while (!parked && Date.now() - started < 30_000) {
      // When the run started, not when the test saw its effect: the checks after it take a varying time.
      const runAt = Date.now() - started;
      await functions.scheduledSync(context());
      sent += (await loseQueuedMessages()).filter((sku) => sku === 'LOST-1').length;
      const state = await stateOf('lost-coop', 'tmall-global', 'LOST-1');
      if ((state?.requeues ?? 0) > requeues && state?.parkedAt === undefined) sentAt.push(runAt);
      requeues = state?.requeues ?? 0;
      // Each channel's backoff runs from its own re-queue write, milliseconds apart: a run can park
      // one channel's state and leave the other for the next run (seen on DynamoDB Local).
      const other = await stateOf('lost-coop', 'freshippo', 'LOST-1');
      parked = state?.parkedAt !== undefined && other?.parkedAt !== undefined;
      await pause(250);
    }
    // Stuck after 1 s, then waits of 1, 2 and 4 s: three sends in some thirty runs, further apart each time.
    expect(sentAt).toHaveLength(3);
    sent += (await loseQueuedMessages()).filter((sku) => sku === 'LOST-1').length;
    expect(sent).toBe(3 * 2);
    const [first = 0, second = 0, third = 0] = sentAt;
    // Waits of 1 and 2 s, less what a loaded runner delays one run's clock reading against the
    // next; runs every 250 ms without a backoff would send at most 500 ms apart.
    expect(second - first).toBeGreaterThanOrEqual(800);
    expect(third - second).toBeGreaterThanOrEqual(1_800);
    for (const channel of ['tmall-global', 'freshippo']) {
      expect(await stateOf('lost-coop', channel, 'LOST-1')).toMatchObject({
        state: 'FAILED',
        requeues: 3,
        parkedAt: expect.any(String),
        reasons: [expect.objectContaining({ code: 'SYNC_REQUEUE_EXHAUSTED' })],
      });
    }
    // Parked items are out of the stuck index: no further run sends them.
    await functions.scheduledSync(context());
    expect(await loseQueuedMessages()).not.toContain('LOST-1');
  }, 60_000);

  it('parks an item that fails every delivery after its re-queues, and sends it no more', async () => {
    const clients = await import('../../functions/adapters/aws-clients.ts');
    // Every delivery of FAIL-1 fails where it records its outcome; FAILED itself can still be written.
    const failSynced = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      const item = (args as { input: { Item?: { sku?: { S?: string }; state?: { S?: string } } } }).input
        .Item;
      if (item?.sku?.S === 'FAIL-1' && item.state?.S !== 'FAILED') {
        throw Object.assign(new Error('injected: throttled'), {
          name: 'ThrottlingException',
          $retryable: undefined,
        });
      }
      return next(args);
    };
    clients.dynamoDbClient.middlewareStack.add(failSynced as never, { step: 'build', name: 'failFail1' });
    const poller = createSyncQueuePoller(stack, functions.syncWorker, {
      maxBatchingWindowMs: 0,
      retryDelaySeconds: 0,
    });
    try {
      await upload('fail-coop', ['FAIL-1', 'OK-1']);
      await poller.drain({ timeoutMs: 30_000 });
      let sends = 0;
      const run = async () => {
        const answer = await functions.scheduledSync(context());
        sends += answer.requeued;
        await poller.drain({ timeoutMs: 30_000 });
      };
      const parkedOnBoth = async () => {
        for (const channel of ['tmall-global', 'freshippo']) {
          if ((await stateOf('fail-coop', channel, 'FAIL-1'))?.parkedAt === undefined) return false;
        }
        return true;
      };
      // Runs every 250 ms until the item is parked (about 8 s; at most 45 s on a loaded runner, where
      // a fixed 12 s once ended before the parking run), then a few more that must send nothing.
      const started = Date.now();
      while (!(await parkedOnBoth()) && Date.now() - started < 45_000) {
        await run();
        await pause(250);
      }
      for (let after = 0; after < 3; after += 1) await run();
      // Three re-queues on each of the two channels, then nothing more.
      expect(sends).toBe(6);
      for (const channel of ['tmall-global', 'freshippo']) {
        expect(await stateOf('fail-coop', channel, 'FAIL-1')).toMatchObject({
          state: 'FAILED',
          requeues: 3,
          attempts: 2,
          parkedAt: expect.any(String),
          reasons: [expect.objectContaining({ code: 'SYNC_TRANSIENT_FAILURE' })],
        });
        expect(await stateOf('fail-coop', channel, 'OK-1')).toMatchObject({ state: 'SYNCED' });
      }
    } finally {
      clients.dynamoDbClient.middlewareStack.remove('failFail1');
      await poller.stop();
    }
  }, 90_000);
});

describe('scheduled sync on the embedded stack, isolation', () => {
  it("rebuilds the other producers' feeds when one producer's stored product is too big to queue", async () => {
    await upload('tea-coop', ['TEA-1']);
    // A product stored before products were bounded: 33 extra columns of 9 KB, a 300 KB task.
    const product = {
      ...canonicalProduct('big-coop', { sku: 'BIG-1' }),
      attributes: Object.fromEntries(Array.from({ length: 33 }, (_, n) => [`extra ${n}`, 'y'.repeat(9_000)])),
    };
    const hash = contentHash(product);
    const updatedAt = new Date(Date.now() - 60_000).toISOString();
    const common = { producerId: 'big-coop', sku: 'BIG-1', seq: 1, hash, catalogueId: 'cat-big', updatedAt };
    await stack.clients.documentClient.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: productItem({ ...common, status: 'ACTIVE', product }),
      }),
    );
    await stack.clients.documentClient.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: syncStateItem({
          ...common,
          channel: 'tmall-global',
          state: 'PENDING',
          action: 'upsert',
          reasons: [],
          warnings: [],
          attempts: 0,
        }),
      }),
    );
    const feed = join(objectDir, 'feeds', 'tmall-global', 'tea-coop.json');
    const before = Date.now();
    const answer = await functions.scheduledSync(context());
    expect(answer.failures).toContainEqual(
      expect.objectContaining({
        stage: 'requeue',
        producerId: 'big-coop',
        channel: 'tmall-global',
        sku: 'BIG-1',
      }),
    );
    const written = JSON.parse(await readFile(feed, 'utf8')) as { generatedAt: string };
    expect(Date.parse(written.generatedAt)).toBeGreaterThanOrEqual(before - 1_000);
    await loseQueuedMessages();
  });
});
