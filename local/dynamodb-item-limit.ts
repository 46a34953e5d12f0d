import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { DYNAMODB_ITEM_MAX_BYTES } from '../functions/core/service-limits.ts';

/**
 * An attribute value as DynamoDB's JSON protocol carries it (B and BS as base64 text), and as the
 * SDK's marshall() makes it (B and BS as bytes).
 */
export interface WireAttributeValue {
  S?: string;
  N?: string;
  B?: string | Uint8Array;
  BOOL?: boolean;
  NULL?: boolean;
  L?: WireAttributeValue[];
  M?: Record<string, WireAttributeValue>;
  SS?: string[];
  NS?: string[];
  BS?: (string | Uint8Array)[];
}
export type WireItem = Record<string, WireAttributeValue>;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

const binaryBytes = (value: string | Uint8Array): number =>
  typeof value === 'string' ? Buffer.from(value, 'base64').byteLength : value.byteLength;

/** 1 byte per two significant digits, plus 1 (DynamoDB trims leading and trailing zeros). */
function numberBytes(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueBytes(value: WireAttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return binaryBytes(value.B);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  // A list or map costs 3 bytes, and each element 1 more (a map's element its name too).
  if (value.L !== undefined) return value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 3);
  if (value.M !== undefined) return 3 + itemEntriesBytes(value.M, 1);
  if (value.SS !== undefined) return value.SS.reduce((sum, element) => sum + utf8(element), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, element) => sum + numberBytes(element), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, element) => sum + binaryBytes(element), 0);
  return 0;
}

function itemEntriesBytes(item: WireItem, perEntry: number): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += perEntry + utf8(name) + valueBytes(value);
  return bytes;
}

/**
 * An item's size as DynamoDB counts it against its 400 KB limit ("Item sizes and formats" in the
 * DynamoDB developer guide): names and strings in UTF-8 bytes, numbers by significant digits,
 * 3 bytes per list or map and 1 per element.
 */
export function dynamoDbItemSize(item: WireItem): number {
  return itemEntriesBytes(item, 0);
}

/** The items a write request would store whole: PutItem's item, BatchWriteItem's put requests. */
function itemsWritten(operation: string, body: unknown): WireItem[] {
  if (typeof body !== 'object' || body === null) return [];
  if (operation === 'PutItem') {
    const item = (body as { Item?: WireItem }).Item;
    return item ? [item] : [];
  }
  const requests = (body as { RequestItems?: Record<string, { PutRequest?: { Item?: WireItem } }[]> })
    .RequestItems;
  return Object.values(requests ?? {}).flatMap((list) =>
    Array.isArray(list)
      ? list.flatMap((request) => (request.PutRequest?.Item ? [request.PutRequest.Item] : []))
      : [],
  );
}

const CHECKED_OPERATIONS = new Set(['PutItem', 'BatchWriteItem']);
/** dynalite's own request limit: beyond it the request is handed on unread, and dynalite answers 413. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

function refuse(response: ServerResponse): void {
  const body = JSON.stringify({
    __type: 'com.amazon.coral.validate#ValidationException',
    message: 'Item size has exceeded the maximum allowed size',
  });
  response.writeHead(400, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/** The request again, from its buffered body, for a listener that reads it as a stream. */
function replay(request: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from([body]), {
    headers: request.headers,
    method: request.method,
    url: request.url,
    httpVersion: request.httpVersion,
    socket: request.socket,
  }) as unknown as IncomingMessage;
}

/**
 * dynalite checks the 400 KB item limit on JavaScript string lengths (UTF-16 units), so an item of
 * Chinese text that DynamoDB refuses (3 bytes a character) is stored locally. This listener goes in
 * front of dynalite's and refuses, as DynamoDB does, every PutItem and BatchWriteItem that would
 * store an item over the limit in UTF-8 bytes; everything else passes through untouched. UpdateItem
 * is left to dynalite's own check: its result depends on the stored item.
 */
export function enforceItemSizeLimit(server: Server): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const dynalite = (request: IncomingMessage, response: ServerResponse) => {
    for (const listener of listeners) listener(request, response);
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (!CHECKED_OPERATIONS.has(operation)) return dynalite(request, response);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (size <= MAX_REQUEST_BYTES) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          // dynalite answers a SerializationException itself.
        }
        if (
          itemsWritten(operation, parsed).some((item) => dynamoDbItemSize(item) > DYNAMODB_ITEM_MAX_BYTES)
        ) {
          return refuse(response);
        }
      }
      dynalite(replay(request, body), response);
    });
  });
}
