import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { productItem, syncStateItem } from '../../../functions/adapters/dynamodb-sync-store.ts';
import { taskMessageBody } from '../../../functions/adapters/sqs-task-queue.ts';
import { readConfig } from '../../../functions/config.ts';
import { type Product, productSchema } from '../../../functions/core/catalogue/model.ts';
import { PRODUCT_LIMITS, productLimitProblem } from '../../../functions/core/catalogue/product-limits.ts';
import type { Channel } from '../../../functions/core/channels/contract.ts';
import { getChannel } from '../../../functions/core/channels/registry.ts';
import { DYNAMODB_ITEM_MAX_BYTES, SQS_MESSAGE_MAX_BYTES } from '../../../functions/core/service-limits.ts';
import { failedState, processSyncTask } from '../../../functions/core/sync/process-sync-task.ts';
import type { SyncStateRecord, SyncTask } from '../../../functions/core/sync/sync-records.ts';
import { channelEvaluator } from '../../../functions/wiring/channel-adapters.ts';
import { dynamoDbItemSize } from '../../../local/dynamodb-item-limit.ts';
import { loadConfigFxRates, makeProduct } from '../../support/product-factory.ts';
import { InMemoryBlobs, InMemoryStore } from './in-memory-ports.ts';

/*
 * The margin of the product bounds (functions/core/catalogue/product-limits.ts), proved on the
 * largest product they let through: every text field at its maximum, filled with the characters
 * that cost most (astral characters: 4 bytes in UTF-8, 12 once escaped for SQS; or 3-byte Chinese),
 * then certifications added until one more would break the 64 KB bound. Its sync task and every
 * DynamoDB item it can become must stay within the AWS limits.
 */

/** The channels a deployment enables by default: every one a product's tasks go to. */
const CHANNELS: readonly Channel[] = readConfig({
  TABLE_NAME: 'feedbridge',
  SYNC_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/feedbridge-sync',
  LOCAL_OBJECT_DIR: '.data/objects',
}).CHANNELS.flatMap((id) => getChannel(id) ?? []);
const evaluate = channelEvaluator(CHANNELS, loadConfigFxRates());
const now = () => new Date('2026-11-29T08:00:00.000Z');

/** `units` UTF-16 units of `char` (a surrogate pair counts two). */
const text = (char: string, units: number) => char.repeat(Math.floor(units / char.length));

/** 100 attributes whose names and values hold just under 32 KB of UTF-8 together. */
function largestAttributes(char: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const perAttribute = Math.floor(PRODUCT_LIMITS.maxAttributeBytes / PRODUCT_LIMITS.maxAttributes);
  const charBytes = Buffer.byteLength(char);
  for (let n = 0; n < PRODUCT_LIMITS.maxAttributes; n += 1) {
    const name = `a${String(n).padStart(2, '0')}`;
    attributes[name] = char.repeat(Math.floor((perAttribute - name.length) / charBytes));
  }
  return attributes;
}

/** The product the bounds let through, with `zhTitle` as its zh-CN name (Tmall takes 60 characters). */
function largestProduct(char: string, zhTitle: string): Product {
  const base = makeProduct('coffee-green');
  const product: Product = productSchema.parse({
    ...base,
    producerId: `p${'x'.repeat(62)}`,
    sku: `S${'K'.repeat(63)}`,
    names: { en: text(char, 200), fr: text(char, 200), rw: text(char, 200), 'zh-CN': zhTitle },
    description: text(char, 5000),
    attributes: largestAttributes(char),
    brand: text(char, 100),
    origin: { country: 'RW', district: text(char, 80), farm: text(char, 120) },
    lot: text(char, 64),
    images: Array.from(
      { length: PRODUCT_LIMITS.maxImages },
      (_, n) => `https://cdn.example.rw/${n}/${text(char, 100)}.jpg`,
    ),
    certifications: [],
  });
  if (productLimitProblem(product) !== null) throw new Error('the base product already breaks a bound');
  for (;;) {
    const label = text(char, 120);
    const grown = {
      ...product,
      certifications: [...product.certifications, { code: 'other' as const, label }],
    };
    if (productLimitProblem(grown) !== null) return product;
    product.certifications = grown.certifications;
  }
}

const longestChannel = CHANNELS.map((channel) => channel.id).sort((a, b) => b.length - a.length)[0] ?? '';

function taskOf(product: Product, channel = longestChannel): Extract<SyncTask, { action: 'upsert' }> {
  return {
    v: 1,
    action: 'upsert',
    producerId: product.producerId,
    channel,
    sku: product.sku,
    seq: Number.MAX_SAFE_INTEGER,
    hash: 'f'.repeat(64),
    catalogueId: `cat-${'0'.repeat(24)}`,
    product,
  };
}

const itemBytes = (item: Record<string, unknown>) =>
  dynamoDbItemSize(marshall(item, { removeUndefinedValues: true }));

/** Every sync state the task can leave: what the worker writes for each channel, and FAILED. */
async function statesOf(product: Product): Promise<SyncStateRecord[]> {
  const store = new InMemoryStore();
  const states: SyncStateRecord[] = [];
  for (const channel of CHANNELS) {
    const task = taskOf(product, channel.id);
    await processSyncTask(task, { states: store, blobs: new InMemoryBlobs(), evaluate, now }, 1);
    const written = store.states.get(`${product.producerId}/${channel.id}/${product.sku}`);
    if (written) states.push(written);
    // A transient failure's reason is the error's message, which can be anything an SDK says.
    states.push(failedState(task, `ThrottlingException: ${'x'.repeat(500_000)}`, 5, now()));
  }
  return states;
}

describe('the product bounds leave room for every AWS limit', () => {
  const cases = [
    ['astral characters (emoji)', '🍵', '卢旺达胡耶水洗生咖啡豆'],
    ['3-byte characters (Chinese)', '咖', '卢旺达胡耶水洗生咖啡豆'],
    ['Chinese, refused by Tmall (a 200-character title)', '咖', text('咖', 200)],
  ] as const;

  it.each(cases)(
    '%s: the task fits an SQS message and every item a DynamoDB item',
    async (_, char, title) => {
      const product = largestProduct(char, title);
      const productBytes = Buffer.byteLength(JSON.stringify(product));
      expect(productBytes).toBeGreaterThan(PRODUCT_LIMITS.maxProductBytes - 1_000);

      const body = Buffer.byteLength(taskMessageBody(taskOf(product)));
      expect(body).toBeLessThanOrEqual(SQS_MESSAGE_MAX_BYTES);

      const productRecord = {
        producerId: product.producerId,
        sku: product.sku,
        status: 'ACTIVE' as const,
        seq: Number.MAX_SAFE_INTEGER,
        hash: 'f'.repeat(64),
        catalogueId: `cat-${'0'.repeat(24)}`,
        product,
        updatedAt: now().toISOString(),
      };
      const states = await statesOf(product);
      const sizes = [
        itemBytes(productItem(productRecord)),
        ...states.map((state) => itemBytes(syncStateItem(state))),
      ];
      for (const size of sizes) expect(size).toBeLessThanOrEqual(DYNAMODB_ITEM_MAX_BYTES);
      // For docs/reliability.md: how far under the limits the worst case stays.
      console.log(
        `${_}: product ${productBytes} B, task ${body} B of ${SQS_MESSAGE_MAX_BYTES}, largest item ${Math.max(...sizes)} B of ${DYNAMODB_ITEM_MAX_BYTES} (states: ${states.map((state) => state.state).join(', ')})`,
      );
    },
  );

  it('covers SYNCED and REJECTED outcomes on every channel', async () => {
    const synced = await statesOf(largestProduct('咖', '卢旺达胡耶水洗生咖啡豆'));
    expect(synced.filter((state) => state.state === 'SYNCED').map((state) => state.channel)).toEqual(
      CHANNELS.map((channel) => channel.id),
    );
    const rejected = await statesOf(largestProduct('咖', text('咖', 200)));
    expect(rejected.some((state) => state.state === 'REJECTED')).toBe(true);
  });
});
