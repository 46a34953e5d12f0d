// biome-ignore-all lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17; these objects are profile documents, never awaited
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSyncStore } from '../../functions/adapters/dynamodb-sync-store.ts';
import { SqsTaskQueue } from '../../functions/adapters/sqs-task-queue.ts';
import { CHANNELS } from '../../functions/core/channels/registry.ts';
import { type FeedRules, feedRulesSchema } from '../../functions/core/rules/rule-schema.ts';
import { ingestCatalogue } from '../../functions/core/sync/ingest-catalogue.ts';
import { processSyncTask } from '../../functions/core/sync/process-sync-task.ts';
import type { SyncTask } from '../../functions/core/sync/sync-records.ts';
import { channelEvaluator } from '../../functions/wiring/channel-adapters.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { type CallCounter, countCalls } from '../support/call-counter.ts';
import { catalogueJson, type TestItem } from '../support/catalogue-builder.ts';
import { loadConfigFxRates } from '../support/product-factory.ts';
import { receiveNow } from '../support/queue-messages.ts';
import { InMemoryBlobs } from '../unit/sync/in-memory-ports.ts';

/**
 * Feed rules on the embedded stack's DynamoDB and SQS (dynalite, fauxqs), through the real adapters:
 * the use cases are composed here with the rules because the profile store that hands the deployed
 * handlers a producer's rules is issue 13's (docs/feed-rules.md, "Where the rules come from").
 */
const PRODUCER = 'huye-coop';
const CHANNEL_IDS = ['tmall-global', 'freshippo'];
const items: TestItem[] = [
  { sku: 'A', stock: 10 },
  { sku: 'B' },
  { sku: 'C', stock: 40 },
  { sku: 'D' },
  { sku: 'E', price: '21.00' },
];

/** An exclusion (A), a title rule (B) and a value map (C's stock), all on tmall-global. */
const rulesWith = (prefix: string): FeedRules =>
  feedRulesSchema.parse({
    'tmall-global': [
      { if: [{ field: 'stock', op: 'lt', value: 20 }], then: [{ action: 'exclude' }] },
      {
        if: [{ field: 'sku', op: 'equals', value: 'B' }],
        then: [{ action: 'prepend', field: 'names.zh-CN', value: prefix }],
      },
      { then: [{ action: 'map', field: 'stock', table: { '40': 0 } }] },
    ],
  });

let stack: EmbeddedStack;
let store: DynamoDbSyncStore;
let queue: SqsTaskQueue;
let counter: CallCounter;
let rules: FeedRules | undefined;
const blobs = new InMemoryBlobs();
const now = () => new Date();
const evaluate = channelEvaluator(CHANNELS, loadConfigFxRates(), () => rules);

beforeAll(async () => {
  stack = await startEmbeddedStack({});
  counter = countCalls();
  counter.applyToStack(stack.clients.dynamodb.middlewareStack);
  counter.applyToStack(stack.clients.sqs.middlewareStack);
  store = new DynamoDbSyncStore(stack.clients.documentClient, stack.tableName);
  queue = new SqsTaskQueue(stack.clients.sqs, stack.queueUrls.sync);
});

afterAll(async () => {
  await stack?.stop();
});

async function upload() {
  return ingestCatalogue(
    { producerId: PRODUCER, body: catalogueJson(items), mode: 'full', format: 'json' },
    {
      catalogues: store,
      queue,
      blobs,
      channels: CHANNEL_IDS,
      ...(rules === undefined ? {} : { rules }),
      now,
      sleep: async (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  );
}

/** The worker over what the queue holds: answers the (sku@channel) it processed. */
async function drain(): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const messages = await receiveNow(stack.clients.sqs, stack.queueUrls.sync);
    if (messages.length === 0) return done.sort();
    for (const message of messages) {
      const task = JSON.parse(message.Body ?? '{}') as SyncTask;
      await processSyncTask(task, { states: store, blobs, evaluate, now }, 1);
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrls.sync, ReceiptHandle: message.ReceiptHandle }),
      );
      done.push(`${task.sku}@${task.channel}`);
    }
  }
}

async function tmallItem(sku: string) {
  const [state] = await store.getStates(PRODUCER, 'tmall-global', [sku]);
  return state;
}

describe('feed rules on the embedded stack', () => {
  it('the first upload syncs everything', async () => {
    await upload();
    expect(await drain()).toHaveLength(10);
  });

  it('an exclusion, a title rule and a value map change exactly their items, and only those are re-synced', async () => {
    const before = {
      B: (await tmallItem('B'))?.item as { title: string },
      C: (await tmallItem('C'))?.item as { skus: Array<{ stock: number }> },
    };
    expect(before.C.skus[0]?.stock).toBe(40);
    rules = rulesWith('有机 ');
    counter.reset();
    const answer = await upload();
    expect(answer.changes).toMatchObject({ created: 0, updated: 3, unchanged: 2, delisted: 0 });
    // 3 products x 2 channels: one message each, and nothing for D and E
    expect(counter.messages()).toBe(6);
    expect(await drain()).toEqual([
      'A@freshippo',
      'A@tmall-global',
      'B@freshippo',
      'B@tmall-global',
      'C@freshippo',
      'C@tmall-global',
    ]);
    expect(await tmallItem('A')).toMatchObject({ state: 'REJECTED', reasons: [{ code: 'RULE_EXCLUDED' }] });
    expect(((await tmallItem('B'))?.item as { title?: string } | undefined)?.title).toBe(
      `有机 ${before.B.title}`,
    );
    expect(
      ((await tmallItem('C'))?.item as { skus?: Array<{ stock: number }> } | undefined)?.skus?.[0]?.stock,
    ).toBe(0);
    expect((await tmallItem('D'))?.seq).toBe(1);
  });

  it('a second rule change re-syncs only the item whose output it changes, and an unchanged upload writes nothing', async () => {
    rules = rulesWith('精选 ');
    counter.reset();
    const answer = await upload();
    expect(answer.changes).toMatchObject({ updated: 1, unchanged: 4 });
    expect(counter.messages()).toBe(2);
    // the product and its two PENDING states travel in one batch; plus the upload's report
    expect(counter.items('BatchWriteItem')).toBe(3);
    expect(await drain()).toEqual(['B@freshippo', 'B@tmall-global']);

    counter.reset();
    const again = await upload();
    expect(again.changes).toMatchObject({ updated: 0, unchanged: 5 });
    expect(counter.messages()).toBe(0);
    expect(counter.calls('BatchWriteItem')).toBe(0);
  });
});
