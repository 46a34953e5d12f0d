import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../functions/core/sync/sync-status.ts';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import type { EventSourcePoller } from '../../local/event-source-poller.ts';
import { invokeHttp, routes } from '../../local/invoke-http.ts';
import { createLambdaContext } from '../../local/lambda-context.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';
import { createSyncQueuePoller } from '../../local/sync-queue-poller.ts';
import { type CallCounter, countCalls } from '../support/call-counter.ts';
import { canonicalProduct, catalogueJson, type TestItem } from '../support/catalogue-builder.ts';
import { receiveNow } from '../support/queue-messages.ts';

const PRODUCER = 'huye-coop';
const claims = (producerId: string) => ({ [PRODUCER_CLAIM]: producerId });

let stack: EmbeddedStack;
let functions: LocalFunctions;
let poller: EventSourcePoller;
let counter: CallCounter;
let objectDir: string;

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-pipeline-'));
  stack = await startEmbeddedStack({ objectDir, maxReceiveCount: 3 });
  functions = await loadLocalFunctions(stack, { staleAfterSeconds: 1 });
  // The handlers' own module-scope clients, so the count is what the deployed code would send.
  const clients = await import('../../functions/adapters/aws-clients.ts');
  counter = countCalls();
  clients.dynamoDbClient.middlewareStack.use(counter);
  clients.sqsClient.middlewareStack.use(counter);
  poller = createSyncQueuePoller(stack, functions.syncWorker, {
    maxBatchingWindowMs: 0,
    retryDelaySeconds: 0,
  });
});

afterAll(async () => {
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

const items: TestItem[] = [
  { sku: 'HC-001' },
  { sku: 'HC-002', stock: 40 },
  { sku: 'HC-003', price: '21.00' },
  { sku: 'HC-004' },
  { sku: 'HC-TEA-HS', hsCode: '0902.30' },
  { sku: 'HC-NO-GTIN', gtin: null },
];

async function upload(body: Buffer, producerId = PRODUCER, asProducer = producerId) {
  return invokeHttp(functions.ingestCatalogue, {
    ...routes.upload(producerId, body, 'application/json'),
    claims: claims(asProducer),
  });
}

async function status(query = 'limit=1000'): Promise<SyncStatus> {
  const answer = await invokeHttp(functions.syncStatus, {
    ...routes.syncStatus(PRODUCER, query),
    claims: claims(PRODUCER),
  });
  expect(answer.statusCode).toBe(200);
  return answer.body as SyncStatus;
}

function stateOf(current: SyncStatus, channel: string, sku: string) {
  return current.channels[channel]?.items.find((item) => item.sku === sku);
}

async function scheduledSync() {
  return functions.scheduledSync(createLambdaContext({ functionName: 'scheduled-sync' }));
}

describe('the sync pipeline on the embedded stack', () => {
  beforeEach(() => counter.reset());

  it('takes an upload to SYNCED or REJECTED-with-reasons for every item on every channel', async () => {
    const answer = await upload(catalogueJson(items));
    expect(answer.statusCode).toBe(202);
    expect(answer.body).toMatchObject({
      rows: { total: 6, accepted: 6, rejected: 0, skipped: 0 },
      changes: { created: 6, updated: 0, unchanged: 0, delisted: 0 },
      errors: [],
    });
    await poller.drain({ timeoutMs: 30_000 });
    const current = await status();
    expect(current.channels['tmall-global']?.counts).toMatchObject({
      SYNCED: 5,
      REJECTED: 1,
      PENDING: 0,
      FAILED: 0,
    });
    expect(current.channels.freshippo?.counts).toMatchObject({
      SYNCED: 5,
      REJECTED: 1,
      PENDING: 0,
      FAILED: 0,
    });
    expect(stateOf(current, 'tmall-global', 'HC-TEA-HS')?.reasons).toContainEqual(
      expect.objectContaining({ code: 'HS_CODE_MISMATCH', field: 'hsCode' }),
    );
    expect(stateOf(current, 'freshippo', 'HC-NO-GTIN')?.reasons).toContainEqual(
      expect.objectContaining({ code: 'GTIN_MISSING', field: 'gtin' }),
    );
  });

  it('writes nothing and queues nothing for an unchanged re-upload', async () => {
    const answer = await upload(catalogueJson(items));
    expect(answer.body).toMatchObject({ changes: { created: 0, updated: 0, unchanged: 6, delisted: 0 } });
    expect(counter.writes()).toBe(0);
    expect(counter.messages()).toBe(0);

    // The same products in another order are another file: only its report is recorded.
    counter.reset();
    const reordered = await upload(catalogueJson([...items].reverse()));
    expect(reordered.body).toMatchObject({ changes: { created: 0, updated: 0, unchanged: 6, delisted: 0 } });
    expect(counter.calls('BatchWriteItem')).toBe(0);
    expect(counter.messages()).toBe(0);
    expect(counter.writes()).toBe(1);
  });

  it('delists a row removed from a full upload and drops it from the next full feed', async () => {
    const answer = await upload(catalogueJson(items.filter((item) => item.sku !== 'HC-004')));
    expect(answer.body).toMatchObject({ changes: { delisted: 1, unchanged: 5 } });
    await poller.drain({ timeoutMs: 30_000 });
    const current = await status();
    expect(stateOf(current, 'tmall-global', 'HC-004')?.state).toBe('DELISTED');
    expect(stateOf(current, 'freshippo', 'HC-004')?.state).toBe('DELISTED');

    const report = await scheduledSync();
    const tmallFeed = report.feeds.find(
      (feed) => feed.channel === 'tmall-global' && feed.producerId === PRODUCER,
    );
    expect(tmallFeed?.items).toBe(4);
    const document = await readFile(join(objectDir, tmallFeed?.key ?? 'missing'), 'utf8');
    expect(document).toContain('HC-001');
    expect(document).not.toContain('HC-004');
    const xml = await readFile(join(objectDir, `feeds/freshippo/${PRODUCER}.xml`), 'utf8');
    expect(xml).toContain('HC-001');
    expect(xml).not.toContain('HC-004');
  });

  it('ignores an older update delivered late, and never resurrects a delisted item', async () => {
    const before = await status();
    const delisted = stateOf(before, 'tmall-global', 'HC-004');
    const late = {
      v: 1,
      action: 'upsert',
      producerId: PRODUCER,
      channel: 'tmall-global',
      sku: 'HC-004',
      seq: 1,
      hash: 'old',
      catalogueId: 'cat-late',
      product: canonicalProduct(PRODUCER, { sku: 'HC-004', stock: 999 }),
    };
    await stack.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.queueUrls.sync, MessageBody: JSON.stringify(late) }),
    );
    await poller.drain({ timeoutMs: 30_000 });
    const after = await status();
    expect(stateOf(after, 'tmall-global', 'HC-004')).toEqual(delisted);
  });

  it('gives the same message delivered twice one effect', async () => {
    const upsert = await upload(
      catalogueJson([...items.filter((item) => item.sku !== 'HC-004'), { sku: 'HC-005' }]),
    );
    expect(upsert.body).toMatchObject({ changes: { created: 1 } });
    const messages = await receiveNow(stack.clients.sqs, stack.queueUrls.sync);
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      // Deliver each task a second time, as SQS's at-least-once delivery may.
      await stack.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: stack.queueUrls.sync, MessageBody: message.Body ?? '' }),
      );
      await stack.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: stack.queueUrls.sync, MessageBody: message.Body ?? '' }),
      );
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrls.sync, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    await poller.drain({ timeoutMs: 30_000 });
    const current = await status();
    expect(stateOf(current, 'tmall-global', 'HC-005')?.state).toBe('SYNCED');
    const { readdir } = await import('node:fs/promises');
    const outbox = await readdir(join(objectDir, `outbox/tmall-global/${PRODUCER}`));
    expect(outbox.filter((name) => name.endsWith('-HC-005.json'))).toHaveLength(1);
  });

  it('moves a poison message to the dead-letter queue after the bounded receives', async () => {
    await stack.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.queueUrls.sync, MessageBody: 'not a task' }),
    );
    await poller.drain({ timeoutMs: 30_000 });
    const dead = await receiveNow(stack.clients.sqs, stack.queueUrls.syncDlq);
    expect(dead.map((message) => message.Body)).toEqual(['not a task']);
  });

  it('recovers a lost queue message with the scheduled sync', async () => {
    const answer = await upload(
      catalogueJson([...items.filter((item) => item.sku !== 'HC-004'), { sku: 'HC-005' }, { sku: 'HC-006' }]),
    );
    expect(answer.body).toMatchObject({ changes: { created: 1 } });
    // Lose every message the upload queued.
    const received = await receiveNow(stack.clients.sqs, stack.queueUrls.sync);
    expect(received).toHaveLength(2);
    for (const message of received) {
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrls.sync, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    expect(stateOf(await status(), 'tmall-global', 'HC-006')?.state).toBe('PENDING');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const report = await scheduledSync();
    expect(report.requeued).toBe(2);
    await poller.drain({ timeoutMs: 30_000 });
    const current = await status();
    expect(stateOf(current, 'tmall-global', 'HC-006')?.state).toBe('SYNCED');
    expect(stateOf(current, 'freshippo', 'HC-006')?.state).toBe('SYNCED');
  });

  it("refuses another producer's token with 403 and a missing token with 401", async () => {
    const forbidden = await upload(catalogueJson(items), PRODUCER, 'someone-else');
    expect(forbidden).toMatchObject({ statusCode: 403, body: { error: { code: 'FORBIDDEN' } } });
    const reading = await invokeHttp(functions.syncStatus, {
      ...routes.syncStatus(PRODUCER),
      claims: claims('someone-else'),
    });
    expect(reading.statusCode).toBe(403);
    const anonymous = await invokeHttp(functions.syncStatus, {
      ...routes.syncStatus(PRODUCER),
      claims: null,
    });
    expect(anonymous).toMatchObject({ statusCode: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });

  it("answers one upload's rows and its items' states", async () => {
    const answer = await upload(catalogueJson([...items, { sku: 'BAD SKU!' }]));
    const { catalogueId } = answer.body as { catalogueId: string };
    await poller.drain({ timeoutMs: 30_000 });
    const catalogue = await invokeHttp(functions.syncStatus, {
      ...routes.catalogue(PRODUCER, catalogueId),
      claims: claims(PRODUCER),
    });
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.body).toMatchObject({
      catalogueId,
      rows: { total: 7, accepted: 6, rejected: 1, skipped: 0 },
      errors: [expect.objectContaining({ code: 'SKU_INVALID', row: 7 })],
    });
    const body = catalogue.body as { channels: Record<string, { items: { sku: string; state: string }[] }> };
    expect(body.channels['tmall-global']?.items.map((item) => item.sku).sort()).toEqual(
      ['HC-001', 'HC-002', 'HC-003', 'HC-004', 'HC-NO-GTIN', 'HC-TEA-HS'].sort(),
    );
    const missing = await invokeHttp(functions.syncStatus, {
      ...routes.catalogue(PRODUCER, 'cat-nope'),
      claims: claims(PRODUCER),
    });
    expect(missing).toMatchObject({ statusCode: 404, body: { error: { code: 'CATALOGUE_NOT_FOUND' } } });
  });

  // DynamoDB writes that run out of retries part-way through an upload: whichever half failed,
  // the producer's retry of the same file must still reach every item (nothing silently stale).
  it.each([
    ['sync states', 'SYNC#'],
    ['products', 'PRODUCT#'],
  ])('makes an upload whole on retry when its %s could not be written', async (_what, prefix) => {
    const producerId = `retry-${prefix.slice(0, -1).toLowerCase()}`;
    const clients = await import('../../functions/adapters/aws-clients.ts');
    const failWrites = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      const input = (
        args as { input: { RequestItems?: Record<string, { PutRequest?: { Item?: { sk?: string } } }[]> } }
      ).input;
      const touches = Object.values(input.RequestItems ?? {})
        .flat()
        .some((request) => request.PutRequest?.Item?.sk?.startsWith(prefix));
      if (touches)
        throw Object.assign(new Error('injected: writes exhausted'), { name: 'ValidationException' });
      return next(args);
    };
    // More changes than one BatchWriteItem holds, so products and states travel in separate calls.
    const skus = Array.from({ length: 30 }, (_, index) => `R-${index}`);
    expect((await upload(catalogueJson(skus.map((sku) => ({ sku }))), producerId)).statusCode).toBe(202);
    await poller.drain({ timeoutMs: 30_000 });

    const changed = catalogueJson([...skus.map((sku) => ({ sku, stock: 7 })), { sku: 'R-NEW' }]);
    clients.dynamoDbClient.middlewareStack.add(failWrites as never, {
      step: 'initialize',
      name: 'failSomeBatchWrites',
    });
    try {
      expect((await upload(changed, producerId)).statusCode).toBe(500);
    } finally {
      clients.dynamoDbClient.middlewareStack.remove('failSomeBatchWrites');
    }
    const retry = await upload(changed, producerId);
    expect(retry.statusCode).toBe(202);
    expect(retry.body).toMatchObject({ changes: { created: 1, updated: 30, unchanged: 0, delisted: 0 } });
    await poller.drain({ timeoutMs: 30_000 });
    const answer = await invokeHttp(functions.syncStatus, {
      ...routes.syncStatus(producerId, 'limit=100'),
      claims: claims(producerId),
    });
    const body = answer.body as SyncStatus;
    for (const channel of ['tmall-global', 'freshippo']) {
      expect(body.channels[channel]?.counts).toMatchObject({ SYNCED: 31, PENDING: 0, FAILED: 0 });
    }
  });
});
