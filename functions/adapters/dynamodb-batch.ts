import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { mainTable } from './resource-definitions.ts';
import { type BackoffOptions, DEFAULT_MAX_SENDS_PER_ITEM, drainInBatches } from './retry.ts';

/** DynamoDB's per-call limits: BatchWriteItem takes 25 requests, BatchGetItem 100 keys. */
export const BATCH_WRITE_LIMIT = 25;
export const BATCH_GET_LIMIT = 100;

export type NativeItem = Record<string, NativeAttributeValue>;
export interface PutRequest {
  PutRequest: { Item: NativeItem };
}
export interface DeleteRequest {
  DeleteRequest: { Key: NativeItem };
}
export type WriteRequest = PutRequest | DeleteRequest;

export interface BatchWriteOptions extends BackoffOptions {
  /**
   * The table's key attribute names, used to find two writes to the same item. Defaults to the main
   * table's (pk, sk): pass them for any other table.
   */
  keyAttributes?: readonly string[];
}

export interface BatchGetOptions extends BackoffOptions {
  /** Attribute names to fetch (as a ProjectionExpression); all attributes when omitted. */
  projection?: readonly string[];
  consistentRead?: boolean;
}

/** Retries ran out with writes still unprocessed: none of `items` is known to be written. */
export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
  constructor(
    readonly tableName: string,
    readonly items: WriteRequest[],
    readonly maxAttempts: number,
  ) {
    super(`${items.length} write(s) to ${tableName} still unprocessed after ${maxAttempts} attempt(s)`);
  }
}

/** Retries ran out with keys still unread: the result would be silently incomplete. */
export class UnprocessedKeysError extends Error {
  override readonly name = 'UnprocessedKeysError';
  constructor(
    readonly tableName: string,
    readonly keys: NativeItem[],
    readonly maxAttempts: number,
  ) {
    super(`${keys.length} key(s) of ${tableName} still unread after ${maxAttempts} attempt(s)`);
  }
}

/** A write whose item or key lacks a key attribute: DynamoDB would reject the whole batch. */
export class MissingKeyAttributeError extends Error {
  override readonly name = 'MissingKeyAttributeError';
  constructor(
    readonly attribute: string,
    readonly request: WriteRequest,
  ) {
    super(`batch write request lacks key attribute '${attribute}'`);
  }
}

const MAIN_TABLE_KEY: readonly string[] = [
  mainTable.partitionKey.name,
  ...(mainTable.sortKey ? [mainTable.sortKey.name] : []),
];

/** A string that is equal for two key values exactly when DynamoDB would see the same key. */
function valueFingerprint(value: unknown): string {
  if (typeof value === 'string') return `S${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `N${String(value)}`;
  if (value instanceof Uint8Array)
    return `B${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`;
  // NumberValue (lib-dynamodb's arbitrary-precision number) and anything else DynamoDB will judge itself.
  return `?${JSON.stringify(value) ?? String(value)}`;
}

function keyOfRequest(request: WriteRequest): NativeItem {
  return 'PutRequest' in request ? request.PutRequest.Item : request.DeleteRequest.Key;
}

function writeFingerprint(request: WriteRequest, keyAttributes: readonly string[]): string {
  const source = keyOfRequest(request);
  return keyAttributes
    .map((attribute) => {
      const value = source[attribute];
      if (value === undefined) throw new MissingKeyAttributeError(attribute, request);
      return valueFingerprint(value);
    })
    .join('|');
}

/** Schema-free, since a get key carries exactly the key attributes. */
function keyFingerprint(key: NativeItem): string {
  return Object.keys(key)
    .sort()
    .map((attribute) => `${JSON.stringify(attribute)}=${valueFingerprint(key[attribute])}`)
    .join('|');
}

/**
 * Writes every request with BatchWriteItem, 25 per call, resending UnprocessedItems with backoff
 * until none are left; throws UnprocessedItemsError (with everything not known to be written) when an
 * item exhausts its attempts, so the caller fails the request instead of losing data.
 *
 * DynamoDB rejects a batch that touches one item twice, and a batch applies its writes in no
 * particular order anyway, so only the LAST request per key is kept: the same outcome as applying the
 * requests one by one in order. Item order across calls is not preserved (nor needed, once keys are
 * unique).
 */
export async function batchWriteAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<void> {
  const keyAttributes = options.keyAttributes ?? MAIN_TABLE_KEY;
  const lastPerKey = new Map<string, WriteRequest>();
  for (const request of requests) {
    const fingerprint = writeFingerprint(request, keyAttributes);
    // Delete first so the kept request takes the position of the last occurrence.
    lastPerKey.delete(fingerprint);
    lastPerKey.set(fingerprint, request);
  }
  if (lastPerKey.size === 0) return;

  const leftovers = await drainInBatches<WriteRequest>(
    [...lastPerKey.values()],
    {
      maxBatchSize: BATCH_WRITE_LIMIT,
      send: async (batch) => {
        const sent = new Map(batch.map((request) => [writeFingerprint(request, keyAttributes), request]));
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
        return (result.UnprocessedItems?.[tableName] ?? []).map((returned) => {
          // Map back to our own request object: the drain counts attempts by identity.
          const request: WriteRequest | undefined = returned.PutRequest?.Item
            ? { PutRequest: { Item: returned.PutRequest.Item } }
            : returned.DeleteRequest?.Key
              ? { DeleteRequest: { Key: returned.DeleteRequest.Key } }
              : undefined;
          if (!request)
            throw new Error(`BatchWriteItem returned an empty unprocessed request for ${tableName}`);
          return sent.get(writeFingerprint(request, keyAttributes)) ?? request;
        });
      },
    },
    options,
  );
  if (leftovers.length > 0) {
    throw new UnprocessedItemsError(tableName, leftovers, options.maxAttempts ?? DEFAULT_MAX_SENDS_PER_ITEM);
  }
}

/**
 * Reads every key with BatchGetItem, 100 per call (duplicates removed: DynamoDB rejects them),
 * resending UnprocessedKeys (throttling, or the 16 MB response cap) with backoff until all are read;
 * throws UnprocessedKeysError rather than return a silently partial result. Items come back in no
 * particular order; keys with no item are simply absent.
 */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly NativeItem[],
  options: BatchGetOptions = {},
): Promise<NativeItem[]> {
  const unique = new Map<string, NativeItem>();
  for (const key of keys) unique.set(keyFingerprint(key), key);
  if (unique.size === 0) return [];

  // Names go through placeholders so reserved words (name, status, ...) can be projected.
  const projection =
    options.projection && options.projection.length > 0
      ? {
          ProjectionExpression: options.projection.map((_, index) => `#p${index}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(
            options.projection.map((attribute, index) => [`#p${index}`, attribute]),
          ),
        }
      : {};
  const consistency = options.consistentRead === undefined ? {} : { ConsistentRead: options.consistentRead };

  const items: NativeItem[] = [];
  const leftovers = await drainInBatches<NativeItem>(
    [...unique.values()],
    {
      maxBatchSize: BATCH_GET_LIMIT,
      send: async (batch) => {
        const sent = new Map(batch.map((key) => [keyFingerprint(key), key]));
        const result = await doc.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: batch, ...projection, ...consistency } },
          }),
        );
        items.push(...(result.Responses?.[tableName] ?? []));
        return (result.UnprocessedKeys?.[tableName]?.Keys ?? []).map(
          (key) => sent.get(keyFingerprint(key)) ?? key,
        );
      },
    },
    options,
  );
  if (leftovers.length > 0) {
    throw new UnprocessedKeysError(tableName, leftovers, options.maxAttempts ?? DEFAULT_MAX_SENDS_PER_ITEM);
  }
  return items;
}
