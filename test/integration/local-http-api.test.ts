import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { createLocalHttpApi } from '../../local/http-api.ts';
import { type LocalFunctions, loadLocalFunctions, localApiRoutes } from '../../local/local-functions.ts';
import { receiveNow } from '../support/queue-messages.ts';

/*
 * The local HTTP API in front of the deployed handlers on the embedded stack, driven over real
 * HTTP: what a producer's curl sees through `feedbridge serve`.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SAMPLE = new URL('../../samples/gashora-chili.xlsx', import.meta.url);

let stack: EmbeddedStack;
let functions: LocalFunctions;
let objectDir: string;
const servers: Server[] = [];

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-local-api-'));
  stack = await startEmbeddedStack({ objectDir });
  functions = await loadLocalFunctions(stack);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

/**
 * Tokens are the producer id itself: the JWT check is not what these tests are about. `time`
 * shortens the ingest function's timeout and the gateway's, so a slow upload is quick to make.
 */
async function localApi(time?: { ingestTimeoutMs: number; integrationTimeoutMs: number }): Promise<string> {
  const server = createLocalHttpApi({
    routes: localApiRoutes(functions).map((route) =>
      time && route.functionName === 'ingest-catalogue'
        ? { ...route, timeoutMs: time.ingestTimeoutMs }
        : route,
    ),
    authenticate: async (token) => ({ [PRODUCER_CLAIM]: token }),
    ...(time ? { integrationTimeoutMs: time.integrationTimeoutMs } : {}),
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('local HTTP API with the deployed handlers', () => {
  it('stores an XLSX uploaded through it byte for byte and reads every row of it', async () => {
    const baseUrl = await localApi();
    const workbook = await readFile(SAMPLE);
    const response = await fetch(`${baseUrl}/producers/gashora-chili/catalogues`, {
      method: 'POST',
      headers: { authorization: 'Bearer gashora-chili', 'content-type': XLSX },
      body: workbook,
    });
    const answer = (await response.json()) as { catalogueId: string; rows: unknown };
    expect(response.status).toBe(202);
    // As its golden report says (test/golden/gashora-chili/report.json): 9 rows, 3 of them refused.
    expect(answer.rows).toEqual({ total: 9, accepted: 6, rejected: 3, skipped: 0 });
    const stored = await readFile(join(objectDir, 'uploads', 'gashora-chili', `${answer.catalogueId}.xlsx`));
    expect(stored.equals(workbook)).toBe(true);
  });
});

describe('local HTTP API, a slow upload', () => {
  /** 60,000 valid rows (4 MB): reading them takes 1.5 s or more on this kind of machine. */
  function slowCatalogue(): Buffer {
    const lines = ['sku,name,type,price,currency,stock'];
    for (let row = 0; row < 60_000; row += 1)
      lines.push(`SLOW-${row},Green coffee ${row},green coffee,18.50,USD,${row}`);
    return Buffer.from(lines.join('\n'));
  }

  it('answers INGEST_TIMEOUT before the gateway gives up, and commits nothing, then or later', async () => {
    // A 1.5 s function (so 900 ms of reading) behind a 3 s gateway.
    const baseUrl = await localApi({ ingestTimeoutMs: 1_500, integrationTimeoutMs: 3_000 });
    const started = Date.now();
    const response = await fetch(`${baseUrl}/producers/slow-coop/catalogues`, {
      method: 'POST',
      headers: { authorization: 'Bearer slow-coop', 'content-type': 'text/csv' },
      body: slowCatalogue(),
    });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      error: { code: 'INGEST_TIMEOUT', message: expect.stringContaining('nothing was written') },
    });
    expect(elapsed).toBeLessThan(3_000);

    // Long enough for any work left behind to have landed.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const items = await stack.clients.documentClient.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'PRODUCER#slow-coop' },
      }),
    );
    expect(items.Items).toEqual([]);
    // Everything queued, the other tests' tasks included (received messages stay hidden meanwhile).
    const queued: string[] = [];
    for (let batch = await receiveNow(stack.clients.sqs, stack.queueUrls.sync); batch.length > 0; ) {
      queued.push(...batch.map((message) => message.Body ?? ''));
      batch = await receiveNow(stack.clients.sqs, stack.queueUrls.sync);
    }
    expect(queued.filter((body) => body.includes('slow-coop'))).toEqual([]);
    for (const folder of ['uploads', 'reports']) {
      const entries = await readdir(join(objectDir, folder)).catch(() => [] as string[]);
      expect(entries).not.toContain('slow-coop');
    }
  });
});
