import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TestItem } from './catalogue-builder.ts';

/**
 * The oracle: from the uploads alone (in the order their sequence numbers were handed out) it says
 * what every producer/channel/SKU must end as, and then counts what the stack actually holds.
 */

export const CHANNELS = ['tmall-global', 'freshippo'] as const;
export type Channel = (typeof CHANNELS)[number];

interface ModelProduct {
  status: 'ACTIVE' | 'DELISTED';
  seq: number;
  item: TestItem | null;
}

interface ModelProducer {
  seq: number;
  products: Map<string, ModelProduct>;
}

export interface ExpectedState {
  producerId: string;
  channel: Channel;
  sku: string;
  state: 'SYNCED' | 'REJECTED' | 'DELISTED';
  seq: number;
  /** SYNCED only: the stock of the version that must be in the feed. */
  stock: number | null;
}

/** Key order fixed, so equal items compare equal however they were built. */
function contentOf(item: TestItem): string {
  return JSON.stringify([item.sku, item.price ?? null, item.stock ?? null, item.hsCode ?? null, item.gtin]);
}

/** The channel rules the test items trip: a tea HS code on coffee (tmall), no GTIN (freshippo). */
function rejectedOn(channel: Channel, item: TestItem): boolean {
  if (channel === 'tmall-global') return item.hsCode?.startsWith('0902') === true;
  return item.gtin === null;
}

export class SyncOracle {
  private readonly producers = new Map<string, ModelProducer>();

  /** A full upload, applied as the diff does: new and changed SKUs and disappearances take the next seq. */
  applyFullUpload(producerId: string, items: readonly TestItem[]): { changed: boolean; seq: number } {
    const producer = this.producers.get(producerId) ?? { seq: 0, products: new Map<string, ModelProduct>() };
    this.producers.set(producerId, producer);
    const incoming = new Map<string, TestItem>();
    for (const item of items)
      if (!incoming.has(item.sku.toLowerCase())) incoming.set(item.sku.toLowerCase(), item);
    const changed: TestItem[] = [];
    for (const item of incoming.values()) {
      const stored = producer.products.get(item.sku);
      if (
        !stored ||
        stored.status === 'DELISTED' ||
        !stored.item ||
        contentOf(stored.item) !== contentOf(item)
      ) {
        changed.push(item);
      }
    }
    const delisted = [...producer.products.entries()]
      .filter(([sku, stored]) => stored.status === 'ACTIVE' && !incoming.has(sku.toLowerCase()))
      .map(([sku]) => sku);
    if (changed.length === 0 && delisted.length === 0) return { changed: false, seq: producer.seq };
    producer.seq += 1;
    for (const item of changed)
      producer.products.set(item.sku, { status: 'ACTIVE', seq: producer.seq, item });
    for (const sku of delisted)
      producer.products.set(sku, { status: 'DELISTED', seq: producer.seq, item: null });
    return { changed: true, seq: producer.seq };
  }

  /** What a full upload of the current catalogue would hold (ACTIVE items). */
  activeItems(producerId: string): TestItem[] {
    const producer = this.producers.get(producerId);
    if (!producer) return [];
    return [...producer.products.values()].flatMap((product) =>
      product.status === 'ACTIVE' && product.item ? [product.item] : [],
    );
  }

  producerIds(): string[] {
    return [...this.producers.keys()];
  }

  expected(): ExpectedState[] {
    const states: ExpectedState[] = [];
    for (const [producerId, producer] of this.producers) {
      for (const [sku, product] of producer.products) {
        for (const channel of CHANNELS) {
          if (product.status === 'DELISTED' || !product.item) {
            states.push({ producerId, channel, sku, state: 'DELISTED', seq: product.seq, stock: null });
          } else if (rejectedOn(channel, product.item)) {
            states.push({ producerId, channel, sku, state: 'REJECTED', seq: product.seq, stock: null });
          } else {
            states.push({
              producerId,
              channel,
              sku,
              state: 'SYNCED',
              seq: product.seq,
              stock: product.item.stock ?? 100,
            });
          }
        }
      }
    }
    return states;
  }
}

export interface FoundState {
  state: string;
  seq: number;
  stock: number | null;
}

export interface Comparison {
  expected: number;
  found: number;
  lost: number;
  duplicated: number;
  stale: number;
  /** A few differences, for the failure message. */
  examples: string[];
}

const key = (producerId: string, channel: string, sku: string): string => `${producerId}|${channel}|${sku}`;

async function readStates(
  doc: DynamoDBDocumentClient,
  tableName: string,
  producerId: string,
): Promise<Map<string, FoundState>> {
  const found = new Map<string, FoundState>();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `PRODUCER#${producerId}`, ':prefix': 'SYNC#' },
        ConsistentRead: true,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const tmall = item.item as { skus?: { stock?: number }[] } | undefined;
      found.set(key(producerId, String(item.channel), String(item.sku)), {
        state: String(item.state),
        seq: Number(item.seq),
        stock: typeof tmall?.skus?.[0]?.stock === 'number' ? tmall.skus[0].stock : null,
      });
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return found;
}

/** SKUs (with the tmall stock) in the full feed files the scheduled sync wrote. */
async function readFeeds(
  objectDir: string,
  producerId: string,
): Promise<Map<Channel, { sku: string; stock: number | null }[]>> {
  const feeds = new Map<Channel, { sku: string; stock: number | null }[]>();
  const tmall = JSON.parse(
    await readFile(join(objectDir, `feeds/tmall-global/${producerId}.json`), 'utf8'),
  ) as {
    items: { sku: string; skus: { stock: number }[] }[];
  };
  feeds.set(
    'tmall-global',
    tmall.items.map((item) => ({ sku: item.sku, stock: item.skus[0]?.stock ?? null })),
  );
  const xml = await readFile(join(objectDir, `feeds/freshippo/${producerId}.xml`), 'utf8');
  feeds.set(
    'freshippo',
    [...xml.matchAll(/<item sku="([^"]+)"/g)].map((match) => ({ sku: match[1] ?? '', stock: null })),
  );
  return feeds;
}

/** Compares the stack's sync states and full feeds with the oracle, item by item. */
export async function compareWithOracle(
  oracle: SyncOracle,
  doc: DynamoDBDocumentClient,
  tableName: string,
  objectDir: string,
): Promise<Comparison> {
  const result: Comparison = { expected: 0, found: 0, lost: 0, duplicated: 0, stale: 0, examples: [] };
  const note = (text: string): void => {
    if (result.examples.length < 10) result.examples.push(text);
  };
  const expectedStates = oracle.expected();
  result.expected = expectedStates.length;
  for (const producerId of oracle.producerIds()) {
    const found = await readStates(doc, tableName, producerId);
    const feeds = await readFeeds(objectDir, producerId);
    const inFeed = new Map<string, { count: number; stock: number | null }>();
    for (const [channel, items] of feeds) {
      for (const item of items) {
        const entry = inFeed.get(key(producerId, channel, item.sku));
        inFeed.set(key(producerId, channel, item.sku), { count: (entry?.count ?? 0) + 1, stock: item.stock });
      }
    }
    const expectedKeys = new Set<string>();
    for (const expected of expectedStates.filter((state) => state.producerId === producerId)) {
      const id = key(producerId, expected.channel, expected.sku);
      expectedKeys.add(id);
      const actual = found.get(id);
      const feedEntry = inFeed.get(id);
      if (!actual || actual.state === 'PENDING' || actual.state === 'FAILED') {
        result.lost += 1;
        note(
          `lost ${id}: expected ${expected.state}@${expected.seq}, found ${actual ? `${actual.state}@${actual.seq}` : 'nothing'}`,
        );
        continue;
      }
      if (feedEntry && feedEntry.count > 1) {
        result.duplicated += 1;
        note(`duplicated ${id}: ${feedEntry.count} times in the feed`);
        continue;
      }
      const stockWrong =
        expected.channel === 'tmall-global' && expected.state === 'SYNCED' && actual.stock !== expected.stock;
      const feedWrong =
        expected.state === 'SYNCED'
          ? !feedEntry || (expected.channel === 'tmall-global' && feedEntry.stock !== expected.stock)
          : feedEntry !== undefined;
      if (expected.state === 'SYNCED' && !feedEntry) {
        result.lost += 1;
        note(`lost ${id}: SYNCED but missing from the full feed`);
        continue;
      }
      if (actual.state !== expected.state || actual.seq !== expected.seq || stockWrong || feedWrong) {
        result.stale += 1;
        note(
          `stale ${id}: expected ${expected.state}@${expected.seq} stock ${expected.stock}, ` +
            `found ${actual.state}@${actual.seq} stock ${actual.stock}, feed ${JSON.stringify(feedEntry ?? null)}`,
        );
        continue;
      }
      result.found += 1;
    }
    for (const id of found.keys()) {
      if (!expectedKeys.has(id)) {
        result.duplicated += 1;
        note(`unexpected ${id} in the sync state`);
      }
    }
    for (const id of inFeed.keys()) {
      if (!expectedKeys.has(id)) {
        result.duplicated += 1;
        note(`unexpected ${id} in a feed`);
      }
    }
  }
  return result;
}
