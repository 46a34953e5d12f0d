import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  batchGetAll,
  batchWriteAll,
  MissingKeyAttributeError,
  type NativeItem,
  UnprocessedItemsError,
  UnprocessedKeysError,
  type WriteRequest,
} from '../../../functions/adapters/dynamodb-batch.ts';

const TABLE = 'feedbridge-test';
const ddbMock = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
);

afterEach(() => {
  ddbMock.reset();
});

const put = (index: number, extra: NativeItem = {}): WriteRequest => ({
  PutRequest: { Item: { pk: `P#${index}`, sk: 'META', index, ...extra } },
});
const key = (index: number): NativeItem => ({ pk: `P#${index}`, sk: 'META' });

const pkOf = (request: WriteRequest): string =>
  String('PutRequest' in request ? request.PutRequest.Item.pk : request.DeleteRequest.Key.pk);

/** Pins the jitter (random 0.5) and records the sleeps instead of sleeping. */
function fastBackoff(extra: { maxAttempts?: number } = {}) {
  const sleep = vi.fn(async (_ms: number) => {});
  return { sleep, random: () => 0.5, baseDelayMs: 100, ...extra };
}

function writeBatches(): WriteRequest[][] {
  return ddbMock.commandCalls(BatchWriteCommand).map((call) => {
    const input: BatchWriteCommandInput = call.args[0].input;
    return (input.RequestItems?.[TABLE] ?? []) as WriteRequest[];
  });
}

/**
 * A table that hands back each listed pk as unprocessed that many times before accepting it, and
 * records what it accepted, so tests can check every item landed exactly once.
 */
function flakyWrites(rejections: Record<string, number>): string[] {
  const accepted: string[] = [];
  const remaining = new Map(Object.entries(rejections));
  ddbMock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
    const unprocessed: WriteRequest[] = [];
    for (const request of (input.RequestItems?.[TABLE] ?? []) as WriteRequest[]) {
      const pk = pkOf(request);
      const left = remaining.get(pk) ?? 0;
      if (left > 0) {
        remaining.set(pk, left - 1);
        unprocessed.push(request);
      } else {
        accepted.push(pk);
      }
    }
    return { UnprocessedItems: unprocessed.length > 0 ? { [TABLE]: unprocessed } : {} };
  });
  return accepted;
}

const range = (count: number, from = 0): number[] =>
  Array.from({ length: count }, (_, index) => from + index);

describe('batchWriteAll', () => {
  it('writes in calls of at most 25 requests', async () => {
    const accepted = flakyWrites({});
    await batchWriteAll(
      doc,
      TABLE,
      range(60).map((index) => put(index)),
    );

    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    expect(writeBatches().map((batch) => batch.length)).toEqual([25, 25, 10]);
    expect(accepted.sort()).toEqual(
      range(60)
        .map((index) => `P#${index}`)
        .sort(),
    );
  });

  it('makes no call for no requests', async () => {
    await batchWriteAll(doc, TABLE, []);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 0);
  });

  it('resends UnprocessedItems ahead of fresh requests, after a backoff, until none are left', async () => {
    const accepted = flakyWrites({ 'P#20': 1, 'P#21': 1, 'P#22': 1, 'P#23': 1, 'P#24': 1 });
    const backoff = fastBackoff();
    await batchWriteAll(
      doc,
      TABLE,
      range(30).map((index) => put(index)),
      backoff,
    );

    // The five leftovers ride with the five remaining fresh requests: two calls, not three.
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 2);
    expect(writeBatches()[1]?.map(pkOf)).toEqual(
      [20, 21, 22, 23, 24, 25, 26, 27, 28, 29].map((i) => `P#${i}`),
    );
    expect(backoff.sleep.mock.calls).toEqual([[50]]);
    expect(accepted.sort()).toEqual(
      range(30)
        .map((index) => `P#${index}`)
        .sort(),
    );
  });

  it('backs off exponentially while the same items keep coming back', async () => {
    const accepted = flakyWrites({ 'P#0': 3, 'P#1': 3, 'P#2': 2 });
    const backoff = fastBackoff();
    await batchWriteAll(
      doc,
      TABLE,
      range(3).map((index) => put(index)),
      backoff,
    );

    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 4);
    expect(writeBatches().map((batch) => batch.map(pkOf))).toEqual([
      ['P#0', 'P#1', 'P#2'],
      ['P#0', 'P#1', 'P#2'],
      ['P#0', 'P#1', 'P#2'],
      ['P#0', 'P#1'],
    ]);
    // Full jitter at 0.5 of a ceiling of 100 ms x 2^retry.
    expect(backoff.sleep.mock.calls).toEqual([[50], [100], [200]]);
    expect(accepted.sort()).toEqual(['P#0', 'P#1', 'P#2']);
  });

  it('throws UnprocessedItemsError with the leftovers when attempts run out', async () => {
    flakyWrites({ 'P#0': Number.POSITIVE_INFINITY });
    const backoff = fastBackoff({ maxAttempts: 3 });
    const failure = await batchWriteAll(
      doc,
      TABLE,
      range(30).map((index) => put(index)),
      backoff,
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnprocessedItemsError);
    if (!(failure instanceof UnprocessedItemsError)) return;
    expect(failure.tableName).toBe(TABLE);
    expect(failure.items).toEqual([put(0)]);
    // P#0 alone was resent: with the fresh ones on the 2nd call, then by itself on the 3rd.
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    expect(writeBatches().map((batch) => batch.length)).toEqual([25, 6, 1]);
  });

  it('reports requests never sent as unprocessed too when it gives up early', async () => {
    flakyWrites({ 'P#0': Number.POSITIVE_INFINITY });
    const failure = await batchWriteAll(
      doc,
      TABLE,
      range(60).map((index) => put(index)),
      fastBackoff({ maxAttempts: 1 }),
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnprocessedItemsError);
    if (!(failure instanceof UnprocessedItemsError)) return;
    expect(failure.items.map(pkOf)).toEqual(['P#0', ...range(35, 25).map((index) => `P#${index}`)]);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
  });

  it('keeps only the last write per key', async () => {
    const accepted = flakyWrites({});
    await batchWriteAll(doc, TABLE, [
      put(1, { version: 1 }),
      put(2),
      { DeleteRequest: { Key: key(1) } },
      put(1, { version: 3 }),
      { DeleteRequest: { Key: key(2) } },
    ]);

    expect(ddbMock).toHaveReceivedCommandExactlyOnceWith(BatchWriteCommand, {
      RequestItems: { [TABLE]: [put(1, { version: 3 }), { DeleteRequest: { Key: key(2) } }] },
    });
    expect(accepted).toEqual(['P#1', 'P#2']);
  });

  it('dedupes across what would have been chunk boundaries', async () => {
    flakyWrites({});
    await batchWriteAll(doc, TABLE, [...range(25).map((index) => put(index)), put(0, { again: true })]);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
    expect(writeBatches()[0]).toHaveLength(25);
  });

  it('tells items apart by the key attributes given for another table', async () => {
    flakyWrites({});
    await batchWriteAll(
      doc,
      TABLE,
      [
        { PutRequest: { Item: { id: 'a', pk: 'same', value: 1 } } },
        { PutRequest: { Item: { id: 'b', pk: 'same', value: 2 } } },
      ],
      { keyAttributes: ['id'] },
    );
    expect(writeBatches()[0]).toHaveLength(2);
  });

  it('refuses a request without a key attribute before sending anything', async () => {
    flakyWrites({});
    await expect(
      batchWriteAll(doc, TABLE, [put(1), { PutRequest: { Item: { pk: 'P#2' } } }]),
    ).rejects.toThrow(MissingKeyAttributeError);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 0);
  });
});

function getBatches(): BatchGetCommandInput[] {
  return ddbMock.commandCalls(BatchGetCommand).map((call) => call.args[0].input);
}

/** A table holding P#0..P#(size-1) that hands back listed keys as unprocessed that many times. */
function flakyReads(size: number, rejections: Record<string, number> = {}): void {
  const remaining = new Map(Object.entries(rejections));
  ddbMock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const request = input.RequestItems?.[TABLE];
    const found: NativeItem[] = [];
    const unprocessed: NativeItem[] = [];
    for (const requested of request?.Keys ?? []) {
      const pk = String(requested.pk);
      const left = remaining.get(pk) ?? 0;
      if (left > 0) {
        remaining.set(pk, left - 1);
        unprocessed.push(requested);
      } else if (Number(pk.slice(2)) < size) {
        found.push({ ...requested, found: true });
      }
    }
    return {
      Responses: { [TABLE]: found },
      UnprocessedKeys: unprocessed.length > 0 ? { [TABLE]: { ...request, Keys: unprocessed } } : {},
    };
  });
}

describe('batchGetAll', () => {
  it('reads in calls of at most 100 keys and returns every item', async () => {
    flakyReads(250);
    const items = await batchGetAll(
      doc,
      TABLE,
      range(250).map((index) => key(index)),
    );

    expect(ddbMock).toHaveReceivedCommandTimes(BatchGetCommand, 3);
    expect(getBatches().map((input) => input.RequestItems?.[TABLE]?.Keys?.length)).toEqual([100, 100, 50]);
    expect(items.map((item) => item.pk).sort()).toEqual(
      range(250)
        .map((index) => `P#${index}`)
        .sort(),
    );
  });

  it('removes duplicate keys, which DynamoDB would reject', async () => {
    flakyReads(100);
    const keys = [...range(100).map((index) => key(index)), ...range(20).map((index) => key(index))];
    const items = await batchGetAll(doc, TABLE, keys);

    expect(ddbMock).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect(getBatches()[0]?.RequestItems?.[TABLE]?.Keys).toHaveLength(100);
    expect(items).toHaveLength(100);
  });

  it('passes the projection through placeholders, and consistent reads', async () => {
    flakyReads(1);
    await batchGetAll(doc, TABLE, [key(0)], { projection: ['pk', 'status', 'name'], consistentRead: true });

    expect(ddbMock).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: {
        [TABLE]: {
          Keys: [key(0)],
          ProjectionExpression: '#p0, #p1, #p2',
          ExpressionAttributeNames: { '#p0': 'pk', '#p1': 'status', '#p2': 'name' },
          ConsistentRead: true,
        },
      },
    });
  });

  it('leaves absent items out and makes no call for no keys', async () => {
    flakyReads(2);
    expect(await batchGetAll(doc, TABLE, [])).toEqual([]);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchGetCommand, 0);
    expect(await batchGetAll(doc, TABLE, [key(0), key(1), key(5)])).toHaveLength(2);
  });

  it('resends UnprocessedKeys with backoff until every item is read', async () => {
    flakyReads(150, { 'P#10': 2, 'P#99': 1 });
    const backoff = fastBackoff();
    const items = await batchGetAll(
      doc,
      TABLE,
      range(150).map((index) => key(index)),
      backoff,
    );

    // 100 keys; then the 2 leftovers + 50 fresh; then P#10 once more.
    expect(ddbMock).toHaveReceivedCommandTimes(BatchGetCommand, 3);
    expect(getBatches().map((input) => input.RequestItems?.[TABLE]?.Keys?.length)).toEqual([100, 52, 1]);
    expect(backoff.sleep.mock.calls).toEqual([[50], [100]]);
    expect(items.map((item) => item.pk).sort()).toEqual(
      range(150)
        .map((index) => `P#${index}`)
        .sort(),
    );
  });

  it('throws UnprocessedKeysError rather than return a partial result', async () => {
    flakyReads(5, { 'P#3': Number.POSITIVE_INFINITY });
    const failure = await batchGetAll(
      doc,
      TABLE,
      range(5).map((index) => key(index)),
      fastBackoff({ maxAttempts: 2 }),
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnprocessedKeysError);
    if (!(failure instanceof UnprocessedKeysError)) return;
    expect(failure.keys).toEqual([key(3)]);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchGetCommand, 2);
  });
});
