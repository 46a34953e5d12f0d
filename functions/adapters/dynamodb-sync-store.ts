import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OfferingKind } from '../core/catalogue/offering.ts';
import type { StoredProductDigest } from '../core/sync/catalogue-diff.ts';
import type {
  CatalogueLifecycleStore,
  CatalogueReportRecord,
  CatalogueStore,
  ProducerMeta,
  ProductStore,
  RecordOutcome,
  SyncStatePage,
  SyncStateStore,
} from '../core/sync/ports.ts';
import type { ProductRecord, SyncStateRecord } from '../core/sync/sync-records.ts';
import { recordKind } from '../core/sync/sync-states.ts';
import { batchGetAll, batchWriteAll } from './dynamodb-batch.ts';

/** Key layout of the single table; docs/data-model.md explains each item and access pattern. */
export const keys = {
  producer: (producerId: string) => `PRODUCER#${producerId}`,
  meta: 'META',
  product: (sku: string) => `PRODUCT#${sku}`,
  /** A tour package, under its code: apart from products, so a code never collides with a SKU. */
  tour: (code: string) => `TOUR#${code}`,
  offeringPrefix: (kind: OfferingKind) => (kind === 'tour' ? 'TOUR#' : 'PRODUCT#'),
  syncPrefix: (channel: string) => `SYNC#${channel}#`,
  sync: (channel: string, sku: string) => `SYNC#${channel}#${sku}`,
  catalogue: (catalogueId: string) => `CATALOGUE#${catalogueId}`,
  producersIndex: 'PRODUCERS',
  stuckIndex: (channel: string, state: string) => `STATE#${channel}#${state}`,
} as const;

export const GSI1 = 'gsi1';

type Item = Record<string, unknown>;

function offeringSk(kind: OfferingKind, key: string): string {
  return kind === 'tour' ? keys.tour(key) : keys.product(key);
}

export function productItem(record: ProductRecord): Item {
  return { pk: keys.producer(record.producerId), sk: offeringSk(recordKind(record), record.sku), ...record };
}

export function syncStateItem(record: SyncStateRecord): Item {
  const item: Item = {
    pk: keys.producer(record.producerId),
    sk: keys.sync(record.channel, record.sku),
    ...record,
  };
  // Only items that need attention are in the sparse index the scheduled sync scans: a parked
  // item needs an upload, not a re-queue, so scans stop paying for it.
  if ((record.state === 'PENDING' || record.state === 'FAILED') && record.parkedAt === undefined) {
    item.gsi1pk = keys.stuckIndex(record.channel, record.state);
    item.gsi1sk = `${record.staleSince ?? record.updatedAt}#${record.producerId}#${record.sku}`;
  }
  return item;
}

function toSyncState(item: Item): SyncStateRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...record } = item;
  return record as unknown as SyncStateRecord;
}

function toProduct(item: Item): ProductRecord {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as ProductRecord;
}

function encodeKey(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

function decodeKey(cursor: string | null): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!parsed || typeof parsed !== 'object') throw new Error('invalid cursor');
  return parsed as Record<string, unknown>;
}

/**
 * The sync ports on DynamoDB. Every write that must respect order is a conditional single-item
 * write (sequence or lease); bulk writes that happen under the producer's lease are batched.
 */
export class DynamoDbSyncStore
  implements CatalogueStore, CatalogueLifecycleStore, SyncStateStore, ProductStore
{
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getReport(producerId: string, catalogueId: string): Promise<CatalogueReportRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: keys.catalogue(catalogueId) },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const { pk: _pk, sk: _sk, claimUntil: _claim, claimToken: _token, ...report } = Item;
    return report as CatalogueReportRecord;
  }

  async getProducerMeta(producerId: string): Promise<ProducerMeta> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: keys.meta },
        ConsistentRead: true,
      }),
    );
    return {
      seq: typeof Item?.seq === 'number' ? Item.seq : 0,
      leaseUntil: typeof Item?.leaseUntil === 'number' ? Item.leaseUntil : null,
    };
  }

  async listProductDigests(
    producerId: string,
    kind: OfferingKind = 'product',
  ): Promise<Map<string, StoredProductDigest>> {
    const digests = new Map<string, StoredProductDigest>();
    const input: QueryCommandInput = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.producer(producerId), ':prefix': keys.offeringPrefix(kind) },
      ExpressionAttributeNames: { '#sku': 'sku', '#hash': 'hash', '#status': 'status', '#seq': 'seq' },
      ProjectionExpression: '#sku, #hash, #status, #seq',
      ConsistentRead: true,
    };
    for await (const page of paginateQuery({ client: this.doc }, input)) {
      for (const item of page.Items ?? []) {
        const digest = item as StoredProductDigest;
        digests.set(digest.sku, digest);
      }
    }
    return digests;
  }

  /**
   * The claim carries a token of its own. When DynamoDB applies the update but the answer is lost
   * (a 500 after the write, a dropped connection), the SDK sends the same request again: without
   * the token its condition would fail on the sequence it had just taken, the upload would wait
   * for its own lease and answer UPLOAD_IN_PROGRESS, and the producer could not upload until the
   * lease expired. With it, the repeated request finds its own claim and succeeds.
   */
  async claimSequence(
    producerId: string,
    expectedSeq: number,
    leaseUntil: number,
    now: number,
  ): Promise<number | null> {
    const leaseFree = '(attribute_not_exists(leaseUntil) OR leaseUntil < :now)';
    const ours = '(seq = :next AND leaseOwner = :token)';
    const token = randomUUID();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.producer(producerId), sk: keys.meta },
          UpdateExpression:
            'SET seq = :next, leaseUntil = :until, leaseOwner = :token, gsi1pk = :index, gsi1sk = :producer',
          ConditionExpression:
            expectedSeq === 0
              ? `attribute_not_exists(pk) OR (seq = :expected AND ${leaseFree}) OR ${ours}`
              : `(seq = :expected AND ${leaseFree}) OR ${ours}`,
          ExpressionAttributeValues: {
            ':next': expectedSeq + 1,
            ':expected': expectedSeq,
            ':until': leaseUntil,
            ':token': token,
            ':now': now,
            ':index': keys.producersIndex,
            ':producer': producerId,
          },
        }),
      );
      return expectedSeq + 1;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      // The claim may have been applied before the failure: free it if so, or it blocks until expiry.
      await this.releaseClaimOf(producerId, token).catch(() => undefined);
      throw error;
    }
  }

  private async releaseClaimOf(producerId: string, token: string): Promise<void> {
    await this.removeLease(producerId, 'leaseOwner = :token', { ':token': token });
  }

  async releaseLease(producerId: string, seq: number): Promise<void> {
    // A failed condition: a newer upload already took over (our lease had expired) and owns it now.
    await this.removeLease(producerId, 'seq = :seq', { ':seq': seq });
  }

  private async removeLease(
    producerId: string,
    condition: string,
    values: Record<string, string | number>,
  ): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: keys.meta },
        UpdateExpression: 'REMOVE leaseUntil, leaseOwner',
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async writeChanges(
    products: ProductRecord[],
    states: SyncStateRecord[],
    signal?: AbortSignal,
  ): Promise<void> {
    // States strictly before products (two drains, not one mixed stream): if the writes stop part-way,
    // the products still differ from the upload, so the producer's retry re-sends every change; the
    // PENDING states already written are visible and the scheduled sync repairs them.
    await batchWriteAll(
      this.doc,
      this.tableName,
      states.map((record) => ({ PutRequest: { Item: syncStateItem(record) } })),
      signal ? { signal } : {},
    );
    await batchWriteAll(
      this.doc,
      this.tableName,
      products.map((record) => ({ PutRequest: { Item: productItem(record) } })),
      signal ? { signal } : {},
    );
  }

  async putReport(report: CatalogueReportRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.producer(report.producerId), sk: keys.catalogue(report.catalogueId), ...report },
      }),
    );
  }

  async createAwaiting(record: CatalogueReportRecord): Promise<boolean> {
    return this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.producer(record.producerId), sk: keys.catalogue(record.catalogueId), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async claimProcessing(
    producerId: string,
    catalogueId: string,
    claim: { etag: string; claimUntil: number; now: number; at: string },
  ): Promise<boolean> {
    // A token for the same reason as claimSequence's: a repeat of a claim DynamoDB applied but whose
    // answer was lost must find it its own, or the upload would be left PROCESSING with no reader.
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: keys.catalogue(catalogueId) },
        UpdateExpression:
          'SET #status = :processing, etag = :etag, claimUntil = :until, claimToken = :token, rowsRead = :zero',
        ConditionExpression:
          'attribute_exists(pk) AND (#status = :awaiting OR (#status = :processing AND etag = :etag AND (claimUntil < :now OR claimToken = :token)))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':processing': 'PROCESSING',
          ':awaiting': 'AWAITING_UPLOAD',
          ':etag': claim.etag,
          ':until': claim.claimUntil,
          ':token': randomUUID(),
          ':now': claim.now,
          ':zero': 0,
        },
      }),
    );
  }

  async recordProgress(producerId: string, catalogueId: string, etag: string, rowsRead: number) {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: keys.catalogue(catalogueId) },
        UpdateExpression: 'SET rowsRead = :rows',
        ConditionExpression: '#status = :processing AND etag = :etag',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':rows': rowsRead, ':processing': 'PROCESSING', ':etag': etag },
      }),
    );
  }

  async recordFailure(
    producerId: string,
    catalogueId: string,
    etag: string,
    error: { code: string; message: string; line: number | null },
    at: string,
  ): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: keys.catalogue(catalogueId) },
        UpdateExpression:
          'SET #status = :failed, #error = :error, receivedAt = :at REMOVE claimUntil, claimToken',
        ConditionExpression: '#status = :processing AND etag = :etag',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':failed': 'FAILED',
          ':error': error,
          ':at': at,
          ':processing': 'PROCESSING',
          ':etag': etag,
        },
      }),
    );
  }

  async releaseClaim(producerId: string, catalogueId: string, etag: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: keys.catalogue(catalogueId) },
        UpdateExpression: 'SET claimUntil = :zero REMOVE claimToken',
        ConditionExpression: '#status = :processing AND etag = :etag',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':zero': 0, ':processing': 'PROCESSING', ':etag': etag },
      }),
    );
  }

  async listReports(
    producerId: string,
    page: { limit: number; cursor: string | null },
  ): Promise<{ items: CatalogueReportRecord[]; cursor: string | null }> {
    const exclusiveStartKey = decodeKey(page.cursor);
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.producer(producerId), ':prefix': 'CATALOGUE#' },
        Limit: page.limit,
        ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => {
        const { pk: _pk, sk: _sk, claimUntil: _claim, claimToken: _token, ...report } = item;
        return report as CatalogueReportRecord;
      }),
      cursor: encodeKey(result.LastEvaluatedKey),
    };
  }

  /** True when the write happened; false when its condition did not hold. */
  private async conditional(command: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      if (command instanceof PutCommand) await this.doc.send(command);
      else await this.doc.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async record(state: SyncStateRecord): Promise<RecordOutcome> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: syncStateItem(state),
          ConditionExpression: 'attribute_not_exists(pk) OR seq <= :seq',
          ExpressionAttributeValues: { ':seq': state.seq },
        }),
      );
      return 'written';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'superseded';
      throw error;
    }
  }

  async replaceState(expected: SyncStateRecord, next: SyncStateRecord): Promise<RecordOutcome> {
    const requeuesMatch =
      expected.requeues === undefined ? 'attribute_not_exists(requeues)' : 'requeues = :requeues';
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: syncStateItem(next),
          ConditionExpression: `seq = :seq AND #state = :state AND ${requeuesMatch}`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':seq': expected.seq,
            ':state': expected.state,
            ...(expected.requeues === undefined ? {} : { ':requeues': expected.requeues }),
          },
        }),
      );
      return 'written';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'superseded';
      throw error;
    }
  }

  async listStates(
    producerId: string,
    channel: string,
    page: { limit: number; cursor: string | null },
  ): Promise<SyncStatePage> {
    const exclusiveStartKey = decodeKey(page.cursor);
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.producer(producerId), ':prefix': keys.syncPrefix(channel) },
        Limit: page.limit,
        ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    return { items: (result.Items ?? []).map(toSyncState), cursor: encodeKey(result.LastEvaluatedKey) };
  }

  async getStates(producerId: string, channel: string, skus: string[]): Promise<SyncStateRecord[]> {
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      skus.map((sku) => ({ pk: keys.producer(producerId), sk: keys.sync(channel, sku) })),
    );
    return items.map(toSyncState);
  }

  async *listStuck(
    channel: string,
    state: 'PENDING' | 'FAILED',
    olderThan: string,
  ): AsyncIterable<SyncStateRecord> {
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :olderThan',
      ExpressionAttributeValues: { ':pk': keys.stuckIndex(channel, state), ':olderThan': olderThan },
    };
    for await (const page of paginateQuery({ client: this.doc }, input)) {
      for (const item of page.Items ?? []) yield toSyncState(item);
    }
  }

  async getProducts(
    producerId: string,
    skus: string[],
    kind: OfferingKind = 'product',
  ): Promise<ProductRecord[]> {
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      skus.map((sku) => ({ pk: keys.producer(producerId), sk: offeringSk(kind, sku) })),
    );
    return items.map(toProduct);
  }

  async *listProducers(): AsyncIterable<string> {
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.producersIndex },
    };
    for await (const page of paginateQuery({ client: this.doc }, input)) {
      for (const item of page.Items ?? []) {
        if (typeof item.gsi1sk === 'string') yield item.gsi1sk;
      }
    }
  }
}
