import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbProfileStore } from '../../functions/adapters/dynamodb-profile-store.ts';
import { DynamoDbSourceStore } from '../../functions/adapters/dynamodb-source-store.ts';
import { DynamoDbSyncStore } from '../../functions/adapters/dynamodb-sync-store.ts';
import { LocalFolderStore } from '../../functions/adapters/local-folder-store.ts';
import { SafeFetcher } from '../../functions/adapters/safe-fetch.ts';
import { SqsTaskQueue } from '../../functions/adapters/sqs-task-queue.ts';
import { saveProfile } from '../../functions/core/profile/profile-record.ts';
import { type PullDependencies, pullSource } from '../../functions/core/source/pull-source.ts';
import { SourceFetchError } from '../../functions/core/source/source-address.ts';
import { ingestCatalogue } from '../../functions/core/sync/ingest-catalogue.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { type CallCounter, countCalls } from '../support/call-counter.ts';
import { receiveNow } from '../support/queue-messages.ts';

/*
 * Issue 13 point 3 on the embedded stack (dynalite + fauxqs, the real adapters, counted calls): a
 * source served by a local HTTP server. The first pull ingests; a 304, or the same bytes, writes
 * only the source's check time and queues nothing; a changed file ingests the change.
 */

const PRODUCER = 'pulled-coop';
const V1 = 'sku,name,type,price,currency\nT-1,Tea,tea,4.50,USD\nT-2,Tea bis,tea,5.50,USD\n';
const V2 = 'sku,name,type,price,currency\nT-1,Tea,tea,4.80,USD\nT-2,Tea bis,tea,5.50,USD\n';

let stack: EmbeddedStack;
let objectDir: string;
let server: Server;
let sourceUrl: string;
let counter: CallCounter;
let deps: PullDependencies;
let served = V1;
let honoursEtag = true;
let requests: string[] = [];
// A strong ETag as servers make them: a digest of the bytes.
const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;

function serve(request: IncomingMessage, response: ServerResponse) {
  requests.push(request.headers['if-none-match'] ? `GET ${request.headers['if-none-match']}` : 'GET');
  if (honoursEtag && request.headers['if-none-match'] === etagOf(served)) {
    response.writeHead(304).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'text/csv', ...(honoursEtag ? { etag: etagOf(served) } : {}) });
  response.end(served);
}

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-pulls-'));
  stack = await startEmbeddedStack({ objectDir });
  server = createServer(serve);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  sourceUrl = `http://localhost:${(server.address() as AddressInfo).port}/exports/tea.csv`;
  counter = countCalls();
  counter.applyToStack(stack.clients.dynamodb.middlewareStack);
  counter.applyToStack(stack.clients.sqs.middlewareStack);

  const doc = stack.clients.documentClient;
  const profiles = new DynamoDbProfileStore(doc, stack.tableName);
  const syncStore = new DynamoDbSyncStore(doc, stack.tableName);
  const blobs = new LocalFolderStore(objectDir);
  const saved = await saveProfile(
    PRODUCER,
    { source: { url: sourceUrl, format: 'csv', every: 'PT15M' } },
    0,
    {
      profiles,
      now: () => new Date(),
    },
  );
  expect(saved.outcome).toBe('saved');
  deps = {
    profiles,
    sources: new DynamoDbSourceStore(doc, stack.tableName),
    fetcher: new SafeFetcher({
      policy: { allowPrivate: true },
      maxBytes: 1024 * 1024,
      connectTimeoutMs: 5_000,
      totalTimeoutMs: 20_000,
      maxRedirects: 2,
    }),
    ingest: (request) =>
      ingestCatalogue(request, {
        catalogues: syncStore,
        queue: new SqsTaskQueue(stack.clients.sqs, stack.queueUrls.sync),
        blobs,
        channels: ['tmall-global', 'freshippo'],
        profiles,
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      }),
    archive: async (key, file) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of await file.open()) chunks.push(chunk);
      await blobs.put(key, Buffer.concat(chunks), file.contentType);
    },
    now: () => new Date(),
  };
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((closed) => server?.close(closed));
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

beforeEach(() => {
  counter.reset();
  requests = [];
});

async function drainQueue(): Promise<number> {
  let count = 0;
  for (let batch = await receiveNow(stack.clients.sqs, stack.queueUrls.sync); batch.length > 0; ) {
    count += batch.length;
    for (const message of batch) {
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrls.sync, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    batch = await receiveNow(stack.clients.sqs, stack.queueUrls.sync);
  }
  return count;
}

describe('pulls from a source', () => {
  let firstCatalogue = '';

  it('ingests the first pull as an upload, keeps the raw file, and records the source', async () => {
    const answer = await pullSource(PRODUCER, deps);
    expect(answer).toMatchObject({
      status: 'INGESTED',
      catalogueId: expect.stringMatching(/^cat-[0-9a-f]{24}$/),
    });
    firstCatalogue = answer.catalogueId ?? '';
    expect(counter.messages()).toBe(4); // two products, two channels
    expect(await drainQueue()).toBe(4);
    const report = await new DynamoDbSyncStore(stack.clients.documentClient, stack.tableName).getReport(
      PRODUCER,
      firstCatalogue,
    );
    expect(report).toMatchObject({
      status: 'DONE',
      origin: 'pull',
      fileName: 'tea.csv',
      rows: { accepted: 2 },
    });
    expect(await readdir(join(objectDir, 'pulls', PRODUCER))).toEqual([`${firstCatalogue}.csv`]);
    expect(await readFile(join(objectDir, 'pulls', PRODUCER, `${firstCatalogue}.csv`), 'utf8')).toBe(V1);
    expect(await deps.sources.getSource(PRODUCER)).toMatchObject({
      url: sourceUrl,
      etag: etagOf(V1),
      lastStatus: 'INGESTED',
      catalogueId: firstCatalogue,
    });
  });

  it('a 304 writes only the source record and queues nothing', async () => {
    const answer = await pullSource(PRODUCER, deps);
    expect(answer).toEqual({ status: 'UNCHANGED' });
    expect(requests).toEqual([`GET ${etagOf(V1)}`]);
    expect(counter.writes()).toBe(1);
    expect(counter.calls('UpdateItem')).toBe(1);
    expect(counter.messages()).toBe(0);
  });

  it('the same bytes from a server without validators cost the same: one write, no message', async () => {
    honoursEtag = false;
    try {
      expect(await pullSource(PRODUCER, deps)).toEqual({ status: 'UNCHANGED' });
      expect(counter.writes()).toBe(1);
      expect(counter.messages()).toBe(0);
    } finally {
      honoursEtag = true;
    }
  });

  it('a changed file is ingested: only the changed product is queued again', async () => {
    served = V2;
    const answer = await pullSource(PRODUCER, deps);
    expect(answer.status).toBe('INGESTED');
    expect(answer.catalogueId).not.toBe(firstCatalogue);
    expect(counter.messages()).toBe(2); // T-1 on two channels
    expect(await drainQueue()).toBe(2);
    expect(await deps.sources.getSource(PRODUCER)).toMatchObject({
      etag: etagOf(V2),
      lastStatus: 'INGESTED',
    });
  });

  it('a failure is recorded on the source with its code, and the next success clears it', async () => {
    const failing = {
      ...deps,
      fetcher: {
        fetch: async () =>
          Promise.reject(new SourceFetchError('SOURCE_HTTP_ERROR', 'the source answered HTTP 503')),
      },
    };
    expect(await pullSource(PRODUCER, failing)).toEqual({
      status: 'FAILED',
      code: 'SOURCE_HTTP_ERROR',
      message: 'the source answered HTTP 503',
    });
    expect(counter.messages()).toBe(0);
    expect(await deps.sources.getSource(PRODUCER)).toMatchObject({
      lastStatus: 'FAILED',
      error: { code: 'SOURCE_HTTP_ERROR' },
      // What the last good pull knew is kept: the next one can still be conditional.
      etag: etagOf(V2),
    });
    expect(await pullSource(PRODUCER, deps)).toEqual({ status: 'UNCHANGED' });
    const record = await deps.sources.getSource(PRODUCER);
    expect(record?.lastStatus).toBe('UNCHANGED');
    expect(record?.error).toBeUndefined();
  });

  it('a producer whose profile names no source is refused with SOURCE_NOT_SET', async () => {
    await expect(pullSource('no-source-coop', deps)).rejects.toMatchObject({ code: 'SOURCE_NOT_SET' });
  });

  it('lists the producers whose profile names a source', async () => {
    const listed: string[] = [];
    for await (const producerId of deps.sources.listSourceProducers()) listed.push(producerId);
    expect(listed).toEqual([PRODUCER]);
  });
});
